import { createHash } from "node:crypto";
import EmailReplyParser from "email-reply-parser";
import { type AddressObject, simpleParser } from "mailparser";
import sanitizeHtml from "sanitize-html";
import {
  type AutomaticReason,
  automaticReason,
  type HeaderLine,
  type MailingList,
  mailingListOf,
} from "../../core/automatic-mail.js";
import { cutText } from "../../core/cut-text.js";
import { isPlainAddress } from "../../core/email-address.js";
import { storableText } from "../../core/storable-text.js";
import { normaliseMessageId } from "./notification-email.js";

/** An attachment as it will be stored: its content, or none and the reason it was left out. */
export interface InboundAttachment {
  filename: string | null;
  contentType: string;
  size: number;
  sha256: string;
  content: Buffer | null;
  skippedReason: string | null;
}

/** An inbound email reduced to what a signal and its conversation keep. */
export interface InboundEmail {
  /** Its Message-ID; one derived from its content when it has none (a repeat is still the same message). */
  messageId: string;
  /** In-Reply-To and References, newest first: the messages it answers. */
  refersTo: string[];
  /** The From address (lower-case) and name. */
  from: { address: string; name: string } | null;
  /**
   * The one `Reply-To` address, when it names a plain address other than From (a contact form's relay —
   * WordPress, Formspree — sends From its own no-reply address with the visitor in Reply-To); null when
   * there is none, several, or the From's own. Whether it is the person is receiveEmail's to decide.
   */
  replyTo: { address: string; name: string } | null;
  /** Every address it was sent to (To and Cc), lower-case. */
  to: string[];
  subject: string;
  /** The new text only: quoted history and signature removed. */
  body: string;
  /** Sanitised HTML of the whole message, when it had HTML. */
  html: string | null;
  date: Date | null;
  /** Why it is automatic (never a person's signal), or null. */
  automatic: AutomaticReason | null;
  /** The mailing list it came through (List-Post, List-Id, Mailing-list), or null. */
  list: MailingList | null;
  /** Why it is automatic when that list is the channel's own address (its list headers then say nothing). */
  automaticOwnList: AutomaticReason | null;
  /**
   * Who wrote it, as a list that rewrote From to its own address says: Google Groups keeps the author in
   * X-Original-From ("Jane Doe <jane@…>") and X-Original-Sender (the address). Null when neither names one.
   */
  originalFrom: { address: string; name: string } | null;
  attachments: InboundAttachment[];
}

/** Limits an inbound message is held to. */
export interface ParseLimits {
  attachmentMaxBytes: number;
  /** Attachments kept at most; the rest are listed as left out. */
  maxAttachments?: number;
}

const addressesOf = (value: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(value) ? value : value ? [value] : []).flatMap((a) => a.value);

const bodyMax = 100_000;

/**
 * The Message-IDs an In-Reply-To or References header names, in order. RFC 5322 allows several in
 * In-Reply-To, and older clients follow it with a comment ("<id> (Ana's message of …)"): each <…> is one;
 * a header without brackets is one bare id.
 */
function messageIdsIn(header: string | undefined): string[] {
  const bracketed = header?.match(/<[^<>\s]+>/g);
  const ids = bracketed ?? [header];
  return ids.flatMap((ref) => normaliseMessageId(ref) ?? []);
}

/** The headers a sender's client writes; the servers on the way add others (Received, Return-Path, …). */
const writtenHeaders = new Set(["from", "reply-to", "to", "cc", "subject", "date", "in-reply-to", "references"]);

/**
 * A digest of what the sender wrote — the headers their client set and the body — for a message that has
 * no Message-ID. Not of the raw bytes: each way a message comes adds to them (the mailbox's server puts
 * Return-Path, Delivered-To, Received and its spam verdict on top of the copy read over IMAP; the copy a
 * forwarding rule sends to the SMTP listener has its own), and one message seen both ways must be one.
 * Headers are unfolded, their whitespace and order ignored; line endings and trailing blank lines too.
 * Two messages with the same headers — Date to the second — and the same body are one.
 */
function writtenDigest(raw: Buffer): string {
  const text = raw.toString("latin1").replace(/\r\n/g, "\n");
  const end = text.indexOf("\n\n");
  const head = end === -1 ? text : text.slice(0, end);
  const body = end === -1 ? "" : text.slice(end + 2);
  const headers = head
    .replace(/\n[ \t]+/g, " ")
    .split("\n")
    .flatMap((line) => {
      const colon = line.indexOf(":");
      const name = line.slice(0, colon).trim().toLowerCase();
      return colon > 0 && writtenHeaders.has(name)
        ? [
            `${name}:${line
              .slice(colon + 1)
              .replace(/\s+/g, " ")
              .trim()}`,
          ]
        : [];
    })
    .sort();
  return createHash("sha256")
    .update(headers.join("\n"))
    .update("\n\n")
    .update(body.replace(/[ \t]+\n/g, "\n").replace(/\s+$/, ""), "latin1")
    .digest("hex");
}

/** The author a list's rewrite kept aside: X-Original-From, else X-Original-Sender; a plain address only. */
function originalAuthor(lines: readonly HeaderLine[]): { address: string; name: string } | null {
  for (const key of ["x-original-from", "x-original-sender"]) {
    const line = lines.find((h) => h.key.toLowerCase() === key)?.line;
    if (!line) continue;
    const value = line
      .slice(line.indexOf(":") + 1)
      .replace(/\s+/g, " ")
      .trim();
    const bracketed = /^(.*?)<([^<>\s]+)>$/.exec(value);
    const address = (bracketed ? bracketed[2] : value)?.toLowerCase() ?? "";
    if (!isPlainAddress(address)) continue;
    const name = (bracketed?.[1] ?? "")
      .trim()
      .replace(/^"(.*)"$/, "$1")
      .trim();
    return { address: storableText(address), name: storableText(name || address) };
  }
  return null;
}

/** Only what reads as a message survives: no scripts, styles, forms, remote images or event handlers. */
export const htmlPolicy: sanitizeHtml.IOptions = {
  allowedTags: sanitizeHtml.defaults.allowedTags,
  allowedAttributes: { a: ["href", "title", "rel"], td: ["colspan", "rowspan"], th: ["colspan", "rowspan"] },
  allowedSchemes: ["http", "https", "mailto"],
  transformTags: { a: sanitizeHtml.simpleTransform("a", { rel: "noopener noreferrer nofollow" }) },
};

/**
 * Parses a raw message (mailparser), tells automatic mail apart (core/automatic-mail.ts), keeps the new
 * text of a reply (email-reply-parser: quoted history and signature go), sanitises its HTML
 * (sanitize-html) and keeps attachments up to the limit. Throws only when the bytes are not a message.
 */
export async function parseInboundEmail(
  raw: Buffer,
  limits: ParseLimits,
  envelopeFrom?: string,
): Promise<InboundEmail> {
  const mail = await simpleParser(raw, { skipImageLinks: true });
  const from = addressesOf(mail.from)[0];
  const address = from?.address?.trim().toLowerCase();
  const replies = addressesOf(mail.replyTo);
  const replyAddresses = [...new Set(replies.flatMap((a) => (a.address ? [a.address.trim().toLowerCase()] : [])))];
  const [replyAddress] = replyAddresses;
  const replyTo =
    address && replyAddresses.length === 1 && replyAddress && replyAddress !== address && isPlainAddress(replyAddress)
      ? { address: replyAddress, name: replies.find((a) => a.address?.trim().toLowerCase() === replyAddress)?.name }
      : undefined;
  const text = mail.text ?? "";
  const visible = text ? new EmailReplyParser().parseReply(text).trim() : "";
  const refersTo = [
    ...messageIdsIn(mail.inReplyTo),
    ...messageIdsIn(typeof mail.references === "string" ? mail.references : mail.references?.join(" ")).reverse(),
  ];
  const maxAttachments = limits.maxAttachments ?? 20;
  const attachments = mail.attachments.map((a, i): InboundAttachment => {
    const sha256 = createHash("sha256").update(a.content).digest("hex");
    const filename = a.filename === undefined ? null : storableText(a.filename);
    const base = { filename, contentType: storableText(a.contentType), size: a.size, sha256 };
    if (a.size > limits.attachmentMaxBytes) {
      return {
        ...base,
        content: null,
        skippedReason: `larger than the limit of ${limits.attachmentMaxBytes} bytes (LOOPWORK_EMAIL_ATTACHMENT_MAX_BYTES)`,
      };
    }
    if (i >= maxAttachments)
      return { ...base, content: null, skippedReason: `more than ${maxAttachments} attachments` };
    return { ...base, content: a.content, skippedReason: null };
  });
  return {
    messageId: normaliseMessageId(mail.messageId) ?? `<sha256.${writtenDigest(raw)}@loopwork.invalid>`,
    refersTo: [...new Set(refersTo)],
    from: address ? { address: storableText(address), name: storableText(from?.name?.trim() || address) } : null,
    replyTo: replyTo
      ? { address: storableText(replyTo.address), name: storableText(replyTo.name?.trim() || replyTo.address) }
      : null,
    to: [...addressesOf(mail.to), ...addressesOf(mail.cc)].flatMap((a) =>
      a.address ? [a.address.trim().toLowerCase()] : [],
    ),
    // Mail may hold what the database cannot store (NUL bytes, half an emoji): replaced; the limits cut
    // between characters (cutText).
    subject: storableText(cutText((mail.subject ?? "").replace(/\s+/g, " ").trim(), 500)),
    body: storableText(cutText(visible || text.trim(), bodyMax)),
    html: typeof mail.html === "string" ? storableText(sanitizeHtml(mail.html, htmlPolicy)) : null,
    date: mail.date ?? null,
    automatic: automaticReason({ headers: mail.headerLines, envelopeFrom, from: address }),
    list: mailingListOf(mail.headerLines),
    automaticOwnList: automaticReason({ headers: mail.headerLines, envelopeFrom, from: address, ownList: true }),
    originalFrom: originalAuthor(mail.headerLines),
    attachments,
  };
}
