/** How delivery retries spread out: exponential growth from baseMs, never beyond capMs. */
export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

/** Ceilings of 10 s, 20 s, 40 s … up to one hour: after the first 10 waits (about 1 to 2 hours) one every 30–60 min. */
export const defaultBackoff: BackoffPolicy = { baseMs: 10_000, capMs: 60 * 60_000 };

/**
 * How long a failing delivery is retried, counted from its first failure, before it becomes a dead
 * letter: 24 hours, so an SMTP server or webhook down for a night loses nothing (mail servers retry for days).
 */
export const defaultRetryForMs = 24 * 60 * 60_000;

/**
 * The delay before retry number `attempt` (1 = after the first failure): exponential backoff with
 * "equal jitter": a uniform draw between half the ceiling and the ceiling. The jitter spreads the
 * retries of many rows that failed together (an endpoint that was down) so they do not all come back
 * at the same instant. Unlike full jitter (0 … ceiling) a retry is never immediate, and each attempt
 * waits at least as long as the one before could have, so a failing endpoint is not hammered. `random` is injected (Math.random in
 * production) so the function stays pure and testable.
 */
export function retryDelayMs(
  attempt: number,
  random: () => number = Math.random,
  policy: BackoffPolicy = defaultBackoff,
): number {
  const n = Number.isFinite(attempt) ? Math.max(1, Math.floor(attempt)) : 1;
  // 2 ** n overflows to Infinity only far beyond the cap; min() keeps it finite.
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** (n - 1));
  const draw = Math.min(1, Math.max(0, random()));
  return Math.round(ceiling / 2 + draw * (ceiling / 2));
}
