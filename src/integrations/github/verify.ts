import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Whether X-Hub-Signature-256 ("sha256=<hex HMAC of the raw body>") is GitHub's signature of these
 * exact bytes under the channel's secret, compared in constant time. The bytes are signed as they came,
 * never decoded first (a decoder would replace bytes it cannot read, and the HMAC would no longer match).
 * GitHub signs no timestamp and not X-GitHub-Delivery, so a captured delivery verifies forever: the
 * channel keeps a hash of every body it took, and a replay is a duplicate (receive-github-delivery.ts).
 */
export function verifyGithubSignature(secret: string, raw: Buffer, signature: string | undefined): boolean {
  if (!signature?.startsWith("sha256=")) return false;
  const given = Buffer.from(signature, "utf8");
  const expected = Buffer.from(`sha256=${createHmac("sha256", secret).update(raw).digest("hex")}`, "utf8");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
