import type { Db } from "../db/connect.js";
import { createSmtpSender, type EmailSender } from "../integrations/email/smtp-sender.js";
import { answerLinkSecretKey, customerLinkSecretKey, getOrCreateSecret } from "../services/settings.js";
import { createAcceptGate } from "./accept-gate.js";
import { customerLinkHandler } from "./deliver-customer-link.js";
import { emergingDigestHandler } from "./deliver-emerging-digest.js";
import { eventHandler } from "./deliver-event.js";
import { githubBackfillHandler, githubEventHandler, githubIssueHandler } from "./deliver-github.js";
import { notificationHandler } from "./deliver-notification.js";
import { replyHandler } from "./deliver-reply.js";
import { keepLeases } from "./lease.js";
import type { DeliveryConfig, OutboxHandler, OutboxRow } from "./outbox-handler.js";
import { PermanentDeliveryError } from "./outbox-handler.js";
import {
  type DeliveryOutcome,
  type PreparedDelivery,
  prepareDelivered,
  type SettleOptions,
  settleDelivery,
} from "./settle-delivery.js";

/** Tuning of delivery; every field has a safe default. */
export interface DeliveryOptions extends SettleOptions {
  /**
   * How long a claim holds without renewal. The worker renews it every leaseMs/3 while it delivers, so
   * a crashed worker's rows are claimable again at most leaseMs after it died. 15 s by default.
   */
  leaseMs?: number;
  /** Deliveries in flight at once per worker, and open SMTP connections. 16 by default (docs/BENCHMARKS.md). */
  concurrency?: number;
  /**
   * Deliveries allowed between "the receiver may have accepted it" and "its delivered record has
   * committed" at once: the most emails a crash can double. 1 by default; more helps a distant relay.
   */
  maxUnrecorded?: number;
  webhookTimeoutMs?: number;
  smtpTimeoutMs?: number;
  /** The name the worker gives in SMTP EHLO; the host name unless told. */
  smtpClientName?: string;
  answerLinkTtlMs?: number;
  /** Called with the outcome of every row, for logs and metrics. */
  onOutcome?: (row: OutboxRow, outcome: DeliveryOutcome) => void;
  /** Where errors of lease renewals go; console.error by default. */
  onError?: (error: unknown) => void;
}

/** The default lease: claims of a crashed worker come back within 15 s (under the 30 s promised). */
export const defaultLeaseMs = 15_000;
export const defaultConcurrency = 16;

const handlers: Record<string, OutboxHandler> = {
  notification: notificationHandler,
  customer_link: customerLinkHandler,
  event: eventHandler,
  github_event: githubEventHandler,
  github_issue: githubIssueHandler,
  github_backfill: githubBackfillHandler,
  reply: replyHandler,
  emerging_digest: emergingDigestHandler,
};

/** One worker's delivery machinery: its leases, its accept gate and its SMTP pool. */
export interface Deliverer {
  /** Claims up to limit due rows in ONE statement and starts keeping their leases. */
  claim(limit: number): Promise<OutboxRow[]>;
  /** Delivers one claimed row and records the outcome at once. Rejects only if recording fails. */
  deliver(row: OutboxRow): Promise<DeliveryOutcome>;
  /** Stops renewing and closes the SMTP connections; call once nothing is in flight. */
  close(): void;
}

export function createDeliverer(db: Db, config: DeliveryConfig, options: DeliveryOptions = {}): Deliverer {
  const leaseMs = Math.max(30, Math.floor(options.leaseMs ?? defaultLeaseMs));
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? defaultConcurrency));
  const onError = options.onError ?? ((error: unknown) => console.error("outbox worker:", error));
  const leases = keepLeases(db, leaseMs, onError);
  const width = Math.max(1, Math.floor(options.maxUnrecorded ?? 1));
  const gate = createAcceptGate(width);
  // Deliveries with their record prepared (an open transaction each): one more than the gate admits,
  // so the next is ready the moment the gate opens, without tying up the whole connection pool.
  const staging = createAcceptGate(width + 1);
  const actor = options.actor ?? "system:worker";
  let sender: EmailSender | undefined;
  const email = () => {
    if (!sender && config.smtpUrl) {
      sender = createSmtpSender(config.smtpUrl, {
        timeoutMs: options.smtpTimeoutMs ?? 20_000,
        maxConnections: concurrency,
        ...(options.smtpClientName ? { clientName: options.smtpClientName } : {}),
      });
    }
    return sender;
  };
  // The link secrets never change once made: read once per worker, not per claim.
  let secrets: Promise<[Buffer, Buffer]> | undefined;
  const readSecrets = () => {
    secrets ??= Promise.all([getOrCreateSecret(db, answerLinkSecretKey), getOrCreateSecret(db, customerLinkSecretKey)]);
    secrets.catch(() => {
      secrets = undefined;
    });
    return secrets;
  };

  const deliverOne = async (
    row: OutboxRow,
    handler: OutboxHandler | undefined,
    passGate: (transport: string | null) => Promise<void>,
  ) => {
    let transport: string | null = null;
    try {
      // A row reclaimed after its last attempt crashed its worker would crash every worker in turn.
      if (row.attempts > row.max_attempts) {
        throw new PermanentDeliveryError("A worker stopped during the last attempt (it may have been delivered).");
      }
      if (!handler) throw new PermanentDeliveryError(`No handler delivers outbox rows of kind ${row.kind}.`);
      const [answerLinkSecret, customerLinkSecret] = await readSecrets();
      await handler.deliver(row, {
        db,
        config,
        answerLinkSecret,
        customerLinkSecret,
        nowMs: Date.now(),
        // The pool is the worker's; what the handler gets passes this row's gate before the dot.
        email: () => {
          const pooled = email();
          if (!pooled) return undefined;
          return {
            send: (message) => pooled.send(message, { beforeAccept: () => passGate(transport) }),
            close: () => {},
          };
        },
        useTransport: (name) => {
          transport = name;
        },
        webhookTimeoutMs: options.webhookTimeoutMs ?? 10_000,
        answerLinkTtlMs: options.answerLinkTtlMs ?? 30 * 24 * 60 * 60_000,
      });
      return { transport, error: null as unknown };
    } catch (error) {
      return { transport, error };
    }
  };

  return {
    claim: async (limit) => {
      // FOR UPDATE SKIP LOCKED: concurrent workers each take different rows instead of queueing on the
      // same ones. The second arm takes back rows whose lease ran out (their worker died). MATERIALIZED:
      // the locked subquery runs exactly once, so one claim never returns more than limit rows. Every
      // time is the database's now(): workers whose clocks disagree still agree on which leases ran out.
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
        [limit, leaseMs],
      );
      for (const row of rows) leases.hold(row.id, row.attempts);
      // What each kind's deliveries will read, one statement per kind for the claim. A failure here is
      // not the claim's: those rows read it again when delivered (and fail there, recorded, if it lasts).
      const byKind = new Map<string, OutboxRow[]>();
      for (const row of rows) byKind.set(row.kind, [...(byKind.get(row.kind) ?? []), row]);
      await Promise.all([...byKind].map(([kind, claimed]) => handlers[kind]?.preload?.(db, claimed).catch(onError)));
      return rows;
    },
    deliver: async (row) => {
      const handler = handlers[row.kind];
      let prepared: PreparedDelivery | undefined;
      let leaveStaging: (() => void) | undefined;
      let leaveGate: (() => void) | undefined;
      // Runs before the email's end-of-data dot: the delivered record is written (not committed) and
      // the gate entered; only then can the server accept. A crash from here to the COMMIT below is the
      // one way an email is sent twice, and the gate lets one delivery at a time be there.
      const passGate = async (transport: string | null) => {
        if (prepared) return;
        leaveStaging = await staging.acquire();
        leases.pin(row.id);
        prepared = await prepareDelivered(db, row, handler, transport, actor);
        leaveGate = await gate.acquire();
      };
      try {
        const { transport, error } = await deliverOne(row, handler, passGate);
        let outcome: DeliveryOutcome;
        if (prepared && error === null) {
          await prepared.commit();
          outcome = "delivered";
        } else {
          // Not accepted (or not known to be): undo the prepared record and leave the gate before
          // recording the failure, which needs the database (one connection only, on PGlite).
          await prepared?.rollback();
          leaveGate?.();
          leaveStaging?.();
          outcome = await settleDelivery(db, row, handler, transport, error, options);
        }
        options.onOutcome?.(row, outcome);
        return outcome;
      } finally {
        leaveGate?.();
        leaveStaging?.();
        leases.drop(row.id);
      }
    },
    close: () => {
      leases.stop();
      sender?.close();
    },
  };
}
