import { cell, clip, count, when } from "./output.js";

type Row = Record<string, unknown>;
interface Node {
  type: string;
  id: string;
  title: string;
  status: string | null;
  at: unknown;
}
interface Edge {
  from: string;
  to: string;
  relation: string;
}

/** The chain's types in order, and the lists a trace answers with for each (people and notifications last). */
const types: [type: string, list: string, noun: string][] = [
  ["signal", "signals", "signal"],
  ["pattern", "patterns", "pattern"],
  ["improvement", "improvements", "improvement"],
  ["issue", "issues", "issue"],
  ["pull_request", "pullRequests", "pull request"],
  ["version", "versions", "version"],
  ["release", "releases", "release"],
  ["deployment", "deployments", "deployment"],
  ["contact", "contacts", "person"],
  ["notification", "notifications", "notification"],
];
const order = new Map(types.map(([type], i) => [type, i]));
const nouns = new Map(types.map(([type, , noun]) => [type, noun]));

/** How a relation reads from its `from` end, and from its `to` end. */
const phrases: Record<string, [forward: string, backward: string]> = {
  attached_to: ["attached to", "attached"],
  addressed_by: ["addressed by", "addresses"],
  implemented_by: ["implemented by", "implements"],
  fixed_by: ["fixed by", "fixes"],
  merged_into: ["merged into", "includes"],
  included_in: ["included in", "includes"],
  deployed_as: ["deployed as", "deploys"],
  released_by: ["released by", "made live"],
};

/** At most this many children of one kind under an item; the rest are counted. */
const shown = 8;

/**
 * The chain of a trace as a tree from its root, each item under the one it links to, with how it links
 * ("fixed by pull request #12 …"); an item already shown is not repeated. People and notifications are
 * listed after it by the caller.
 */
export function traceTree(trace: Row): string[] {
  const root = trace.root as { type: string; id: string };
  const nodes = new Map(((trace.nodes as Node[] | undefined) ?? []).map((n) => [n.id, n]));
  const products = new Map(((trace.releases as Row[] | undefined) ?? []).map((r) => [r.id, r.productName]));
  const around = new Map<string, { id: string; phrase: string }[]>();
  for (const edge of (trace.edges as Edge[] | undefined) ?? []) {
    const phrase = phrases[edge.relation];
    // Deployments hang under their releases; "made live" only says what the traced deployment did.
    if (!phrase || (edge.relation === "released_by" && root.type !== "deployment")) continue;
    around.set(edge.from, [...(around.get(edge.from) ?? []), { id: edge.to, phrase: phrase[0] }]);
    around.set(edge.to, [...(around.get(edge.to) ?? []), { id: edge.from, phrase: phrase[1] }]);
  }
  const line = (n: Node) => {
    const product = n.type === "release" && products.get(n.id) ? ` (${products.get(n.id)})` : "";
    const state = [n.status ? n.status.replaceAll("_", " ") : "", n.at ? when(n.at) : ""].filter(Boolean);
    return `${nouns.get(n.type) ?? n.type} ${clip(cell(n.title), 60)}${product}${state.length ? `  · ${state.join(" · ")}` : ""}  ${n.id}`;
  };
  const start = nodes.get(root.id);
  if (!start) return [];
  // Breadth first: each item hangs under the nearest item it links to.
  const seen = new Set([root.id]);
  const children = new Map<string, { node: Node; phrase: string }[]>();
  const queue = [root.id];
  while (queue.length > 0) {
    const id = queue.shift() as string;
    const next = (around.get(id) ?? [])
      .filter((link) => !seen.has(link.id) && nodes.has(link.id))
      .map((link) => ({ node: nodes.get(link.id) as Node, phrase: link.phrase }))
      .sort(
        (a, b) =>
          (order.get(a.node.type) ?? 99) - (order.get(b.node.type) ?? 99) ||
          String(a.node.at ?? "").localeCompare(String(b.node.at ?? "")),
      );
    for (const child of next) {
      if (seen.has(child.node.id)) continue;
      seen.add(child.node.id);
      queue.push(child.node.id);
      children.set(id, [...(children.get(id) ?? []), child]);
    }
  }
  const lines = [`▶ ${line(start)}`];
  const walk = (id: string, indent: string) => {
    const all = children.get(id) ?? [];
    const visible = all.filter((c, i) => all.slice(0, i).filter((o) => o.node.type === c.node.type).length < shown);
    const hidden = new Map<string, number>();
    for (const c of all) if (!visible.includes(c)) hidden.set(c.node.type, (hidden.get(c.node.type) ?? 0) + 1);
    const rows = [
      ...visible.map((c) => ({ text: `${c.phrase} ${line(c.node)}`, id: c.node.id as string | null })),
      ...[...hidden].map(([type, n]) => ({ text: `… and ${count(n, nouns.get(type) ?? type)} more`, id: null })),
    ];
    rows.forEach((row, i) => {
      const last = i === rows.length - 1;
      lines.push(`${indent}${last ? "└─ " : "├─ "}${row.text}`);
      if (row.id) walk(row.id, `${indent}${last ? "   " : "│  "}`);
    });
  };
  walk(root.id, "");
  return lines;
}

/** One line with how many of each type the trace holds, and which types were cut at the limit. */
export function traceSummary(trace: Row): string[] {
  const counts = types
    .filter(([type]) => type !== "contact" && type !== "notification")
    .map(([, list, noun]) => `${noun}s (${((trace[list] as Row[] | undefined) ?? []).length})`);
  const cut = (trace.truncated as string[] | undefined) ?? [];
  return [
    counts.join("  "),
    ...(cut.length
      ? [
          `Only the first ${trace.limit} of each shown for: ${cut.map((t) => `${nouns.get(t) ?? t}s`).join(", ")} ` +
            "(add --limit, or list them: loopwork notification list, loopwork signal list).",
        ]
      : []),
  ];
}
