import type { Queryable } from "../../db/connect.js";

/** How many rows one statement changes: a first pass over a year of deliveries is many short ones. */
const batchSize = 1000;

/**
 * Drops the body of every GitHub delivery applied more than `retentionDays` ago, and returns how many.
 * A body (up to megabytes of JSON, GitHub's whole event) serves only to apply the delivery, and a dead
 * one's retry: those are kept. What refuses a replay is kept too — the outbox row, whose key is the
 * channel and the delivery id (a redelivery), and the body's SHA-256 in github_delivery_bodies (the
 * same bytes under another id: GitHub signs no timestamp, so a captured delivery verifies forever).
 */
export async function forgetAppliedGithubBodies(db: Queryable, retentionDays: number): Promise<number> {
  let forgotten = 0;
  for (;;) {
    const [row] = await db.query<{ n: number }>(
      `with old as (
         select id from outbox
          where kind = 'github_event' and status = 'delivered' and payload ? 'body'
            and delivered_at < now() - $1::float8 * interval '1 day'
          limit ${batchSize}),
       forgotten as (update outbox o set payload = o.payload - 'body' from old where o.id = old.id returning 1)
       select count(*)::int as n from forgotten`,
      [retentionDays],
    );
    forgotten += row?.n ?? 0;
    if ((row?.n ?? 0) < batchSize) return forgotten;
    // On the embedded database this runs in the one thread that answers requests: let them in between.
    await new Promise((resolve) => setImmediate(resolve));
  }
}
