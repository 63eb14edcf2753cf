import type { SnapbackResult } from "../services/snapback.js";
import { cell, clip, count, tableLines, when } from "./output.js";
import { traceSummary, traceTree } from "./render-trace.js";

type Row = Record<string, unknown>;

/** What one snapback changed, as the API reports it. */
export type SnapbackCounts = SnapbackResult;

/**
 * A snapback's (or a rollback's) result as aligned lines, with the titles of what it moved; `deployment`
 * (its status, and whether this is a preview) says why nothing changed, when nothing did.
 */
export function snapbackLines(
  s: SnapbackCounts,
  titles: { improvements: string[]; patterns: string[]; reopened?: string[] },
  deployment: { status: unknown; preview?: boolean } = { status: "success" },
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
    const nothing = deployment.preview ? "Nothing would change where people are" : "Nothing changed where people are";
    const why =
      deployment.status === "rolled_back"
        ? "not a production environment, or what it made live runs there in a release still deployed"
        : deployment.status === "success"
          ? "not a production environment, or what this release holds was live there already"
          : "only a successful deployment makes a fix live";
    return [`${nothing} (${why}).`];
  }
  return [
    "Snapback:",
    ...rows
      .filter(([, n], i) => n > 0 || i < 6)
      .flatMap(([name, n, names]) => [`  ${name.padEnd(26)}${n}`, ...names.map((t) => `    - ${t}`)]),
  ];
}

/** A trace: the chain as a tree by relation from its root, then the people and what they were told. */
export function traceLines(trace: Row): string[] {
  const root = trace.root as { type: string; id: string };
  const lines = [`Trace through ${root.type.replace("_", " ")} ${root.id}`, ...traceSummary(trace), ""];
  lines.push(...traceTree(trace));
  const deployments = new Map(((trace.nodes as Row[] | undefined) ?? []).map((n) => [n.id, n.title]));
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
      (n) => `by ${deployments.get(n.deploymentId) ?? n.deploymentId}`,
      (n) =>
        [
          typeof n.leadTimeSeconds === "number" ? `${duration(n.leadTimeSeconds)} after their first signal` : "",
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

/**
 * A duration as a person says it, in the largest unit that is at least one when rounded: "less than a
 * second", "40 seconds", "3 minutes", "5 hours", "12 days".
 */
export function duration(seconds: number): string {
  if (seconds < 0.5) return "less than a second";
  if (seconds < 59.5) return count(Math.round(seconds), "second");
  if (seconds < 59.5 * 60) return count(Math.round(seconds / 60), "minute");
  if (seconds < 23.5 * 3600) return count(Math.round(seconds / 3600), "hour");
  return count(Math.round(seconds / 86_400), "day");
}

/** Entities known by a title (quoted, as the CLI quotes them) rather than by a name. */
const titledTypes = new Set(["signal", "pattern", "improvement", "issue", "pull_request", "brainstorm_topic"]);

/**
 * One timeline event as one line: when, who, what happened to which entity — named by the label the API
 * gives (`“Sync loses edits”`, `web@2026.11`), its id last (for --entity-id and the other commands).
 */
export function timelineLine(event: Row): string {
  const before = (event.before ?? {}) as Row;
  const after = (event.after ?? {}) as Row;
  const label = typeof event.label === "string" && event.label ? event.label : undefined;
  const detail =
    before.status !== undefined && after.status !== undefined
      ? `${cell(before.status)} → ${cell(after.status)}`
      : (after.title ?? after.name ?? after.slug ?? "");
  const what = `${String(event.entityType).replaceAll("_", " ")} ${event.verb}`;
  const name = label === undefined ? "" : clip(titledTypes.has(String(event.entityType)) ? `“${label}”` : label, 60);
  // A creation's title is the name beside it (unless changed since): not said twice.
  const text = detail === "" || (event.verb === "created" && detail === label) ? "" : clip(cell(detail), 60);
  return [`${when(event.at)}  ${String(event.actor).padEnd(16)}  ${what.padEnd(26)}`, name, text, event.entityId]
    .filter((part) => part !== "")
    .join("  ");
}
