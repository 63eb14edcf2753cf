import { z } from "zod";
import { deliverWebhook } from "./deliver-webhook.js";
import { eventData, eventLabel, loadEvent } from "./event-payload.js";
import { type DeliveryContext, type OutboxHandler, type OutboxRow, PermanentDeliveryError } from "./outbox-handler.js";

/** What an outbox row of kind 'event' names (written by services/event-deliveries.ts). */
const payload = z.object({ subscriptionId: z.uuid(), eventId: z.number().int().positive(), type: z.string() });

/**
 * Posts one event to one subscription, signed with its secret as it is now (a rotated secret signs the
 * retries too). A subscription removed meanwhile, or a private target, is a dead letter at once.
 */
export async function deliverEvent(row: OutboxRow, context: DeliveryContext): Promise<void> {
  const parsed = payload.safeParse(row.payload);
  if (!parsed.success) throw new PermanentDeliveryError(`Outbox row ${row.id} names no subscription and event.`);
  const { subscriptionId, eventId, type } = parsed.data;
  const [subscription] = await context.db.query<{
    url: string;
    secret: string;
    allow_private_network: boolean;
    loop_id: string | null;
  }>("select url, secret, allow_private_network, loop_id from webhook_subscriptions where id = $1", [subscriptionId]);
  if (!subscription) throw new PermanentDeliveryError(`The subscription ${subscriptionId} was removed.`);
  const event = await loadEvent(context.db, eventId);
  if (!event) throw new PermanentDeliveryError(`Timeline event ${eventId} does not exist.`);
  context.useTransport("webhook");
  const body = {
    type,
    deliveryId: row.id,
    idempotencyKey: row.idempotency_key,
    subscriptionId,
    event: { ...event, label: await eventLabel(context.db, event) },
    data: await eventData(context.db, event, subscription.loop_id),
  };
  await deliverWebhook(row, context, {
    url: subscription.url,
    secret: subscription.secret,
    allowPrivateNetwork: subscription.allow_private_network,
    body,
  });
}

/** The outbox handler of kind 'event': nothing else to update when it is delivered or dead. */
export const eventHandler: OutboxHandler = {
  deliver: deliverEvent,
  delivered: async () => {},
  dead: async () => {},
};
