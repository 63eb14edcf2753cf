/**
 * The rules of snapback (DESIGN §2) as pure functions over the part of the graph a deployment touches.
 * The snapback service loads that part, asks these functions what changes, and writes the answer.
 */

/** One issue of an improvement and the products its fix has been released in. */
export interface IssueShipping {
  status: "open" | "resolved" | "closed";
  /** Products where a version containing a pull request that fixes this issue runs in production. */
  releasedIn: string[];
}

/** An improvement and what it needs to be complete. */
export interface ImprovementState {
  id: string;
  status: "proposed" | "approved" | "in_progress" | "completed" | "rejected";
  targetProductIds: string[];
  issues: IssueShipping[];
}

/**
 * An improvement is complete when it has issues, all of them are resolved (closed ones — won't fix,
 * duplicates — do not count) and each has shipped to every product the improvement targets.
 */
export function isImprovementComplete(improvement: ImprovementState): boolean {
  if (improvement.status === "completed" || improvement.status === "rejected") return false;
  const issues = improvement.issues.filter((issue) => issue.status !== "closed");
  if (issues.length === 0) return false;
  return issues.every(
    (issue) =>
      issue.status === "resolved" &&
      improvement.targetProductIds.every((product) => issue.releasedIn.includes(product)),
  );
}

/** A pattern and the statuses of the improvements that address it. */
export interface PatternState {
  id: string;
  status: "open" | "addressed" | "dismissed";
  improvementStatuses: ImprovementState["status"][];
}

/**
 * A pattern is addressed when it is open, has at least one improvement that is not rejected, and all
 * of those are completed.
 */
export function isPatternAddressed(pattern: PatternState): boolean {
  if (pattern.status !== "open") return false;
  const live = pattern.improvementStatuses.filter((status) => status !== "rejected");
  return live.length > 0 && live.every((status) => status === "completed");
}
