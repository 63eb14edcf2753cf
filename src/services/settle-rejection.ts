import { fixingReleases } from "./answer-late-signals.js";
import { addressPatterns, queueNotifications } from "./snapback.js";
import { outboxChannel, type Tx } from "./transaction.js";

/**
 * After an improvement is rejected, a pattern whose other improvements have all shipped is addressed
 * now (DESIGN §2 step 4: rejected improvements do not count), and its people are told, naming the
 * release that shipped the last of the fix — as a snapback would have, had the rejection come first.
 */
export async function settleRejection(
  tx: Tx,
  improvementId: string,
): Promise<{ patternsAddressed: string[]; notificationsQueued: number }> {
  const patternsAddressed = await addressPatterns(tx, [improvementId]);
  let notificationsQueued = 0;
  for (const patternId of patternsAddressed) {
    const [latest] = await fixingReleases(tx, patternId);
    if (latest) notificationsQueued += await queueNotifications(tx, [patternId], latest.deployment_id);
  }
  if (notificationsQueued > 0) await tx.query("select pg_notify($1, '')", [outboxChannel]);
  return { patternsAddressed, notificationsQueued };
}
