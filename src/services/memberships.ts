import type { Role } from "../core/access.js";
import { notFound } from "../core/errors.js";
import type { Queryable } from "../db/connect.js";
import { forgetPrincipals } from "./principal-cache.js";
import type { Tx } from "./transaction.js";

/** One person's role in one loop. */
export interface Member {
  userId: string;
  email: string;
  name: string;
  role: Role;
}

/** Everyone with a role in a loop, owners first. */
export async function listMembers(q: Queryable, loopId: string): Promise<{ items: Member[] }> {
  const [loop] = await q.query("select 1 from loops where id = $1", [loopId]);
  if (!loop) throw notFound("loop", loopId);
  const items = await q.query<Member>(
    `select u.id as "userId", u.email, u.name, m.role from memberships m join users u on u.id = m.user_id
      where m.loop_id = $1 order by case m.role when 'owner' then 0 when 'builder' then 1 else 2 end, u.name`,
    [loopId],
  );
  return { items };
}

/** Gives a person a role in a loop, or changes it; the change is audited with its before and after. */
export async function setMembership(tx: Tx, loopId: string, userId: string, role: Role): Promise<Member> {
  // Looked up first: else the insert's foreign key named the loop as body.loopId, a field nobody sent.
  const [loop] = await tx.query("select 1 from loops where id = $1", [loopId]);
  if (!loop) throw notFound("loop", loopId, "params.id");
  const [user] = await tx.query<{ email: string; name: string }>("select email, name from users where id = $1", [
    userId,
  ]);
  if (!user) throw notFound("user", userId, "params.userId");
  const [before] = await tx.query<{ role: Role }>(
    "select role from memberships where loop_id = $1 and user_id = $2 for update",
    [loopId, userId],
  );
  await tx.query(
    `insert into memberships (loop_id, user_id, role) values ($1, $2, $3)
     on conflict (loop_id, user_id) do update set role = excluded.role, updated_at = now()`,
    [loopId, userId, role],
  );
  tx.afterCommit(forgetPrincipals);
  if (before?.role !== role) {
    tx.record({
      entityType: "membership",
      entityId: `${loopId}/${userId}`,
      verb: before ? "role_changed" : "added",
      before: before ? { role: before.role } : undefined,
      after: { loopId, userId, role },
    });
  }
  return { userId, email: user.email, name: user.name, role };
}

/** Takes a person's role in a loop away. */
export async function removeMembership(tx: Tx, loopId: string, userId: string): Promise<void> {
  const [removed] = await tx.query<{ role: Role }>(
    "delete from memberships where loop_id = $1 and user_id = $2 returning role",
    [loopId, userId],
  );
  if (!removed) {
    // A loop that does not exist is named as such, not as its person being no member of it.
    const [loop] = await tx.query("select 1 from loops where id = $1", [loopId]);
    if (!loop) throw notFound("loop", loopId, "params.id");
    throw notFound("member", userId, "params.userId");
  }
  tx.afterCommit(forgetPrincipals);
  tx.record({ entityType: "membership", entityId: `${loopId}/${userId}`, verb: "removed", before: removed });
}
