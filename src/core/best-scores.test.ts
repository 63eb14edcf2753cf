import { describe, expect, it } from "vitest";
import { bestByScore, kthGreatest } from "./best-scores.js";

/** A deterministic generator (the tests compare with a plain sort on many draws). */
function draws(seed: number) {
  let x = seed;
  return () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x / 2 ** 32;
  };
}

/** What bestByScore must equal: `order by score desc, id desc limit keep`. */
function bySorting(items: number[], score: Float64Array, ids: string[], keep: number): string[] {
  return [...items]
    .sort((a, b) => (score[b] as number) - (score[a] as number) || ((ids[a] as string) > (ids[b] as string) ? -1 : 1))
    .slice(0, keep)
    .map((i) => ids[i] as string);
}

describe("kthGreatest", () => {
  it("finds the kth greatest, counting repeats, of values in any order", () => {
    const draw = draws(7);
    for (let round = 0; round < 200; round++) {
      const n = 1 + Math.floor(draw() * 300);
      // Few distinct values, as summed idf gives: ties everywhere.
      const values = Float64Array.from({ length: n }, () => Math.floor(draw() * (round % 2 ? 4 : 1000)) / 8);
      const sorted = [...values].sort((a, b) => b - a);
      const k = 1 + Math.floor(draw() * n);
      expect(kthGreatest(values, k)).toBe(sorted[k - 1]);
    }
    expect(() => kthGreatest(new Float64Array(2), 3)).toThrow(RangeError);
  });
});

describe("bestByScore", () => {
  it("keeps the items a sort by score then id, both descending, keeps first", () => {
    const draw = draws(11);
    const size = 500;
    const ids = Array.from({ length: size }, (_, i) => `0000${(i * 7919) % 10007}`.slice(-5));
    for (let round = 0; round < 300; round++) {
      const score = Float64Array.from({ length: size }, () => Math.floor(draw() * (round % 3 === 0 ? 3 : 50)) * 0.7);
      const items = [...new Set(Array.from({ length: Math.floor(draw() * size) }, () => Math.floor(draw() * size)))];
      const keep = 1 + Math.floor(draw() * 60);
      const got = bestByScore(Int32Array.from(items), score, ids, keep, new Float64Array(size));
      expect(got).toEqual(bySorting(items, score, ids, keep));
    }
  });

  it("keeps all of fewer items than asked, and none of none", () => {
    const score = Float64Array.from([1, 3, 2]);
    expect(bestByScore(Int32Array.from([0, 1, 2]), score, ["a", "b", "c"], 5, new Float64Array(3))).toEqual([
      "b",
      "c",
      "a",
    ]);
    expect(bestByScore(new Int32Array(0), score, [], 5, new Float64Array(0))).toEqual([]);
  });
});
