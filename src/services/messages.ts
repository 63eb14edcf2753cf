import type { Queryable } from "../db/connect.js";
import type { InboundAttachment } from "../integrations/email/parse-inbound.js";

/** One message of a signal's conversation as it is written. */
export interface NewMessage {
  /** Made by the caller when it needs the id before writing (e.g. for a Message-ID); else by the database. */
  id?: string;
  signalId: string;
  channelKind: string;
  direction: "in" | "out";
  externalId: string | null;
  authorContactId?: string | null;
  authorUserId?: string | null;
  subject?: string | null;
  body: string;
  html?: string | null;
  status: "received" | "queued";
  raw?: unknown;
  attachments?: InboundAttachment[];
}

/**
 * Writes a message and its attachments; returns its id, or null when a message with the same external
 * id was already written (a repeated delivery: nothing is written twice).
 */
export async function insertMessage(q: Queryable, m: NewMessage): Promise<string | null> {
  const [row] = await q.query<{ id: string }>(
    `insert into messages (id, signal_id, channel_kind, direction, external_id, author_contact_id, author_user_id,
                           subject, body, html, status, raw)
     values (coalesce($12::uuid, loopwork_uuid()), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     on conflict (channel_kind, external_id) where external_id is not null do nothing
     returning id`,
    [
      m.signalId,
      m.channelKind,
      m.direction,
      m.externalId,
      m.authorContactId ?? null,
      m.authorUserId ?? null,
      m.subject ?? null,
      m.body,
      m.html ?? null,
      m.status,
      m.raw === undefined ? null : JSON.stringify(m.raw),
      m.id ?? null,
    ],
  );
  if (!row) return null;
  for (const a of m.attachments ?? []) {
    await q.query(
      `insert into attachments (message_id, filename, content_type, size, sha256, content, skipped_reason)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [row.id, a.filename, a.contentType, a.size, a.sha256, a.content, a.skippedReason],
    );
  }
  return row.id;
}

/**
 * The signal a message refers to, by the external ids it names (In-Reply-To and References): within one
 * channel, a message of its conversation or the message that opened it; from any channel, a message we
 * sent (a reply, its Message-ID ours) or a snapback notification (whose Message-ID carries the
 * notification's id, see notification-email.ts). A person told by email about a signal they sent through
 * the widget or the API replies to our address: the reply joins that signal's conversation.
 */
export async function findThread(q: Queryable, channelId: string, refs: string[]): Promise<string | undefined> {
  if (refs.length === 0) return undefined;
  const notificationIds = refs.flatMap((ref) => {
    // The notification's Message-ID, or the thread a fresh one starts (threadIdFor): a relay may have
    // replaced the first (Amazon SES does) and passed the References on.
    const id = /^<loopwork\.(?:thread\.)?notification\.([0-9a-f-]{36})@/i.exec(ref)?.[1];
    return id ? [id] : [];
  });
  const [row] = await q.query<{ signal_id: string }>(
    `select s.id as signal_id from signals s
      where s.id in (
        select m.signal_id from messages m join signals ms on ms.id = m.signal_id
         where m.channel_kind = 'email' and m.external_id = any($2::text[])
           and (ms.channel_id = $1 or m.direction = 'out')
        union all
        select x.id from signals x where x.channel_id = $1 and x.external_id = any($2::text[])
        union all
        select n.signal_id from notifications n where n.id = any($3::uuid[]))
      order by s.id limit 1`,
    [channelId, refs, notificationIds],
  );
  return row?.signal_id;
}
