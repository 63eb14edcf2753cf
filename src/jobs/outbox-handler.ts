import type { Config, EmailInConfig } from "../config.js";
import type { Db, Queryable } from "../db/connect.js";
import type { EmailSender } from "../integrations/email/smtp-sender.js";
import type { Tx } from "../services/transaction.js";

/** One row of the outbox, as the claim statement returns it. */
export interface OutboxRow {
  id: string;
  kind: string;
  idempotency_key: string;
  notification_id: string | null;
  payload: unknown;
  status: "pending" | "sending" | "delivered" | "dead";
  attempts: number;
  max_attempts: number;
  next_attempt_at: Date;
  locked_until: Date | null;
  last_error: string | null;
  transport: string | null;
  created_at: Date;
  delivered_at: Date | null;
}

/**
 * The configuration delivery reads. emailIn: whether this process listens for SMTP (an email invites a reply
 * only when one can come in); unset, it does not.
 */
export type DeliveryConfig = Pick<Config, "publicUrl" | "emailFrom" | "smtpUrl"> & {
  emailIn?: Pick<EmailInConfig, "smtpPort">;
};

/** What a handler may use while delivering one row. */
export interface DeliveryContext {
  /** The database (not a transaction): handlers that apply what came in run services, each its own transaction. */
  db: Db;
  config: DeliveryConfig;
  answerLinkSecret: Buffer;
  /** Signs links to the contact's own view (core/customer-link.ts); a secret of its own. */
  customerLinkSecret: Buffer;
  nowMs: number;
  /** The SMTP sender of this batch, made on first use; undefined when no SMTP server is configured. */
  email(): EmailSender | undefined;
  /** Tells the worker which transport was chosen, so a dead letter shows where it was going. */
  useTransport(name: string): void;
  webhookTimeoutMs: number;
  answerLinkTtlMs: number;
}

/** Delivers one kind of outbox row, and updates what the row is about when it is delivered or dead. */
export interface OutboxHandler {
  /**
   * Reads, once for a whole claim, what deliver will need for each of these rows (one statement
   * instead of one per row). Optional; deliver must still work for a row it did not preload.
   */
  preload?(db: Queryable, rows: OutboxRow[]): Promise<void>;
  deliver(row: OutboxRow, context: DeliveryContext): Promise<void>;
  delivered(tx: Tx, row: OutboxRow): Promise<void>;
  dead(tx: Tx, row: OutboxRow, error: string): Promise<void>;
}

/** A failure no retry can fix (no address, no such notification): the row goes dead at once. */
export class PermanentDeliveryError extends Error {
  override name = "PermanentDeliveryError";
}

/**
 * Not a failure: the row cannot be delivered yet (no SMTP server configured) and waits, without
 * spending an attempt, until it is looked at again after delayMs.
 */
export class DeliveryDeferred extends Error {
  override name = "DeliveryDeferred";
  constructor(
    message: string,
    readonly delayMs = 60_000,
  ) {
    super(message);
  }
}
