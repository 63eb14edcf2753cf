import { describe, expect, it } from "vitest";
import { blendMeaning, cosine, defaultMatcherConfig, type Meaning, meaningOf, type Suggestion } from "./matching.js";

describe("cosine", () => {
  it.each([
    [[1, 0], [1, 0], 1],
    [[1, 0], [0, 1], 0],
    [[1, 0], [-1, 0], -1],
    [[3, 4], [6, 8], 1],
    [[1, 1], [1, 0], Math.SQRT1_2],
    [[], [], 0],
    [[0, 0], [1, 0], 0],
    [[1, 2, 3], [1, 2], 0],
  ])("%j · %j = %d", (a, b, expected) => {
    expect(cosine(a, b)).toBeCloseTo(expected, 9);
  });
});

describe("meaningOf", () => {
  // floor 0.3, ceiling 0.85: linear between, by hand.
  it.each([
    [-0.5, 0],
    [0.3, 0],
    [0.41, 0.2],
    [0.575, 0.5],
    [0.85, 1],
    [0.99, 1],
  ])("cosine %d counts %d", (cos, expected) => {
    expect(meaningOf(cos)).toBeCloseTo(expected, 9);
  });
});

describe("blendMeaning", () => {
  const suggestion = (patternId: string, score: number, ruleId: string | null = null): Suggestion => ({
    patternId,
    title: patternId,
    score,
    reasons: [],
    sharedTerms: [],
    similarSignals: [],
    ruleId,
  });
  const near = (cos: number, title = "t"): Meaning => ({ cosine: cos, closest: { kind: "signal", title } });
  const scale = { floor: 0.3, ceiling: 0.85, weight: 0.4 };

  it.each([
    // text score, cosine → 0.6 × text + 0.4 × meaningOf(cosine), by hand
    { text: 0.5, cos: 0.85, expected: 0.7 },
    { text: 0.5, cos: 0.3, expected: 0.3 },
    { text: 0, cos: 0.575, expected: 0.2 },
    { text: 0.25, cos: null, expected: 0.15 },
  ])("text $text, cosine $cos → $expected", ({ text, cos, expected }) => {
    const meanings = new Map(cos === null ? [] : [["p", near(cos)]]);
    const [out] = blendMeaning([suggestion("p", text)], meanings, { minScore: 0, limit: 5 }, scale);
    expect(out?.score).toBeCloseTo(expected, 3);
    expect(out?.meaning).toBe(cos);
  });

  it("reorders by meaning, keeps a rule's pattern at 1 and first, then applies minScore and limit", () => {
    const ranked = [suggestion("words", 0.4), suggestion("rule", 0.1, "r1"), suggestion("sense", 0.1)];
    const meanings = new Map([
      ["words", near(0.2)],
      ["sense", near(0.9, "App hangs on the preferences screen")],
    ]);
    const out = blendMeaning(ranked, meanings, { ...defaultMatcherConfig, minScore: 0.2, limit: 2 });
    expect(out.map((s) => [s.patternId, s.score])).toEqual([
      ["rule", 1],
      ["sense", 0.46],
    ]);
    expect(out[1]?.reasons.at(-1)).toBe(
      "Close in meaning to “App hangs on the preferences screen” (already attached): cosine 0.90.",
    );
  });
});
