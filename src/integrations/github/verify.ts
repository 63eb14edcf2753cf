import { verifyBodySignature } from "../webhooks/signature.js";

/**
 * Whether X-Hub-Signature-256 ("sha256=<hex HMAC of the raw body>") is GitHub's signature of these
 * exact bytes under the channel's secret (verifyBodySignature). The bytes are signed as they came, never
 * decoded first (a decoder would replace bytes it cannot read, and the HMAC would no longer match).
 * GitHub signs no timestamp and not X-GitHub-Delivery, so a captured delivery verifies forever: the
 * channel keeps a hash of every body it took, and a replay is a duplicate (receive-github-delivery.ts).
 */
export function verifyGithubSignature(secret: string, raw: Buffer, signature: string | undefined): boolean {
  return verifyBodySignature(secret, signature, raw);
}
