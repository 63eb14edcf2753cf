import type { Queryable } from "../db/connect.js";
import { forumEventDays } from "../integrations/forum/replay-window.js";

/** How many rows one statement deletes: a first pass over a year of events is many short ones. */
const batchSize = 1000;

/**
 * Forgets the Discourse events (X-Discourse-Event-Id) every forum channel received before the replay
 * window (src/integrations/forum/replay-window.ts), and returns how many. The same event again is then
 * stale by the time its topic or post was made, refused without its id. Without this, forum_events grew
 * by a row for every delivery ever taken.
 */
export async function forgetForumEvents(db: Queryable, keptDays = forumEventDays): Promise<number> {
  let forgotten = 0;
  for (;;) {
    const [row] = await db.query<{ n: number }>(
      `with old as (
         select channel_id, event_id from forum_events
          where received_at < now() - $1::float8 * interval '1 day'
          limit ${batchSize}),
       gone as (
         delete from forum_events e using old
          where e.channel_id = old.channel_id and e.event_id = old.event_id
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
