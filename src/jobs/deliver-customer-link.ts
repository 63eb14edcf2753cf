import { z } from "zod";
import { customerLink, customerLinkTtlMs, signCustomerToken } from "../core/customer-link.js";
import { buildCustomerLinkEmail } from "../integrations/email/customer-link-email.js";
import {
  type DeliveryContext,
  DeliveryDeferred,
  type OutboxHandler,
  type OutboxRow,
  PermanentDeliveryError,
} from "./outbox-handler.js";

const payload = z.object({ contactId: z.uuid() });

/**
 * Sends the email a contact asked for with POST /customer-links: a fresh email (never a reply) with a
 * link to their own view. The link is signed now, from the contact id in the payload, and expires
 * relative to the request, so a retry sends the same link; it is never stored or logged.
 */
export async function deliverCustomerLink(row: OutboxRow, context: DeliveryContext): Promise<void> {
  const parsed = payload.safeParse(row.payload);
  if (!parsed.success) throw new PermanentDeliveryError(`Outbox row ${row.id} names no contact.`);
  const { contactId } = parsed.data;
  const [contact] = await context.db.query<{ name: string; email: string | null }>(
    "select name, email from contacts where id = $1",
    [contactId],
  );
  if (!contact) throw new PermanentDeliveryError(`Contact ${contactId} does not exist.`);
  if (!contact.email) throw new PermanentDeliveryError(`Contact ${contactId} has no email address any more.`);
  context.useTransport("email");
  const sender = context.email();
  if (!sender) throw new DeliveryDeferred("No SMTP server is configured (SMTP_URL): the email waits in the outbox.");
  const expiresAt = Math.floor((row.created_at.getTime() + customerLinkTtlMs) / 1000);
  const token = signCustomerToken(context.customerLinkSecret, { contactId, expiresAt });
  await sender.send(
    buildCustomerLinkEmail({
      idempotencyKey: row.idempotency_key,
      from: context.config.emailFrom,
      contact: { name: contact.name, email: contact.email },
      link: customerLink(context.config.publicUrl, token),
      expiresAt: new Date(expiresAt * 1000),
    }),
  );
}

/** The outbox handler of kind 'customer_link': nothing else to update when it is delivered or dead. */
export const customerLinkHandler: OutboxHandler = {
  deliver: deliverCustomerLink,
  delivered: async () => {},
  dead: async () => {},
};
