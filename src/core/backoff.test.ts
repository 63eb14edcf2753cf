import { describe, expect, it } from "vitest";
import { defaultBackoff, defaultRetryForMs, retryDelayMs } from "./backoff.js";

const policy = { baseMs: 1000, capMs: 60_000 };

describe("retryDelayMs", () => {
  it("doubles the ceiling with every attempt", () => {
    const highest = [1, 2, 3, 4, 5].map((attempt) => retryDelayMs(attempt, () => 1, policy));
    expect(highest).toEqual([1000, 2000, 4000, 8000, 16_000]);
  });

  it("keeps every draw between half the ceiling and the ceiling", () => {
    expect(retryDelayMs(3, () => 0, policy)).toBe(2000);
    expect(retryDelayMs(3, () => 0.5, policy)).toBe(3000);
    expect(retryDelayMs(3, () => 0.999999, policy)).toBe(4000);
  });

  it("never exceeds the cap, however many attempts", () => {
    expect(retryDelayMs(7, () => 1, policy)).toBe(60_000);
    expect(retryDelayMs(10_000, () => 1, policy)).toBe(60_000);
    expect(retryDelayMs(10_000, () => 0, policy)).toBe(30_000);
  });

  it("treats nonsense attempts as the first and clamps a misbehaving random", () => {
    expect(retryDelayMs(0, () => 1, policy)).toBe(1000);
    expect(retryDelayMs(Number.NaN, () => 1, policy)).toBe(1000);
    expect(retryDelayMs(2, () => 7, policy)).toBe(2000);
    expect(retryDelayMs(2, () => -1, policy)).toBe(1000);
  });

  it("spreads retries of rows that failed together", () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const delays = new Set(Array.from({ length: 50 }, () => retryDelayMs(4, random, policy)));
    expect(delays.size).toBeGreaterThan(40);
  });

  it("uses Math.random and the default policy when given nothing", () => {
    const delay = retryDelayMs(1);
    expect(delay).toBeGreaterThanOrEqual(defaultBackoff.baseMs / 2);
    expect(delay).toBeLessThanOrEqual(defaultBackoff.baseMs);
  });
});

describe("the default retry schedule", () => {
  it("spans the 24-hour retry window within the default 100 attempts, even at the shortest draws", () => {
    let waited = 0;
    for (let attempt = 1; attempt < 100; attempt++) waited += retryDelayMs(attempt, () => 0, defaultBackoff);
    expect(waited).toBeGreaterThanOrEqual(defaultRetryForMs);
    expect(defaultRetryForMs).toBeGreaterThanOrEqual(24 * 60 * 60_000);
  });
});
