import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Principal } from "../core/access.js";
import { AppError } from "../core/errors.js";
import { clientAddressKey } from "../core/network-address.js";
import type { Db } from "../db/connect.js";
import { principalFromSession, principalFromToken, sessionCookie, sessionIdleMs } from "../services/authenticate.js";

// The scheme is case-insensitive (RFC 9110 §11.1): `bearer lw_…` is the same credential.
const bearer = /^Bearer +([A-Za-z0-9_-]{16,200})$/i;
const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

// One message for every refused credential: it never says whether a token exists, was revoked or expired.
const refused = () =>
  new AppError("unauthenticated", "Sign in, or send a valid API token as Authorization: Bearer <token>.");

/**
 * The principal of a request: an API token (Authorization: Bearer) or a session cookie. A session
 * must also send its CSRF token (X-CSRF-Token) with every change: a page on another site can make
 * the browser send the cookie, but cannot read or send that token. Undefined when no credential came.
 */
export async function authenticate(request: FastifyRequest, db: Db): Promise<Principal | undefined> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const token = bearer.exec(header)?.[1];
    const principal = token ? await principalFromToken(db, token) : undefined;
    if (!principal) throw refused();
    return principal;
  }
  const cookie = request.cookies[sessionCookie];
  if (!cookie) return undefined;
  const principal = await principalFromSession(db, cookie);
  if (!principal) throw refused();
  if (!safeMethods.has(request.method) && !sameSecret(request.headers["x-csrf-token"], principal.csrfToken)) {
    throw new AppError("csrf_failed", "Send the session's CSRF token (from POST or GET /session) as X-CSRF-Token.");
  }
  const { csrfToken: _, ...rest } = principal;
  return rest;
}

function sameSecret(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== "string") return false;
  // Hash both first: equal lengths for timingSafeEqual, and nothing learned from where they differ.
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * Sets the session cookie: HttpOnly (scripts cannot read it), SameSite=Lax, Secure behind HTTPS; the
 * browser keeps it no longer than the session may live.
 */
export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean, maxAgeMs: number): void {
  reply.setCookie(sessionCookie, token, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure,
    maxAge: Math.floor(Math.min(sessionIdleMs, maxAgeMs) / 1000),
  });
}

/** Clears the session cookie in the browser (the session itself is ended on the server). */
export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(sessionCookie, { path: "/" });
}

/** The key a request is rate-limited by: its credential (hashed), else its IP address. */
export function rateLimitKey(request: FastifyRequest): string {
  const credential = request.headers.authorization ?? request.cookies?.[sessionCookie];
  return credential ? `c:${createHash("sha256").update(credential).digest("base64url")}` : clientAddressKey(request.ip);
}
