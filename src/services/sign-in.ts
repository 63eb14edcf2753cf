import { randomBytes } from "node:crypto";
import { AppError } from "../core/errors.js";
import { decoyPasswordHash, hashToken, newToken, verifyPassword } from "../core/secrets.js";
import type { Db, Queryable } from "../db/connect.js";
import { sessionIdleMs, sessionMaxAgeMs } from "./authenticate.js";
import { inTransaction, type Tx } from "./transaction.js";

/** A new browser session: the cookie's value (shown once, stored hashed) and its CSRF token. */
export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  user: { id: string; email: string; name: string; admin: boolean };
}

/** The one answer to every failed sign-in: it never says whether the email or the password was wrong. */
export const signInFailed = () => new AppError("sign_in_failed", "The email or the password is not right.");

/**
 * Signs a person in with email and password. Success and failure both land in the timeline (audit);
 * the password is never stored or recorded, and a stranger's attempt costs the same time as a
 * member's wrong password.
 */
export async function signIn(
  db: Db,
  email: string,
  password: string,
  from: string,
  maxAgeMs = sessionMaxAgeMs,
): Promise<NewSession> {
  await refuseWhileGuessed(db, email);
  const [user] = await db.query<{
    id: string;
    email: string;
    name: string;
    admin: boolean;
    password_hash: string | null;
  }>("select id, email, name, admin, password_hash from users where lower(email) = lower($1)", [email]);
  const matches = await verifyPassword(password, user?.password_hash ?? (await decoyPasswordHash()));
  if (!user?.password_hash || !matches) {
    await inTransaction(db, user ? `user:${user.id}` : "anonymous", async (tx) => {
      tx.record({
        entityType: "user",
        entityId: user?.id ?? "unknown",
        verb: "sign_in_failed",
        after: { email: email.slice(0, 320), from },
      });
    });
    throw signInFailed();
  }
  return inTransaction(db, `user:${user.id}`, async (tx) => {
    const session = await startSession(tx, user.id, maxAgeMs);
    tx.record({ entityType: "user", entityId: user.id, verb: "signed_in", after: { from } });
    return { ...session, user: { id: user.id, email: user.email, name: user.name, admin: user.admin } };
  });
}

/** Failed sign-ins of one email, from anywhere, after which it waits: a slow guesser gets nowhere. */
export const signInFailureLimit = { failures: 20, windowMinutes: 15 };

/**
 * Refuses to even check a password for an email that failed too often lately, from any address and any
 * process (counted in the timeline). The person themself waits too: a guesser can delay a sign-in, never
 * take an account over.
 */
async function refuseWhileGuessed(db: Db, email: string): Promise<void> {
  const [row] = await db.query<{ failures: number; wait: number }>(
    `select count(*)::int as failures,
            ceil(extract(epoch from min(at) + $3::int * interval '1 minute' - now()))::int as wait
       from timeline_events
      where verb = 'sign_in_failed' and at > now() - $3::int * interval '1 minute' and lower(after->>'email') = lower($1)
     having count(*) >= $2`,
    [email, signInFailureLimit.failures, signInFailureLimit.windowMinutes],
  );
  if (row) {
    throw new AppError("rate_limited", "Too many failed sign-ins for this email lately: try again later.", {
      retryAfterSeconds: Math.max(1, row.wait),
    });
  }
}

/**
 * Opens a session for a person inside a transaction (sign-in, or a one-time link just used): it ends
 * after `sessionIdleMs` unused, and `maxAgeMs` after now however much it is used.
 */
export async function startSession(
  tx: Queryable,
  userId: string,
  maxAgeMs = sessionMaxAgeMs,
): Promise<Omit<NewSession, "user">> {
  const token = newToken("lws");
  const csrfToken = randomBytes(24).toString("base64url");
  const [row] = await tx.query<{ expires_at: Date }>(
    `insert into sessions (token_hash, user_id, csrf_token, expires_at, absolute_expires_at)
     values ($1, $2, $3, now() + least($4::bigint, $5::bigint) * interval '1 millisecond',
             now() + $5::bigint * interval '1 millisecond')
     returning expires_at`,
    [hashToken(token), userId, csrfToken, sessionIdleMs, Math.round(maxAgeMs)],
  );
  return { token, csrfToken, expiresAt: row?.expires_at ?? new Date() };
}

/** Ends a session on the server: its cookie is worthless from now on, even if someone kept a copy. */
export async function signOut(tx: Tx, sessionId: string, userId: string): Promise<void> {
  await tx.query("update sessions set ended_at = now() where id = $1 and ended_at is null", [sessionId]);
  tx.record({ entityType: "user", entityId: userId, verb: "signed_out" });
}
