import { settleTruth, type TruthResult } from "./settle-truth.js";
import type { Tx } from "./transaction.js";

/**
 * After a change that snapback's rules count but no deployment brings — an improvement rejected, an
 * issue closed (won't fix, duplicate) — the improvements now done are completed, the patterns all of whose
 * live improvements are done are addressed, and their people are told where the fix runs: as a snapback
 * would have, had the change come before it. Only patterns of what just changed move: one reopened as a
 * regression stays open when an unrelated issue of an improvement completed long ago is closed.
 */
export async function settleImprovements(tx: Tx, improvementIds: string[]): Promise<TruthResult> {
  const rejected = await tx.query<{ id: string }>(
    "select id from improvements where id = any($1::uuid[]) and status = 'rejected'",
    [improvementIds],
  );
  return settleTruth(
    tx,
    { improvementIds, touchedImprovementIds: rejected.map((row) => row.id) },
    { reason: "settled" },
  );
}
