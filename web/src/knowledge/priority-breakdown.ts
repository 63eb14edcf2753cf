/** What the API gives with every pattern that its priority is computed from (the Pattern schema's fields). */
export interface PatternCounts {
  signalCount: number;
  reportLow: number;
  reportNormal: number;
  reportHigh: number;
  reportCritical: number;
  reach: number;
  lastSignalAt: string | null;
}

/** What a pattern's priority is made of: the factors whose product it is (src/core/priority.ts). */
export interface PriorityBreakdown {
  /** Signals attached (reports and answers alike). */
  volume: number;
  /** Reports weighted by urgency (low ½, normal 1, high 2, critical 4): the volume that counts. */
  weighted: number;
  /** The average urgency weight of the reports (weighted ÷ reports). */
  urgency: number;
  /** The reach factor: 1 + log2(1 + the summed weight of the distinct contacts). */
  reach: number;
  /** The recency factor: halves every 14 days without a new signal. */
  recency: number;
  /** weighted × reach × recency, now (the stored priority was computed at its last refresh). */
  priority: number;
}

const urgencyWeight = { low: 0.5, normal: 1, high: 2, critical: 4 } as const;
/** Reports in 7 days from which velocity lifts a priority (src/core/velocity.ts; a test keeps them equal). */
export const minSpikeReports = 3;
const halfLifeDays = 14;

/**
 * The priority rule of src/core/priority.ts split into its factors, from the counts the API gives with
 * every pattern (test/web/priority-breakdown.test.ts keeps the two equal). No request of its own. Imports
 * nothing, so the server's tests can import it too.
 */
export function priorityBreakdown(pattern: PatternCounts, now = Date.now()): PriorityBreakdown {
  const reports = pattern.reportLow + pattern.reportNormal + pattern.reportHigh + pattern.reportCritical;
  const weighted =
    pattern.reportLow * urgencyWeight.low +
    pattern.reportNormal * urgencyWeight.normal +
    pattern.reportHigh * urgencyWeight.high +
    pattern.reportCritical * urgencyWeight.critical;
  const reach = 1 + Math.log2(1 + pattern.reach);
  const last = pattern.lastSignalAt ? new Date(pattern.lastSignalAt).getTime() : null;
  const recency = last === null ? 0 : 0.5 ** (Math.max(0, (now - last) / 86_400_000) / halfLifeDays);
  const priority = weighted === 0 || last === null ? 0 : Math.round(weighted * reach * recency * 1000) / 1000;
  return {
    volume: pattern.signalCount,
    weighted,
    urgency: reports === 0 ? 0 : weighted / reports,
    reach,
    recency,
    priority,
  };
}

/** A number as the breakdown shows it: at most two decimals. */
export const short = (n: number) => String(Number(n.toFixed(2)));
