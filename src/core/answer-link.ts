import { createHmac } from "node:crypto";
import { AppError } from "./errors.js";
import { signatureMatches } from "./signed-link.js";

/** What a person can answer to "does this work for you now?". */
export type Answer = "works" | "still_broken";
export const answers: readonly Answer[] = ["works", "still_broken"];

/** What an answer link proves: this notification's person chose this answer, before expiresAt. */
export interface AnswerClaims {
  notificationId: string;
  answer: Answer;
  /** Unix time in seconds after which the link is refused. */
  expiresAt: number;
}

// The token is "<notification id>.<answer>.<expiry>.<signature>": every part URL-safe, readable in logs.
// The signed text starts with a purpose tag so a MAC made for something else with the same secret
// (a future link kind) can never pass as an answer link.
const purpose = "loopwork.answer-link.v1";
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function mac(secret: Uint8Array, claims: AnswerClaims): Buffer {
  return createHmac("sha256", secret)
    .update(`${purpose}\n${claims.notificationId}\n${claims.answer}\n${claims.expiresAt}`)
    .digest();
}

/** The token for one answer link: the claims and their HMAC-SHA256 under secret. */
export function signAnswerToken(secret: Uint8Array, claims: AnswerClaims): string {
  if (!uuidPattern.test(claims.notificationId)) throw new Error("an answer link needs a lowercase UUID");
  if (!Number.isSafeInteger(claims.expiresAt) || claims.expiresAt < 0) throw new Error("expiresAt: unix seconds");
  const signature = mac(secret, claims).toString("base64url");
  return `${claims.notificationId}.${claims.answer}.${claims.expiresAt}.${signature}`;
}

const refused = () =>
  new AppError("invalid_signature", "This answer link is not valid: it may have been copied incompletely.");

/**
 * The claims of a token signed with secret, checked in constant time: invalid_signature when any part
 * was changed (or it is not a token at all), link_expired when it is authentic but past its expiry.
 */
export function verifyAnswerToken(secret: Uint8Array, token: string, nowMs: number): AnswerClaims {
  const parts = token.split(".");
  if (parts.length !== 4) throw refused();
  const [notificationId = "", answer = "", expiry = "", signature = ""] = parts;
  if (!uuidPattern.test(notificationId) || !answers.includes(answer as Answer) || !/^\d{1,15}$/.test(expiry)) {
    throw refused();
  }
  const claims: AnswerClaims = { notificationId, answer: answer as Answer, expiresAt: Number(expiry) };
  if (!signatureMatches(signature, mac(secret, claims))) throw refused();
  // Expiry only after the signature: an attacker must not learn anything from a forged expiry.
  if (nowMs >= claims.expiresAt * 1000) {
    throw new AppError("link_expired", "This answer link has expired: answer in the original conversation instead.");
  }
  return claims;
}

/** The link a person clicks to answer, on the server people reach at publicUrl. */
export function answerLink(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/answers/${token}`;
}

/** Both answer links of one notification, valid until expiresAt (unix seconds). */
export function answerLinks(
  secret: Uint8Array,
  publicUrl: string,
  notificationId: string,
  expiresAt: number,
): { works: string; stillBroken: string } {
  const link = (answer: Answer) =>
    answerLink(publicUrl, signAnswerToken(secret, { notificationId, answer, expiresAt }));
  return { works: link("works"), stillBroken: link("still_broken") };
}
