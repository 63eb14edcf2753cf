import { buildReplyEmail } from "../integrations/email/reply-email.js";
import { issueOfUrl, loadGithubChannel } from "../integrations/github/channel.js";
import { postIssueComment } from "../integrations/github/post.js";
import { githubCommentKey, loopworkMarker } from "../services/github/apply-feedback-issue.js";
import { forumPostKey } from "../services/receive-forum-event.js";
import { openSecret } from "../services/secret-keys.js";
import type { Tx } from "../services/transaction.js";
import { deliverForumPost, type ForumConfig } from "./deliver-forum-post.js";
import { deliverWebhook } from "./deliver-webhook.js";
import {
  type DeliveryContext,
  DeliveryDeferred,
  type OutboxHandler,
  type OutboxRow,
  PermanentDeliveryError,
} from "./outbox-handler.js";

/** A queued answer with everything its email or webhook says. */
interface ReplyView {
  id: string;
  body: string;
  external_id: string;
  channel_kind: string;
  raw: { from?: unknown } | null;
  author_name: string | null;
  signal_id: string;
  signal_title: string;
  thread_ref: string | null;
  contact_id: string | null;
  contact_name: string | null;
  contact_email: string | null;
  channel_id: string;
  channel_slug: string;
  config: { webhookUrl?: unknown; webhookSecret?: unknown; allowPrivateNetwork?: unknown } & ForumConfig;
}

const messageIdOf = (row: OutboxRow) => {
  const id = (row.payload as { messageId?: unknown } | null)?.messageId;
  if (typeof id !== "string") throw new PermanentDeliveryError(`Outbox row ${row.id} names no message.`);
  return id;
};

const text = (value: unknown) => (typeof value === "string" && value.trim() ? value.trim() : undefined);

/**
 * Sends a builder's answer: by email in the person's thread (the Message-ID kept with the message, so a
 * retry is the same email), as a post in the signal's forum topic, a comment on its GitHub issue, or to the channel's webhook as
 * `signal.reply` when the reply was queued for it.
 */
export async function deliverReply(row: OutboxRow, context: DeliveryContext): Promise<void> {
  const id = messageIdOf(row);
  const [m] = await context.db.query<ReplyView>(
    `select m.id, m.body, m.external_id, m.channel_kind, m.raw, u.name as author_name,
            s.id as signal_id, s.title as signal_title, s.thread_ref,
            c.id as contact_id, c.name as contact_name, c.email as contact_email,
            ch.id as channel_id, ch.slug as channel_slug, ch.config
       from messages m join signals s on s.id = m.signal_id join channels ch on ch.id = s.channel_id
       left join contacts c on c.id = s.contact_id left join users u on u.id = m.author_user_id
      where m.id = $1 and m.direction = 'out'`,
    [id],
  );
  if (!m) throw new PermanentDeliveryError(`Message ${id} does not exist.`);
  if (m.channel_kind === "forum") {
    const postId = await deliverForumPost(row, context, {
      channelSlug: m.channel_slug,
      config: m.config,
      topicRef: m.thread_ref,
      raw: m.body,
    });
    // The message is now known by its post: the post's own webhook (if it comes back) is the same message.
    if (postId !== null) {
      await context.db.query(
        `update messages set external_id = $2 where id = $1 and external_id <> $2
            and not exists (select 1 from messages where channel_kind = 'forum' and external_id = $2)`,
        [m.id, forumPostKey(m.channel_id, postId)],
      );
    }
    return;
  }
  if (m.channel_kind === "github") {
    await commentOnIssue(row, context, m);
    return;
  }
  if (m.channel_kind === "webhook") {
    const url = text(m.config.webhookUrl);
    const secret = text(openSecret(m.config.webhookSecret));
    if (!url || !secret)
      throw new PermanentDeliveryError(`Channel ${m.channel_slug} has no webhookUrl and webhookSecret.`);
    context.useTransport("webhook");
    await deliverWebhook(row, context, {
      url,
      secret,
      allowPrivateNetwork: m.config.allowPrivateNetwork === true,
      body: {
        type: "signal.reply",
        deliveryId: row.id,
        idempotencyKey: row.idempotency_key,
        message: { id: m.id, body: m.body, author: m.author_name },
        signal: { id: m.signal_id, title: m.signal_title, threadRef: m.thread_ref },
        contact: m.contact_id ? { id: m.contact_id, name: m.contact_name, email: m.contact_email } : null,
        channel: { id: m.channel_id, slug: m.channel_slug },
      },
    });
    return;
  }
  if (!m.contact_email) throw new PermanentDeliveryError(`Signal ${m.signal_id} has no contact with an email address.`);
  context.useTransport("email");
  const sender = context.email();
  if (!sender) throw new DeliveryDeferred("No SMTP server is configured (SMTP_URL): the email waits in the outbox.");
  // The thread as the person's mail client knows it: the email that opened it, then every message since.
  const thread = await context.db.query<{ external_id: string; direction: string }>(
    `select external_id, direction from messages
      where signal_id = $1 and channel_kind = 'email' and external_id is not null and id <> $2
        and (direction = 'in' or status = 'sent')
      order by created_at, id`,
    [m.signal_id, m.id],
  );
  const ids = [...(m.thread_ref ? [m.thread_ref] : []), ...thread.map((t) => t.external_id)];
  const answers = thread.filter((t) => t.direction === "in").at(-1)?.external_id ?? m.thread_ref;
  await sender.send(
    buildReplyEmail({
      messageId: m.external_id,
      from: text(m.raw?.from) ?? context.config.emailFrom,
      contact: { name: m.contact_name ?? m.contact_email, email: m.contact_email },
      title: m.signal_title,
      thread: ids,
      answers,
      body: m.body,
    }),
  );
}

/**
 * Posts the answer as a comment on the signal's GitHub issue, once: the comment carries the row's key in
 * Loopwork's marker and a retry finds it there instead of posting again (as snapback's comment does).
 * The message is then known by the comment's id, the id its own issue_comment webhook carries.
 */
async function commentOnIssue(row: OutboxRow, context: DeliveryContext, m: ReplyView): Promise<void> {
  context.useTransport("github");
  const channel = await loadGithubChannel(context.db, m.channel_id);
  const issue = issueOfUrl(m.thread_ref);
  if (!channel?.token || !issue) {
    throw new PermanentDeliveryError(`Channel ${m.channel_slug} has no githubToken to comment on ${m.thread_ref}.`);
  }
  if (issue.repository.toLowerCase() !== channel.repository.toLowerCase()) {
    throw new PermanentDeliveryError(`${m.thread_ref} is not an issue of ${channel.repository}.`);
  }
  const posted = await postIssueComment(channel, issue.number, m.body, `${loopworkMarker}${row.idempotency_key} -->`);
  await context.db.query(
    `update messages set external_id = $2, raw = coalesce(raw, '{}'::jsonb) || $3::jsonb
      where id = $1 and external_id <> $2
        and not exists (select 1 from messages where channel_kind = 'github' and external_id = $2)`,
    [m.id, githubCommentKey(posted.id), JSON.stringify({ url: posted.url, commentId: posted.id })],
  );
}

/** The outbox handler of kind 'reply': sends it, then marks the message sent or failed. */
export const replyHandler: OutboxHandler = {
  deliver: deliverReply,
  delivered: async (tx: Tx, row: OutboxRow) => {
    const [sent] = await tx.query<{ signal_id: string }>(
      "update messages set status = 'sent', sent_at = now() where id = $1 and status <> 'sent' returning signal_id",
      [messageIdOf(row)],
    );
    if (sent) {
      tx.record({
        entityType: "signal",
        entityId: sent.signal_id,
        verb: "reply_delivered",
        after: { messageId: messageIdOf(row), outboxId: row.id, attempts: row.attempts },
      });
    }
  },
  dead: async (tx: Tx, row: OutboxRow, error: string) => {
    const [failed] = await tx.query<{ signal_id: string }>(
      "update messages set status = 'failed' where id = $1 and status = 'queued' returning signal_id",
      [messageIdOf(row)],
    );
    if (failed) {
      tx.record({
        entityType: "signal",
        entityId: failed.signal_id,
        verb: "reply_dead",
        after: { messageId: messageIdOf(row), outboxId: row.id, error },
      });
    }
  },
};
