import type { Tx } from "./transaction.js";

/**
 * A pattern disputed — reopened by a "still broken" answer, a regression or by hand, or told "still
 * broken" while open because a rollback took its fix back — is no longer open because of a rollback,
 * and the fix it waits to be replaced by is all the work done for it so far: what it was addressed with
 * and every improvement of it completed now (work added and completed while it stayed addressed never
 * entered its fix). Only an improvement completing after this addresses it again (deployment-truth.ts).
 */
export async function disputePattern(tx: Pick<Tx, "query">, patternId: string): Promise<void> {
  await tx.query(
    `update patterns p set reopened_by_rollback = false,
            fix_improvement_ids = array(
              select distinct x from unnest(p.fix_improvement_ids || array(
                select ip.improvement_id from improvement_patterns ip join improvements i on i.id = ip.improvement_id
                 where ip.pattern_id = p.id and i.status = 'completed')) as x order by x)
      where p.id = $1`,
    [patternId],
  );
}
