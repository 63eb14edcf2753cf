import { z } from "zod";
import { AppError, notFound } from "../../core/errors.js";
import { storableJsonBody } from "../../core/utf8.js";
import { uuid } from "../../core/uuid.js";
import { discoursePostEvent, discourseTopicEvent } from "../../integrations/forum/discourse-payload.js";
import { verifyDiscourseSignature } from "../../integrations/forum/discourse-signature.js";
import { type ForumEvent, receiveForumEvent } from "../../services/receive-forum-event.js";
import { recordChannelRefusal } from "../../services/record-channel-refusal.js";
import { openSecret } from "../../services/secret-keys.js";
import { parseInput } from "../errors.js";
import { type Route, route } from "../route.js";

const header = (value: string | string[] | undefined) => (typeof value === "string" ? value : undefined);

/** What Loopwork answers Discourse: what became of the event (Discourse only needs the 2xx). */
const forumAnswer = z
  .object({
    status: z
      .enum(["created", "joined", "duplicate", "stale", "ignored"])
      .describe(
        "created: a new signal; joined: a message of a signal's conversation; duplicate: this event, topic or post was taken before; stale: its topic or post is older than the 30-day replay window (a replay: not applied); ignored: an event or post Loopwork does not take (reason).",
      ),
    signalId: uuid().nullable().optional(),
    messageId: uuid().nullable().optional(),
    reason: z.string().optional(),
  })
  .meta({ id: "ForumEventOutcome" });

/** Parses the body of the events Loopwork takes; other events are answered and ignored unread. */
function parseEvent(id: string | undefined, name: string, json: unknown): ForumEvent {
  if (name === "topic_created") {
    return { id, kind: name, body: parseInput("body", discourseTopicEvent, json) };
  }
  if (name === "post_created") {
    return { id, kind: name, body: parseInput("body", discoursePostEvent, json) };
  }
  return { id, kind: "other", name };
}

/** Discourse webhooks into a forum channel: topics become signals, posts in their topics conversation. */
export function forumWebhookRoutes(): Route[] {
  return [
    route({
      method: "POST",
      url: "/channels/:id/discourse",
      summary:
        "Receive a Discourse webhook (Topic and Post events) into a forum channel, signed with the channel's webhookSecret (X-Discourse-Event-Signature: sha256=HMAC(secret, body)); topic_created makes a signal, post_created in its topic a message of its conversation; X-Discourse-Event-Id makes a redelivery change nothing, and a topic or post made more than 30 days ago is stale (docs/CHANNELS.md)",
      tag: "channels",
      params: z.object({ id: uuid() }),
      body: z.record(z.string(), z.unknown()).describe("A Discourse webhook body: { topic: … } or { post: … }"),
      access: "public",
      rawBody: true,
      operationId: "receiveDiscourseWebhook",
      response: forumAnswer,
      errors: [401],
      handler: async ({ params, body, request }, { db }) => {
        const [channel] = await db.query<{
          id: string;
          secret: string | null;
          forum_url: string | null;
          api_username: string | null;
        }>(
          `select id, config->>'webhookSecret' as secret, config->>'forumUrl' as forum_url,
                  config->>'forumApiUsername' as api_username
             from channels where id = $1 and kind = 'forum'`,
          [params.id],
        );
        // A channel that takes no Discourse webhooks looks like no channel at all to an unauthenticated caller.
        if (!channel?.secret) throw notFound("forum channel", params.id, "params.id");
        const raw = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
        const secret = openSecret(channel.secret) ?? "";
        // Verified over the exact bytes, before anything is parsed or written.
        if (!verifyDiscourseSignature(secret, header(request.headers["x-discourse-event-signature"]), raw)) {
          await recordChannelRefusal(
            db,
            channel.id,
            "invalid_signature",
            "A Discourse event's signature did not verify.",
          );
          throw new AppError(
            "invalid_signature",
            "X-Discourse-Event-Signature is missing or is not the HMAC-SHA256 of the body with this channel's webhookSecret.",
          );
        }
        const id = header(request.headers["x-discourse-event-id"]);
        if (id !== undefined && (id.length === 0 || id.length > 100)) {
          throw new AppError("invalid_input", "X-Discourse-Event-Id is 1 to 100 characters.", {
            path: "headers.x-discourse-event-id",
          });
        }
        // Bytes that are no UTF-8 are refused (invalid_json), not decoded into U+FFFD and stored as if sent.
        const json = storableJsonBody(raw);
        const name = header(request.headers["x-discourse-event"]) ?? "";
        const event = parseEvent(id, name, json);
        return receiveForumEvent(
          db,
          { id: channel.id, forumUrl: channel.forum_url, apiUsername: channel.api_username },
          event,
        );
      },
    }),
  ];
}
