import type { Queryable } from "../db/connect.js";
import { forumEventDays } from "../integrations/forum/replay-window.js";
import { githubBodyHashDays } from "../integrations/github/replay-window.js";

/** How many rows one statement deletes: a first pass over a year of deliveries is many short ones. */
const batchSize = 1000;

/**
 * What refuses a replayed delivery, per channel: a GitHub delivery body's SHA-256, a Discourse event id
 * (X-Discourse-Event-Id), what a webhook channel's request signed (its timestamp and body). Kept for the replay window only: the same delivery again, older than that, is
 * stale by the time its own body names (its change, its topic or post), refused without the record.
 * Without forgetting them, each table grew by a row for every delivery ever taken.
 */
const replayRecords = {
  githubBodyHashes: { table: "github_delivery_bodies", key: "body_sha256", keptDays: githubBodyHashDays },
  forumEvents: { table: "forum_events", key: "event_id", keptDays: forumEventDays },
  // A webhook channel's signature verifies for five minutes (signature.ts): a day is long past that.
  webhookSignatures: { table: "webhook_signatures", key: "signed_sha256", keptDays: 1 },
} as const;

/**
 * Forgets the records of one kind received before its replay window (src/integrations/github/
 * replay-window.ts, src/integrations/forum/replay-window.ts), and returns how many.
 */
export async function forgetReplayRecords(
  db: Queryable,
  kind: keyof typeof replayRecords,
  keptDays: number = replayRecords[kind].keptDays,
): Promise<number> {
  const { table, key } = replayRecords[kind];
  let forgotten = 0;
  for (;;) {
    const [row] = await db.query<{ n: number }>(
      `with old as (
         select channel_id, ${key} from ${table}
          where received_at < now() - $1::float8 * interval '1 day'
          limit ${batchSize}),
       gone as (
         delete from ${table} r using old
          where r.channel_id = old.channel_id and r.${key} = old.${key}
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
