import { describe, expect, it } from "vitest";
import { receivedAtFrom } from "./received-at.js";

describe("receivedAtFrom", () => {
  it("keeps a time in the past, and drops one ahead of ours or unreadable", () => {
    expect(receivedAtFrom("2026-01-02T03:04:05+01:00")).toBe("2026-01-02T02:04:05.000Z");
    expect(receivedAtFrom(new Date(Date.UTC(2025, 0, 1)))).toBe("2025-01-01T00:00:00.000Z");
    expect(receivedAtFrom(new Date(Date.now() + 60_000))).toBeUndefined();
    expect(receivedAtFrom("not a date")).toBeUndefined();
    expect(receivedAtFrom(null)).toBeUndefined();
  });

  it("drops a time before 1970 (an email dated 0050): the report is taken as arriving now", () => {
    expect(receivedAtFrom("0050-06-01T00:00:00Z")).toBeUndefined();
    expect(receivedAtFrom(new Date(Date.UTC(1969, 11, 31, 23, 59, 59)))).toBeUndefined();
    expect(receivedAtFrom("1970-01-01T00:00:00Z")).toBe("1970-01-01T00:00:00.000Z");
  });
});
