import { z } from "zod";
import type { Queryable } from "../db/connect.js";
import { timestamp } from "./presented.js";

/** One entry of a signal's conversation, as the API presents it. */
export const conversationEntry = z
  .object({
    id: z.uuid(),
    /**
     * message: in or out through the channel's adapter; snapback: a notification that the fix is live;
     * rolled_back: the follow-up that a fix they were told of was rolled back.
     */
    type: z.enum(["message", "snapback", "rolled_back"]),
    direction: z.enum(["in", "out"]),
    /** The adapter that carried it (email, github, forum, webhook). */
    channelKind: z.string(),
    externalId: z.string().nullable().describe("The adapter's own id: an email's Message-ID, a comment id."),
    authorContactId: z.uuid().nullable(),
    authorUserId: z.uuid().nullable(),
    subject: z.string().nullable(),
    body: z.string(),
    html: z.string().nullable().describe("Sanitised when it came in: safe to show as it is."),
    status: z.enum(["received", "queued", "sent", "failed"]),
    attachments: z.array(
      z.object({
        id: z.uuid(),
        filename: z.string().nullable(),
        contentType: z.string(),
        size: z.number().int(),
        stored: z.boolean(),
        skippedReason: z.string().nullable(),
      }),
    ),
    createdAt: timestamp(),
    sentAt: timestamp().nullable(),
  })
  .meta({ id: "ConversationEntry" });
export type ConversationEntry = z.infer<typeof conversationEntry>;

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/**
 * A signal's thread, oldest first: the messages in and out (messages table), the snapback
 * notifications sent about it (notifications table) and the follow-ups that a fix was rolled back (the
 * outbox), with the attachments' descriptions (not content). A notification or follow-up cancelled
 * before it was sent (a rollback came first) never reached the thread, so it is not in it.
 */
export async function listConversation(q: Queryable, signalId: string): Promise<ConversationEntry[]> {
  const rows = await q.query<{
    id: string;
    type: "message" | "snapback" | "rolled_back";
    direction: "in" | "out";
    channel_kind: string;
    external_id: string | null;
    author_contact_id: string | null;
    author_user_id: string | null;
    subject: string | null;
    body: string;
    html: string | null;
    status: ConversationEntry["status"];
    attachments: {
      id: string;
      filename: string | null;
      contentType: string;
      size: number;
      stored: boolean;
      skippedReason: string | null;
    }[];
    created_at: Date;
    sent_at: Date | null;
  }>(
    `select m.id, 'message' as type, m.direction, m.channel_kind, m.external_id, m.author_contact_id,
            m.author_user_id, m.subject, m.body, m.html, m.status, m.created_at, m.sent_at,
            coalesce((select jsonb_agg(jsonb_build_object('id', a.id, 'filename', a.filename,
                        'contentType', a.content_type, 'size', a.size, 'stored', a.content is not null,
                        'skippedReason', a.skipped_reason) order by a.id)
                        from attachments a where a.message_id = m.id), '[]'::jsonb) as attachments
       from messages m where m.signal_id = $1
     union all
     select n.id, 'snapback', 'out', 'notification', null, null, null, null, '', null,
            case when n.status = 'sent' then 'sent' when n.status = 'failed' then 'failed' else 'queued' end,
            n.created_at, n.sent_at, '[]'::jsonb
       from notifications n where n.signal_id = $1 and n.status <> 'cancelled'
     union all
     select o.id, 'rolled_back', 'out', 'notification', null, null, null, null, '', null,
            case when o.status = 'delivered' then 'sent' when o.status = 'dead' then 'failed' else 'queued' end,
            o.created_at, o.delivered_at, '[]'::jsonb
       from notifications n join outbox o on o.notification_id = n.id and o.payload->>'followUp' = 'rolled_back'
      where n.signal_id = $1 and o.status <> 'cancelled'
     order by created_at, id`,
    [signalId],
  );
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    direction: r.direction,
    channelKind: r.channel_kind,
    externalId: r.external_id,
    authorContactId: r.author_contact_id,
    authorUserId: r.author_user_id,
    subject: r.subject,
    body: r.body,
    html: r.html,
    status: r.status,
    attachments: r.attachments,
    createdAt: iso(r.created_at) ?? "",
    sentAt: iso(r.sent_at),
  }));
}
