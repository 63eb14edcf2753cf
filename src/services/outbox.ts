import { encodeCursor, readCursor } from "../core/cursor.js";
import { AppError, notFound } from "../core/errors.js";
import type { Db, Queryable } from "../db/connect.js";
import { type Actor, inTransaction, outboxChannel } from "./transaction.js";

/** The statuses an outbox row moves through. */
export type OutboxStatus = "pending" | "sending" | "delivered" | "dead" | "cancelled";
export const outboxStatuses: readonly OutboxStatus[] = ["pending", "sending", "delivered", "dead", "cancelled"];

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
  /** Whom it goes to: the notification's contact, or the contact a customer link is for. */
  recipient: { contactId: string; name: string; email: string | null } | null;
  /** What it tells about: the notification's pattern. */
  pattern: { id: string; title: string } | null;
  /** The loop of the channel it is delivered for (null: none, e.g. a customer link): who may read lastError. */
  channelLoopId: string | null;
}

const columns = `o.id, o.kind, o.idempotency_key as "idempotencyKey", o.notification_id as "notificationId", o.status,
  o.attempts, o.max_attempts as "maxAttempts", o.next_attempt_at as "nextAttemptAt", o.locked_until as "lockedUntil",
  o.last_error as "lastError", o.transport, o.created_at as "createdAt", o.delivered_at as "deliveredAt",
  (select ch.loop_id from signals s join channels ch on ch.id = s.channel_id where s.id = n.signal_id) as "channelLoopId"`;

/** Outbox rows as the API shows them (alias o), with whom each goes to and which pattern it is about. */
const entries = `select ${columns},
    case when c.id is null then null
         else json_build_object('contactId', c.id, 'name', c.name, 'email', c.email) end as recipient,
    case when p.id is null then null else json_build_object('id', p.id, 'title', p.title) end as pattern
  from outbox o
  left join notifications n on n.id = o.notification_id
  left join contacts c
    on c.id = case when o.kind = 'customer_link' then (o.payload->>'contactId')::uuid else n.contact_id end
  left join patterns p on p.id = n.pattern_id`;

/**
 * A page of the outbox, newest first (ids are UUIDv7, so id order is creation order); cursor is the
 * nextCursor of the previous page (src/core/cursor.ts). Filtering by status 'dead' lists the dead letters (partial index).
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
    where.push(`o.status = $${params.length}`);
  }
  if (options.cursor !== undefined) {
    const { key, legacy } = readCursor(options.cursor, outboxList);
    // An older cursor, the bare id of the last row: taken when it names a row of the outbox.
    if (legacy && (await db.query("select 1 from outbox where id = $1", [key])).length === 0) {
      throw new AppError(
        "invalid_cursor",
        "query.cursor: Not a cursor of GET /outbox: it names no delivery. Pass the nextCursor of the page before as it came, or leave cursor out for the first page.",
        { path: "query.cursor" },
      );
    }
    params.push(key);
    where.push(`o.id < $${params.length}`);
  }
  const items = await db.query<OutboxEntry>(
    `${entries} ${where.length ? `where ${where.join(" and ")}` : ""} order by o.id desc limit $1`,
    params,
  );
  const last = items.at(-1);
  return { items, nextCursor: items.length === limit && last ? encodeCursor(outboxList, { key: last.id }) : null };
}

const outboxList = { list: "/outbox", sort: "newest" };

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
    await tx.query(
      "update outbox set status = 'pending', attempts = 0, next_attempt_at = now(), locked_until = null, retry_until = null where id = $1",
      [id],
    );
    const [entry] = await tx.query<OutboxEntry>(`${entries} where o.id = $1`, [id]);
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
