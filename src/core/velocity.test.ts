import { describe, expect, it } from "vitest";
import { explainPriority } from "./priority.js";
import { channelFactor, type DayCount, velocity } from "./velocity.js";

const now = new Date("2026-11-23T12:00:00Z");
/** n reports on the day `ago` days before now. */
const on = (ago: number, reports: number): DayCount => ({
  day: new Date(now.getTime() - ago * 86_400_000).toISOString().slice(0, 10),
  reports,
});

describe("velocity (hand-computed)", () => {
  // recent: today and 6 days before (7 days); baseline: the 28 days before that; a baseline of 0 counts as 1.
  it.each([
    { name: "nothing", days: [], recent: 0, baseline: 0, ratio: 0, emerging: false, factor: 1 },
    // 2 recent: (2/7) / (1/28) = 8, but fewer than 3 reports is noise.
    { name: "two new reports", days: [on(0, 2)], recent: 2, baseline: 0, ratio: 8, emerging: false, factor: 1 },
    // 3 recent, no baseline: (3/7) / (1/28) = 12 → emerging, factor capped at 2.
    {
      name: "a new pattern, 3 this week",
      days: [on(1, 2), on(6, 1)],
      recent: 3,
      baseline: 0,
      ratio: 12,
      emerging: true,
      factor: 2,
    },
    // Steady: 7 recent, 28 baseline → ratio 1, factor 1.
    { name: "steady", days: [on(3, 7), on(20, 28)], recent: 7, baseline: 28, ratio: 1, emerging: false, factor: 1 },
    // 14 recent vs 28 baseline: ratio 2 → emerging, factor √2.
    {
      name: "doubling",
      days: [on(0, 14), on(7, 28)],
      recent: 14,
      baseline: 28,
      ratio: 2,
      emerging: true,
      factor: Math.SQRT2,
    },
    // 10 recent vs 28: ratio 10/7 ≈ 1.4286, not a spike, factor √1.4286 ≈ 1.1952.
    {
      name: "rising",
      days: [on(2, 10), on(34, 28)],
      recent: 10,
      baseline: 28,
      ratio: 10 / 7,
      emerging: false,
      factor: Math.sqrt(10 / 7),
    },
    // Day 35 and later, and days after today, count nowhere.
    {
      name: "too old or future",
      days: [on(35, 50), on(-1, 9)],
      recent: 0,
      baseline: 0,
      ratio: 0,
      emerging: false,
      factor: 1,
    },
    // Slowing down: 1 recent vs 56 baseline: (1/7) / (56/28) = 1/14; factor stays 1 (recency already decays).
    {
      name: "slowing",
      days: [on(0, 1), on(10, 56)],
      recent: 1,
      baseline: 56,
      ratio: 1 / 14,
      emerging: false,
      factor: 1,
    },
  ])("$name", ({ days, recent, baseline, ratio, emerging, factor }) => {
    const v = velocity(days, now);
    expect(v.recent).toBe(recent);
    expect(v.baseline).toBe(baseline);
    expect(v.ratio).toBeCloseTo(ratio, 10);
    expect(v.emerging).toBe(emerging);
    expect(v.factor).toBeCloseTo(factor, 10);
  });

  it.each([
    [0, 1],
    [1, 1],
    [2, 1.25],
    [4, 1.5],
    [8, 1.75],
  ])("%i channels multiply by %f", (channels, factor) => {
    expect(channelFactor(channels)).toBeCloseTo(factor, 10);
  });

  it("explains a priority: base × velocity × channels", () => {
    // 2 normal + 1 critical = volume 6; reach 3 → 1 + log2(4) = 3; newest report now → recency 1; base 18.
    // 3 reports this week, none before → velocity factor 2; 2 channels → 1.25. 18 × 2.5 = 45.
    const explained = explainPriority(
      { low: 0, normal: 2, high: 0, critical: 1, reach: 3, lastSignalAt: now, channels: 2, days: [on(0, 3)] },
      now,
    );
    expect(explained).toMatchObject({ base: 18, volume: 6, reachFactor: 3, recencyFactor: 1, channelFactor: 1.25 });
    expect(explained.momentum).toBe(2.5);
    expect(explained.priority).toBe(45);
    expect(explained.velocity.emerging).toBe(true);
  });
});
