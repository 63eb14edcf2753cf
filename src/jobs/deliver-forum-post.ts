import {
  createDiscoursePost,
  DiscourseResponseError,
  type DiscourseTarget,
  findMarkedPost,
} from "../integrations/forum/discourse-client.js";
import { deliveryMarker } from "../integrations/forum/forum-post-text.js";
import { TargetRefused } from "../integrations/webhooks/guarded-agent.js";
import { type DeliveryContext, type OutboxRow, PermanentDeliveryError } from "./outbox-handler.js";

/** A forum channel's config as delivery reads it. */
export interface ForumConfig {
  forumUrl?: unknown;
  forumApiKey?: unknown;
  forumApiUsername?: unknown;
  allowPrivateNetwork?: unknown;
}

const text = (value: unknown) => (typeof value === "string" && value.trim() ? value.trim() : undefined);

/** Whether a channel can post to its forum: a forum channel with its site, key and user set. */
export const postsToForum = (kind: string, config: ForumConfig) =>
  kind === "forum" && Boolean(text(config.forumUrl) && text(config.forumApiKey) && text(config.forumApiUsername));

/** What the outbox row remembers of the post it made (payload.post). */
interface RememberedPost {
  id: number | null;
  number: number;
}

const rememberedOf = (row: OutboxRow) => (row.payload as { post?: RememberedPost } | null)?.post;

/**
 * Posts one outbox row's text as a reply in a signal's Discourse topic, once: the post it made is
 * remembered on the row the moment Discourse answers, so a retry after that posts nothing; a retry that
 * finds nothing remembered (the attempt died between Discourse's answer and that write) first looks for
 * the row's marker in the topic. Resolves with the post's id when it is known.
 */
export async function deliverForumPost(
  row: OutboxRow,
  context: DeliveryContext,
  target: { channelSlug: string; config: ForumConfig; topicRef: string | null; raw: string },
): Promise<number | null> {
  const forumUrl = text(target.config.forumUrl);
  const apiKey = text(target.config.forumApiKey);
  const apiUsername = text(target.config.forumApiUsername);
  if (!forumUrl || !apiKey || !apiUsername) {
    throw new PermanentDeliveryError(`Channel ${target.channelSlug} lacks forumUrl, forumApiKey or forumApiUsername.`);
  }
  const topicId = Number(target.topicRef);
  if (!Number.isSafeInteger(topicId) || topicId <= 0) {
    throw new PermanentDeliveryError(`The signal names no Discourse topic (thread ${target.topicRef ?? "none"}).`);
  }
  context.useTransport("forum");
  const remembered = rememberedOf(row);
  if (remembered) return remembered.id;
  const discourse: DiscourseTarget = {
    forumUrl,
    apiKey,
    apiUsername,
    allowPrivateNetwork: target.config.allowPrivateNetwork === true,
    timeoutMs: context.webhookTimeoutMs,
  };
  const marker = deliveryMarker(row.idempotency_key);
  try {
    if (row.attempts > 1) {
      const number = await findMarkedPost(discourse, topicId, marker);
      if (number !== undefined) {
        await remember(context, row, { id: null, number });
        return null;
      }
    }
    const post = await createDiscoursePost(discourse, topicId, `${target.raw}\n\n${marker}`);
    await remember(context, row, { id: post.id, number: post.postNumber });
    return post.id;
  } catch (error) {
    if (error instanceof TargetRefused || (error as { cause?: unknown })?.cause instanceof TargetRefused) {
      throw new PermanentDeliveryError((error as Error).message);
    }
    // 422: Discourse refused the post itself (topic closed or deleted, text invalid); a retry says it again.
    if (error instanceof DiscourseResponseError && error.status === 422) {
      throw new PermanentDeliveryError(error.message);
    }
    throw error;
  }
}

/**
 * Writes the post onto the row at once, in its own statement: it is true whatever becomes of this
 * attempt, and the next attempt must see it. Not fenced by attempts for the same reason.
 */
async function remember(context: DeliveryContext, row: OutboxRow, post: RememberedPost): Promise<void> {
  await context.db.query("update outbox set payload = coalesce(payload, '{}'::jsonb) || $2::jsonb where id = $1", [
    row.id,
    JSON.stringify({ post }),
  ]);
}
