import { escapeHtml } from "../../core/html.js";
import { type EmailMessage, messageIdFor } from "./notification-email.js";

/** Everything the email with a fresh customer link says, gathered by the delivery job. */
export interface CustomerLinkEmailInput {
  /** The outbox row's key: the Message-ID derives from it, so a re-delivery is the same message. */
  idempotencyKey: string;
  from: string;
  contact: { name: string; email: string };
  link: string;
  expiresAt: Date;
}

const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();

/**
 * The email a contact asked for (POST /customer-links): a fresh email, not a reply in any thread,
 * with the link to their own view. Pure: same input, same message.
 */
export function buildCustomerLinkEmail(input: CustomerLinkEmailInput): EmailMessage {
  const expires = input.expiresAt.toISOString().slice(0, 10);
  const greeting = `Hello ${oneLine(input.contact.name)},`;
  const intro = "Here is your link to everything you told us and what became of it:";
  const until = `It works until ${expires}. If you did not ask for it, you can ignore this email.`;
  return {
    from: input.from,
    to: { name: oneLine(input.contact.name), address: input.contact.email },
    subject: "Your link: what you told us and what became of it",
    messageId: messageIdFor(input.idempotencyKey, input.from),
    headers: { "Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All" },
    text: [greeting, "", intro, "", `  ${input.link}`, "", until, ""].join("\n"),
    html: [
      `<p>${escapeHtml(greeting)}</p>`,
      `<p>${escapeHtml(intro)}</p>`,
      `<p><a href="${escapeHtml(input.link)}">See what became of it</a></p>`,
      `<p>${escapeHtml(until)}</p>`,
    ].join("\n"),
  };
}
