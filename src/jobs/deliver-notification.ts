import { answerLinks } from "../core/answer-link.js";
import { customerLink, customerLinkTtlMs, signCustomerToken } from "../core/customer-link.js";
import type { Queryable } from "../db/connect.js";
import { buildNotificationEmail, buildRolledBackEmail, senderFor } from "../integrations/email/notification-email.js";
import { forumNotificationPost, forumRolledBackPost } from "../integrations/forum/forum-post-text.js";
import { issueOfUrl, loadGithubChannel } from "../integrations/github/channel.js";
import { buildNotificationComment } from "../integrations/github/notification-comment.js";
import { postIssueComment } from "../integrations/github/post.js";
import { loopworkMarker } from "../services/github/apply-feedback-issue.js";
import { openSecret } from "../services/secret-keys.js";
import { queueFollowUps } from "../services/settle-truth.js";
import type { Tx } from "../services/transaction.js";
import { deliverForumPost, type ForumConfig, postsToForum } from "./deliver-forum-post.js";
import { deliverWebhook } from "./deliver-webhook.js";
import {
  type DeliveryContext,
  DeliveryDeferred,
  type OutboxHandler,
  type OutboxRow,
  PermanentDeliveryError,
} from "./outbox-handler.js";

/** A notification with everything its message says: who, which thread, what shipped where. */
interface NotificationView {
  id: string;
  generation: number;
  first_signal_at: Date;
  created_at: Date;
  pattern_id: string;
  pattern_title: string;
  contact_id: string;
  contact_name: string;
  contact_email: string | null;
  contact_github_login: string | null;
  signal_id: string;
  signal_title: string;
  thread_ref: string | null;
  channel_id: string;
  channel_slug: string;
  channel_kind: string;
  channel_config: {
    webhookUrl?: unknown;
    webhookSecret?: unknown;
    allowPrivateNetwork?: unknown;
    address?: unknown;
    /** Sealed: read here only for whether it is set. */
    imapUrl?: unknown;
  } & ForumConfig;
  deployment_id: string;
  environment: string;
  deployment_finished_at: Date | null;
  release_id: string;
  release_name: string;
  product_id: string;
  product_slug: string;
  product_name: string;
  withdrawn_at: Date | null;
}

/** The notifications of ids with everything their messages say, in one statement. */
async function loadNotifications(db: Queryable, ids: string[]): Promise<NotificationView[]> {
  return db.query<NotificationView>(
    `select n.id, n.generation, n.first_signal_at, n.created_at, n.withdrawn_at,
            p.id as pattern_id, p.title as pattern_title,
            c.id as contact_id, c.name as contact_name, c.email as contact_email, c.github_login as contact_github_login,
            s.id as signal_id, s.title as signal_title, s.thread_ref,
            ch.id as channel_id, ch.slug as channel_slug, ch.kind as channel_kind, ch.config as channel_config,
            d.id as deployment_id, d.environment, d.finished_at as deployment_finished_at,
            r.id as release_id, r.name as release_name,
            pr.id as product_id, pr.slug as product_slug, pr.name as product_name
       from notifications n
       join patterns p on p.id = n.pattern_id
       join contacts c on c.id = n.contact_id
       join signals s on s.id = n.signal_id
       join channels ch on ch.id = s.channel_id
       join deployments d on d.id = n.deployment_id
       join releases r on r.id = d.release_id
       join products pr on pr.id = r.product_id
      where n.id = any($1::uuid[])`,
    [ids],
  );
}

// What preload read for a claimed row, until its delivery takes it. Keyed by the row object: a claim's
// rows are its own, and a row dropped unread (its worker stopped) is collected with it.
const preloaded = new WeakMap<OutboxRow, NotificationView>();

/** Reads the notifications of a claim's rows in one statement instead of one per delivery. */
async function preloadNotifications(db: Queryable, rows: OutboxRow[]): Promise<void> {
  const ids = rows.flatMap((row) => (row.notification_id ? [row.notification_id] : []));
  if (ids.length === 0) return;
  const byId = new Map((await loadNotifications(db, ids)).map((n) => [n.id, n]));
  for (const row of rows) {
    const n = row.notification_id ? byId.get(row.notification_id) : undefined;
    if (n) preloaded.set(row, n);
  }
}

/** The row's notification: as preloaded with its claim, else read now. */
async function notificationOf(db: Queryable, row: OutboxRow, id: string): Promise<NotificationView | undefined> {
  const n = preloaded.get(row);
  if (n) {
    preloaded.delete(row);
    return n;
  }
  return (await loadNotifications(db, [id]))[0];
}

const text = (value: unknown) => (typeof value === "string" && value.trim() ? value.trim() : undefined);

/** Whether an outbox row is the follow-up of a notification whose fix was rolled back. */
const isFollowUp = (row: OutboxRow) => (row.payload as { followUp?: unknown } | null)?.followUp === "rolled_back";

/** The JSON body of a snapback notification webhook: stable field names, documented for receivers. */
function webhookPayload(row: OutboxRow, n: NotificationView, links?: { works: string; stillBroken: string }) {
  return {
    // A follow-up says the fix it told of was rolled back; it carries no answer links.
    type: isFollowUp(row) ? "snapback.rolled_back" : "snapback.notification",
    deliveryId: row.id,
    idempotencyKey: row.idempotency_key,
    notification: { id: n.id, generation: n.generation, firstSignalAt: n.first_signal_at, createdAt: n.created_at },
    pattern: { id: n.pattern_id, title: n.pattern_title },
    contact: { id: n.contact_id, name: n.contact_name, email: n.contact_email },
    signal: { id: n.signal_id, threadRef: n.thread_ref, title: n.signal_title },
    channel: { id: n.channel_id, slug: n.channel_slug, kind: n.channel_kind },
    release: {
      id: n.release_id,
      name: n.release_name,
      product: { id: n.product_id, slug: n.product_slug, name: n.product_name },
      deployment: { id: n.deployment_id, environment: n.environment, finishedAt: n.deployment_finished_at },
    },
    answerLinks: links,
  };
}

/**
 * Sends one queued notification: as a post in the signal's topic when it came from a forum channel, to
 * the channel's webhook when it has one, else by email to the contact (a reply in the thread when the
 * signal came by email). Throws PermanentDeliveryError when
 * there is nowhere to send it, DeliveryDeferred when email is needed but no SMTP server is configured.
 */
export async function deliverNotification(row: OutboxRow, context: DeliveryContext): Promise<void> {
  if (!row.notification_id) throw new PermanentDeliveryError(`Outbox row ${row.id} names no notification.`);
  const n = await notificationOf(context.db, row, row.notification_id);
  if (!n) throw new PermanentDeliveryError(`Notification ${row.notification_id} does not exist.`);
  const followUp = isFollowUp(row);
  // Withdrawn between its claim and now (a rollback): nobody must be asked about a fix that is not live.
  if (n.withdrawn_at && !followUp) {
    throw new PermanentDeliveryError("The fix was rolled back before this was sent: the notification was withdrawn.");
  }
  // Links expire relative to the notification, not the attempt: every retry sends the same links
  // (and the same webhook body), so a receiver deduping by content sees one message.
  const expiresAt = Math.floor((n.created_at.getTime() + context.answerLinkTtlMs) / 1000);
  const links = answerLinks(context.answerLinkSecret, context.config.publicUrl, n.id, expiresAt);
  // A signal from a GitHub issue is answered there, as a comment (docs/CHANNELS.md "GitHub").
  if (n.channel_kind === "github" && issueOfUrl(n.thread_ref)) {
    await commentOnIssue(row, context, n, followUp);
    return;
  }
  // A signal from a forum topic is answered there, as a post (docs/CHANNELS.md "Forum").
  if (postsToForum(n.channel_kind, n.channel_config) && n.thread_ref) {
    const about = {
      contactName: n.contact_name,
      signalTitle: n.signal_title,
      patternTitle: n.pattern_title,
      productName: n.product_name,
      releaseName: n.release_name,
      environment: n.environment,
    };
    const customer = customerLink(
      context.config.publicUrl,
      signCustomerToken(context.customerLinkSecret, {
        contactId: n.contact_id,
        expiresAt: Math.floor((n.created_at.getTime() + customerLinkTtlMs) / 1000),
      }),
    );
    await deliverForumPost(row, context, {
      channelSlug: n.channel_slug,
      config: n.channel_config,
      topicRef: n.thread_ref,
      raw: followUp ? forumRolledBackPost(about) : forumNotificationPost(about, { ...links, customer }),
    });
    return;
  }
  const webhookUrl = text(n.channel_config.webhookUrl);
  if (webhookUrl) {
    context.useTransport("webhook");
    const secret = text(openSecret(n.channel_config.webhookSecret));
    // Unsigned calls could be forged by anyone who learns the URL: refuse rather than send them.
    if (!secret) throw new PermanentDeliveryError(`Channel ${n.channel_slug} has a webhookUrl but no webhookSecret.`);
    await deliverWebhook(row, context, {
      url: webhookUrl,
      secret,
      allowPrivateNetwork: n.channel_config.allowPrivateNetwork === true,
      body: webhookPayload(row, n, followUp ? undefined : links),
    });
    return;
  }
  if (!n.contact_email) {
    throw new PermanentDeliveryError(
      `Contact ${n.contact_name} (${n.contact_id}) has no email address and channel ${n.channel_slug} has no webhookUrl: there is nowhere to send the notification.`,
    );
  }
  context.useTransport("email");
  const sender = context.email();
  if (!sender) throw new DeliveryDeferred("No SMTP server is configured (SMTP_URL): the email waits in the outbox.");
  // An email channel's own address is the From: the person hears back from where they wrote to.
  const from =
    n.channel_kind === "email"
      ? senderFor(context.config.emailFrom, n.channel_config.address)
      : context.config.emailFrom;
  // What both the notification and its follow-up say: who, which thread, what shipped where.
  const about = {
    idempotencyKey: row.idempotency_key,
    from,
    contact: { name: n.contact_name, email: n.contact_email },
    signal: { title: n.signal_title, threadRef: n.thread_ref, channelKind: n.channel_kind },
    pattern: { title: n.pattern_title },
    product: { name: n.product_name },
    release: { name: n.release_name },
    environment: n.environment,
  };
  if (followUp) {
    await sender.send(buildRolledBackEmail({ ...about, notificationKey: `notification:${n.id}` }));
    return;
  }
  await sender.send(
    buildNotificationEmail({
      ...about,
      // From the channel's own address (senderFor took it) a reply goes to that channel; to the configured
      // sender's, to whichever email channel has it, if any. Either way only if mail reaches the channel.
      replyable: await repliesComeIn(context, from, from !== context.config.emailFrom ? n.channel_config : undefined),
      answerLinks: links,
      linksExpireAt: new Date(expiresAt * 1000),
      // Signed here, never stored; like the answer links, the same on every retry.
      customerLink: customerLink(
        context.config.publicUrl,
        signCustomerToken(context.customerLinkSecret, {
          contactId: n.contact_id,
          expiresAt: Math.floor((n.created_at.getTime() + customerLinkTtlMs) / 1000),
        }),
      ),
    }),
  );
}

/**
 * Whether a reply to `from` ("Name <a@b>" or "a@b") comes back in: an email channel has that address (the
 * notification's own channel, when given), and mail reaches it — through this worker's SMTP listener
 * (LOOPWORK_SMTP_IN_PORT) or the channel's IMAP mailbox. Otherwise the reply bounces or lies unread in a
 * mailbox nobody polls, and "just reply" would be a promise Loopwork does not keep.
 */
async function repliesComeIn(
  context: DeliveryContext,
  from: string,
  ownChannel: { imapUrl?: unknown } | undefined,
): Promise<boolean> {
  const listening = context.config.emailIn?.smtpPort !== undefined;
  if (ownChannel) return listening || ownChannel.imapUrl !== undefined;
  const address = /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from.trim();
  const [channel] = await context.db.query<{ polled: boolean }>(
    `select config ? 'imapUrl' as polled from channels
      where kind = 'email' and lower(config->>'address') = lower($1) limit 1`,
    [address],
  );
  return channel !== undefined && (listening || channel.polled);
}

/**
 * Posts the notification (or its follow-up) as a comment on the signal's GitHub issue, once: the
 * comment carries the row's idempotency key, and a retry finds it instead of posting again.
 */
async function commentOnIssue(row: OutboxRow, context: DeliveryContext, n: NotificationView, followUp: boolean) {
  context.useTransport("github");
  const channel = await loadGithubChannel(context.db, n.channel_id);
  const issue = issueOfUrl(n.thread_ref);
  if (!channel?.token || !issue) {
    throw new PermanentDeliveryError(`Channel ${n.channel_slug} has no githubToken to comment on ${n.thread_ref}.`);
  }
  if (issue.repository.toLowerCase() !== channel.repository.toLowerCase()) {
    throw new PermanentDeliveryError(`${n.thread_ref} is not an issue of ${channel.repository}.`);
  }
  const body = buildNotificationComment({
    login: n.contact_github_login,
    pattern: n.pattern_title,
    product: n.product_name,
    release: n.release_name,
    environment: n.environment,
    rolledBack: followUp,
  });
  // The notification is the comment's record (the conversation shows it): no message is written for it.
  await postIssueComment(channel, issue.number, body, `${loopworkMarker}${row.idempotency_key} -->`);
}

/** The outbox handler of kind 'notification': sends it, then marks the notification sent or failed. */
export const notificationHandler: OutboxHandler = {
  preload: preloadNotifications,
  deliver: deliverNotification,
  delivered: async (tx: Tx, row: OutboxRow) => {
    if (isFollowUp(row)) {
      tx.record({
        entityType: "notification",
        entityId: String(row.notification_id),
        verb: "followed_up",
        after: { reason: "rolled_back", outboxId: row.id, attempts: row.attempts },
      });
      return;
    }
    const [sent] = await tx.query<{ id: string; before: string; withdrawn: boolean }>(
      `update notifications n set status = 'sent', sent_at = now() from notifications old
        where old.id = n.id and n.id = $1 and old.status <> 'sent'
       returning n.id, old.status as before, n.withdrawn_at is not null as withdrawn`,
      [row.notification_id],
    );
    // Sent while a rollback withdrew it: the person heard of a fix that is gone, so they hear that too —
    // unless the fix is live for them again and a newer notification already says so.
    if (sent?.withdrawn) {
      const [newer] = await tx.query(
        `select 1 from notifications n join notifications old on old.id = $1
          where n.pattern_id = old.pattern_id and n.contact_id = old.contact_id and n.id > old.id
            and n.withdrawn_at is null`,
        [sent.id],
      );
      if (!newer) await queueFollowUps(tx, [sent.id]);
    }
    if (sent) {
      tx.record({
        entityType: "notification",
        entityId: sent.id,
        verb: "delivered",
        before: { status: sent.before },
        after: { status: "sent", outboxId: row.id, attempts: row.attempts },
      });
    }
  },
  dead: async (tx: Tx, row: OutboxRow, error: string) => {
    const [failed] = await tx.query<{ id: string }>(
      "update notifications set status = 'failed' where id = $1 and status = 'queued' and withdrawn_at is null returning id",
      [row.notification_id],
    );
    if (failed) {
      tx.record({
        entityType: "notification",
        entityId: failed.id,
        verb: "dead",
        before: { status: "queued" },
        after: { status: "failed", outboxId: row.id, error },
      });
    }
  },
};
