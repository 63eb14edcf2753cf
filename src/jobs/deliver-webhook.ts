import { TargetRefused } from "../integrations/webhooks/guarded-agent.js";
import { sendWebhook } from "../integrations/webhooks/send-webhook.js";
import { type DeliveryContext, type OutboxRow, PermanentDeliveryError } from "./outbox-handler.js";

/**
 * Sends one outbox row's signed webhook (a notification's or an event's). A private target stays
 * private: retrying cannot help, so a refused target is a dead letter at once.
 */
export async function deliverWebhook(
  row: OutboxRow,
  context: DeliveryContext,
  target: { url: string; secret: string; allowPrivateNetwork: boolean; body: unknown },
): Promise<void> {
  try {
    await sendWebhook({
      allowPrivateNetwork: target.allowPrivateNetwork,
      url: target.url,
      secret: target.secret,
      body: JSON.stringify(target.body),
      idempotencyKey: row.idempotency_key,
      deliveryId: row.id,
      nowMs: context.nowMs,
      timeoutMs: context.webhookTimeoutMs,
    });
  } catch (error) {
    const refused = [error, (error as { cause?: unknown })?.cause].find((e) => e instanceof TargetRefused);
    if (refused instanceof TargetRefused) throw new PermanentDeliveryError(refused.message);
    throw error;
  }
}
