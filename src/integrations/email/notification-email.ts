import { isPlainAddress } from "../../core/email-address.js";
import { escapeHtml } from "../../core/html.js";
/** An email ready to hand to a transport: addresses, threading headers, text and html bodies. */
export interface EmailMessage {
  from: string;
  to: { name: string; address: string };
  subject: string;
  messageId: string;
  /** Set only when the email answers in an existing thread. */
  inReplyTo?: string;
  /** That thread, or the one a fresh notification starts (threadIdFor). */
  references?: string;
  headers: Record<string, string>;
  text: string;
  html: string;
}

/** Everything a notification email says, gathered by the delivery job. */
export interface NotificationEmailInput {
  /** The outbox row's key: the Message-ID derives from it, so a re-delivery is the same message. */
  idempotencyKey: string;
  /** config.emailFrom, e.g. "Loopwork <loopwork@example.com>". */
  from: string;
  contact: { name: string; email: string };
  /** The signal answered: its thread is replied in when it came by email. */
  signal: { title: string; threadRef: string | null; channelKind: string };
  pattern: { title: string };
  product: { name: string };
  release: { name: string };
  environment: string;
  answerLinks: { works: string; stillBroken: string };
  linksExpireAt: Date;
  /** The contact's own view of everything they told us (core/customer-link.ts), valid as long as the answer links. */
  customerLink: string;
  /**
   * Whether a reply to `from` reaches Loopwork: it is an email channel's address, and mail reaches that
   * channel (an SMTP listener, its IMAP mailbox). Otherwise the email does not invite one (it would bounce,
   * or lie unread).
   */
  replyable: boolean;
}

/** A Message-ID as it belongs in a header: exactly one pair of angle brackets; null when empty. */
export function normaliseMessageId(ref: string | null | undefined): string | null {
  // Stored refs arrive as received: "<a@b>", "a@b", " <<a@b>> " … and a header must never carry a
  // line break (header injection), so every whitespace run is removed as well.
  const bare = (ref ?? "").replace(/\s+/g, "").replace(/^<+/, "").replace(/>+$/, "");
  return bare && !/[<>]/.test(bare) ? `<${bare}>` : null;
}

/** The domain of the From address, for Message-IDs: "Loopwork <a@loop.example>" → "loop.example". */
function senderDomain(from: string): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1];
  return domain || "loopwork.invalid";
}

/** The deterministic Message-ID of the email delivered for an outbox key (same key, same id). */
export function messageIdFor(idempotencyKey: string, from: string): string {
  // "notification:<uuid>" → "notification.<uuid>": ":" is not allowed in the left part of a msg-id.
  const local = idempotencyKey.replace(/[^A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+/g, ".").replace(/^\.+|\.+$/g, "");
  return `<loopwork.${local || "message"}@${senderDomain(from)}>`;
}

/**
 * The thread a fresh notification email starts (a signal that came by the widget or the API has none of its
 * own), named in its References. A reply names it back — clients copy References and add the Message-ID —
 * so it finds its notification even when the relay in SMTP_URL replaced our Message-ID with its own
 * (Amazon SES does). As unguessable as the notification's own id: it is that id.
 */
export function threadIdFor(notificationKey: string, from: string): string {
  return messageIdFor(`thread:${notificationKey}`, from);
}

const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();

/**
 * Who a notification is from: the email channel's own address (config.address, where the person wrote
 * to) under the display name of config.emailFrom; emailFrom itself when the channel has no usable
 * address. Anything that could inject a header or a second address is not usable (isPlainAddress: the
 * API refuses such an address, but one stored before it did may still be there).
 */
export function senderFor(emailFrom: string, channelAddress: unknown): string {
  const address = typeof channelAddress === "string" ? channelAddress.trim() : "";
  if (!isPlainAddress(address)) return emailFrom;
  const name = /^\s*(.*?)\s*<[^<>]*>\s*$/.exec(emailFrom)?.[1]?.replace(/^"|"$/g, "") ?? "";
  if (!name) return address;
  // Quoted when it holds what a header reads as structure ("Acme, Support" was two addresses).
  return /^[\p{L}\p{N}!#$%&'*+\-/=?^_`{|}~ ]+$/u.test(name)
    ? `${name} <${address}>`
    : `"${name.replace(/\\?(["\\])/g, "\\$1")}" <${address}>`;
}

/**
 * The email that tells a person their problem is fixed and asks whether it works for them now. For a
 * signal that came by email it is a reply in that thread (Re: subject, In-Reply-To and References),
 * so it lands where they asked; otherwise a fresh email. Pure: same input, same message.
 */
export function buildNotificationEmail(input: NotificationEmailInput): EmailMessage {
  const title = oneLine(input.signal.title);
  const thread = input.signal.channelKind === "email" ? normaliseMessageId(input.signal.threadRef) : null;
  const shipped = `${oneLine(input.product.name)} ${oneLine(input.release.name)}`;
  const subject = thread ? (/^re:/i.test(title) ? title : `Re: ${title}`) : `Fixed in ${shipped}: ${title}`;
  const expires = input.linksExpireAt.toISOString().slice(0, 10);
  const greeting = `Hello ${oneLine(input.contact.name)},`;
  const fixed = `You told us about "${title}". We have shipped a fix for "${oneLine(input.pattern.title)}".`;
  const live = `It is live in ${shipped} (${input.environment}).`;
  const ask = "Does it work for you now? One click is enough:";
  const everything = "See everything you told us and what became of it:";
  const replyToo = input.replyable ? " You can also just reply to this email." : "";
  const text = [
    greeting,
    "",
    fixed,
    live,
    "",
    ask,
    "",
    `  It works now:    ${input.answerLinks.works}`,
    `  Still broken:    ${input.answerLinks.stillBroken}`,
    "",
    `${everything} ${input.customerLink}`,
    "",
    `The links work until ${expires}.${replyToo}`,
    "",
  ].join("\n");
  const link = (href: string, label: string) => `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>`;
  const html = [
    `<p>${escapeHtml(greeting)}</p>`,
    `<p>${escapeHtml(fixed)}<br>${escapeHtml(live)}</p>`,
    `<p>${escapeHtml(ask)}</p>`,
    `<p>${link(input.answerLinks.works, "It works now")} &nbsp;·&nbsp; ${link(input.answerLinks.stillBroken, "Still broken")}</p>`,
    `<p>${escapeHtml(everything)} ${link(input.customerLink, "your page")}</p>`,
    `<p>The links work until ${escapeHtml(expires)}.${replyToo}</p>`,
  ].join("\n");
  return {
    from: input.from,
    to: { name: oneLine(input.contact.name), address: input.contact.email },
    subject,
    messageId: messageIdFor(input.idempotencyKey, input.from),
    ...(thread
      ? { inReplyTo: thread, references: thread }
      : { references: threadIdFor(input.idempotencyKey, input.from) }),
    headers: {
      // RFC 3834: tells mail servers and autoresponders this was sent by a program, so vacation
      // replies are not sent back (they would arrive as new signals); the second is Microsoft's.
      "Auto-Submitted": "auto-generated",
      "X-Auto-Response-Suppress": "All",
    },
    text,
    html,
  };
}

/** What the follow-up to a rolled-back fix says: what its notification said, and which notification it follows. */
export type RolledBackEmailInput = Pick<
  NotificationEmailInput,
  "idempotencyKey" | "from" | "contact" | "signal" | "pattern" | "product" | "release" | "environment"
> & {
  /** The key of the notification it follows: with no email thread of the person's, it replies to that one. */
  notificationKey: string;
};

/**
 * The one short follow-up a person gets when a fix they were told about is rolled back: in the same
 * thread (their email thread, else a reply to the notification), saying they will hear when it is live
 * again. Pure: same input, same message.
 */
export function buildRolledBackEmail(input: RolledBackEmailInput): EmailMessage {
  const title = oneLine(input.signal.title);
  const emailThread = input.signal.channelKind === "email" ? normaliseMessageId(input.signal.threadRef) : null;
  const thread = emailThread ?? messageIdFor(input.notificationKey, input.from);
  const shipped = `${oneLine(input.product.name)} ${oneLine(input.release.name)}`;
  const greeting = `Hello ${oneLine(input.contact.name)},`;
  const said = `We told you the fix for "${title}" (${oneLine(input.pattern.title)}) was live in ${shipped} (${input.environment}).`;
  const back = "That release was rolled back, so the fix is not live for you right now.";
  const again = "We will tell you when it is live again.";
  return {
    from: input.from,
    to: { name: oneLine(input.contact.name), address: input.contact.email },
    subject: /^re:/i.test(title) ? title : `Re: ${title}`,
    messageId: messageIdFor(input.idempotencyKey, input.from),
    inReplyTo: thread,
    // Oldest first: the thread the notification started, then the notification.
    references: emailThread ?? `${threadIdFor(input.notificationKey, input.from)} ${thread}`,
    headers: { "Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All" },
    text: [greeting, "", said, back, again, ""].join("\n"),
    html: [
      `<p>${escapeHtml(greeting)}</p>`,
      `<p>${escapeHtml(said)}</p>`,
      `<p>${escapeHtml(back)} ${escapeHtml(again)}</p>`,
    ].join("\n"),
  };
}
