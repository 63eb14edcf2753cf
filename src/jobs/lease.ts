import type { Queryable } from "../db/connect.js";

/** The claims of one worker, kept alive while it delivers them. */
export interface Leases {
  /** Starts keeping a claimed row. */
  hold(id: string, attempts: number): void;
  /**
   * The row's delivered record is being written in an open transaction that holds its lock: no claim
   * can take it now, so it needs no renewal (and a renewal would only wait for that lock).
   */
  pin(id: string): void;
  /** Stops keeping a row (it was settled, or given up). */
  drop(id: string): void;
  /** Stops renewing; rows still held run out on their own. */
  stop(): void;
}

interface Held {
  attempts: number;
  lost: boolean;
  pinned: boolean;
}

/**
 * Keeps the leases of the rows a worker is delivering: every leaseMs/3 one statement moves their
 * locked_until to now() + leaseMs. A worker that dies stops renewing, so its rows are claimable again
 * within leaseMs (pg-boss keeps jobs alive the same way with a heartbeat; graphile-worker instead
 * waits a fixed 4 hours, which this replaces: the old fixed 5-minute lock stalled the last emails).
 * A renewal is fenced by attempts: a row another worker reclaimed (its attempts moved on) is lost and
 * no longer renewed; its delivery finds out when it tries to record (the same fence), before its email
 * is complete on the wire (deliverer.ts).
 */
export function keepLeases(db: Queryable, leaseMs: number, onError: (error: unknown) => void): Leases {
  const held = new Map<string, Held>();
  let renewing = false;
  const renew = async () => {
    const ids = [...held].filter(([, lease]) => !lease.pinned && !lease.lost).map(([id]) => id);
    if (renewing || ids.length === 0) return;
    renewing = true;
    const attempts = ids.map((id) => held.get(id)?.attempts ?? 0);
    try {
      // SKIP LOCKED: a row locked now is being reclaimed by another worker (ours are pinned, not
      // asked for), and waiting for its lock could hold up every other renewal.
      const renewed = await db.query<{ id: string }>(
        `update outbox o set locked_until = now() + $3::int * interval '1 millisecond'
           from (select x.id from outbox x
                   join unnest($1::uuid[], $2::int[]) as h(id, attempts) on x.id = h.id and x.attempts = h.attempts
                  where x.status = 'sending'
                    for update of x skip locked) as mine
          where o.id = mine.id
        returning o.id`,
        [ids, attempts, leaseMs],
      );
      const kept = new Set(renewed.map((row) => row.id));
      for (const id of ids) {
        const lease = held.get(id);
        if (!lease || lease.pinned) continue;
        if (!kept.has(id)) lease.lost = true;
      }
    } catch (error) {
      // Not renewed this time: the leases still hold for a while (renewals come every leaseMs/3).
      onError(error);
    } finally {
      renewing = false;
    }
  };
  const timer = setInterval(() => void renew(), Math.max(10, Math.floor(leaseMs / 3)));
  timer.unref();
  return {
    hold: (id, attempts) => {
      held.set(id, { attempts, lost: false, pinned: false });
    },
    pin: (id) => {
      const lease = held.get(id);
      if (lease) lease.pinned = true;
    },
    drop: (id) => {
      held.delete(id);
    },
    stop: () => clearInterval(timer),
  };
}
