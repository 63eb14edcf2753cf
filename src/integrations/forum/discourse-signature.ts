import { createHmac, timingSafeEqual } from "node:crypto";

/** "sha256=<hex>": the X-Discourse-Event-Signature Discourse sends, the HMAC-SHA256 of the body's exact bytes. */
export function signDiscourseBody(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/**
 * Whether a Discourse webhook is signed with the channel's secret: over the exact bytes received (never a
 * re-encoding of what was parsed), compared in constant time. Discourse signs no timestamp, so a captured
 * delivery can be replayed; X-Discourse-Event-Id and the topic and post ids make a replay change nothing.
 */
export function verifyDiscourseSignature(secret: string, header: string | undefined, body: Buffer): boolean {
  if (!header?.startsWith("sha256=")) return false;
  const given = Buffer.from(header, "utf8");
  const expected = Buffer.from(signDiscourseBody(secret, body), "utf8");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
