import type { Config } from "../config.js";
import type { Db } from "../db/connect.js";
import { outboxChannel } from "../services/transaction.js";
import { type DeliveryOptions, deliverDue } from "./deliver-due.js";

export { type DeliveryOptions, deliverDue } from "./deliver-due.js";

/** A running delivery worker. */
export interface OutboxWorker {
  /** Stops taking work, waits for the batch in flight, and releases the listener and the timer. */
  stop(): Promise<void>;
  /** Delivers until nothing is due right now; resolves with how many rows were claimed. */
  drain(): Promise<number>;
}

/** Tuning of a worker, on top of the delivery options. */
export interface WorkerOptions extends DeliveryOptions {
  /** Rows claimed (and delivered concurrently) per batch. */
  batchSize?: number;
  /** Where errors of background runs go (a lost database connection, …); console.error by default. */
  onError?: (error: unknown) => void;
}

/**
 * Starts delivering the outbox: at once, whenever a transaction NOTIFYs loopwork_outbox (from any
 * process on the same database), and every config.workerPollMs. The poll is the safety net, not an
 * optimisation: a NOTIFY is lost while the listening connection is down, and retries that come due
 * (next_attempt_at) are announced by nobody.
 */
export async function startOutboxWorker(
  db: Db,
  config: Pick<Config, "publicUrl" | "emailFrom" | "smtpUrl" | "workerPollMs">,
  options: WorkerOptions = {},
): Promise<OutboxWorker> {
  const batchSize = options.batchSize ?? 10;
  const onError = options.onError ?? ((error: unknown) => console.error("outbox worker:", error));
  let stopped = false;
  let running: Promise<number> | null = null;
  let again = false;

  // One run at a time per process: a wake-up during a run only asks it to look once more, so a burst of
  // NOTIFYs costs one extra claim, not one concurrent run each.
  const runUntilIdle = async (): Promise<number> => {
    let total = 0;
    do {
      again = false;
      for (let claimed = -1; claimed !== 0 && !stopped; ) {
        claimed = await deliverDue(db, config, batchSize, options);
        total += claimed;
      }
    } while (again && !stopped);
    return total;
  };
  const wake = (): Promise<number> => {
    if (stopped) return Promise.resolve(0);
    if (running) {
      again = true;
      return running;
    }
    running = runUntilIdle().finally(() => {
      running = null;
    });
    return running;
  };
  const wakeInBackground = () => {
    wake().catch(onError);
  };

  const unlisten = await db.listen(outboxChannel, wakeInBackground);
  const timer = setInterval(wakeInBackground, config.workerPollMs);
  wakeInBackground();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await unlisten();
      // The batch in flight finishes: its rows are mid-delivery and must be settled, not abandoned
      // to wait out their lock.
      await running?.catch(() => {});
    },
    drain: async () => {
      // A run already going may have checked for work before the caller's rows were committed:
      // `again` makes it look once more before the promise resolves.
      return wake();
    },
  };
}
