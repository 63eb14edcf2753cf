import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/**
 * The hex HMAC-SHA256 of "<timestamp>.<body>" under secret: what X-Loopwork-Signature carries as
 * "sha256=<hex>". The timestamp is signed too, so a captured request cannot be replayed later with a
 * fresh X-Loopwork-Timestamp.
 */
export function signWebhookBody(secret: string, timestamp: string, body: string | Buffer): string {
  // The body's exact bytes are signed: verifying a received request never re-encodes what arrived.
  return createHmac("sha256", secret).update(`${timestamp}.`).update(body).digest("hex");
}

/** Whether a received webhook is authentic and recent: signature header checked in constant time. */
export function verifyWebhookSignature(
  secret: string,
  request: { timestamp: string | undefined; signature: string | undefined; body: string | Buffer },
  nowMs: number,
  toleranceMs = 5 * 60_000,
): boolean {
  const { timestamp, signature, body } = request;
  if (!timestamp || !/^\d{1,15}$/.test(timestamp) || !signature?.startsWith("sha256=")) return false;
  if (Math.abs(nowMs - Number(timestamp) * 1000) > toleranceMs) return false;
  const given = Buffer.from(signature.slice("sha256=".length), "utf8");
  const expected = Buffer.from(signWebhookBody(secret, timestamp, body), "utf8");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Whether a secret presented as it is (a bearer token) is the channel's, compared in constant time. */
export function sameSecret(given: string, secret: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(secret).digest();
  return timingSafeEqual(a, b);
}

/** "sha256=<hex HMAC-SHA256 of the body's exact bytes>": how GitHub and Discourse sign what they send. */
export function signBody(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/**
 * Whether a "sha256=<hex>" header is signBody of these exact bytes (never a re-encoding of what was
 * parsed), compared in constant time. Neither sender signs a timestamp: a captured delivery verifies
 * forever, and each channel makes a replay change nothing in its own way.
 */
export function verifyBodySignature(secret: string, header: string | undefined, body: Buffer): boolean {
  if (!header?.startsWith("sha256=")) return false;
  const given = Buffer.from(header, "utf8");
  const expected = Buffer.from(signBody(secret, body), "utf8");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
