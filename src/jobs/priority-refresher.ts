import type { Db } from "../db/connect.js";
import { refreshPriorities } from "../services/attach-signals.js";
import { inTransaction } from "../services/transaction.js";

/** Patterns refreshed per transaction. */
const batchSize = 500;

/**
 * Recomputes the priorities of patterns that got new signals since their last refresh, and of open
 * patterns not refreshed for an hour (recency decays even when nothing happens). SKIP LOCKED lets
 * several workers share the work. Returns how many patterns it refreshed.
 */
export async function refreshDuePriorities(db: Db, limit = batchSize): Promise<number> {
  return inTransaction(db, "system:priority", async (tx) => {
    const due = await tx.query<{ id: string }>(
      `select id from patterns
        where priority_stale
           or (status = 'open' and (priority_refreshed_at is null or priority_refreshed_at < now() - interval '1 hour')
               and exists (select 1 from signal_patterns sp where sp.pattern_id = patterns.id))
        order by id limit $1 for update skip locked`,
      [limit],
    );
    if (due.length > 0)
      await refreshPriorities(
        tx,
        due.map((row) => row.id),
      );
    return due.length;
  });
}

/** Refreshes due priorities every intervalMs until stopped. */
export function startPriorityRefresher(db: Db, intervalMs: number): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running
      .then(async () => {
        // A full batch means more may be due: go on until a batch comes back short.
        while ((await refreshDuePriorities(db)) === batchSize);
      })
      .catch((error) => console.error("priority refresher:", error));
  }, intervalMs);
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
