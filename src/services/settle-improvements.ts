import { tellFixed } from "./answer-late-signals.js";
import { addressPatterns, completeImprovementsAmong } from "./snapback.js";
import type { Tx } from "./transaction.js";

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
  // Only patterns of what just changed: completed now, or rejected. A pattern reopened as a regression
  // must not be re-addressed by an unrelated issue closed on an improvement completed long ago.
  const rejected = await tx.query<{ id: string }>(
    "select id from improvements where id = any($1::uuid[]) and status = 'rejected'",
    [improvementIds],
  );
  const patternsAddressed = await addressPatterns(tx, [...improvementsCompleted, ...rejected.map((row) => row.id)]);
  const notificationsQueued = await tellFixed(tx, patternsAddressed);
  return { improvementsCompleted, patternsAddressed, notificationsQueued };
}
