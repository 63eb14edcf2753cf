import { escapeHtml } from "../../core/html.js";
import { type EmailMessage, normaliseMessageId } from "./notification-email.js";

/** What a builder's answer to a signal says and which thread it goes in. */
export interface ReplyEmailInput {
  /** Its Message-ID, kept with the message: every retry is the same email, and replies to it find the thread. */
  messageId: string;
  from: string;
  contact: { name: string; email: string };
  /** The signal's title: the thread's subject. */
  title: string;
  /** The thread's Message-IDs, oldest first (the email that opened it, then every message since). */
  thread: string[];
  /** The newest message the person sent in it: what this answers. */
  answers: string | null;
  body: string;
}

const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();

/**
 * A builder's answer as an email in the person's thread: "Re:" the subject, In-Reply-To the message it
 * answers, References the thread (at most the first and the 19 newest ids, as mail clients trim). A
 * person wrote it, so it carries no Auto-Submitted header: the person's reply is welcome. Pure.
 */
export function buildReplyEmail(input: ReplyEmailInput): EmailMessage {
  const title = oneLine(input.title);
  const ids = [...new Set(input.thread.flatMap((ref) => normaliseMessageId(ref) ?? []))];
  const references = ids.length > 20 ? [ids[0], ...ids.slice(-19)] : ids;
  const answers = normaliseMessageId(input.answers) ?? ids.at(-1);
  const paragraphs = input.body.trim().split(/\n{2,}/);
  return {
    from: input.from,
    to: { name: oneLine(input.contact.name), address: input.contact.email },
    subject: /^re:/i.test(title) ? title : `Re: ${title}`,
    messageId: input.messageId,
    ...(answers ? { inReplyTo: answers, references: references.join(" ") } : {}),
    headers: {},
    text: `${input.body.trim()}\n`,
    html: paragraphs.map((p) => `<p>${escapeHtml(p).replace(/\n/g, "<br>")}</p>`).join("\n"),
  };
}
