import sanitizeHtml from "sanitize-html";
import { cutText } from "../core/cut-text.js";
import { receivedAtFrom } from "../core/received-at.js";
import type { Db } from "../db/connect.js";
import { htmlPolicy } from "../integrations/email/parse-inbound.js";
import {
  createdAtOf,
  type DiscoursePostEvent,
  type DiscourseTopicEvent,
  type ForumAuthor,
  postAuthor,
  topicAuthor,
  topicUrl,
} from "../integrations/forum/discourse-payload.js";
import { forumReplayWindowDays } from "../integrations/forum/replay-window.js";
import { createSignalsAfter } from "./create-signals.js";
import { insertMessage } from "./messages.js";
import { inTransaction, type Tx } from "./transaction.js";

/** The forum channel an event arrived on. */
export interface ForumChannel {
  id: string;
  forumUrl: string | null;
  /** The Discourse user Loopwork posts as: its posts are ours, never taken in. */
  apiUsername: string | null;
}

/** One Discourse webhook delivery, its signature verified and its body parsed (discourse-payload.ts). */
export type ForumEvent = { id: string | undefined } & (
  | { kind: "topic_created"; body: DiscourseTopicEvent }
  | { kind: "post_created"; body: DiscoursePostEvent }
  /** Any other event (ping, topic_edited, post_edited …): answered, and ignored. */
  | { kind: "other"; name: string }
);

/** What became of one event. */
export type ForumOutcome =
  | { status: "created"; signalId: string; messageId: string | null }
  | { status: "joined"; signalId: string; messageId: string }
  | { status: "duplicate"; signalId: string | null }
  /** The topic or post is older than the replay window (replay-window.ts): a replay, applied never. */
  | { status: "stale"; reason: string }
  | { status: "ignored"; reason: string };

/** A topic's signal is known by its topic id within the channel; a post's message by its post id. */
const topicKey = (topicId: number) => `topic:${topicId}`;
/** Post ids are per Discourse site, and messages' external ids per adapter: the channel scopes them. */
export const forumPostKey = (channelId: string, postId: number) => `${channelId}:post:${postId}`;

/**
 * Applies one Discourse event to a forum channel: a new topic becomes a signal (contact: the author, by
 * email when the payload has one, else by forum username), a post in a signal's topic a message of its
 * conversation (the first post also the signal's text). Private messages, whispers, small actions and the
 * channel's own posts are ignored; a redelivered event id, topic or post changes nothing. An event whose
 * topic or post was made before the replay window is stale: its event id may have been forgotten
 * (forget-replay-records.ts), so it is refused by its own signed time, and nothing is written.
 */
export async function receiveForumEvent(db: Db, channel: ForumChannel, event: ForumEvent): Promise<ForumOutcome> {
  if (event.kind !== "other") {
    const madeAt = createdAtOf(event);
    if (madeAt && madeAt.getTime() < Date.now() - forumReplayWindowDays * 86_400_000) {
      const what = event.kind === "topic_created" ? "topic" : "post";
      return {
        status: "stale",
        reason: `the ${what} was made ${madeAt.toISOString()}, more than ${forumReplayWindowDays} days ago: a replay, not applied`,
      };
    }
  }
  if (event.id !== undefined) {
    const [seen] = await db.query("select 1 from forum_events where channel_id = $1 and event_id = $2", [
      channel.id,
      event.id,
    ]);
    if (seen) return { status: "duplicate", signalId: null };
  }
  const outcome = await apply(db, channel, event);
  // Recorded after the work, not with it: a crash in between makes the redelivery apply again, which
  // the topic and post ids make harmless.
  if (event.id !== undefined) {
    await db.query("insert into forum_events (channel_id, event_id) values ($1, $2) on conflict do nothing", [
      channel.id,
      event.id,
    ]);
  }
  return outcome;
}

async function apply(db: Db, channel: ForumChannel, event: ForumEvent): Promise<ForumOutcome> {
  const ours = (username: string) => username.toLowerCase() === channel.apiUsername?.toLowerCase();
  if (event.kind === "topic_created") {
    const { topic } = event.body;
    if (topic.archetype === "private_message") return { status: "ignored", reason: "a private message" };
    const author = topicAuthor({ topic });
    if (author && ours(author.username)) return { status: "ignored", reason: "a topic of the channel's own user" };
    const { signalId, created } = await signalForTopic(db, channel, {
      topicId: topic.id,
      title: topic.title,
      body: "",
      author,
      createdAt: topic.created_at,
    });
    return created ? { status: "created", signalId, messageId: null } : { status: "duplicate", signalId };
  }
  if (event.kind === "post_created") {
    const { post } = event.body;
    if (post.topic_archetype === "private_message") return { status: "ignored", reason: "a private message" };
    if (post.post_type !== 1) return { status: "ignored", reason: `a post of type ${post.post_type}, not a reply` };
    if (ours(post.username)) return { status: "ignored", reason: "a post of the channel's own user" };
    return takePost(db, channel, { post });
  }
  return { status: "ignored", reason: `Loopwork does not take ${event.name} events` };
}

async function takePost(db: Db, channel: ForumChannel, event: DiscoursePostEvent): Promise<ForumOutcome> {
  const { post } = event;
  const author = postAuthor(event);
  let [thread] = await db.query<{ id: string }>("select id from signals where channel_id = $1 and external_id = $2", [
    channel.id,
    topicKey(post.topic_id),
  ]);
  let created = false;
  if (!thread) {
    // The opening post can arrive before its topic_created event: either makes the signal.
    if (post.post_number !== 1) return { status: "ignored", reason: "a post in a topic that is no signal's thread" };
    const made = await signalForTopic(db, channel, {
      topicId: post.topic_id,
      title: post.topic_title ?? `Topic ${post.topic_id}`,
      body: post.raw,
      author,
      createdAt: post.created_at,
    });
    thread = { id: made.signalId };
    created = made.created;
  }
  const signalId = thread.id;
  const messageId = await inTransaction(db, `channel:${channel.id}`, async (tx) => {
    const contactId = await contactFor(tx, channel.id, author);
    const id = await insertMessage(tx, {
      signalId,
      channelKind: "forum",
      direction: "in",
      externalId: forumPostKey(channel.id, post.id),
      authorContactId: contactId,
      body: post.raw,
      html: post.cooked ? sanitizeHtml(post.cooked, htmlPolicy) : null,
      status: "received",
      raw: { postId: post.id, topicId: post.topic_id, postNumber: post.post_number, username: post.username },
    });
    if (!id) return null;
    // A topic_created that came first made the signal without text: the opening post is its text.
    if (post.post_number === 1) {
      await tx.query("update signals set body = $2 where id = $1 and body = ''", [
        signalId,
        cutText(post.raw, 100_000),
      ]);
    } else {
      tx.record({ entityType: "signal", entityId: signalId, verb: "message_received", after: { messageId: id } });
    }
    return id;
  });
  if (!messageId) return { status: "duplicate", signalId };
  return created ? { status: "created", signalId, messageId } : { status: "joined", signalId, messageId };
}

/**
 * The signal of a topic, made when it is not there yet (deduplicated by the topic id), in one transaction
 * with its author's contact: a signal that cannot be written leaves no contact behind.
 */
async function signalForTopic(
  db: Db,
  channel: ForumChannel,
  topic: { topicId: number; title: string; body: string; author: ForumAuthor | undefined; createdAt?: string },
): Promise<{ signalId: string; created: boolean }> {
  const externalId = topicKey(topic.topicId);
  const [seen] = await db.query<{ id: string }>("select id from signals where channel_id = $1 and external_id = $2", [
    channel.id,
    externalId,
  ]);
  if (seen) return { signalId: seen.id, created: false };
  const { author } = topic;
  const [signal] = await createSignalsAfter(db, `channel:${channel.id}`, async (tx) => {
    const contactId = author ? await contactFor(tx, channel.id, author) : null;
    return [
      {
        channelId: channel.id,
        ...(contactId ? { contactId } : {}),
        title: cutText(topic.title.trim(), 500) || `Topic ${topic.topicId}`,
        body: cutText(topic.body, 100_000),
        urgency: "normal",
        threadRef: String(topic.topicId),
        externalId,
        receivedAt: receivedAtFrom(topic.createdAt),
        raw: {
          topicId: topic.topicId,
          ...(channel.forumUrl ? { url: topicUrl(channel.forumUrl, topic.topicId) } : {}),
          ...(author ? { username: author.username } : {}),
        },
        patternIds: [],
        score: 1,
      },
    ];
  });
  if (!signal) throw new Error(`The signal of topic ${topic.topicId} was not written.`);
  return { signalId: String(signal.id), created: true };
}

/**
 * The contact behind a forum user: by email when the payload carries one, else by the username the
 * channel knows them by (contact_handles), made once. The advisory lock makes two concurrent events of
 * one new user make one contact.
 */
async function contactFor(tx: Tx, channelId: string, author: ForumAuthor): Promise<string> {
  const handle = author.username.toLowerCase();
  await tx.query("select pg_advisory_xact_lock(hashtext($1))", [`forum:${channelId}:${handle}`]);
  const [known] = await tx.query<{ contact_id: string }>(
    "select contact_id from contact_handles where channel_id = $1 and handle = $2",
    [channelId, handle],
  );
  if (known) return known.contact_id;
  let contactId: string | undefined;
  if (author.email) {
    const email = author.email.toLowerCase();
    await tx.query(
      `insert into contacts (email, name) values ($1, $2) on conflict ((lower(email))) where email is not null do nothing`,
      [email, cutText(author.name, 200)],
    );
    [{ id: contactId } = { id: undefined }] = await tx.query<{ id: string }>(
      "select id from contacts where lower(email) = $1",
      [email],
    );
  }
  if (!contactId) {
    const [made] = await tx.query<{ id: string }>("insert into contacts (name) values ($1) returning id", [
      cutText(author.name, 200),
    ]);
    contactId = String(made?.id);
    tx.record({
      entityType: "contact",
      entityId: contactId,
      verb: "created",
      after: { forumUsername: author.username },
    });
  }
  await tx.query("insert into contact_handles (channel_id, handle, contact_id) values ($1, $2, $3)", [
    channelId,
    handle,
    contactId,
  ]);
  return contactId;
}
