import { describe, expect, it } from "vitest";
import { type Asked, autoAttachAt, bestThreshold, proposalQuality, recallAt } from "./matching-quality.js";

const asked = (expected: string | null, ...ranked: [string, number][]): Asked => ({
  expected,
  ranked: ranked.map(([patternId, score]) => ({ patternId, score })),
});
// Three reports with a pattern (A first, B second, C not offered) and one of none.
const set = [
  asked("a", ["a", 0.6], ["b", 0.2]),
  asked("b", ["a", 0.4], ["b", 0.3]),
  asked("c", ["a", 0.1]),
  asked(null, ["b", 0.3]),
];

describe("recallAt", () => {
  it.each([
    [1, 1 / 3],
    [2, 2 / 3],
    [5, 2 / 3],
  ])("top-%i", (k, expected) => {
    expect(recallAt(set, k)).toBeCloseTo(expected);
  });
});

describe("autoAttachAt", () => {
  it.each([
    // threshold, attached, precision, recall, reports of no pattern attached
    [0.05, 4, 1 / 4, 1 / 3, 1],
    [0.3, 3, 1 / 3, 1 / 3, 1],
    [0.35, 2, 1 / 2, 1 / 3, 0],
    [0.5, 1, 1, 1 / 3, 0],
    [0.7, 0, null, 0, 0],
  ])("at %f", (threshold, attached, precision, recall, matchingNothingAttached) => {
    const at = autoAttachAt(set, threshold);
    expect(at.attached).toBe(attached);
    if (precision === null) expect(at.precision).toBeNull();
    else expect(at.precision).toBeCloseTo(precision);
    expect(at.recall).toBeCloseTo(recall);
    expect(at.matchingNothingAttached).toBe(matchingNothingAttached);
  });
});

describe("bestThreshold", () => {
  it("is the lowest score seen that reaches the precision with nothing of no pattern attached", () => {
    expect(bestThreshold(set, 0.95)?.threshold).toBe(0.6);
    expect(bestThreshold(set, 0.5)?.threshold).toBe(0.4);
    expect(bestThreshold([asked(null, ["a", 0.9])], 0.5)).toBeNull();
  });
});

describe("proposalQuality", () => {
  // Queue: four reports of A, three of B, two of C (too few to be found), two of none.
  const labels = new Map<string, string | null>([
    ["a1", "A"],
    ["a2", "A"],
    ["a3", "A"],
    ["a4", "A"],
    ["b1", "B"],
    ["b2", "B"],
    ["b3", "B"],
    ["c1", "C"],
    ["c2", "C"],
    ["n1", null],
    ["n2", null],
  ]);
  it.each([
    // groups, purity, recall, patterns found, reports of no pattern proposed
    [[], 0, 0, 0, 0],
    [[["a1", "a2", "a3", "a4"]], 1, 4 / 7, 1, 0],
    [[["a1", "a2", "a3", "n1"]], 3 / 4, 3 / 7, 1, 1],
    // A split in two proposals: found once, all its reports recalled; B with C mixed in: majority B.
    [
      [
        ["a1", "a2"],
        ["a3", "a4"],
        ["b1", "b2", "c1"],
      ],
      6 / 7,
      6 / 7,
      2,
      0,
    ],
    // Two of no pattern (each its own class) and one of C (too few to be found): purity 1/3, finds nothing.
    [[["n1", "n2", "c1"]], 1 / 3, 0, 0, 2],
  ])("%j", (groups, purity, recall, found, matchingNothing) => {
    const q = proposalQuality(groups, labels, 3);
    expect(q.purity).toBeCloseTo(purity);
    expect(q.recall).toBeCloseTo(recall);
    expect(q.patternsFound).toBe(found);
    expect(q.patternsFindable).toBe(2);
    expect(q.matchingNothingProposed).toBe(matchingNothing);
  });
});
