import { describe, expect, it } from "vitest";
import { coverage, signatureHeld, similarity } from "./matching.js";
import { scratch, type Terms } from "./text-comparison.js";

const report: Terms = { title: ["sync", "fail"], body: ["token", "expir", "refresh"], features: ["err:E_SYNC_401"] };
const pattern: Terms[] = [
  { title: ["sync", "stop"], body: ["token", "expir"], features: ["err:E_SYNC_401"] },
  { title: ["sync", "fail"], body: ["refresh", "token"], features: [] },
  { title: ["export", "slow"], body: ["csv"], features: [] },
];
const idf = (term: string) => (term.startsWith("err:") ? 5 : term.length);
const scores = () => ({
  similarity: similarity(report, pattern[0] as Terms, idf).value,
  coverage: coverage(report, pattern, idf),
  signature: signatureHeld(report, pattern, idf),
});

describe("comparing texts", () => {
  it("scores the same when the comparisons' stamps near the Int32 limit (the arrays are renewed between comparisons, never during one)", () => {
    const before = scores();
    expect(before.signature).toBeGreaterThan(0);
    for (const nearLimit of [2 ** 31 - 2, 2 ** 31 - 2 ** 27 + 1, 2 ** 31 - 10]) {
      scratch.stamp = nearLimit;
      expect(scores()).toEqual(before);
    }
    expect(scratch.stamp).toBeLessThan(2 ** 31 - 2 ** 27);
  });
});
