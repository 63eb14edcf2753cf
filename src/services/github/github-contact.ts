import type { Db } from "../../db/connect.js";
import { type Actor, inTransaction } from "../transaction.js";

/**
 * The contact of a GitHub user, made on first sight: one per login (contacts.github_login), without an
 * email address, so their notifications go back as comments on their issue. A concurrent first sight
 * fails on the unique index and the caller's retry (the outbox) finds the contact.
 */
export async function githubContact(db: Db, actor: Actor, login: string): Promise<string> {
  const [known] = await db.query<{ id: string }>("select id from contacts where lower(github_login) = lower($1)", [
    login,
  ]);
  if (known) return known.id;
  return inTransaction(db, actor, async (tx) => {
    const [created] = await tx.query<{ id: string }>(
      "insert into contacts (name, github_login) values ($1, $1) returning id",
      [login],
    );
    if (!created) throw new Error("the contact was not created");
    tx.record({
      entityType: "contact",
      entityId: created.id,
      verb: "created",
      after: { name: login, githubLogin: login },
    });
    return created.id;
  });
}
