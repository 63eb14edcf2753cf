import type { SnapbackResult } from "../services/snapback.js";
import { type Column, cell, clip, count, tableLines, when } from "./output.js";

type Row = Record<string, unknown>;

/** What one snapback changed, as the API reports it. */
export type SnapbackCounts = SnapbackResult;

/** A snapback's (or a rollback's) result as aligned lines, with the titles of what it moved. */
export function snapbackLines(
  s: SnapbackCounts,
  titles: { improvements: string[]; patterns: string[]; reopened?: string[] },
): string[] {
  if (s.replay) return ["The same report again: nothing changed (a replay)."];
  const rows: [string, number, string[]][] = [
    ["versions released", s.versionsReleased, []],
    ["pull requests shipped", s.pullRequestsShipped, []],
    ["issues resolved", s.issuesResolved, []],
    ["improvements completed", s.improvementsCompleted.length, titles.improvements],
    ["patterns addressed", s.patternsAddressed.length, titles.patterns],
    ["notifications queued", s.notificationsQueued, []],
    ["pull requests unshipped", s.pullRequestsUnshipped ?? 0, []],
    ["issues reopened", s.issuesReopened ?? 0, []],
    ["improvements reopened", s.improvementsReopened?.length ?? 0, []],
    ["patterns reopened", s.patternsReopened?.length ?? 0, titles.reopened ?? []],
    ["notifications cancelled", s.notificationsCancelled ?? 0, []],
    ["follow-ups queued", s.followUpsQueued ?? 0, []],
  ];
  if (rows.every(([, n]) => n === 0)) {
    return ["Nothing changed where people are (not a production environment, or this release already runs there)."];
  }
  return [
    "Snapback:",
    ...rows
      .filter(([, n], i) => n > 0 || i < 6)
      .flatMap(([name, n, names]) => [`  ${name.padEnd(26)}${n}`, ...names.map((t) => `    - ${t}`)]),
  ];
}

/** How each level of a trace is shown: a time, a state and a line of text per entity. */
const levels: {
  key: string;
  title: string;
  time: (r: Row) => unknown;
  state: (r: Row) => unknown;
  text: (r: Row) => unknown;
}[] = [
  { key: "signals", title: "signals", time: (r) => r.receivedAt, state: (r) => r.urgency, text: (r) => r.title },
  {
    key: "patterns",
    title: "patterns",
    time: (r) => r.addressedAt ?? r.createdAt,
    state: (r) => r.status,
    text: (r) => r.title,
  },
  {
    key: "improvements",
    title: "improvements",
    time: (r) => r.completedAt ?? r.createdAt,
    state: (r) => r.status,
    text: (r) => r.title,
  },
  {
    key: "issues",
    title: "issues",
    time: (r) => r.resolvedAt ?? r.createdAt,
    state: (r) => r.status,
    text: (r) => numbered(r),
  },
  {
    key: "pullRequests",
    title: "pull requests",
    time: (r) => r.shippedAt ?? r.mergedAt,
    state: (r) => r.status,
    text: (r) => numbered(r),
  },
  { key: "versions", title: "versions", time: (r) => r.createdAt, state: (r) => released(r), text: (r) => r.name },
  { key: "releases", title: "releases", time: (r) => r.createdAt, state: () => "", text: (r) => r.name },
  {
    key: "deployments",
    title: "deployments",
    time: (r) => r.finishedAt ?? r.startedAt,
    state: (r) => r.status,
    text: (r) => r.environment,
  },
];

const numbered = (r: Row) => `${r.number ? `#${r.number} ` : ""}${r.title}`;
const released = (r: Row) => {
  const products = Array.isArray(r.releasedIn) ? r.releasedIn.length : 0;
  return products ? `released in ${count(products, "product")}` : "not released";
};

/** A trace as a tree from signals down to deployments, then the people and what they were told. */
export function traceLines(trace: Row): string[] {
  const root = trace.root as { type: string; id: string };
  const lines = [`Trace through ${root.type.replace("_", " ")} ${root.id}`, ""];
  levels.forEach((level, depth) => {
    const time = (r: Row) => String(level.time(r) ?? "");
    const rows = [...((trace[level.key] as Row[] | undefined) ?? [])].sort((a, b) => time(a).localeCompare(time(b)));
    const indent = "   ".repeat(depth);
    lines.push(`${indent}${depth ? "└─ " : ""}${level.title} (${rows.length})`);
    const columns: Column<Row>[] = [
      { header: "", value: (r) => (r.id === root.id ? "▶" : " ") },
      { header: "", value: (r) => when(level.time(r)) },
      { header: "", value: (r) => cell(level.state(r)).replaceAll("_", " ") },
      { header: "", value: (r) => level.text(r), max: 56 },
      { header: "", value: (r) => r.id },
    ];
    // The header row of tableLines is blank here: drop it, keep the alignment.
    for (const line of tableLines(rows, columns).slice(1)) lines.push(`${indent}${depth ? "   " : ""}${line}`);
  });
  const contacts = (trace.contacts as Row[] | undefined) ?? [];
  const names = new Map(contacts.map((c) => [c.id, String(c.name)]));
  lines.push("", `people (${contacts.length})`);
  lines.push(...indented(contacts, [(c) => c.name, (c) => c.email, (c) => c.account, (c) => c.id]));
  const notifications = (trace.notifications as Row[] | undefined) ?? [];
  lines.push("", `notifications (${notifications.length})`);
  lines.push(
    ...indented(notifications, [
      (n) => when(n.createdAt),
      (n) => n.status,
      (n) => names.get(n.contactId) ?? n.contactId,
      (n) =>
        [
          typeof n.leadTimeSeconds === "number" ? `${days(n.leadTimeSeconds)} after their first signal` : "",
          n.answer ? `answered: ${n.answer}` : "",
        ]
          .filter(Boolean)
          .join(", "),
    ]),
  );
  return lines;
}

function indented(rows: Row[], values: ((r: Row) => unknown)[]): string[] {
  const columns = values.map((value) => ({ header: "", value, max: 50 }));
  return tableLines(rows, columns)
    .slice(1)
    .map((line) => `   ${line}`);
}

const days = (seconds: number) =>
  seconds >= 86_400
    ? count(Math.round(seconds / 86_400), "day")
    : count(Math.max(1, Math.round(seconds / 3600)), "hour");

/** One timeline event as one line: when, who, what happened to which entity. */
export function timelineLine(event: Row): string {
  const before = (event.before ?? {}) as Row;
  const after = (event.after ?? {}) as Row;
  const detail =
    before.status !== undefined && after.status !== undefined
      ? `${cell(before.status)} → ${cell(after.status)}`
      : (after.title ?? after.name ?? after.slug ?? "");
  const what = `${String(event.entityType).replace("_", " ")} ${event.verb}`;
  const text = detail === "" ? "" : clip(cell(detail), 60);
  return `${when(event.at)}  ${String(event.actor).padEnd(16)}  ${what.padEnd(26)}  ${event.entityId}  ${text}`.trimEnd();
}
