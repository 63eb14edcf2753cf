import { describe, expect, it } from "vitest";
import { loopMetrics, summarize } from "./metrics.js";

describe("metrics", () => {
  it("summarizes durations", () => {
    expect(summarize([])).toEqual({ count: 0, median: null, p90: null, mean: null });
    expect(summarize([10, 1, 5, 100, 7])).toEqual({ count: 5, median: 7, p90: 100, mean: 24.6 });
  });

  it("counts throughput, deployment frequency and change failure rate per window", () => {
    const metrics = loopMetrics({
      windowDays: 14,
      leadTimes: [3600],
      cycleTimes: [86_400, 2 * 86_400, 3 * 86_400, 4 * 86_400],
      productionDeployments: [
        { status: "success" },
        { status: "failed" },
        { status: "rolled_back" },
        { status: "running" },
      ],
    });
    expect(metrics.throughputPerWeek).toBe(2);
    // A rolled-back deployment did reach production: it counts as deployed and as a failure.
    expect(metrics.deploymentsPerWeek).toBe(1);
    expect(metrics.changeFailureRate).toBeCloseTo(2 / 3, 3);
    expect(metrics.signalToSnapback.median).toBe(3600);
  });

  it("has no failure rate before anything finished", () => {
    expect(
      loopMetrics({ windowDays: 7, leadTimes: [], cycleTimes: [], productionDeployments: [] }).changeFailureRate,
    ).toBeNull();
  });
});
