import { fixingReleases } from "./answer-late-signals.js";
import { addressPatterns, completeImprovementsAmong, queueNotifications } from "./snapback.js";
import { outboxChannel, type Tx } from "./transaction.js";

/**
 * After a change that snapback's rules count but no deployment brings — an improvement rejected, an
 * issue closed (won't fix, duplicate) — the improvements now done are completed, the patterns all of whose
 * live improvements are done are addressed, and their people are told, naming the release that shipped
 * the last of the fix: as a snapback would have, had the change come before it.
 */
export async function settleImprovements(
  tx: Tx,
  improvementIds: string[],
): Promise<{ improvementsCompleted: string[]; patternsAddressed: string[]; notificationsQueued: number }> {
  const improvementsCompleted = await completeImprovementsAmong(tx, improvementIds);
  const patternsAddressed = await addressPatterns(tx, improvementIds);
  let notificationsQueued = 0;
  for (const patternId of patternsAddressed) {
    const [latest] = await fixingReleases(tx, patternId);
    if (latest) notificationsQueued += await queueNotifications(tx, [patternId], latest.deployment_id);
  }
  if (notificationsQueued > 0) await tx.query("select pg_notify($1, '')", [outboxChannel]);
  return { improvementsCompleted, patternsAddressed, notificationsQueued };
}
