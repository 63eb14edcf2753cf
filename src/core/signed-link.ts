import { timingSafeEqual } from "node:crypto";

/**
 * Whether a link's base64url signature is exactly the expected MAC. One token, one spelling: base64url
 * decoding ignores stray characters, re-encoding does not. The length is public; the bytes are compared
 * in constant time (=== would leak how long a prefix matched).
 */
export function signatureMatches(signature: string, expected: Buffer): boolean {
  const given = Buffer.from(signature, "base64url");
  return (
    given.toString("base64url") === signature && given.length === expected.length && timingSafeEqual(given, expected)
  );
}
