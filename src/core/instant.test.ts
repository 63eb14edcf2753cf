import { describe, expect, it } from "vitest";
import { instant, instantOrDate } from "./instant.js";

describe("instant", () => {
  it("takes a time from 1970-01-01T00:00:00Z on, and refuses an earlier one saying why", () => {
    expect(instant().parse("1970-01-01T00:00:00Z")).toBe("1970-01-01T00:00:00Z");
    expect(instant().parse("2026-11-01T09:00:00+02:00")).toBe("2026-11-01T09:00:00+02:00");
    // 00:30 in Paris on 1 January 1970 is 23:30 UTC the day before.
    for (const early of [
      "1969-12-31T23:59:59Z",
      "1970-01-01T00:30:00+01:00",
      "1900-01-01T00:00:00Z",
      "0050-01-01T00:00:00Z",
    ]) {
      const parsed = instant().safeParse(early);
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.message).toContain("before 1970-01-01T00:00:00Z");
    }
  });

  it("takes a range's bound as a date or a time, neither before 1970", () => {
    expect(instantOrDate().parse("1970-01-01")).toBe("1970-01-01");
    expect(instantOrDate().safeParse("1969-12-31").success).toBe(false);
    expect(instantOrDate().safeParse("0050-01-01T00:00:00Z").success).toBe(false);
    expect(instantOrDate().safeParse("yesterday").error?.issues[0]?.message).toContain("2026-11-01");
  });
});
