/** What priority is computed from: the signals attached to one pattern, summed up. */
export interface PatternSignals {
  /** Signals by urgency. */
  low: number;
  normal: number;
  high: number;
  critical: number;
  /** Sum of the weights (account/plan reach) of the distinct contacts behind the signals. */
  reach: number;
  /** The newest signal's time, or null when there are none. */
  lastSignalAt: Date | null;
}

const urgencyWeight = { low: 0.5, normal: 1, high: 2, critical: 4 } as const;
/** Recency halves the priority every two weeks without a new signal. */
const halfLifeDays = 14;

/**
 * A pattern's priority: grows with volume and urgency (weighted count), with reach (log of the contacts'
 * summed weight, so one huge account does not drown everyone else) and decays with time since the last signal.
 */
export function priority(signals: PatternSignals, now: Date): number {
  const volume =
    signals.low * urgencyWeight.low +
    signals.normal * urgencyWeight.normal +
    signals.high * urgencyWeight.high +
    signals.critical * urgencyWeight.critical;
  if (volume === 0 || signals.lastSignalAt === null) return 0;
  const reach = 1 + Math.log2(1 + signals.reach);
  const ageDays = Math.max(0, (now.getTime() - signals.lastSignalAt.getTime()) / 86_400_000);
  const recency = 0.5 ** (ageDays / halfLifeDays);
  return Math.round(volume * reach * recency * 1000) / 1000;
}
