import { AppError, withArticle } from "./errors.js";

/** A state machine as a table: state → event → next state. */
type Table<S extends string, E extends string> = Record<S, Partial<Record<E, S>>>;

export const improvementMachine = {
  proposed: { approve: "approved", start: "in_progress", reject: "rejected", complete: "completed" },
  approved: { start: "in_progress", reject: "rejected", complete: "completed" },
  in_progress: { complete: "completed", reject: "rejected" },
  // Rolled back: its fix no longer runs in production for every product it targets.
  completed: { roll_back: "in_progress" },
  rejected: { reopen: "proposed" },
} as const satisfies Table<ImprovementStatus, ImprovementEvent>;
export type ImprovementStatus = "proposed" | "approved" | "in_progress" | "completed" | "rejected";
export type ImprovementEvent = "approve" | "start" | "complete" | "reject" | "reopen" | "roll_back";

export const patternMachine = {
  open: { address: "addressed", dismiss: "dismissed", merge: "merged" },
  addressed: { reopen: "open" },
  dismissed: { reopen: "open" },
  // Merged into another pattern: only undoing the merge (src/services/undo-pattern-move.ts) brings it back,
  // so no status change through the API can reopen an empty shell.
  merged: {},
} as const satisfies Table<PatternStatus, PatternEvent>;
export type PatternStatus = "open" | "addressed" | "dismissed" | "merged";
export type PatternEvent = "address" | "reopen" | "dismiss" | "merge";

export const issueMachine = {
  open: { resolve: "resolved", close: "closed" },
  resolved: { reopen: "open" },
  closed: { reopen: "open" },
} as const satisfies Table<IssueStatus, IssueEvent>;
export type IssueStatus = "open" | "resolved" | "closed";
export type IssueEvent = "resolve" | "close" | "reopen";

export const pullRequestMachine = {
  open: { merge: "merged", close: "closed" },
  merged: { ship: "shipped" },
  closed: { reopen: "open" },
  // Unshipped: the last production environment that ran it was rolled back.
  shipped: { unship: "merged" },
} as const satisfies Table<PullRequestStatus, PullRequestEvent>;
export type PullRequestStatus = "open" | "merged" | "closed" | "shipped";
export type PullRequestEvent = "merge" | "close" | "reopen" | "ship" | "unship";

export const deploymentMachine = {
  pending: { start: "running", succeed: "success", fail: "failed" },
  running: { succeed: "success", fail: "failed" },
  success: { roll_back: "rolled_back" },
  // A pipeline re-run keeps its run id (externalId): a failed deployment may start again and succeed.
  failed: { start: "running", succeed: "success" },
  rolled_back: {},
} as const satisfies Table<DeploymentStatus, DeploymentEvent>;
export type DeploymentStatus = "pending" | "running" | "success" | "failed" | "rolled_back";
export type DeploymentEvent = "start" | "succeed" | "fail" | "roll_back";

export const brainstormSessionMachine = {
  planned: { hold: "held", cancel: "cancelled" },
  held: {},
  cancelled: { replan: "planned" },
} as const satisfies Table<"planned" | "held" | "cancelled", "hold" | "cancel" | "replan">;

export const brainstormTopicMachine = {
  queued: { discuss: "discussed", drop: "dropped" },
  discussed: { requeue: "queued" },
  dropped: { requeue: "queued" },
} as const satisfies Table<"queued" | "discussed" | "dropped", "discuss" | "drop" | "requeue">;

/** Every machine by the entity it governs, for code that moves any entity's status. */
export const machines = {
  improvement: improvementMachine,
  pattern: patternMachine,
  issue: issueMachine,
  pull_request: pullRequestMachine,
  deployment: deploymentMachine,
  brainstorm_session: brainstormSessionMachine,
  brainstorm_topic: brainstormTopicMachine,
} as const;
export type MachineName = keyof typeof machines;

type AnyTable = Record<string, Record<string, string>>;

/** The state after event, or an invalid_transition error naming what is allowed instead. */
export function transition(name: MachineName, state: string, event: string): string {
  const table = machines[name] as AnyTable;
  const next = table[state]?.[event];
  if (next === undefined) {
    const allowed = Object.keys(table[state] ?? {});
    throw new AppError(
      "invalid_transition",
      `${withArticle(name, true)} that is ${state} cannot ${event.replace("_", " ")}` +
        (allowed.length ? ` (it can: ${allowed.join(", ")}).` : " (it is final)."),
    );
  }
  return next;
}

/** The event that moves state to target, for APIs that set a status: invalid_transition if none does. */
export function eventTo(name: MachineName, state: string, target: string): string {
  const table = machines[name] as AnyTable;
  const entry = Object.entries(table[state] ?? {}).find(([, next]) => next === target);
  if (!entry) {
    const reachable = Object.values(table[state] ?? {});
    throw new AppError(
      "invalid_transition",
      `${withArticle(name, true)} cannot go from ${state} to ${target}` +
        (reachable.length ? ` (from ${state} it can go to: ${reachable.join(", ")}).` : ` (${state} is final).`),
      { path: "body.status" },
    );
  }
  return entry[0];
}
