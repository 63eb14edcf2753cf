import type { EmailInConfig } from "../config.js";
import { isListAt, isMailSystem } from "../core/automatic-mail.js";
import { cutText } from "../core/cut-text.js";
import { receivedAtFrom } from "../core/received-at.js";
import { titleFromText } from "../core/title-from-text.js";
import type { Db, Queryable } from "../db/connect.js";
import { type InboundEmail, parseInboundEmail } from "../integrations/email/parse-inbound.js";
import { consumeRateLimit } from "./consume-rate-limit.js";
import { createSignals } from "./create-signals.js";
import { findThread, insertMessage } from "./messages.js";
import { recordChannelRefusal } from "./record-channel-refusal.js";
import { inTransaction, type Tx } from "./transaction.js";

/** Why a message was not taken in: stable codes (docs/ERRORS.md, "Email in"). */
export type EmailRefusal =
  | "email_too_large"
  | "email_malformed"
  | "email_automatic"
  | "email_no_sender"
  | "email_from_team"
  | "email_no_channel"
  | "email_rate_limited";

/** What became of one inbound message. */
export type ReceiveOutcome =
  | { status: "created" | "joined"; signalId: string; messageId: string }
  | { status: "duplicate"; signalId: string }
  | { status: "refused"; code: EmailRefusal; reason: string };

/** One message as a transport hands it over. */
export interface ReceivedMail {
  raw: Buffer;
  /** SMTP's MAIL FROM ("" for the null sender); undefined over IMAP. */
  envelopeFrom?: string;
  /** SMTP's RCPT TO, lower-case; over IMAP the channel is known instead. */
  recipients?: string[];
  /** The channel whose mailbox it was read from (IMAP). */
  channelId?: string;
  /** The transport stopped reading it at the size limit (SMTP's SIZE): raw is only its start. */
  overSize?: boolean;
}

const refuse = (code: EmailRefusal, reason: string): ReceiveOutcome => ({ status: "refused", code, reason });

/** The email channels that receive at any of these addresses (config.address), first match first. */
export async function emailChannelFor(q: Queryable, addresses: string[]): Promise<string | undefined> {
  if (addresses.length === 0) return undefined;
  const [row] = await q.query<{ id: string }>(
    `select id from channels where kind = 'email' and lower(config->>'address') = any($1::text[])
      order by array_position($1::text[], lower(config->>'address')), id limit 1`,
    [addresses.map((a) => a.toLowerCase())],
  );
  return row?.id;
}

/**
 * Takes one inbound email in: refused (with a stable code) when too large, not a message, automatic,
 * from nobody, to no email channel, or over the sender's limit; a repeat of one already taken in changes
 * nothing; a reply (In-Reply-To / References naming a message of a signal's thread in the same channel)
 * joins that signal's conversation; anything else becomes a new signal from its sender, opened by it.
 */
export async function receiveEmail(db: Db, config: EmailInConfig, mail: ReceivedMail): Promise<ReceiveOutcome> {
  const outcome = await takeEmail(db, config, mail);
  // The channel's health says what was not taken in and why: over IMAP the channel is known, over SMTP
  // it is the one RCPT TO names (the listener takes no mail for other addresses).
  if (outcome.status === "refused") {
    const channelId = mail.channelId ?? (await emailChannelFor(db, mail.recipients ?? []));
    if (channelId) await recordChannelRefusal(db, channelId, outcome.code, outcome.reason);
  }
  return outcome;
}

async function takeEmail(db: Db, config: EmailInConfig, mail: ReceivedMail): Promise<ReceiveOutcome> {
  if (mail.overSize || mail.raw.length > config.maxBytes) {
    return refuse("email_too_large", `The message is larger than the limit of ${config.maxBytes} bytes.`);
  }
  let email: InboundEmail;
  try {
    email = await parseInboundEmail(mail.raw, { attachmentMaxBytes: config.attachmentMaxBytes }, mail.envelopeFrom);
  } catch (error) {
    return refuse("email_malformed", `The message could not be parsed: ${(error as Error).message}`);
  }
  const channelId = mail.channelId ?? (await emailChannelFor(db, [...(mail.recipients ?? []), ...email.to]));
  // A support address run as a Google Group (or a Mailman, Groups.io list) relays every customer's message
  // with list headers: when the list is the channel's own address, they are its customers' mail.
  const own = channelId && email.list ? await addressesOf(db, channelId) : [];
  const ownList = email.list !== null && own.some((address) => email.list !== null && isListAt(email.list, address));
  const automatic = ownList ? email.automaticOwnList : email.automatic;
  // Never a person's signal, and never answered: a reply to an auto-reply starts a mail loop.
  if (automatic) return refuse("email_automatic", `Automatic mail is not taken in (${automatic}).`);
  if (!email.from) return refuse("email_no_sender", "The message has no From address.");
  if (!channelId) return refuse("email_no_channel", "No email channel receives at the addresses it was sent to.");
  const [seen] = await db.query<{ signal_id: string }>(
    "select signal_id from messages where channel_kind = 'email' and external_id = $1",
    [email.messageId],
  );
  if (seen) return { status: "duplicate", signalId: seen.signal_id };
  // The list rewrote From to its own address ("'Jane' via Support" <support@…>, for the author's DMARC):
  // the author is the one it kept aside, never the list — answering the list would answer ourselves.
  const rewritten = ownList && email.list !== null && isListAt(email.list, email.from.address);
  const sentTo = [...email.to, ...(mail.recipients ?? [])];
  const person = rewritten
    ? await listAuthor(db, email.from, email.originalFrom, email.replyTo, sentTo)
    : await personOf(db, email.from, email.replyTo, sentTo);
  if (!person) {
    return refuse("email_no_sender", "The list rewrote From to its own address and named no author (X-Original-From).");
  }
  // A bounce relayed by our own list: the list's From hid the mail system that wrote it.
  if (rewritten && isMailSystem(person.address)) {
    return refuse("email_automatic", "Automatic mail is not taken in (mailer_daemon).");
  }
  // Our own list relays the team's mail too (a reply-all to a customer with the group in Cc): a person
  // with a Loopwork account is the team, not a customer — their copy would file them as one.
  if (ownList && (await hasAccount(db, person.address))) {
    return refuse(
      "email_from_team",
      `${person.address} has a Loopwork account: the team's mail through the channel's own list is not a customer's.`,
    );
  }
  const relayed = person.address !== email.from.address;
  if (config.perSenderPerHour > 0) {
    // Per person; a relay that sends for many people also per sender, at ten times the person's limit —
    // not our own list, which relays every customer's message.
    const limits = [
      { address: person.address, max: config.perSenderPerHour },
      ...(relayed && !rewritten ? [{ address: email.from.address, max: config.perSenderPerHour * 10 }] : []),
    ];
    for (const { address, max } of limits) {
      const outcome = await consumeRateLimit(db, { key: `e:${address}`, max, windowSeconds: 3600 });
      if (!outcome.allowed) {
        return refuse(
          "email_rate_limited",
          `More than ${max} messages from ${address} in an hour; try again in ${outcome.resetSeconds} s.`,
        );
      }
    }
  }
  const actor = `channel:${channelId}`;
  const raw = {
    from: person.address,
    ...(relayed ? { sender: email.from.address } : {}),
    to: email.to,
    date: email.date?.toISOString() ?? null,
    refersTo: email.refersTo.slice(0, 50),
  };
  const thread = await findThread(db, channelId, email.refersTo);
  if (thread) {
    const messageId = await inTransaction(db, actor, async (tx) => {
      const contactId = await contactFor(tx, person);
      const id = await insertMessage(tx, {
        signalId: thread,
        channelKind: "email",
        direction: "in",
        externalId: email.messageId,
        authorContactId: contactId,
        subject: email.subject,
        body: email.body,
        html: email.html,
        status: "received",
        raw,
        attachments: email.attachments,
      });
      if (id) tx.record({ entityType: "signal", entityId: thread, verb: "message_received", after: { messageId: id } });
      return id;
    });
    return messageId ? { status: "joined", signalId: thread, messageId } : { status: "duplicate", signalId: thread };
  }
  // The signal is written first (its own statement) and its opening message next: a crash between the two
  // leaves a signal whose redelivery (SMTP retries, IMAP keeps it unseen) finds it by its externalId and
  // writes the message then.
  const [signal] = await createSignals(db, actor, [
    {
      channelId,
      contact: { email: person.address, name: cutText(person.name, 200) },
      // No subject: the first line of what they wrote, as the widget's messages are titled.
      title: email.subject || titleFromText(email.body) || "(no subject)",
      body: email.body,
      urgency: "normal",
      threadRef: email.messageId,
      externalId: email.messageId,
      receivedAt: receivedAtFrom(email.date),
      patternIds: [],
      score: 1,
    },
  ]);
  const signalId = String(signal?.id);
  const messageId = await inTransaction(db, actor, async (tx) =>
    insertMessage(tx, {
      signalId,
      channelKind: "email",
      direction: "in",
      externalId: email.messageId,
      authorContactId: typeof signal?.contactId === "string" ? signal.contactId : null,
      subject: email.subject,
      body: email.body,
      html: email.html,
      status: "received",
      raw,
      attachments: email.attachments,
    }),
  );
  return messageId ? { status: "created", signalId, messageId } : { status: "duplicate", signalId };
}

/**
 * Who wrote: the one Reply-To address when it names another than From (a contact form's relay writes for
 * its visitor) — unless it is an address the mail was sent to, or an email channel's own (a person asking
 * for answers at the support address would make the channel answer itself) — else the From.
 */
async function personOf(q: Queryable, from: Person, replyTo: Person | null, sentTo: string[]): Promise<Person> {
  if (!replyTo || sentTo.some((address) => address.toLowerCase() === replyTo.address)) return from;
  return (await emailChannelFor(q, [replyTo.address])) ? from : replyTo;
}

type Person = { address: string; name: string };

/**
 * The author of a message our own list rewrote From for: X-Original-From / X-Original-Sender (Google
 * Groups), else the Reply-To it set to the author (Mailman, Groups set to reply to the author) — by the
 * rules of personOf — or null. Named as the rewrite shows them when the header gave only an address.
 */
async function listAuthor(
  q: Queryable,
  from: Person,
  original: Person | null,
  replyTo: Person | null,
  sentTo: string[],
): Promise<Person | null> {
  const shown = /^'?(.+?)'? via .+$/.exec(from.name)?.[1]?.trim();
  const named = (person: Person) => (person.name === person.address && shown ? { ...person, name: shown } : person);
  // Not an address the message went to (the list, a channel's own): as for Reply-To in personOf.
  const sentToIt = (address: string) => sentTo.some((to) => to.toLowerCase() === address);
  if (original && !sentToIt(original.address) && !(await emailChannelFor(q, [original.address]))) {
    return named(original);
  }
  const author = await personOf(q, from, replyTo, sentTo);
  return author.address === from.address ? null : named(author);
}

/**
 * The addresses a list that is an email channel's own may be at, lower-case: the channel's address
 * (config.address) and the list its address is a member of (config.listAddress).
 */
async function addressesOf(q: Queryable, channelId: string): Promise<string[]> {
  const [row] = await q.query<{ addresses: (string | null)[] }>(
    `select array[lower(config->>'address'), lower(config->>'listAddress')] as addresses
       from channels where id = $1 and kind = 'email'`,
    [channelId],
  );
  return (row?.addresses ?? []).filter((a): a is string => a !== null);
}

/** Whether an address is a Loopwork user's (a member of the team). */
async function hasAccount(q: Queryable, address: string): Promise<boolean> {
  const rows = await q.query("select 1 from users where lower(email) = lower($1) limit 1", [address]);
  return rows.length > 0;
}

/** The contact who wrote a reply, found by address or made (with its timeline event). */
async function contactFor(tx: Tx, person: Person): Promise<string | null> {
  const [found] = await tx.query<{ id: string }>("select id from contacts where lower(email) = $1", [person.address]);
  if (found) return found.id;
  const [made] = await tx.query<{ id: string }>(
    `insert into contacts (email, name) values ($1, $2)
     on conflict ((lower(email))) where email is not null do nothing returning id`,
    [person.address, cutText(person.name, 200)],
  );
  if (made) {
    tx.record({ entityType: "contact", entityId: made.id, verb: "created", after: { email: person.address } });
    return made.id;
  }
  // Made meanwhile by another message of theirs, committed since this one looked.
  const [theirs] = await tx.query<{ id: string }>("select id from contacts where lower(email) = $1", [person.address]);
  return theirs?.id ?? null;
}
