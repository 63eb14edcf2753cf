import { createHash } from "node:crypto";
import { z } from "zod";
import { AppError, notFound } from "../../core/errors.js";
import { receivedAtFrom } from "../../core/received-at.js";
import { storableJsonBody } from "../../core/utf8.js";
import { uuid } from "../../core/uuid.js";
import type { Queryable } from "../../db/connect.js";
import { mapPayload, type PayloadMapping } from "../../integrations/webhooks/map-payload.js";
import { sameSecret, verifyWebhookSignature } from "../../integrations/webhooks/signature.js";
import { createSignal, signalInput } from "../../services/create-signals.js";
import { recordChannelRefusal } from "../../services/record-channel-refusal.js";
import { openSecret } from "../../services/secret-keys.js";
import { routeAnswers as answers } from "../answers.js";
import { parseInput } from "../errors.js";
import { refusePrototypeKey } from "../request-body.js";
import { type Route, route } from "../route.js";

/**
 * What a webhook channel receives: a signal, its channel given by the URL. Its `receivedAt` is the
 * sender's clock: any ISO 8601 time is taken, and one that is in the future or before 1970 (a Go or .NET
 * zero time) becomes now (receivedAtFrom), as every channel takes its source's time — never a refusal
 * that the sender's retries would meet forever.
 */
const inboundSignal = signalInput
  .omit({ channelId: true })
  .extend({ receivedAt: z.iso.datetime({ offset: true }).optional() });

/**
 * The sender acts for the channel's loop: like a builder of that loop through POST /signals, it may
 * attach its signal to its loop's patterns (and to patterns no loop owns), never to another loop's.
 */
async function requireOwnPatterns(db: Queryable, loopId: string, patternIds: string[]): Promise<void> {
  if (patternIds.length === 0) return;
  const [foreign] = await db.query<{ id: string }>(
    "select id from patterns where id = any($1::uuid[]) and loop_id is not null and loop_id <> $2 limit 1",
    [patternIds, loopId],
  );
  if (foreign) {
    throw new AppError("forbidden", `Pattern ${foreign.id} belongs to another loop than this channel's.`, {
      path: `body.patternIds.${patternIds.indexOf(foreign.id)}`,
    });
  }
}

const header = (value: string | string[] | undefined) => (typeof value === "string" ? value : undefined);

/**
 * The id that makes a signed request's signal: its own, or the one the same signed bytes came with first.
 * X-Loopwork-Delivery is not signed, so a captured request sent again under a fresh delivery id within
 * the five minutes its signature verifies made another signal each time; its timestamp and body, which
 * the signature covers, are found in webhook_signatures (migration 0060) and it is the first's repeat.
 * One statement: of concurrent replays, one claims the bytes and the others get its id. `release` takes
 * the claim back when the request then fails. A request sent with the secret as a bearer token signs
 * nothing: whoever captured one holds the secret.
 */
async function claimSigned(
  db: Queryable,
  channelId: string,
  headers: Record<string, string | string[] | undefined>,
  raw: Buffer,
  externalId: string,
): Promise<{ externalId: string; release: () => Promise<void> }> {
  const timestamp = header(headers["x-loopwork-timestamp"]);
  const unsigned = { externalId, release: async () => {} };
  if (timestamp === undefined || /^Bearer +/i.test(header(headers.authorization) ?? "")) return unsigned;
  const signed = createHash("sha256").update(`${timestamp}.`).update(raw).digest();
  // `do update` (of nothing), not `do nothing` and a select: a concurrent replay's insert waits for the
  // first's commit and then gets its row back, where a select in the same statement reads the snapshot
  // taken before that commit, finds nothing, and the replay made a signal of its own (on a server's pool;
  // PGlite runs one statement at a time). xmax is 0 only on the row this statement inserted.
  const [first] = await db.query<{ external_id: string; claimed: boolean }>(
    `insert into webhook_signatures as w (channel_id, signed_sha256, external_id) values ($1, $2, $3)
     on conflict (channel_id, signed_sha256) do update set external_id = w.external_id
     returning w.external_id, (w.xmax = 0) as claimed`,
    [channelId, signed, externalId],
  );
  if (!first) throw new Error("webhook_signatures: the claim returned no row");
  if (!first.claimed) return { ...unsigned, externalId: first.external_id };
  return {
    externalId,
    release: async () => {
      await db.query("delete from webhook_signatures where channel_id = $1 and signed_sha256 = $2", [
        channelId,
        signed,
      ]);
    },
  };
}

/**
 * Whether the request comes from who holds the channel's secret: signed (X-Loopwork-Signature over the
 * timestamp and body, for senders that can compute an HMAC), or, for tools that can only add a header (a
 * support desk's or chat tool's webhook), the secret itself as a bearer token. A repeat of either is
 * harmless: the delivery or the item's id makes it the same signal, and a signed request sent again under
 * another delivery id is found by what it signed (claimSigned).
 */
function authentic(secret: string, headers: Record<string, string | string[] | undefined>, raw: Buffer): boolean {
  // The scheme is case-insensitive (RFC 9110 §11.1).
  const bearer = /^Bearer +(.+)$/i.exec(header(headers.authorization) ?? "")?.[1];
  if (bearer !== undefined) return sameSecret(bearer, secret);
  const signed = {
    timestamp: header(headers["x-loopwork-timestamp"]),
    signature: header(headers["x-loopwork-signature"]),
  };
  return verifyWebhookSignature(secret, { ...signed, body: raw }, Date.now());
}

/** Signals pushed by other systems into a channel, signed with the channel's own secret. */
export function channelWebhookRoutes(): Route[] {
  return [
    route({
      method: "POST",
      url: "/channels/:id/webhook",
      summary:
        "Receive a signal, signed with the channel's webhookSecret (X-Loopwork-Signature: sha256=HMAC(secret, '<X-Loopwork-Timestamp>.<body>')) or carrying it (Authorization: Bearer <secret>); the body is a signal, or any JSON the channel's config.mapping reads (docs/CHANNELS.md); X-Loopwork-Delivery or the mapped externalId makes a repeat harmless",
      tag: "channels",
      params: z.object({ id: uuid() }),
      body: inboundSignal,
      access: "public",
      rawBody: true,
      status: 201,
      existingStatus: 200,
      operationId: "receiveChannelWebhook",
      response: answers.webhookSignal,
      // 401: a bad signature; 403: a pattern of another loop named in patternIds.
      errors: [401, 403],
      handler: async ({ params, body, request, reply }, { db }) => {
        const [channel] = await db.query<{
          id: string;
          loop_id: string;
          secret: string | null;
          mapping: PayloadMapping | null;
        }>(
          // Not a GitHub or forum channel: their secret checks GitHub's or Discourse's signature on their own
          // routes, and whoever administers the repository or the forum knows it.
          `select id, loop_id, config->>'webhookSecret' as secret, config->'mapping' as mapping from channels
            where id = $1 and kind not in ('github', 'forum')`,
          [params.id],
        );
        // A channel that takes no webhooks looks like no channel at all to an unauthenticated caller.
        if (!channel?.secret) throw notFound("webhook channel", params.id, "params.id");
        const raw = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
        const secret = openSecret(channel.secret) ?? "";
        if (!authentic(secret, request.headers, raw)) {
          await recordChannelRefusal(db, channel.id, "invalid_signature", "A delivery's signature did not verify.");
          throw new AppError(
            "invalid_signature",
            "The request's signature (or bearer secret) does not verify, or the signature is too old.",
          );
        }
        const delivery = header(request.headers["x-loopwork-delivery"]);
        // An empty one (or only spaces, which HTTP drops) names no delivery: taken, every later delivery
        // sent with it would be a "repeat" of the first, answered 200 and dropped.
        if (delivery !== undefined && (delivery.length === 0 || delivery.length > 200)) {
          throw new AppError("invalid_input", "X-Loopwork-Delivery is 1 to 200 characters.", {
            path: "headers.x-loopwork-delivery",
          });
        }
        // Bytes that are no UTF-8 are refused (invalid_json), not decoded into U+FFFD and stored as if sent.
        const json = storableJsonBody(raw);
        refusePrototypeKey(json);
        const data = parseInput("body", inboundSignal, channel.mapping ? mapPayload(channel.mapping, json) : json);
        if (data.externalId === undefined && delivery === undefined) {
          throw new AppError(
            "invalid_input",
            "Name the delivery in X-Loopwork-Delivery, or give the item's externalId (map it with config.mapping.externalId), so that a repeat is harmless.",
            { path: "headers.x-loopwork-delivery" },
          );
        }
        await requireOwnPatterns(db, channel.loop_id, data.patternIds);
        const signed = await claimSigned(
          db,
          channel.id,
          request.headers,
          raw,
          data.externalId ?? `delivery:${delivery}`,
        );
        // A repeated delivery changes nothing and says so: told by the write (whether it inserted the row),
        // not by a look beforehand, which concurrent repeats would all pass.
        const { signal, duplicate } = await createSignal(db, `channel:${channel.id}`, {
          ...data,
          receivedAt: receivedAtFrom(data.receivedAt),
          channelId: channel.id,
          externalId: signed.externalId,
        }).catch(async (error: unknown) => {
          // Nothing is kept of a request that fails: the claim goes with it.
          await signed.release();
          throw error;
        });
        reply.code(duplicate ? 200 : 201);
        return reply.send({ signal, duplicate });
      },
    }),
  ];
}
