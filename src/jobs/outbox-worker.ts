import type { Config } from "../config.js";
import type { Db } from "../db/connect.js";
import { outboxChannel } from "../services/transaction.js";
import { createDeliverer, type DeliveryOptions, defaultConcurrency } from "./deliverer.js";
import type { DeliveryConfig } from "./outbox-handler.js";

export { type DeliveryOptions, deliverDue } from "./deliver-due.js";

/** A running delivery worker. */
export interface OutboxWorker {
  /** Stops taking work, waits for the deliveries in flight, and releases the listener and the timer. */
  stop(): Promise<void>;
  /** Delivers until nothing is due right now; resolves with how many rows were claimed. */
  drain(): Promise<number>;
}

/** Tuning of a worker, on top of the delivery options. */
export interface WorkerOptions extends DeliveryOptions {
  /** Where errors of background runs go (a lost database connection, …); console.error by default. */
  onError?: (error: unknown) => void;
}

/**
 * Starts delivering the outbox: at once, whenever a transaction NOTIFYs loopwork_outbox (from any
 * process on the same database), and every config.workerPollMs. The poll is the safety net, not an
 * optimisation: a NOTIFY is lost while the listening connection is down, retries that come due
 * (next_attempt_at) are announced by nobody, and leases of a crashed worker run out silently.
 *
 * Up to `concurrency` deliveries are in flight at once, each recorded the moment it ends; the worker
 * claims more when half of them are done, so a slow message never holds up a whole batch.
 */
export async function startOutboxWorker(
  db: Db,
  config: DeliveryConfig & Pick<Config, "workerPollMs">,
  options: WorkerOptions = {},
): Promise<OutboxWorker> {
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? defaultConcurrency));
  const onError = options.onError ?? ((error: unknown) => console.error("outbox worker:", error));
  const deliverer = createDeliverer(db, config, { ...options, concurrency, onError });
  let stopped = false;
  let running: Promise<number> | null = null;
  let again = false;

  // Keeps up to `concurrency` deliveries going until a claim finds nothing more due.
  const pump = async (): Promise<number> => {
    const inFlight = new Set<Promise<unknown>>();
    let claimed = 0;
    let failure: unknown = null;
    const start = (row: Parameters<typeof deliverer.deliver>[0]) => {
      const delivery: Promise<unknown> = deliverer
        .deliver(row)
        .catch((error: unknown) => {
          failure ??= error;
        })
        .finally(() => inFlight.delete(delivery));
      inFlight.add(delivery);
    };
    while (!stopped && failure === null) {
      const free = concurrency - inFlight.size;
      if (free < Math.ceil(concurrency / 2)) {
        await Promise.race(inFlight);
        continue;
      }
      let rows: Awaited<ReturnType<typeof deliverer.claim>>;
      try {
        rows = await deliverer.claim(free);
      } catch (error) {
        // The database went away: finish what is in flight (stop() waits for it), then report.
        failure = error;
        break;
      }
      claimed += rows.length;
      for (const row of rows) start(row);
      if (rows.length < free) {
        // Nothing more due right now (or the rest is being claimed by a sibling): finish, look once more.
        await Promise.all(inFlight);
        if (rows.length === 0) break;
      }
    }
    await Promise.all(inFlight);
    if (failure !== null) throw failure;
    return claimed;
  };

  // One pump at a time per process: a wake-up during a run only asks it to look once more, so a burst of
  // NOTIFYs costs one extra claim, not one concurrent run each.
  const runUntilIdle = async (): Promise<number> => {
    let total = 0;
    do {
      again = false;
      total += await pump();
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
      // The deliveries in flight finish: their rows are mid-delivery and must be recorded, not left
      // to wait out their lease.
      await running?.catch(() => {});
      deliverer.close();
    },
    drain: async () => {
      // A run already going may have checked for work before the caller's rows were committed:
      // `again` makes it look once more before the promise resolves.
      return wake();
    },
  };
}
