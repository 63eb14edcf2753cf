import { describe, expect, it } from "vitest";
import { boundedJson, jsonLimitBroken } from "./bounded-json.js";

/** An array nested `depth` levels deep around 5: [[[5]]] for 3. */
const nested = (depth: number): unknown => {
  let value: unknown = 5;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
};

describe("bounded JSON", () => {
  it("takes any JSON value within the limits", () => {
    for (const value of [null, 1, "x", true, [], {}, { a: [1, { b: "c" }] }, nested(32)]) {
      expect(boundedJson().safeParse(value).success, JSON.stringify(value)).toBe(true);
    }
  });

  it("refuses nesting past the depth limit, naming the level, without overflowing the stack", () => {
    const parsed = boundedJson().safeParse({ outer: nested(100_000) });
    expect(parsed.success).toBe(false);
    const issue = parsed.error?.issues[0];
    expect(issue?.message).toBe("Nest JSON at most 32 levels deep.");
    expect(issue?.path).toEqual(["outer", ...Array(31).fill(0)]);
    expect(jsonLimitBroken(nested(33))?.path.length).toBe(32);
  });

  it("refuses a value larger than its byte limit once serialised", () => {
    expect(boundedJson({ maxBytes: 100 }).safeParse({ text: "x".repeat(100) }).success).toBe(false);
    expect(boundedJson({ maxBytes: 100 }).safeParse({ text: "x".repeat(80) }).success).toBe(true);
    // Bytes, not characters: é is two.
    expect(jsonLimitBroken("é".repeat(60), { maxDepth: 32, maxBytes: 100 })).toBeDefined();
  });
});
