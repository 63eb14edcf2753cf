import { createHmac } from "node:crypto";
import { AppError } from "./errors.js";
import { signatureMatches } from "./signed-link.js";

/** What a customer link proves: whoever holds it may see this contact's own signals until expiresAt. */
export interface CustomerClaims {
  contactId: string;
  /** Unix time in seconds after which the link is refused. */
  expiresAt: number;
}

/** How long an emailed customer link works. */
export const customerLinkTtlMs = 30 * 24 * 60 * 60_000;

// The token is "<contact id>.<expiry>.<signature>", URL-safe. The signed text starts with its own
// purpose tag, and the link is signed with its own secret (customer_link_secret): an answer link's MAC
// can never pass as a customer link, even if both secrets were one.
const purpose = "loopwork.customer-link.v1";
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function mac(secret: Uint8Array, claims: CustomerClaims): Buffer {
  return createHmac("sha256", secret).update(`${purpose}\n${claims.contactId}\n${claims.expiresAt}`).digest();
}

/** The token of one customer link: the claims and their HMAC-SHA256 under secret. */
export function signCustomerToken(secret: Uint8Array, claims: CustomerClaims): string {
  if (!uuidPattern.test(claims.contactId)) throw new Error("a customer link needs a lowercase UUID");
  if (!Number.isSafeInteger(claims.expiresAt) || claims.expiresAt < 0) throw new Error("expiresAt: unix seconds");
  return `${claims.contactId}.${claims.expiresAt}.${mac(secret, claims).toString("base64url")}`;
}

const refused = () =>
  new AppError("invalid_signature", "This link is not valid: it may have been copied incompletely. Ask for a new one.");

/**
 * The claims of a token signed with secret, checked in constant time: invalid_signature when any part
 * was changed (or it is not a token at all), link_expired when it is authentic but past its expiry.
 */
export function verifyCustomerToken(secret: Uint8Array, token: string, nowMs: number): CustomerClaims {
  const parts = token.split(".");
  if (parts.length !== 3) throw refused();
  const [contactId = "", expiry = "", signature = ""] = parts;
  if (!uuidPattern.test(contactId) || !/^\d{1,15}$/.test(expiry)) throw refused();
  const claims: CustomerClaims = { contactId, expiresAt: Number(expiry) };
  if (!signatureMatches(signature, mac(secret, claims))) throw refused();
  // Expiry only after the signature: a forged expiry must teach an attacker nothing.
  if (nowMs >= claims.expiresAt * 1000) {
    throw new AppError("link_expired", "This link has expired: ask for a new one with your email address.");
  }
  return claims;
}

/** The page a customer link opens, on the server people reach at publicUrl. */
export function customerLink(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/customer/${token}`;
}
