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
  /**
   * The message came through the mailing list that is the channel's own address (a Google Group, Mailman
   * or Groups.io list as support@…): its list headers say so, not that it is list traffic (ownList).
   */
  ownList?: boolean;
}

/** What a mailing list's copy says of the list: its posting addresses and its List-Id, lower-case. */
export interface MailingList {
  /** List-Post's mailto: addresses (RFC 2369) and Google Groups' `Mailing-list: list <address>;`. */
  addresses: string[];
  /** The List-Id's identifier without its brackets (RFC 2919): support.acme.example. */
  ids: string[];
}

const headerValue = (line: HeaderLine) => line.line.slice(line.line.indexOf(":") + 1).trim();

/** An address the mail system itself writes from (a bounce, a postmaster's notice). */
export function isMailSystem(address: string): boolean {
  const local = address.split("@")[0]?.toLowerCase() ?? "";
  return local === "mailer-daemon" || local === "postmaster";
}

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
  // Every Precedence a message holds: a list that is our own address puts its "Precedence: list" on every
  // customer's message to it, above the author's own (an out-of-office's "bulk").
  const kinds = input.ownList ? /^(bulk|junk|auto_reply)\b/i : /^(bulk|list|junk|auto_reply)\b/i;
  if (headers.some((h) => h.key === "precedence" && kinds.test(h.value))) return "precedence";
  // RFC 2369 / 2919: a mailing list's copy, not mail to us — unless the list is our own address.
  if (!input.ownList && headers.some((h) => h.key.startsWith("list-") || h.key === "mailing-list")) {
    return "mailing_list";
  }
  // Microsoft's and others' autoresponders, which predate RFC 3834.
  if (headers.some((h) => ["x-autoreply", "x-autorespond", "x-autoresponder"].includes(h.key))) {
    return "autoreply_header";
  }
  const returnPath = first("return-path");
  if (input.envelopeFrom === "" || (returnPath !== undefined && /^<\s*>$/.test(returnPath))) {
    return "empty_return_path";
  }
  if (isMailSystem(input.from ?? "")) return "mailer_daemon";
  // RFC 6522: delivery status notifications and other reports.
  const type = first("content-type");
  if (type && /^multipart\/report\b/i.test(type)) return "delivery_report";
  return null;
}

/**
 * The list a message came through, from its List-Post, List-Id and (Google Groups) Mailing-list headers;
 * null when it names none.
 */
export function mailingListOf(lines: readonly HeaderLine[]): MailingList | null {
  const headers = lines.map((h) => ({ key: h.key.toLowerCase(), value: headerValue(h) }));
  const values = (key: string) => headers.filter((h) => h.key === key).map((h) => h.value);
  const addresses = [
    ...values("list-post").flatMap((v) => [...v.matchAll(/<mailto:([^>?\s]+)/gi)].map((m) => m[1] ?? "")),
    ...values("mailing-list").flatMap((v) =>
      [...v.matchAll(/(?:^|;)\s*list\s+([^\s;]+@[^\s;]+)/gi)].map((m) => m[1] ?? ""),
    ),
  ].map((a) => a.toLowerCase());
  const ids = values("list-id").flatMap((v) => {
    const id = /<([^<>\s]+)>/.exec(v)?.[1] ?? (/^[^\s<>]+$/.test(v) ? v : undefined);
    return id ? [id.toLowerCase()] : [];
  });
  if (addresses.length === 0 && ids.length === 0) return null;
  return { addresses: [...new Set(addresses)], ids: [...new Set(ids)] };
}

/**
 * Whether the list is the one at this address: List-Post names it, or the List-Id is the address with its
 * `@` a dot (support@acme.example is <support.acme.example>, as Google Groups, Mailman and Groups.io write it).
 */
export function isListAt(list: MailingList, address: string): boolean {
  const own = address.toLowerCase();
  return list.addresses.includes(own) || list.ids.includes(own.replace("@", "."));
}
