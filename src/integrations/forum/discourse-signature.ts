import { signBody, verifyBodySignature } from "../webhooks/signature.js";

/** "sha256=<hex>": the X-Discourse-Event-Signature Discourse sends, the HMAC-SHA256 of the body's exact bytes. */
export const signDiscourseBody = signBody;

/**
 * Whether a Discourse webhook is signed with the channel's secret (verifyBodySignature). Discourse signs no
 * timestamp, so a captured delivery can be replayed; X-Discourse-Event-Id and the topic and post ids make
 * a replay change nothing.
 */
export function verifyDiscourseSignature(secret: string, header: string | undefined, body: Buffer): boolean {
  return verifyBodySignature(secret, header, body);
}
