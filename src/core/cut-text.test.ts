import { describe, expect, it } from "vitest";
import { cutText } from "./cut-text.js";

describe("cutText", () => {
  it.each([
    ["short", 10, "short"],
    ["exactly", 7, "exactly"],
    ["abcdef", 3, "abc"],
    ["ab😀c", 3, "ab"],
    ["ab😀c", 4, "ab😀"],
    ["😀", 1, ""],
    ["abc", 0, ""],
  ])("%j cut at %i → %j", (text, max, cut) => {
    expect(cutText(text, max)).toBe(cut);
  });
});
