import { describe, expect, it } from "vitest";
import { violatedKey } from "./violated-key.js";

describe("violatedKey", () => {
  it.each([
    ["Key (slug)=(notes) already exists.", { columns: "slug", values: "notes" }],
    [
      'Key (pattern_id)=(0190e0b4-0000-7000-8000-000000000000) is not present in table "patterns".',
      { columns: "pattern_id", values: "0190e0b4-0000-7000-8000-000000000000" },
    ],
    // A unique index on an expression: the column inside it.
    ["Key (lower(email))=(ana@example.com) already exists.", { columns: "email", values: "ana@example.com" }],
    ["Key (loop_id, slug)=(1, web) already exists.", { columns: "loop_id, slug", values: "1, web" }],
    // A value with parentheses of its own.
    ["Key (name)=(Web (beta)) already exists.", { columns: "name", values: "Web (beta)" }],
  ])("reads %s", (detail, key) => {
    expect(violatedKey(detail)).toEqual(key);
  });

  it("reads nothing from a detail that names no key", () => {
    expect(violatedKey("Failing row contains (1, 2).")).toBeUndefined();
    expect(violatedKey(undefined)).toBeUndefined();
  });
});
