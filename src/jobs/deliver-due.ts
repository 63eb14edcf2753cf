import { type BackoffPolicy, retryDelayMs } from "../core/backoff.js";
import type { Db } from "../db/connect.js";
import { createSmtpSender, type EmailSender } from "../integrations/email/smtp-sender.js";
import { answerLinkSecretKey, customerLinkSecretKey, getOrCreateSecret } from "../services/settings.js";
import { inTransaction } from "../services/transaction.js";
import { customerLinkHandler } from "./deliver-customer-link.js";
import { eventHandler } from "./deliver-event.js";
import { notificationHandler } from "./deliver-notification.js";
import {
  type DeliveryConfig,
  type DeliveryContext,
  DeliveryDeferred,
  type OutboxHandler,
  type OutboxRow,
  PermanentDeliveryError,
} from "./outbox-handler.js";

/** Tuning of delivery; every field has a safe default. */
export interface DeliveryOptions {
  /** How long a claimed row stays locked to this worker. MUST exceed the longest delivery (see claim). */
  lockMs?: number;
  webhookTimeoutMs?: number;
  smtpTimeoutMs?: number;
  answerLinkTtlMs?: number;
  backoff?: BackoffPolicy;
  /** Jitter source for retry delays; Math.random unless a test pins it. */
  random?: () => number;
  /** Who the timeline says delivered: "system:worker" unless told (e.g. one name per process). */
  actor?: string;
  /** Called with the outcome of every row, for logs and metrics. */
  onOutcome?: (row: OutboxRow, outcome: "delivered" | "retry" | "dead" | "deferred" | "lost_lock") => void;
}

const handlers: Record<string, OutboxHandler> = {
  notification: notificationHandler,
  customer_link: customerLinkHandler,
  event: eventHandler,
};

/**
 * Claims up to limit due rows in ONE statement, then delivers them concurrently. Returns how many it
 * claimed (0 = nothing due). Safe to run from any number of processes at once.
 */
export async function deliverDue(
  db: Db,
  config: DeliveryConfig,
  limit: number,
  options: DeliveryOptions = {},
): Promise<number> {
  const webhookTimeoutMs = options.webhookTimeoutMs ?? 10_000;
  const smtpTimeoutMs = options.smtpTimeoutMs ?? 20_000;
  // HAZARD: a row whose lock expires while it is still being delivered is claimed again by another
  // worker and delivered twice. The lock must exceed the longest delivery: the SMTP timeouts apply per
  // step (connect, greeting, each socket read), so allow several of them, plus the final update.
  const lockMs = Math.max(options.lockMs ?? 5 * 60_000, 4 * Math.max(webhookTimeoutMs, smtpTimeoutMs));
  // FOR UPDATE SKIP LOCKED: concurrent workers each take different rows instead of queueing on the
  // same ones (FOR UPDATE alone) or taking the same ones twice (no lock). The second arm reclaims rows
  // of a worker that died mid-delivery once their lock has run out: delivery is at-least-once.
  // MATERIALIZED: the locked subquery must run exactly once; if it were inlined and re-evaluated, one
  // claim could return more than limit rows. Every time here is the database's now(), never a
  // process's clock: workers on hosts whose clocks disagree still agree on which locks have run out.
  const rows = await db.query<OutboxRow>(
    `with due as materialized (
       select id from outbox
        where (status = 'pending' and next_attempt_at <= now()) or (status = 'sending' and locked_until < now())
        order by next_attempt_at
        limit $1
        for update skip locked)
     update outbox o set status = 'sending', attempts = o.attempts + 1,
            locked_until = now() + $2::int * interval '1 millisecond'
       from due where o.id = due.id
     returning o.*`,
    [limit, lockMs],
  );
  if (rows.length === 0) return 0;
  // If this throws (the database went away), the claimed rows wait out their lock and are reclaimed.
  const [answerLinkSecret, customerLinkSecret] = await Promise.all([
    getOrCreateSecret(db, answerLinkSecretKey),
    getOrCreateSecret(db, customerLinkSecretKey),
  ]);
  let sender: EmailSender | undefined;
  const base = {
    db,
    config,
    answerLinkSecret,
    customerLinkSecret,
    nowMs: Date.now(),
    email: () => {
      if (!sender && config.smtpUrl) sender = createSmtpSender(config.smtpUrl, smtpTimeoutMs);
      return sender;
    },
    webhookTimeoutMs,
    answerLinkTtlMs: options.answerLinkTtlMs ?? 30 * 24 * 60 * 60_000,
  };
  // allSettled, not all: the batch is over only when every delivery is, so stop() can wait for it.
  const results = await Promise.allSettled(rows.map((row) => deliverOne(db, row, base, options)));
  sender?.close();
  const failed = results.find((result) => result.status === "rejected");
  // Only settling can fail here (the database is gone): those rows are reclaimed when their lock ends.
  if (failed) throw failed.reason;
  return rows.length;
}

async function deliverOne(
  db: Db,
  row: OutboxRow,
  base: Omit<DeliveryContext, "useTransport">,
  options: DeliveryOptions,
): Promise<void> {
  let transport: string | null = null;
  const handler = handlers[row.kind];
  try {
    // A row reclaimed after its last attempt crashed its worker would crash every worker in turn.
    if (row.attempts > row.max_attempts) {
      throw new PermanentDeliveryError("A worker stopped during the last attempt (it may have been delivered).");
    }
    if (!handler) throw new PermanentDeliveryError(`No handler delivers outbox rows of kind ${row.kind}.`);
    await handler.deliver(row, { ...base, useTransport: (name) => (transport = name) });
  } catch (error) {
    await settle(db, row, handler, transport, error, options);
    return;
  }
  await settle(db, row, handler, transport, null, options);
}

const describeError = (error: unknown) =>
  (error instanceof Error
    ? `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ""}`
    : String(error)
  ).slice(0, 2000);

/**
 * Records how one delivery ended, in one transaction with its timeline events. Every update is fenced
 * by (status 'sending', attempts): if our lock ran out and another worker claimed the row, attempts has
 * moved on and we change nothing: that worker now owns the row.
 */
async function settle(
  db: Db,
  row: OutboxRow,
  handler: OutboxHandler | undefined,
  transport: string | null,
  error: unknown,
  options: DeliveryOptions,
): Promise<void> {
  const fence = "id = $1 and status = 'sending' and attempts = $2";
  const message = error === null ? null : describeError(error);
  const outcome = await inTransaction(db, options.actor ?? "system:worker", async (tx) => {
    let next: "delivered" | "retry" | "dead" | "deferred";
    let updated: unknown[];
    if (error === null) {
      next = "delivered";
      updated = await tx.query(
        `update outbox set status = 'delivered', delivered_at = now(), locked_until = null,
                transport = coalesce($3, transport) where ${fence} returning id`,
        [row.id, row.attempts, transport],
      );
    } else if (error instanceof DeliveryDeferred) {
      next = "deferred";
      // Waiting is not failing: give the attempt back so max_attempts counts real failures only.
      updated = await tx.query(
        `update outbox set status = 'pending', attempts = attempts - 1, locked_until = null, last_error = $3,
                next_attempt_at = now() + $4::int * interval '1 millisecond', transport = coalesce($5, transport)
          where ${fence} returning id`,
        [row.id, row.attempts, message, error.delayMs, transport],
      );
    } else if (error instanceof PermanentDeliveryError || row.attempts >= row.max_attempts) {
      next = "dead";
      updated = await tx.query(
        `update outbox set status = 'dead', locked_until = null, last_error = $3, transport = coalesce($4, transport)
          where ${fence} returning id`,
        [row.id, row.attempts, message, transport],
      );
    } else {
      next = "retry";
      updated = await tx.query(
        `update outbox set status = 'pending', locked_until = null, last_error = $3, transport = coalesce($5, transport),
                next_attempt_at = now() + $4::int * interval '1 millisecond'
          where ${fence} returning id`,
        [row.id, row.attempts, message, retryDelayMs(row.attempts, options.random, options.backoff), transport],
      );
    }
    if (updated.length === 0) return "lost_lock" as const;
    if (next === "delivered") {
      await handler?.delivered(tx, row);
      tx.record({
        entityType: "outbox",
        entityId: row.id,
        verb: "delivered",
        before: { status: "sending" },
        after: { status: "delivered", attempts: row.attempts, transport },
      });
    } else if (next === "dead") {
      await handler?.dead(tx, row, message ?? "");
      tx.record({
        entityType: "outbox",
        entityId: row.id,
        verb: "dead",
        before: { status: "sending" },
        after: { status: "dead", attempts: row.attempts, transport, error: message },
      });
    }
    return next;
  });
  options.onOutcome?.(row, outcome);
}
