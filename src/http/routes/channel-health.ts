import { z } from "zod";
import { decideOn } from "../../core/access.js";
import { AppError, notFound } from "../../core/errors.js";
import { uuid } from "../../core/uuid.js";
import { channelDelivery, channelHealth } from "../../services/channel-health.js";
import { retryDeadLetter } from "../../services/outbox.js";
import { timestamp } from "../../services/presented.js";
import { resources } from "../../services/resources.js";
import { routeAnswers } from "../answers.js";
import { levelRole, requireChangeable } from "../authorize.js";
import { type Route, route } from "../route.js";

const delivery = z.object({
  id: uuid(),
  kind: z.string(),
  direction: z.enum(["in", "out"]),
  status: z.string(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: timestamp(),
  deliveredAt: timestamp().nullable(),
});
const health = z
  .object({
    channelId: uuid(),
    slug: z.string(),
    kind: z.string(),
    lastInbound: z
      .object({ at: timestamp(), what: z.string() })
      .nullable()
      .describe("The newest thing taken in: a signal, a message of a thread, a GitHub or Discourse event."),
    lastOutbound: z
      .object({ at: timestamp(), what: z.string() })
      .nullable()
      .describe("The newest delivery out that reached its target."),
    outbox: z.object({ pending: z.number().int(), retrying: z.number().int(), dead: z.number().int() }),
    dead: z.array(delivery).describe("The newest dead deliveries (in: replay; out: retry)."),
    recentErrors: z
      .array(z.object({ at: timestamp(), code: z.string(), reason: z.string(), deliveryId: uuid().nullable() }))
      .describe("Refused inbound deliveries (bad signatures, emails not taken in) and delivery errors, newest first."),
  })
  .meta({ id: "ChannelHealth" });

const channelParams = z.object({ id: uuid() });

/**
 * Channel health and replays (docs/CHANNELS.md "Health"). Owners of the channel's loop only: errors
 * quote what targets answered, as an outbox row's lastError does (http/routes/delivery.ts).
 */
export function channelHealthRoutes(): Route[] {
  return [
    route({
      method: "GET",
      url: "/channels/health",
      summary: "The health of every channel the caller owns: last delivery in and out, errors, dead letters",
      tag: "channels",
      access: "manage",
      operationId: "listChannelHealth",
      response: z.object({ items: z.array(health) }),
      handler: async ({ principal }, { db }) => {
        const channels = await db.query<{ id: string; loop_id: string }>(
          "select id, loop_id from channels order by slug",
        );
        const owned = channels.filter(
          (channel) => principal && decideOn(principal, [channel.loop_id], "owner") === "allow",
        );
        const items = [];
        for (const channel of owned) {
          const found = await channelHealth(db, channel.id);
          if (found) items.push(found);
        }
        return { items };
      },
    }),
    route({
      method: "GET",
      url: "/channels/:id/health",
      summary:
        "A channel's health: last delivery in and out, counts of pending, retrying and dead deliveries, recent errors",
      tag: "channels",
      access: "manage",
      params: channelParams,
      operationId: "getChannelHealth",
      response: health,
      authorize: async ({ params, principal }, db) =>
        requireChangeable(db, principal, resources.channel, params.id, {}, levelRole.manage),
      handler: async ({ params }, { db }) => {
        const found = await channelHealth(db, params.id);
        if (!found) throw notFound("channel", params.id);
        return found;
      },
    }),
    route({
      method: "POST",
      url: "/channels/:id/deliveries/:deliveryId/replay",
      summary:
        "Replay a dead inbound delivery of a channel (a GitHub event that failed) or retry a dead outbound one: due again now, with fresh attempts",
      tag: "channels",
      access: "manage",
      params: z.object({ id: uuid(), deliveryId: uuid() }),
      operationId: "replayChannelDelivery",
      response: routeAnswers.outboxEntry,
      authorize: async ({ params, principal }, db) =>
        requireChangeable(db, principal, resources.channel, params.id, {}, levelRole.manage),
      handler: async ({ params, actor }, { db }) => {
        const found = await channelDelivery(db, params.id, params.deliveryId);
        if (!found) throw notFound("delivery of this channel", params.deliveryId, "params.deliveryId");
        if (found.status !== "dead") {
          throw new AppError(
            "invalid_transition",
            `Only a dead delivery can be replayed; this one is ${found.status}.`,
            { path: "params.deliveryId" },
          );
        }
        const { channelLoopId: _, ...entry } = await retryDeadLetter(db, actor, params.deliveryId);
        return entry;
      },
    }),
  ];
}
