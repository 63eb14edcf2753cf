import type { Db, Queryable } from "../db/connect.js";
import { type Actor, inTransaction, outboxChannel } from "./transaction.js";

/** Turns a person's daily digest of a loop's emerging patterns on or off; answers the state. */
export async function setEmergingDigest(
  db: Db,
  actor: Actor,
  input: { userId: string; loopId: string; enabled: boolean },
): Promise<{ loopId: string; enabled: boolean }> {
  return inTransaction(db, actor, async (tx) => {
    const changed = input.enabled
      ? await tx.query(
          "insert into emerging_digests (user_id, loop_id) values ($1, $2) on conflict do nothing returning 1",
          [input.userId, input.loopId],
        )
      : await tx.query("delete from emerging_digests where user_id = $1 and loop_id = $2 returning 1", [
          input.userId,
          input.loopId,
        ]);
    if (changed.length > 0) {
      tx.record({
        entityType: "loop",
        entityId: input.loopId,
        verb: input.enabled ? "emerging_digest_on" : "emerging_digest_off",
        after: { userId: input.userId },
      });
    }
    return { loopId: input.loopId, enabled: input.enabled };
  });
}

/**
 * Queues today's digest for every subscribed owner whose loop has open patterns that began to emerge in
 * the last 24 hours and still do (emerging_since, index patterns_emerging). One outbox row per person, loop and UTC day, whatever
 * how often it runs or how many workers run it (the idempotency key). Returns how many it queued.
 */
export async function queueEmergingDigests(db: Db, now = new Date()): Promise<number> {
  const queued = await db.query<{ id: string }>(
    `with emerged as (
       select p.loop_id, array_agg(p.id order by p.priority desc) as pattern_ids
         from patterns p
        where p.emerging_since > $1::timestamptz - interval '1 day' and p.emerging_since <= $1::timestamptz
          and p.status = 'open' and p.loop_id is not null
        group by p.loop_id
     )
     insert into outbox (kind, idempotency_key, payload)
     select 'emerging_digest', 'emerging_digest:' || d.user_id || ':' || d.loop_id || ':' || to_char(($1::timestamptz at time zone 'UTC')::date, 'YYYY-MM-DD'),
            jsonb_build_object('userId', d.user_id, 'loopId', d.loop_id, 'patternIds', to_jsonb(e.pattern_ids))
       from emerging_digests d join emerged e on e.loop_id = d.loop_id
       -- Still an owner: a person who lost the role stops getting it.
      where exists (select 1 from users u where u.id = d.user_id and u.admin)
         or exists (select 1 from memberships m where m.user_id = d.user_id and m.loop_id = d.loop_id and m.role = 'owner')
     on conflict (idempotency_key) do nothing returning id`,
    [now.toISOString()],
  );
  if (queued.length > 0) db.notifyLater(outboxChannel, "");
  return queued.length;
}

/** The patterns a digest names, highest priority first, as the email shows them. */
export async function digestPatterns(
  q: Queryable,
  patternIds: string[],
): Promise<{ id: string; title: string; priority: number; momentum: number; signal_count: number }[]> {
  return q.query(
    `select id, title, priority, momentum, signal_count from patterns where id = any($1::uuid[])
      order by priority desc, id limit 50`,
    [patternIds],
  );
}
