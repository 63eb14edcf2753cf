import type { Queryable } from "../../db/connect.js";
import { githubBodyHashDays } from "../../integrations/github/replay-window.js";

/** How many rows one statement deletes: a first pass over a year of deliveries is many short ones. */
const batchSize = 1000;

/**
 * Forgets the SHA-256 of every GitHub delivery body received before the replay window
 * (src/integrations/github/replay-window.ts), and returns how many. The same body again is then stale by
 * the time it names for its change, refused without its hash; a redelivery under its own id still meets
 * its outbox row. Without this, github_delivery_bodies grew by a row for every delivery ever taken.
 */
export async function forgetGithubBodyHashes(db: Queryable, keptDays = githubBodyHashDays): Promise<number> {
  let forgotten = 0;
  for (;;) {
    const [row] = await db.query<{ n: number }>(
      `with old as (
         select channel_id, body_sha256 from github_delivery_bodies
          where received_at < now() - $1::float8 * interval '1 day'
          limit ${batchSize}),
       gone as (
         delete from github_delivery_bodies b using old
          where b.channel_id = old.channel_id and b.body_sha256 = old.body_sha256
         returning 1)
       select count(*)::int as n from gone`,
      [keptDays],
    );
    forgotten += row?.n ?? 0;
    if ((row?.n ?? 0) < batchSize) return forgotten;
    // On the embedded database this runs in the one thread that answers requests: let them in between.
    await new Promise((resolve) => setImmediate(resolve));
  }
}
