import { AppError, notFound } from "../core/errors.js";
import type { Db } from "../db/connect.js";
import { customerLinkIntervalMinutes, queueCustomerLink } from "./request-customer-link.js";
import { type Actor, inTransaction } from "./transaction.js";

/** What sending a contact their link did: queued one now, or found the one sent within the interval. */
export interface SentCustomerLink {
  status: "queued" | "sent_recently";
  contactId: string;
  email: string;
  outboxId: string;
  /** When the email was queued: now, or when the recent one was. */
  queuedAt: string;
}

/**
 * A builder emails a contact a fresh link to their own view (POST /contacts/:id/customer-link): the
 * same outbox email as a customer's own request, and the same limit of one per contact per interval
 * (shared with POST /customer-links), but the timeline names the builder, and the answer says what
 * happened: the builder may know who is a contact. not_found without one, unreachable without an email.
 */
export async function sendCustomerLink(db: Db, actor: Actor, contactId: string): Promise<SentCustomerLink> {
  return inTransaction(db, actor, async (tx) => {
    const [contact] = await tx.query<{ name: string; email: string | null }>(
      "select name, email from contacts where id = $1",
      [contactId],
    );
    if (!contact) throw notFound("contact", contactId, "params.id");
    const email = contact.email;
    if (!email) {
      throw new AppError(
        "unreachable",
        `${contact.name} has no email address to send a link to: add one to them first (PATCH /contacts/:id {email}).`,
        { path: "params.id" },
      );
    }
    const queued = await queueCustomerLink(
      tx,
      "select id from contacts where id = $1 and email is not null",
      contactId,
    );
    if (queued) {
      return { status: "queued", contactId, email, outboxId: queued.id, queuedAt: queued.createdAt.toISOString() };
    }
    // Refused by the interval: the email that went within it (this interval's row, or the last one's).
    const [recent] = await tx.query<{ id: string; created_at: Date }>(
      `with bucket as (select floor(extract(epoch from now()) / ($2::int * 60))::bigint as n)
       select o.id, o.created_at from outbox o, bucket b
        where o.idempotency_key in ('customer_link:' || $1 || ':' || b.n, 'customer_link:' || $1 || ':' || (b.n - 1))
        order by o.created_at desc limit 1`,
      [contactId, customerLinkIntervalMinutes],
    );
    if (!recent)
      throw new Error(`No customer link was queued for contact ${contactId}, nor found within the interval.`);
    return {
      status: "sent_recently",
      contactId,
      email,
      outboxId: recent.id,
      queuedAt: new Date(recent.created_at).toISOString(),
    };
  });
}
