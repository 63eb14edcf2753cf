/**
 * Momentum: how a pattern's priority is lifted by how fast its reports arrive now compared with its own
 * past (velocity), and by how many channels they come from. Migration 0021 repeats these rules in SQL
 * for the attachment triggers (loopwork_pattern_momentum); a test keeps the two equal.
 */

/** Reports a pattern received on one UTC day. */
export interface DayCount {
  /** YYYY-MM-DD, in UTC. */
  day: string;
  reports: number;
}

export const velocityRules = {
  /** The recent window: today and the six days before. */
  recentDays: 7,
  /** The baseline: the 28 days before the recent window. */
  baselineDays: 28,
  /** Fewer recent reports than this is noise, never a spike. */
  minSpikeReports: 3,
  /** Recent rate at least this many times the baseline rate: the pattern is emerging. */
  spikeRatio: 2,
  /** Velocity at most doubles a priority. */
  maxFactor: 2,
} as const;

/** A pattern's velocity: counts in both windows, their rates per day, and what they mean. */
export interface Velocity {
  recent: number;
  baseline: number;
  recentPerDay: number;
  baselinePerDay: number;
  /** recentPerDay over baselinePerDay; a baseline without reports counts as one report. */
  ratio: number;
  emerging: boolean;
  /** What velocity multiplies the priority by: 1 to maxFactor. */
  factor: number;
}

const dayMs = 86_400_000;

/** The UTC day of a time, as YYYY-MM-DD. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** Days from a to b (YYYY-MM-DD), b later: positive. */
function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / dayMs);
}

/** The velocity of a pattern from its reports per day, as of now. */
export function velocity(days: DayCount[], now: Date): Velocity {
  const today = utcDay(now);
  const { recentDays, baselineDays, minSpikeReports, spikeRatio, maxFactor } = velocityRules;
  let recent = 0;
  let baseline = 0;
  for (const { day, reports } of days) {
    const age = daysBetween(day, today);
    if (age < 0) continue;
    if (age < recentDays) recent += reports;
    else if (age < recentDays + baselineDays) baseline += reports;
  }
  const recentPerDay = recent / recentDays;
  const baselinePerDay = baseline / baselineDays;
  const ratio = recentPerDay / (Math.max(baseline, 1) / baselineDays);
  const enough = recent >= minSpikeReports;
  return {
    recent,
    baseline,
    recentPerDay,
    baselinePerDay,
    ratio,
    emerging: enough && ratio >= spikeRatio,
    factor: enough ? Math.min(maxFactor, Math.max(1, Math.sqrt(ratio))) : 1,
  };
}

/** What reaching people through several channels multiplies the priority by: +25% per doubling. */
export function channelFactor(channels: number): number {
  return channels <= 1 ? 1 : 1 + 0.25 * Math.log2(channels);
}
