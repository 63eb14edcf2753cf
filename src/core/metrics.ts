/** Summary of a set of durations, in seconds. */
export interface DurationSummary {
  count: number;
  median: number | null;
  p90: number | null;
  mean: number | null;
}

/** The value below which a fraction q of the sorted values lie (nearest rank). */
function quantile(sorted: number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? null;
}

/** Median, 90th percentile and mean of durations in seconds. */
export function summarize(durations: number[]): DurationSummary {
  const sorted = [...durations].sort((a, b) => a - b);
  const mean = sorted.length ? sorted.reduce((sum, d) => sum + d, 0) / sorted.length : null;
  return { count: sorted.length, median: quantile(sorted, 0.5), p90: quantile(sorted, 0.9), mean };
}

/** How fast and how well the loop turns over a window of days. */
export interface LoopMetrics {
  windowDays: number;
  /** First signal → the notification that told the person it shipped. */
  signalToSnapback: DurationSummary;
  /** Improvement created → completed. */
  cycleTime: DurationSummary;
  /** Improvements completed per week. */
  throughputPerWeek: number;
  /** Successful production deployments per week. */
  deploymentsPerWeek: number;
  /** Failed or rolled-back production deployments out of all finished ones; null when none finished. */
  changeFailureRate: number | null;
}

/** Loop metrics from raw observations of one window (DORA-style, plus signal-to-snapback). */
export function loopMetrics(input: {
  windowDays: number;
  leadTimes: number[];
  cycleTimes: number[];
  productionDeployments: { status: string }[];
}): LoopMetrics {
  const weeks = input.windowDays / 7;
  const finished = input.productionDeployments.filter((d) => ["success", "failed", "rolled_back"].includes(d.status));
  const failures = finished.filter((d) => d.status !== "success").length;
  const successes = input.productionDeployments.filter((d) => d.status === "success" || d.status === "rolled_back");
  return {
    windowDays: input.windowDays,
    signalToSnapback: summarize(input.leadTimes),
    cycleTime: summarize(input.cycleTimes),
    throughputPerWeek: round(input.cycleTimes.length / weeks),
    deploymentsPerWeek: round(successes.length / weeks),
    changeFailureRate: finished.length ? round(failures / finished.length) : null,
  };
}

const round = (n: number) => Math.round(n * 1000) / 1000;
