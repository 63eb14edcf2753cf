import { fetch } from "undici";
import { webhookDispatcher } from "./guarded-agent.js";
import { signWebhookBody } from "./signature.js";

/** One outbound webhook call: where, with which secret, and the outbox row it delivers. */
export interface WebhookRequest {
  url: string;
  secret: string;
  /** The JSON body, already serialized: exactly these bytes are signed and sent. */
  body: string;
  idempotencyKey: string;
  deliveryId: string;
  nowMs: number;
  timeoutMs?: number;
  /** Allow loopback, private and link-local targets (an owner's explicit choice for the channel). */
  allowPrivateNetwork?: boolean;
}

/** A webhook that answered but not with 2xx; the delivery is retried. */
export class WebhookResponseError extends Error {
  constructor(
    readonly status: number,
    detail: string,
  ) {
    super(`The webhook answered ${status}${detail ? `: ${detail}` : ""}`);
    this.name = "WebhookResponseError";
  }
}

/**
 * POSTs a signed JSON body; resolves on 2xx, throws otherwise (network error, timeout, non-2xx). The
 * receiver dedupes by Idempotency-Key: delivery is at-least-once, so the same key may arrive twice.
 */
export async function sendWebhook(request: WebhookRequest): Promise<{ status: number }> {
  const timestamp = String(Math.floor(request.nowMs / 1000));
  // Throws TargetRefused for a private target (SSRF) before anything is sent.
  const dispatcher = webhookDispatcher(new URL(request.url), request.allowPrivateNetwork ?? false);
  const response = await fetch(request.url, {
    dispatcher,
    method: "POST",
    headers: {
      "content-type": "application/json",
      "user-agent": "Loopwork-Webhooks/1",
      "idempotency-key": request.idempotencyKey,
      "x-loopwork-delivery": request.deliveryId,
      "x-loopwork-timestamp": timestamp,
      "x-loopwork-signature": `sha256=${signWebhookBody(request.secret, timestamp, request.body)}`,
    },
    body: request.body,
    // The timeout covers the whole exchange, body included: it must stay under the outbox lock.
    signal: AbortSignal.timeout(request.timeoutMs ?? 10_000),
    // A redirect would send the signed body somewhere nobody configured: refuse it.
    redirect: "error",
  });
  // Read (and bound) the body either way so the connection is released for reuse.
  const text = (await response.text().catch(() => "")).slice(0, 200).replace(/\s+/g, " ").trim();
  if (!response.ok) throw new WebhookResponseError(response.status, text);
  return { status: response.status };
}
