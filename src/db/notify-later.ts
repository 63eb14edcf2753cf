/**
 * NOTIFY sent after commit, outside any transaction, a few milliseconds later, with everything this
 * process announced on the channel meanwhile as one comma-separated payload.
 *
 * Why not NOTIFY inside each transaction (delivered at its commit, as PostgreSQL intends): a notifying
 * transaction holds one database-wide lock from before its commit until after it, fsync included, so
 * every notifying transaction commits one after another. At ~1,000 signals/s that lock was where the
 * server's backends spent most of their time (docs/BENCHMARKS.md, "The NOTIFY lock"). A NOTIFY of its
 * own writes no WAL: it holds the lock for microseconds, a few hundred times a second at most.
 *
 * The price: a process that dies between a commit and its announcement never announces it. Nothing is
 * lost from the database; a listener that must not miss anything reads what it missed (the live
 * timeline resumes with Last-Event-ID).
 */

/** How long announcements wait to be sent together. */
export const notifyEveryMs = 5;

// PostgreSQL refuses NOTIFY payloads of 8,000 bytes or more.
const maxPayload = 7_000;

export interface NotifyLater {
  /** Queues payload for channel; it is sent within notifyEveryMs with the others queued meanwhile. */
  notify(channel: string, payload: string): void;
  /** Sends what is queued now (before closing the database). */
  flush(): Promise<void>;
}

/** A notifier that sends with `send` (one `select pg_notify($1, $2)` per channel and chunk). */
export function notifyLater(send: (channel: string, payload: string) => Promise<void>): NotifyLater {
  const queued = new Map<string, string[]>();
  let timer: NodeJS.Timeout | undefined;
  let sending: Promise<void> = Promise.resolve();

  const flush = async () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const batches = [...queued].flatMap(([channel, payloads]) => chunks(payloads).map((chunk) => ({ channel, chunk })));
    queued.clear();
    // One after another, in the order queued: listeners hear them in that order.
    sending = sending.then(async () => {
      for (const { channel, chunk } of batches) {
        await send(channel, chunk).catch((error: unknown) => {
          console.error(`NOTIFY ${channel} failed (listeners may resume from what they last saw):`, error);
        });
      }
    });
    await sending;
  };

  return {
    notify: (channel, payload) => {
      const list = queued.get(channel) ?? [];
      list.push(payload);
      queued.set(channel, list);
      if (!timer) {
        timer = setTimeout(() => void flush(), notifyEveryMs);
        timer.unref?.();
      }
    },
    flush,
  };
}

/** Payloads joined by commas, in chunks PostgreSQL accepts. */
function chunks(payloads: string[]): string[] {
  const out: string[] = [];
  let current = "";
  for (const payload of payloads) {
    if (current && current.length + 1 + payload.length > maxPayload) {
      out.push(current);
      current = "";
    }
    current = current ? `${current},${payload}` : payload;
  }
  if (current) out.push(current);
  return out;
}
