import { AppError, notFound } from "../core/errors.js";
import type { Db, Queryable } from "../db/connect.js";
import { type Actor, inTransaction, outboxChannel } from "./transaction.js";

/** The statuses an outbox row moves through. */
export type OutboxStatus = "pending" | "sending" | "delivered" | "dead";
export const outboxStatuses: readonly OutboxStatus[] = ["pending", "sending", "delivered", "dead"];

/** One outbox row as the API shows it. The payload is left out: it may carry what a transport needs. */
export interface OutboxEntry {
  id: string;
  kind: string;
  idempotencyKey: string;
  notificationId: string | null;
  status: OutboxStatus;
  attempts: number;
  maxAttempts: number;
  nextAttemptAt: Date;
  lockedUntil: Date | null;
  lastError: string | null;
  transport: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
  /** The loop of the channel it is delivered for (null: none, e.g. a customer link): who may read lastError. */
  channelLoopId: string | null;
}

const columns = `id, kind, idempotency_key as "idempotencyKey", notification_id as "notificationId", status, attempts,
  max_attempts as "maxAttempts", next_attempt_at as "nextAttemptAt", locked_until as "lockedUntil",
  last_error as "lastError", transport, created_at as "createdAt", delivered_at as "deliveredAt",
  (select c.loop_id from notifications n join signals s on s.id = n.signal_id join channels c on c.id = s.channel_id
    where n.id = outbox.notification_id) as "channelLoopId"`;

/**
 * A page of the outbox, newest first (ids are UUIDv7, so id order is creation order); cursor is the
 * last id of the previous page. Filtering by status 'dead' lists the dead letters (partial index).
 */
export async function listOutbox(
  db: Queryable,
  options: { status?: OutboxStatus; cursor?: string; limit?: number } = {},
): Promise<{ items: OutboxEntry[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(Math.floor(options.limit ?? 50), 1), 500);
  const params: unknown[] = [limit];
  const where: string[] = [];
  if (options.status) {
    if (!outboxStatuses.includes(options.status)) {
      throw new AppError("invalid_input", `status must be one of ${outboxStatuses.join(", ")}.`, {
        path: "query.status",
      });
    }
    params.push(options.status);
    where.push(`status = $${params.length}`);
  }
  if (options.cursor) {
    if (!/^[0-9a-f-]{36}$/i.test(options.cursor)) {
      throw new AppError("invalid_input", "cursor must be the id of an outbox row.", { path: "query.cursor" });
    }
    params.push(options.cursor);
    where.push(`id < $${params.length}`);
  }
  const items = await db.query<OutboxEntry>(
    `select ${columns} from outbox ${where.length ? `where ${where.join(" and ")}` : ""} order by id desc limit $1`,
    params,
  );
  const last = items.at(-1);
  return { items, nextCursor: items.length === limit && last ? last.id : null };
}

/**
 * Gives a dead letter a fresh set of attempts, due now, and wakes the workers. Its notification goes
 * back to 'queued', and its retry window starts again at its next failure. Only dead rows can be
 * retried: anything else is invalid_transition.
 */
export async function retryDeadLetter(db: Db, actor: Actor, id: string): Promise<OutboxEntry> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw notFound("outbox row", id);
  return inTransaction(db, actor, async (tx) => {
    const [current] = await tx.query<{ status: OutboxStatus; attempts: number; last_error: string | null }>(
      "select status, attempts, last_error from outbox where id = $1 for update",
      [id],
    );
    if (!current) throw notFound("outbox row", id);
    if (current.status !== "dead") {
      throw new AppError("invalid_transition", `Only dead outbox rows can be retried; this one is ${current.status}.`);
    }
    // last_error stays: it tells why the row died until a new attempt says otherwise.
    const [entry] = await tx.query<OutboxEntry>(
      `update outbox set status = 'pending', attempts = 0, next_attempt_at = now(), locked_until = null, retry_until = null
        where id = $1 returning ${columns}`,
      [id],
    );
    if (!entry) throw notFound("outbox row", id);
    const requeued = await tx.query<{ id: string }>(
      "update notifications set status = 'queued' where id = $1 and status = 'failed' returning id",
      [entry.notificationId],
    );
    tx.record({
      entityType: "outbox",
      entityId: id,
      verb: "retried",
      before: { status: "dead", attempts: current.attempts, lastError: current.last_error },
      after: { status: "pending", attempts: 0 },
    });
    for (const row of requeued) {
      tx.record({
        entityType: "notification",
        entityId: row.id,
        verb: "retried",
        before: { status: "failed" },
        after: { status: "queued" },
      });
    }
    await tx.query("select pg_notify($1, '')", [outboxChannel]);
    return entry;
  });
}
