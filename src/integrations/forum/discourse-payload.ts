import { z } from "zod";

// The shapes Discourse sends, as far as Loopwork reads them. Source: discourse/discourse
// app/serializers/web_hook_topic_view_serializer.rb (a topic: TopicViewSerializer's fields plus created_by
// and last_poster, BasicUserSerializer: id, username, name, avatar_template) and
// app/serializers/web_hook_post_serializer.rb (a post: PostSerializer's fields with raw, topic_title,
// category_id, topic_archetype). Everything else in them is kept in the signal's raw, not validated.

const id = z.number().int().positive();
const user = z.looseObject({
  id: z.number().int(),
  username: z.string().min(1).max(100),
  name: z.string().max(500).nullish(),
  // Not in Discourse's own serializers; some plugins and proxies add it. Used when it is there.
  email: z.email().max(320).nullish(),
});

/** The body of a `topic` event (topic_created …). */
export const discourseTopicEvent = z.looseObject({
  topic: z.looseObject({
    id,
    title: z.string().min(1).max(1000),
    archetype: z.string().max(40).optional(),
    created_at: z.string().max(60).optional(),
    user_id: z.number().int().optional(),
    created_by: user.optional(),
  }),
});
export type DiscourseTopicEvent = z.infer<typeof discourseTopicEvent>;

/** The body of a `post` event (post_created …). */
export const discoursePostEvent = z.looseObject({
  post: z.looseObject({
    id,
    topic_id: id,
    post_number: z.number().int().positive(),
    // 1 regular, 2 moderator action, 3 small action ("closed the topic"), 4 whisper (staff only).
    post_type: z.number().int().default(1),
    username: z.string().min(1).max(100),
    name: z.string().max(500).nullish(),
    email: z.email().max(320).nullish(),
    raw: z.string().max(200_000).default(""),
    cooked: z.string().max(400_000).optional(),
    created_at: z.string().max(60).optional(),
    topic_title: z.string().max(1000).optional(),
    topic_archetype: z.string().max(40).optional(),
  }),
});
export type DiscoursePostEvent = z.infer<typeof discoursePostEvent>;

/** The person behind a topic or post as Loopwork keeps them. */
export interface ForumAuthor {
  username: string;
  name: string;
  email: string | null;
}

/** The author of a topic event: its created_by (a topic payload names no email). */
export function topicAuthor(event: DiscourseTopicEvent): ForumAuthor | undefined {
  const by = event.topic.created_by;
  if (!by) return undefined;
  return { username: by.username, name: by.name?.trim() || by.username, email: by.email ?? null };
}

/** The author of a post event. */
export function postAuthor(event: DiscoursePostEvent): ForumAuthor {
  const p = event.post;
  return { username: p.username, name: p.name?.trim() || p.username, email: p.email ?? null };
}

/**
 * When the topic or post an event carries was made, as its signed body says (`created_at`): a
 * topic_created or post_created event is sent when it is made, and Discourse redelivers the same body.
 * Undefined when the body names no readable time: its replays change nothing either way (the topic and
 * post ids make them duplicates).
 */
export function createdAtOf(
  event: { kind: "topic_created"; body: DiscourseTopicEvent } | { kind: "post_created"; body: DiscoursePostEvent },
): Date | undefined {
  const time = event.kind === "topic_created" ? event.body.topic.created_at : event.body.post.created_at;
  if (time === undefined) return undefined;
  const at = new Date(time);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

/** A Discourse topic's link, for people reading the signal: <base>/t/<id>. */
export const topicUrl = (forumUrl: string, topicId: number) => `${forumUrl.replace(/\/+$/, "")}/t/${topicId}`;
