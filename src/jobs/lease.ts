import { performance } from "node:perf_hooks";
import type { Queryable } from "../db/connect.js";

/** The claims of one worker, kept alive while it delivers them. */
export interface Leases {
  /** Starts keeping a claimed row; claimedAt is performance.now() taken before the claim was sent. */
  hold(id: string, attempts: number, claimedAt: number): void;
  /** Stops keeping a row (it was settled, or given up). */
  drop(id: string): void;
  /** True while the row is surely still ours for at least a third of the lease. */
  holds(id: string): boolean;
  /** Stops renewing; rows still held run out on their own. */
  stop(): void;
}

interface Held {
  attempts: number;
  /** performance.now() until which the lease surely holds (measured from before the statement ran). */
  validUntil: number;
  lost: boolean;
}

/**
 * Keeps the leases of the rows a worker is delivering: every leaseMs/3 one statement moves their
 * locked_until to now() + leaseMs. A worker that dies stops renewing, so its rows are claimable again
 * within leaseMs (pg-boss keeps jobs alive the same way with a heartbeat; graphile-worker instead
 * waits a fixed 4 hours, which this replaces: the old fixed 5-minute lock stalled the last emails).
 * A renewal is fenced by attempts: a row another worker reclaimed (its attempts moved on) is lost,
 * and holds() turns false so the delivery stops before its message can be accepted.
 */
export function keepLeases(db: Queryable, leaseMs: number, onError: (error: unknown) => void): Leases {
  const held = new Map<string, Held>();
  let renewing = false;
  const renew = async () => {
    if (renewing || held.size === 0) return;
    renewing = true;
    const ids = [...held.keys()];
    const attempts = ids.map((id) => held.get(id)?.attempts ?? 0);
    const startedAt = performance.now();
    try {
      const renewed = await db.query<{ id: string }>(
        `update outbox o set locked_until = now() + $3::int * interval '1 millisecond'
           from unnest($1::uuid[], $2::int[]) as h(id, attempts)
          where o.id = h.id and o.attempts = h.attempts and o.status = 'sending'
        returning o.id`,
        [ids, attempts, leaseMs],
      );
      const kept = new Set(renewed.map((row) => row.id));
      for (const id of ids) {
        const lease = held.get(id);
        if (!lease) continue;
        if (kept.has(id)) lease.validUntil = startedAt + leaseMs;
        else lease.lost = true;
      }
    } catch (error) {
      // Not renewed: the leases run out at their old validUntil, and holds() says so.
      onError(error);
    } finally {
      renewing = false;
    }
  };
  const timer = setInterval(() => void renew(), Math.max(10, Math.floor(leaseMs / 3)));
  timer.unref();
  return {
    hold: (id, attempts, claimedAt) => {
      held.set(id, { attempts, validUntil: claimedAt + leaseMs, lost: false });
    },
    drop: (id) => {
      held.delete(id);
    },
    holds: (id) => {
      const lease = held.get(id);
      return lease !== undefined && !lease.lost && lease.validUntil - performance.now() > leaseMs / 3;
    },
    stop: () => clearInterval(timer),
  };
}
