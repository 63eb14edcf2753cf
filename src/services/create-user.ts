import { AppError } from "../core/errors.js";
import { passwordProblem } from "../core/password-rules.js";
import { hashPassword } from "../core/secrets.js";
import type { Db } from "../db/connect.js";
import { createInvitation } from "./one-time-links.js";
import { forgetPrincipals } from "./principal-cache.js";
import { createRecord, type Presented } from "./records.js";
import { resources } from "./resources.js";
import { inTransaction, type Tx } from "./transaction.js";

/**
 * Invites a person: the user is created without a password, with a one-time link (shown only in this
 * answer) where they choose one. Nobody ever picks a password for someone else.
 */
export async function createUser(
  tx: Tx,
  input: { email: string; name: string; admin?: boolean },
): Promise<{ user: Presented; invitation: { token: string; expiresAt: Date } }> {
  const user = await createRecord(tx, resources.user, input);
  const invitation = await createInvitation(tx, user.id);
  return { user, invitation };
}

/**
 * Refuses a password the person may not choose (src/core/password-rules.ts): too short, only spaces,
 * their own email or name, or a common one. invalid_input at body.password.
 */
export async function requireGoodPassword(password: string, person: { email: string; name: string }): Promise<void> {
  const problem = await passwordProblem(password, person);
  if (problem) throw new AppError("invalid_input", `body.password: ${problem}`, { path: "body.password" });
}

/**
 * `loopwork admin create`: an administrator with a password, straight into the database (before any
 * server runs, nobody can sign in to make one). An existing person with that email becomes one.
 */
export async function createAdmin(
  db: Db,
  input: { email: string; name: string; password: string },
): Promise<Presented> {
  await requireGoodPassword(input.password, input);
  const passwordHash = await hashPassword(input.password);
  return inTransaction(db, "system:cli", (tx) => upsertAdmin(tx, { ...input, passwordHash }));
}

/**
 * Makes a person with this email an administrator with this password (created if new), audited. An
 * administrator exists then: the first-run link must not make another one, so it is voided.
 */
export async function upsertAdmin(
  tx: Tx,
  input: { email: string; name: string; passwordHash: string },
): Promise<Presented & { email: string; name: string; admin: true }> {
  const [user] = await tx.query<{ id: string; email: string; name: string; admin: true }>(
    `insert into users (email, name, password_hash, admin) values ($1, $2, $3, true)
     on conflict (lower(email)) do update set password_hash = excluded.password_hash, admin = true, updated_at = now()
     returning id, email, name, admin`,
    [input.email, input.name, input.passwordHash],
  );
  if (!user) throw new Error("the administrator was not written");
  tx.afterCommit(forgetPrincipals);
  tx.record({
    entityType: "user",
    entityId: user.id,
    verb: "made_admin",
    after: { email: user.email, name: user.name },
  });
  await tx.query("delete from one_time_links where purpose = 'setup'");
  return user;
}
