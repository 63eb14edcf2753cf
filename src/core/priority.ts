import { channelFactor, type DayCount, type Velocity, velocity } from "./velocity.js";

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

/** Everything a pattern's priority is computed from: its signals, their channels and their days. */
export interface PriorityInputs extends PatternSignals {
  /** Distinct channels the reports came from. */
  channels: number;
  /** Reports per UTC day (only the last 35 days count). */
  days: DayCount[];
}

/** Why a pattern ranks where it does: each factor of its priority, and the priority they make. */
export interface PriorityBreakdown {
  priority: number;
  /** volume × reach × recency, rounded: the priority before momentum (what `priority` computes). */
  base: number;
  /** velocity factor × channel factor: what lifts the base (stored as patterns.momentum). */
  momentum: number;
  /** Reports weighted by urgency (low ½, normal 1, high 2, critical 4). */
  volume: number;
  reachFactor: number;
  recencyFactor: number;
  /** Days since the newest report (null: none). */
  ageDays: number | null;
  velocity: Velocity;
  channels: number;
  channelFactor: number;
}

/**
 * A pattern's priority with momentum (velocity and channels, src/core/velocity.ts) and each factor
 * shown: base × velocity factor × channel factor, rounded to three decimals.
 */
export function explainPriority(inputs: PriorityInputs, now: Date): PriorityBreakdown {
  const volume =
    inputs.low * urgencyWeight.low +
    inputs.normal * urgencyWeight.normal +
    inputs.high * urgencyWeight.high +
    inputs.critical * urgencyWeight.critical;
  const ageDays =
    inputs.lastSignalAt === null ? null : Math.max(0, (now.getTime() - inputs.lastSignalAt.getTime()) / 86_400_000);
  const base = priority(inputs, now);
  const pace = velocity(inputs.days, now);
  const channels = channelFactor(inputs.channels);
  return {
    priority: Math.round(base * (pace.factor * channels) * 1000) / 1000,
    base,
    momentum: pace.factor * channels,
    volume,
    reachFactor: 1 + Math.log2(1 + inputs.reach),
    recencyFactor: ageDays === null ? 0 : 0.5 ** (ageDays / halfLifeDays),
    ageDays,
    velocity: pace,
    channels: inputs.channels,
    channelFactor: channels,
  };
}
