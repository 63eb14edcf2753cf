import { describe, expect, it } from "vitest";
import { newId } from "./ids.js";

describe("newId", () => {
  it("makes version-7 UUIDs that sort in the order they were made, even within one millisecond", () => {
    const ids = Array.from({ length: 5000 }, () => newId(1_800_000_000_000));
    expect(new Set(ids).size).toBe(5000);
    expect([...ids].sort()).toEqual(ids);
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("puts the time first, and never goes back when the clock does", () => {
    const later = 2_000_000_000_000;
    expect(newId(later).replace("-", "").slice(0, 12)).toBe(later.toString(16).padStart(12, "0"));
    expect(newId(later - 5_000) > newId(later)).toBe(false);
  });
});
