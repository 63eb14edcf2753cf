import { describe, expect, it } from "vitest";
import { compareVersions, hasRelease, lateSignalOutcome } from "./snapback-rules.js";

describe("compareVersions", () => {
  it.each([
    ["2.10", "2.9", 1],
    ["2.0", "2.0.1", -1],
    ["v2.4.0", "2.4.0", 0],
    ["1.0.0-rc1", "1.0.0", -1],
    ["1.0.0", "1.0.0-rc1", 1],
    ["1.0.0-beta", "1.0.0-alpha", 1],
    ["2026.11", "2026.9.3", 1],
    ["7.2.0", "7.10.0", -1],
    ["2.0", "2.0.0", 0],
    ["2", "2.0.1", -1],
    ["2.0.0", "2", 0],
  ])("%s against %s is %i", (a, b, expected) => {
    expect(Math.sign(compareVersions(a, b))).toBe(expected);
  });
});

describe("lateSignalOutcome", () => {
  const fix = { name: "2.4.0", at: 1_000 };
  it.each([
    // version the person runs, the release of that product it names (when made), first release with the fix, outcome
    ["2.4.0", undefined, fix, "regression"],
    ["v2.5.1", undefined, fix, "regression"],
    ["2.10.0", undefined, fix, "regression"],
    ["2.3.9", undefined, fix, "answer"],
    ["2.4.0-rc.1", undefined, fix, "answer"],
    // Not semantic versions: ordered by when the named release was made.
    ["2024.7", { name: "2024.7", at: 2_000 }, { name: "2024.6", at: 1_000 }, "regression"],
    ["2024.5", { name: "2024.5", at: 500 }, { name: "2024.6", at: 1_000 }, "answer"],
    // "2024.10" sorts after "2024.9" as text would not; release time decides.
    ["2024.10", { name: "2024.10", at: 3_000 }, { name: "2024.9", at: 1_000 }, "regression"],
    // A version that names no release of the product, and is no semantic version: cannot be placed.
    ["nightly-42", undefined, { name: "2024.6", at: 1_000 }, "answer"],
    // No version, or a product the fix never reached.
    [null, undefined, fix, "answer"],
    ["9.9.9", undefined, undefined, "answer"],
  ] as const)("%s (names %o) against %o: %s", (version, named, fixedIn, expected) => {
    expect(lateSignalOutcome({ productVersion: version, named }, fixedIn)).toBe(expected);
  });

  it("compares versions of one product only: the same string of another product is another version", () => {
    // web's 5.2.0 holds the fix, desktop's 5.2.0 was made before desktop's fixing release 5.3.0.
    const web = { name: "5.2.0", at: 1_000 };
    const desktop = { name: "5.3.0", at: 2_000 };
    expect(lateSignalOutcome({ productVersion: "5.2.0" }, web)).toBe("regression");
    expect(lateSignalOutcome({ productVersion: "5.2.0" }, desktop)).toBe("answer");
  });

  it("mixes semantic and other versions by release time", () => {
    expect(hasRelease("build-7", { name: "build-7", at: 5 }, { name: "1.0.0", at: 4 })).toBe(true);
    expect(hasRelease("1.0.0", { name: "1.0.0", at: 3 }, { name: "build-7", at: 4 })).toBe(false);
    expect(hasRelease("1.0.0", undefined, { name: "build-7", at: 4 })).toBeUndefined();
  });
});
