// Discourse webhook bodies shaped as Discourse sends them. The fields are those of the serializers Discourse
// uses for webhooks: discourse/discourse app/serializers/web_hook_topic_view_serializer.rb (TopicViewSerializer
// without post_stream, details …, plus created_by and last_poster as BasicUserSerializer) and
// app/serializers/web_hook_post_serializer.rb (PostSerializer with raw, topic_title, category_id,
// topic_posts_count, topic_filtered_posts_count, topic_archetype, category_slug). The values follow the
// public example in pacharanero/digital-health-batsignal test-webhook-locally.rb (a real post_created body).
import { randomInt } from "node:crypto";
import { signDiscourseBody } from "../../src/integrations/forum/discourse-signature.js";

/** A forum user as BasicUserSerializer writes them. */
export interface ForumUser {
  id: number;
  username: string;
  name: string;
}

/** A fresh forum user with a unique username. */
export function forumUser(name = "Ana Lima"): ForumUser {
  const id = randomInt(1000, 1_000_000);
  return { id, username: `${name.split(" ")[0]?.toLowerCase()}${id}`, name };
}

const basicUser = (u: ForumUser) => ({
  id: u.id,
  username: u.username,
  name: u.name,
  avatar_template: `/user_avatar/forum.acme.example/${u.username}/{size}/2066_2.png`,
});

/** A fresh topic id. */
export const topicId = () => randomInt(1000, 1_000_000_000);

/** The body of X-Discourse-Event: topic_created. */
export function topicCreated(id: number, title: string, by: ForumUser, archetype = "regular") {
  const at = new Date(Date.now() - 1000).toISOString();
  return {
    topic: {
      tags: [],
      tags_descriptions: {},
      id,
      title,
      fancy_title: title,
      posts_count: 1,
      created_at: at,
      views: 0,
      reply_count: 0,
      like_count: 0,
      last_posted_at: at,
      visible: true,
      closed: false,
      archived: false,
      archetype,
      slug: title.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
      category_id: 5,
      word_count: 12,
      deleted_at: null,
      user_id: by.id,
      featured_link: null,
      pinned_globally: false,
      pinned_at: null,
      pinned_until: null,
      unpinned: null,
      pinned: false,
      highest_post_number: 1,
      deleted_by: null,
      has_deleted: false,
      bookmarked: false,
      participant_count: 1,
      thumbnails: null,
      created_by: basicUser(by),
      last_poster: basicUser(by),
    },
  };
}

/** The body of X-Discourse-Event: post_created. */
export function postCreated(
  post: { id: number; topicId: number; number: number; raw: string; title: string; type?: number; archetype?: string },
  by: ForumUser,
) {
  const at = new Date().toISOString();
  return {
    post: {
      id: post.id,
      name: by.name,
      username: by.username,
      avatar_template: basicUser(by).avatar_template,
      created_at: at,
      cooked: `<p>${post.raw}</p><script>alert(1)</script>`,
      post_number: post.number,
      post_type: post.type ?? 1,
      updated_at: at,
      reply_count: 0,
      reply_to_post_number: null,
      quote_count: 0,
      incoming_link_count: 0,
      reads: 1,
      readers_count: 0,
      score: 0,
      topic_id: post.topicId,
      topic_slug: post.title.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
      topic_title: post.title,
      category_id: 5,
      display_username: by.name,
      primary_group_name: null,
      flair_name: null,
      version: 1,
      user_title: null,
      bookmarked: false,
      raw: post.raw,
      moderator: false,
      admin: false,
      staff: false,
      user_id: by.id,
      hidden: false,
      trust_level: 1,
      deleted_at: null,
      user_deleted: false,
      edit_reason: null,
      wiki: false,
      reviewable_id: null,
      reviewable_score_count: 0,
      reviewable_score_pending_count: 0,
      topic_posts_count: post.number,
      topic_filtered_posts_count: post.number,
      topic_archetype: post.archetype ?? "regular",
      category_slug: "support",
    },
  };
}

/** The headers Discourse sends with an event (Jobs::EmitWebHookEvent), signed with secret. */
export function discourseHeaders(secret: string, body: string | Buffer, event: string, eventId: string | number) {
  return {
    "content-type": "application/json",
    "x-discourse-instance": "https://forum.acme.example",
    "x-discourse-event-id": String(eventId),
    "x-discourse-event-type": event.split("_")[0] ?? event,
    "x-discourse-event": event,
    "x-discourse-event-signature": signDiscourseBody(secret, body),
  };
}
