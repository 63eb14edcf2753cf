import { describe, expect, it } from "vitest";
import { withArticle } from "./errors.js";

describe("withArticle", () => {
  it.each([
    ["improvement", false, "an improvement"],
    ["issue", true, "An issue"],
    ["pull_request", false, "a pull request"],
    ["brainstorm_topic", true, "A brainstorm topic"],
  ] as const)("%s → %s", (name, capital, expected) => {
    expect(withArticle(name, capital)).toBe(expected);
  });
});
