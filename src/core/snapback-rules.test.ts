import { describe, expect, it } from "vitest";
import { compareVersions, hasFix, lateSignalOutcome } from "./snapback-rules.js";

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
    // version the person runs, whether the release it names holds the fix, first release with the fix, outcome
    ["2.4.0", undefined, fix, "regression"],
    ["v2.5.1", undefined, fix, "regression"],
    ["2.10.0", undefined, fix, "regression"],
    ["2.3.9", undefined, fix, "answer"],
    ["2.4.0-rc.1", undefined, fix, "answer"],
    // A release of the product by that name decides by what it holds, not by its number.
    ["2024.7", true, { name: "2024.6", at: 1_000 }, "regression"],
    ["2024.5", false, { name: "2024.6", at: 1_000 }, "answer"],
    // A newer number on a release line cut before the fix (the fix shipped on 1.4.3 first).
    ["2.0.0", false, { name: "1.4.3", at: 1_000 }, "answer"],
    // Names no release and is no semantic version: cannot be placed.
    ["nightly-42", undefined, { name: "2024.6", at: 1_000 }, "answer"],
    // No version, or a product the fix never reached.
    [null, undefined, fix, "answer"],
    ["9.9.9", undefined, undefined, "answer"],
  ] as const)("%s (named release holds the fix: %o) against %o: %s", (version, namedHoldsFix, fixedIn, expected) => {
    expect(lateSignalOutcome({ productVersion: version, namedHoldsFix }, fixedIn)).toBe(expected);
  });

  it("compares versions of one product only: the same string of another product is another version", () => {
    // web's first release with the fix is 5.2.0; desktop's is 5.3.0.
    expect(lateSignalOutcome({ productVersion: "5.2.0" }, { name: "5.2.0", at: 1 })).toBe("regression");
    expect(lateSignalOutcome({ productVersion: "5.2.0" }, { name: "5.3.0", at: 2 })).toBe("answer");
  });

  it("cannot place a version that is no semantic version and names no release", () => {
    expect(hasFix("build-7", undefined, { name: "1.0.0", at: 4 })).toBeUndefined();
    expect(hasFix("1.0.0", undefined, { name: "build-7", at: 4 })).toBeUndefined();
  });
});
