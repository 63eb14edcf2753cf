import { AppError } from "../core/errors.js";
import { hashPassword, hashToken, newToken } from "../core/secrets.js";
import type { Db, Queryable } from "../db/connect.js";
import { requireGoodPassword, upsertAdmin } from "./create-user.js";
import { type NewSession, startSession } from "./sign-in.js";
import { inTransaction } from "./transaction.js";

/** How long the first-run setup link and an invitation work. */
export const setupLinkTtlMs = 24 * 60 * 60_000;
export const invitationTtlMs = 7 * 24 * 60 * 60_000;

/** What a one-time link that no longer works answers (410), as JSON or, to a browser, as a page. */
export const linkUsed = () =>
  new AppError("link_expired", "This link has expired or was already used: ask for a new one.");

/**
 * At a start with nobody able to sign in as administrator, a fresh one-time link to make the first
 * one (earlier unused setup links stop working). Undefined once an administrator exists: there is
 * never a default password, and the link itself is the only way in until someone uses it.
 */
export async function createSetupLinkIfNeeded(db: Db): Promise<string | undefined> {
  return db.transaction(async (tx) => {
    // Two processes starting at once must not each print a link the other one voids.
    await tx.query("select pg_advisory_xact_lock(7468758)");
    if (await adminExists(tx)) return undefined;
    await tx.query("delete from one_time_links where purpose = 'setup'");
    return insertLink(tx, "setup", null, setupLinkTtlMs);
  });
}

/** Whether someone can sign in as administrator (else a start offers the first-run setup link). */
export async function adminExists(db: Queryable): Promise<boolean> {
  const rows = await db.query("select 1 from users where admin and password_hash is not null limit 1");
  return rows.length > 0;
}

/** A one-time link for a person to set their password (an invitation); the token is shown only now. */
export async function createInvitation(tx: Queryable, userId: string): Promise<{ token: string; expiresAt: Date }> {
  await tx.query("delete from one_time_links where purpose = 'invitation' and user_id = $1", [userId]);
  const token = await insertLink(tx, "invitation", userId, invitationTtlMs);
  return { token, expiresAt: new Date(Date.now() + invitationTtlMs) };
}

async function insertLink(tx: Queryable, purpose: string, userId: string | null, ttlMs: number): Promise<string> {
  const token = newToken("lwl");
  await tx.query(
    `insert into one_time_links (token_hash, purpose, user_id, expires_at)
     values ($1, $2, $3, now() + $4::int * interval '1 millisecond')`,
    [hashToken(token), purpose, userId, ttlMs],
  );
  return token;
}

/** Uses a one-time link once: the row is locked and marked used in the same transaction. */
async function consume(tx: Queryable, token: string, purpose: string): Promise<{ user_id: string | null }> {
  const [link] = await tx.query<{ id: string; user_id: string | null }>(
    `select id, user_id from one_time_links
      where token_hash = $1 and purpose = $2 and used_at is null and expires_at > now() for update`,
    [hashToken(token), purpose],
  );
  if (!link) throw linkUsed();
  await tx.query("update one_time_links set used_at = now() where id = $1", [link.id]);
  return link;
}

/** Whether a one-time link still works (for the page that shows its form). */
export async function linkWorks(db: Queryable, token: string, purpose: "setup" | "invitation"): Promise<boolean> {
  const rows = await db.query(
    "select 1 from one_time_links where token_hash = $1 and purpose = $2 and used_at is null and expires_at > now()",
    [hashToken(token), purpose],
  );
  return rows.length > 0;
}

/** The setup link, used: makes the first administrator and signs them in. */
export async function completeSetup(
  db: Db,
  token: string,
  input: { email: string; name: string; password: string },
  maxAgeMs?: number,
): Promise<NewSession> {
  // A used link says so before anything is said about the password.
  if (!(await linkWorks(db, token, "setup"))) throw linkUsed();
  await requireGoodPassword(input.password, input);
  const passwordHash = await hashPassword(input.password);
  return inTransaction(db, "system:setup", async (tx) => {
    await consume(tx, token, "setup");
    const { id, email, name, admin } = await upsertAdmin(tx, { email: input.email, name: input.name, passwordHash });
    return { ...(await startSession(tx, id, maxAgeMs)), user: { id, email, name, admin } };
  });
}

/** An invitation, used: the person sets their password and is signed in. */
export async function acceptInvitation(
  db: Db,
  token: string,
  password: string,
  maxAgeMs?: number,
): Promise<NewSession> {
  const [person] = await db.query<{ email: string; name: string }>(
    `select u.email, u.name from one_time_links l join users u on u.id = l.user_id
      where l.token_hash = $1 and l.purpose = 'invitation' and l.used_at is null and l.expires_at > now()`,
    [hashToken(token)],
  );
  if (!person) throw linkUsed();
  await requireGoodPassword(password, person);
  const passwordHash = await hashPassword(password);
  return inTransaction(db, "system:invitation", async (tx) => {
    const link = await consume(tx, token, "invitation");
    const [user] = await tx.query<{ id: string; email: string; name: string; admin: boolean }>(
      "update users set password_hash = $2, updated_at = now() where id = $1 returning id, email, name, admin",
      [link.user_id, passwordHash],
    );
    if (!user) throw linkUsed();
    // A new password ends every session of the old one (it may be why the password changed).
    await tx.query("update sessions set ended_at = now() where user_id = $1 and ended_at is null", [user.id]);
    tx.record({ entityType: "user", entityId: user.id, verb: "password_set" });
    return { ...(await startSession(tx, user.id, maxAgeMs)), user };
  });
}
