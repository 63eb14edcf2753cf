import type { Db } from "../db/connect.js";
import { createDeliverer, type DeliveryOptions } from "./deliverer.js";
import type { DeliveryConfig } from "./outbox-handler.js";

export { type DeliveryOptions, defaultConcurrency, defaultLeaseMs } from "./deliverer.js";

/**
 * Claims up to limit due rows in ONE statement, then delivers them concurrently, recording each as it
 * ends. Returns how many it claimed (0 = nothing due). Safe to run from any number of processes at
 * once. One batch with its own SMTP pool: the worker (outbox-worker.ts) keeps one and streams instead.
 */
export async function deliverDue(
  db: Db,
  config: DeliveryConfig,
  limit: number,
  options: DeliveryOptions = {},
): Promise<number> {
  const deliverer = createDeliverer(db, config, { concurrency: limit, ...options });
  try {
    const rows = await deliverer.claim(limit);
    // allSettled, not all: the batch is over only when every delivery is.
    const results = await Promise.allSettled(rows.map((row) => deliverer.deliver(row)));
    const failed = results.find((result) => result.status === "rejected");
    // Only recording can fail here (the database is gone): those rows come back when their lease ends.
    if (failed) throw failed.reason;
    return rows.length;
  } finally {
    deliverer.close();
  }
}
