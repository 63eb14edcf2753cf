import semver from "semver";

/**
 * The rules of versions in snapback (DESIGN §2): ordering product versions, and what a late report on an
 * addressed pattern means. What a deployment changes is core/deployment-truth.ts.
 */

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

/** A release of a product: its name and when it was made (ms). */
export interface ReleaseMark {
  name: string;
  at: number;
}

/** A semantic version ("1.2.3", "v2.0.0-rc.1"), or null when the name is not one. */
function semanticVersion(name: string): string | null {
  return semver.valid(name.trim().replace(/^v(?=\d)/i, ""));
}

/**
 * Whether a product version has a fix: when it names a release of the product, whether that release
 * holds the fix (a release line cut before the fix does not, however high its number); otherwise, when
 * it and the first release with the fix are semantic versions, whether it is the same or newer.
 * Undefined: it cannot be told.
 */
export function hasFix(version: string, namedHoldsFix: boolean | undefined, fixedIn: ReleaseMark): boolean | undefined {
  if (namedHoldsFix !== undefined) return namedHoldsFix;
  const [a, b] = [semanticVersion(version), semanticVersion(fixedIn.name)];
  return a && b ? semver.gte(a, b) : undefined;
}

/**
 * What a new report on an addressed pattern means (DESIGN §2), for a signal that says which product and
 * version the person runs: from a version of that product that already has the fix, a regression, which
 * reopens the pattern. Otherwise — an older version, no version, a version of no named product, a
 * product the fix never reached, or a version that cannot be placed — the person is answered with the
 * release that fixes it (and if it still does not work, their answer reopens the pattern).
 */
export function lateSignalOutcome(
  signal: { productVersion: string | null; namedHoldsFix?: boolean },
  fixedIn: ReleaseMark | undefined,
): "regression" | "answer" {
  if (!signal.productVersion || !fixedIn) return "answer";
  return hasFix(signal.productVersion, signal.namedHoldsFix, fixedIn) ? "regression" : "answer";
}
