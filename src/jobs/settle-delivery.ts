import { type BackoffPolicy, defaultRetryForMs, retryDelayMs } from "../core/backoff.js";
import type { Db } from "../db/connect.js";
import { inTransaction, type Tx } from "../services/transaction.js";
import { DeliveryDeferred, type OutboxHandler, type OutboxRow, PermanentDeliveryError } from "./outbox-handler.js";

/** A claim ran out (another worker took the row) before the delivery could be recorded. */
export class LeaseLost extends Error {
  override name = "LeaseLost";
}

/** How a delivery ended, as the worker reports it. */
export type DeliveryOutcome = "delivered" | "retry" | "dead" | "deferred" | "lost_lock";

/** What settling needs to know besides the row. */
export interface SettleOptions {
  backoff?: BackoffPolicy;
  /** How long a failing row is retried, from its first failure, before it is a dead letter. */
  retryForMs?: number;
  random?: () => number;
  actor?: string;
}

/** 86_400_000 → "24 h", 90_000 → "90 s": how long retries went on, for the dead letter's reason. */
const spanLabel = (ms: number) =>
  ms >= 3_600_000
    ? `${Math.round(ms / 360_000) / 10} h`
    : ms >= 60_000
      ? `${Math.round(ms / 6_000) / 10} min`
      : `${Math.round(ms / 1000)} s`;

const describeError = (error: unknown) =>
  (error instanceof Error
    ? `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ""}`
    : String(error)
  ).slice(0, 2000);

/**
 * Records how one delivery ended, as soon as it ended, in one transaction with its timeline events.
 * Every update is fenced by (status 'sending', attempts): if our lease ran out and another worker
 * claimed the row, attempts has moved on and we change nothing: that worker now owns the row.
 *
 * A failure is retried with backoff until the row's retry window (retry_until, set at its first
 * failure) has passed, or max_attempts is spent; then the row is dead, its last_error telling why.
 */
export async function settleDelivery(
  db: Db,
  row: OutboxRow,
  handler: OutboxHandler | undefined,
  transport: string | null,
  error: unknown,
  options: SettleOptions,
): Promise<DeliveryOutcome> {
  const fence = "id = $1 and status = 'sending' and attempts = $2";
  const message = error === null ? null : describeError(error);
  return inTransaction(db, options.actor ?? "system:worker", async (tx) => {
    let next: "delivered" | "retry" | "dead" | "deferred";
    let updated: { status: string; last_error: string | null }[];
    if (error === null) {
      next = "delivered";
      updated = await markDelivered(tx, row, transport);
    } else if (error instanceof DeliveryDeferred) {
      next = "deferred";
      // Waiting is not failing: give the attempt back so max_attempts counts real failures only.
      updated = await tx.query(
        `update outbox set status = 'pending', attempts = attempts - 1, locked_until = null, last_error = $3,
                last_error_at = now(), next_attempt_at = now() + $4::int * interval '1 millisecond', transport = coalesce($5, transport)
          where ${fence} returning status, last_error`,
        [row.id, row.attempts, message, error.delayMs, transport],
      );
    } else {
      // One statement decides retry or dead against the database's clock: the window opens at the
      // first failure and a retry never lands after it closes (the last one comes at retry_until).
      const permanent = error instanceof PermanentDeliveryError;
      const delayMs = retryDelayMs(row.attempts, options.random, options.backoff);
      const retryForMs = options.retryForMs ?? defaultRetryForMs;
      updated = await tx.query(
        `update outbox set
                retry_until = coalesce(retry_until, now() + $6::bigint * interval '1 millisecond'),
                status = case when $5 or attempts >= max_attempts
                                or coalesce(retry_until, now() + $6::bigint * interval '1 millisecond') <= now()
                              then 'dead' else 'pending' end,
                last_error = case when $5 then $3
                                  when attempts >= max_attempts then 'Gave up after ' || attempts || ' attempts: ' || $3
                                  when coalesce(retry_until, now() + $6::bigint * interval '1 millisecond') <= now()
                                  then 'Gave up after ' || attempts || ' attempts over ' || $8 || ': ' || $3
                                  else $3 end,
                last_error_at = now(),
                next_attempt_at = least(now() + $4::int * interval '1 millisecond',
                                        coalesce(retry_until, now() + $6::bigint * interval '1 millisecond')),
                locked_until = null, transport = coalesce($7, transport)
          where ${fence} returning status, last_error`,
        [row.id, row.attempts, message, delayMs, permanent, retryForMs, transport, spanLabel(retryForMs)],
      );
      next = updated[0]?.status === "dead" ? "dead" : "retry";
    }
    const [settled] = updated;
    if (!settled) return "lost_lock" as const;
    if (next === "delivered") {
      await recordDelivered(tx, row, handler, transport);
    } else if (next === "dead") {
      const reason = settled.last_error ?? message ?? "";
      await handler?.dead(tx, row, reason);
      tx.record({
        entityType: "outbox",
        entityId: row.id,
        verb: "dead",
        before: { status: "sending" },
        after: { status: "dead", attempts: row.attempts, transport, error: reason },
      });
    }
    return next;
  });
}

/**
 * Marks the row delivered, fenced by its claim. `waitForDisk` false makes this transaction's COMMIT return
 * before its WAL reaches the disk (synchronous_commit off, for this transaction only; set in the same
 * statement, no extra round trip): see prepareDelivered for when that is safe.
 */
const markDelivered = (tx: Tx, row: OutboxRow, transport: string | null, waitForDisk = true) =>
  tx.query<{ status: string; last_error: string | null }>(
    `update outbox set status = 'delivered', delivered_at = now(), locked_until = null,
            transport = coalesce($3, transport)
      where id = $1 and status = 'sending' and attempts = $2
        and ($4 or set_config('synchronous_commit', 'off', true) is not null)
      returning status, last_error`,
    [row.id, row.attempts, transport, waitForDisk],
  );

async function recordDelivered(tx: Tx, row: OutboxRow, handler: OutboxHandler | undefined, transport: string | null) {
  await handler?.delivered(tx, row);
  tx.record({
    entityType: "outbox",
    entityId: row.id,
    verb: "delivered",
    before: { status: "sending" },
    after: { status: "delivered", attempts: row.attempts, transport },
  });
}

/** A delivered record written but not committed: commit once the receiver accepted, else roll back. */
export interface PreparedDelivery {
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

/**
 * Writes everything "delivered" means (the row, what the handler updates, the timeline events) in a
 * transaction it leaves open, so that once the receiver has accepted, recording it costs one COMMIT
 * (the timeline's last statement included: tx.finish).
 * Until then the open transaction holds the row's lock: no claim can take it (claims SKIP LOCKED), and
 * if the process dies the database rolls it back and the row is claimable again when its lease ends.
 * Rejects with LeaseLost when another worker has taken the row.
 *
 * On a PostgreSQL server that COMMIT does not wait for the disk (synchronous_commit off for this
 * transaction): the window in which a crash doubles an email (one delivery at a time per worker, the
 * accept gate) then lasts one round trip instead of a disk flush (3 ms on the test machine: the flush
 * capped each worker near 300 emails/s). A worker killed after the COMMIT loses nothing: the server holds
 * the record. Only a crash of the database server itself could lose the last ~0.6 s of delivered records
 * (3 × wal_writer_delay); those emails are then sent again with the same Message-ID and idempotency key,
 * which receivers can drop — a duplicate, never a lost notification. PGlite runs inside the worker, so a
 * crash of the worker is one of the database: there the COMMIT waits for the disk as before.
 */
export function prepareDelivered(
  db: Db,
  row: OutboxRow,
  handler: OutboxHandler | undefined,
  transport: string | null,
  actor: string,
): Promise<PreparedDelivery> {
  return new Promise((resolve, reject) => {
    let decide: (commit: boolean) => void = () => {};
    const decided = new Promise<boolean>((settle) => {
      decide = settle;
    });
    const done = inTransaction(db, actor, async (tx) => {
      if ((await markDelivered(tx, row, transport, db.driver !== "postgres")).length === 0) {
        throw new LeaseLost(`Outbox row ${row.id} was claimed by another worker before its delivery was complete.`);
      }
      await recordDelivered(tx, row, handler, transport);
      // Everything but the COMMIT now, before the receiver may accept: from its acceptance to the
      // record's commit (the one window where a crash doubles an email) is one round trip.
      await tx.finish();
      resolve({
        commit: async () => {
          decide(true);
          await done;
        },
        rollback: async () => {
          decide(false);
          await done.catch(() => {});
        },
      });
      if (!(await decided)) throw new RolledBack();
    });
    // Before resolve(): the preparation failed. After it: commit() reports the failure.
    done.catch(reject);
  });
}

class RolledBack extends Error {
  override name = "RolledBack";
}
