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

/**
 * Compares two version names part by part (split at ".", "-", "+", "_"): numbers as numbers ("2.10" is
 * newer than "2.9"), words as text; a version with a word where the other ends is a pre-release ("1.0.0-rc1"
 * comes before "1.0.0"). A leading "v" is ignored. Negative, zero or positive, like a sort comparator.
 */
export function compareVersions(a: string, b: string): number {
  const parts = (version: string) =>
    version
      .trim()
      .replace(/^v(?=\d)/i, "")
      .split(/[.\-+_]/)
      .filter(Boolean);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    // A missing part against a number is a zero: "2.0" is "2.0.0".
    const p = x[i] ?? (y[i] !== undefined && /^\d+$/.test(y[i] ?? "") ? "0" : undefined);
    const q = y[i] ?? (x[i] !== undefined && /^\d+$/.test(x[i] ?? "") ? "0" : undefined);
    const [pNumber, qNumber] = [p !== undefined && /^\d+$/.test(p), q !== undefined && /^\d+$/.test(q)];
    if (p === undefined) return qNumber ? -1 : 1;
    if (q === undefined) return pNumber ? 1 : -1;
    if (pNumber && qNumber) {
      const difference = Number(p) - Number(q);
      if (difference !== 0) return Math.sign(difference);
    } else if (pNumber !== qNumber) {
      return pNumber ? 1 : -1;
    } else if (p !== q) {
      return p < q ? -1 : 1;
    }
  }
  return 0;
}

/**
 * What a new signal on an addressed pattern means (DESIGN §2): from a product version that already has
 * the fix (the same as or newer than a release that shipped it), a regression, which reopens the
 * pattern; from an older version, or one it does not say, the person is answered with the release that
 * fixes it (and if it still does not work, their answer reopens the pattern).
 */
export function lateSignalOutcome(productVersion: string | null, fixedIn: string[]): "regression" | "answer" {
  if (!productVersion) return "answer";
  return fixedIn.some((release) => compareVersions(productVersion, release) >= 0) ? "regression" : "answer";
}
