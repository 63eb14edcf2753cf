import { cutText } from "../core/cut-text.js";
import type { Queryable } from "../db/connect.js";

/** How many refusals a channel keeps: enough to see a pattern, bounded against floods. */
export const refusalsKept = 20;

/**
 * Remembers that a channel refused an inbound delivery (a bad signature, an email not taken in) for
 * its health (services/channel-health.ts), keeping only the newest refusalsKept. Never throws: a
 * refusal is answered the same whether or not it could be remembered.
 */
export async function recordChannelRefusal(db: Queryable, channelId: string, code: string, reason: string) {
  try {
    // The same refusal again (every event of a renamed repository, a sender retrying) only moves its time
    // (migration 0055): a run of one cause must not push the others out of the few kept.
    await db.query(
      `with added as (
         insert into channel_refusals (channel_id, code, reason) values ($1, $2, $3)
         on conflict (channel_id, code, md5(reason)) do update set at = now() returning id
       )
       delete from channel_refusals where channel_id = $1 and id not in (select id from added) and id not in (
         select id from channel_refusals where channel_id = $1 order by at desc, id desc limit $4)`,
      [channelId, cutText(code, 100), cutText(reason, 500), refusalsKept - 1],
    );
  } catch (error) {
    console.error("could not record a channel refusal:", error);
  }
}
