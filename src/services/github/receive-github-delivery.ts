import { createHash } from "node:crypto";
import { AppError, notFound } from "../../core/errors.js";
import { parseStorableJson } from "../../core/storable-text.js";
import type { Db } from "../../db/connect.js";
import { loadGithubChannel } from "../../integrations/github/channel.js";
import { changedAtOf, githubEvents } from "../../integrations/github/payloads.js";
import { githubReplayWindowDays } from "../../integrations/github/replay-window.js";
import { verifyGithubSignature } from "../../integrations/github/verify.js";
import { recordChannelRefusal } from "../record-channel-refusal.js";
import { outboxChannel } from "../transaction.js";

/**
 * What happened to one delivery: queued for a worker, seen before, older than the replay window, or not
 * an event Loopwork maps.
 */
export type GithubDeliveryStatus = "queued" | "duplicate" | "stale" | "ignored" | "pong";

/** The headers of a GitHub webhook request that matter here. */
export interface GithubDeliveryHeaders {
  signature: string | undefined;
  event: string | undefined;
  delivery: string | undefined;
  /** Content-Type: a webhook set to application/x-www-form-urlencoded (GitHub's default) sends `payload=<json>`. */
  contentType?: string | undefined;
}

/**
 * Verifies one webhook delivery of a GitHub channel and queues it (an outbox row of kind github_event,
 * applied by a worker: GitHub gives up after 10 s, so nothing slow happens here). A redelivery (the
 * same X-GitHub-Delivery) or a replay of a captured request (the same signed bytes, whatever delivery id
 * it carries: GitHub does not sign that header) is one row: the channel keeps the SHA-256 of every body
 * it took in the replay window (github_delivery_bodies), and the outbox row's key is the channel and the
 * delivery id. A body whose change is older than that window is stale (replay-window.ts): its hash may be
 * forgotten, so it is refused by its own signed time. Nothing is written unless the signature verifies.
 */
export async function receiveGithubDelivery(
  db: Db,
  channelId: string,
  headers: GithubDeliveryHeaders,
  raw: Buffer,
): Promise<{ delivery: string; event: string; status: GithubDeliveryStatus }> {
  const channel = await loadGithubChannel(db, channelId);
  // A channel that takes no GitHub webhooks looks like no channel at all to an unauthenticated caller.
  if (!channel?.secret) throw notFound("GitHub channel", channelId);
  if (!verifyGithubSignature(channel.secret, raw, headers.signature)) {
    await recordChannelRefusal(db, channel.id, "invalid_signature", "A GitHub delivery's signature did not verify.");
    throw new AppError("invalid_signature", "X-Hub-Signature-256 does not verify with this channel's webhook secret.", {
      path: "headers.x-hub-signature-256",
    });
  }
  const { event, delivery } = headers;
  if (!delivery || delivery.length > 100) {
    throw new AppError("invalid_input", "Name the delivery in X-GitHub-Delivery (at most 100 characters).", {
      path: "headers.x-github-delivery",
    });
  }
  // GitHub's event names: lower-case words joined by `_`, some with digits (projects_v2_item).
  if (!event || !/^[a-z0-9_]{1,60}$/.test(event)) {
    throw new AppError("invalid_input", "Name the event in X-GitHub-Event.", { path: "headers.x-github-event" });
  }
  const text = payloadOf(raw, headers.contentType);
  let body: unknown;
  let stored: string;
  try {
    ({ value: body, text: stored } = parseStorableJson(text));
  } catch {
    throw new AppError("invalid_json", "The delivery's payload is not valid JSON.", {
      path: "body",
    });
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new AppError("invalid_input", "The body must be a JSON object.", { path: "body" });
  }
  if (event === "ping") return { delivery, event, status: "pong" };
  if (!(githubEvents as readonly string[]).includes(event)) return { delivery, event, status: "ignored" };
  const changedAt = changedAtOf(event, body);
  if (changedAt && changedAt.getTime() < Date.now() - githubReplayWindowDays * 86_400_000) {
    return { delivery, event, status: "stale" };
  }
  // The body as it came (parsed above only to refuse what is not a JSON object, or to replace what the
  // database cannot store): no second stringify.
  // One statement: the body's hash and the outbox row are written together, or neither.
  const rows = await db.query<{ id: string }>(
    `with body as (
       insert into github_delivery_bodies (channel_id, body_sha256) values ($2::uuid, $6)
       on conflict do nothing returning 1
     )
     insert into outbox (kind, idempotency_key, payload)
     select 'github_event', $1, jsonb_build_object('channelId', $2::text, 'event', $3::text, 'delivery', $4::text, 'body', $5::jsonb)
      where exists (select 1 from body)
     on conflict (idempotency_key) do nothing
     returning id`,
    [
      `github:${channel.id}:${delivery}`,
      channel.id,
      event,
      delivery,
      stored,
      createHash("sha256").update(raw).digest(),
    ],
  );
  // Woken after commit, one NOTIFY for every delivery of the last few ms (docs/adr/0003): a NOTIFY in
  // each delivery's own commit would make the commits of every web process wait on each other.
  if (rows.length > 0) db.notifyLater(outboxChannel, "");
  return { delivery, event, status: rows.length > 0 ? "queued" : "duplicate" };
}

/**
 * The JSON text of a delivery: the body, or its `payload` field when the webhook's content type is
 * application/x-www-form-urlencoded (GitHub offers both; the signature covers the bytes as sent).
 */
function payloadOf(raw: Buffer, contentType: string | undefined): string {
  if (!contentType?.toLowerCase().startsWith("application/x-www-form-urlencoded")) return raw.toString("utf8");
  const payload = new URLSearchParams(raw.toString("utf8")).get("payload");
  if (payload === null) {
    throw new AppError("invalid_input", "A form-encoded delivery carries its event in the field payload.", {
      path: "body.payload",
    });
  }
  return payload;
}
