import { describe, expect, it } from "vitest";
import { type PatternSignals, priority } from "./priority.js";

const now = new Date("2026-11-23T12:00:00Z");
const base: PatternSignals = { low: 0, normal: 1, high: 0, critical: 0, reach: 1, lastSignalAt: now };

describe("priority", () => {
  it("is zero without signals", () => {
    expect(priority({ ...base, normal: 0, lastSignalAt: null }, now)).toBe(0);
  });
  it("rises with volume, urgency and reach", () => {
    const one = priority(base, now);
    expect(priority({ ...base, normal: 2 }, now)).toBeGreaterThan(one);
    expect(priority({ ...base, normal: 0, critical: 1 }, now)).toBeGreaterThan(one);
    expect(priority({ ...base, reach: 50 }, now)).toBeGreaterThan(one);
  });
  it("halves after two weeks of silence", () => {
    const old = new Date(now.getTime() - 14 * 86_400_000);
    expect(priority({ ...base, lastSignalAt: old }, now)).toBeCloseTo(priority(base, now) / 2, 2);
  });
});
