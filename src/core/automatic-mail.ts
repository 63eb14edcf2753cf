/** One header line as received: its name and the whole line ("Auto-Submitted: auto-replied"). */
export interface HeaderLine {
  key: string;
  line: string;
}

/** Why a message is automatic (RFC 3834 and the conventions around it), as a stable word. */
export type AutomaticReason =
  | "auto_submitted"
  | "precedence"
  | "mailing_list"
  | "empty_return_path"
  | "mailer_daemon"
  | "delivery_report"
  | "autoreply_header";

/** What the message says about itself, plus the SMTP envelope's sender when it came over SMTP. */
export interface AutomaticMailInput {
  headers: readonly HeaderLine[];
  /** The envelope sender (MAIL FROM); "" for the null sender "<>" bounces use; undefined when unknown (IMAP). */
  envelopeFrom?: string;
  /** The From address. */
  from?: string;
}

const headerValue = (line: HeaderLine) => line.line.slice(line.line.indexOf(":") + 1).trim();

/**
 * Why a message was sent by a program rather than a person, or null when nothing says so. Such mail is
 * never ingested as a person's signal nor answered: answering an auto-reply starts a mail loop.
 */
export function automaticReason(input: AutomaticMailInput): AutomaticReason | null {
  const headers = input.headers.map((h) => ({ key: h.key.toLowerCase(), value: headerValue(h) }));
  const first = (key: string) => headers.find((h) => h.key === key)?.value;
  // RFC 3834 §5: anything but "no" means a program sent it.
  const submitted = first("auto-submitted");
  if (submitted && !/^no\b/i.test(submitted)) return "auto_submitted";
  const precedence = first("precedence");
  if (precedence && /^(bulk|list|junk|auto_reply)\b/i.test(precedence)) return "precedence";
  // RFC 2369 / 2919: a mailing list's copy, not mail to us.
  if (headers.some((h) => h.key.startsWith("list-"))) return "mailing_list";
  // Microsoft's and others' autoresponders, which predate RFC 3834.
  if (headers.some((h) => ["x-autoreply", "x-autorespond", "x-autoresponder"].includes(h.key))) {
    return "autoreply_header";
  }
  const returnPath = first("return-path");
  if (input.envelopeFrom === "" || (returnPath !== undefined && /^<\s*>$/.test(returnPath))) {
    return "empty_return_path";
  }
  const local = (input.from ?? "").split("@")[0]?.toLowerCase() ?? "";
  if (local === "mailer-daemon" || local === "postmaster") return "mailer_daemon";
  // RFC 6522: delivery status notifications and other reports.
  const type = first("content-type");
  if (type && /^multipart\/report\b/i.test(type)) return "delivery_report";
  return null;
}
