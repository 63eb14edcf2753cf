import type { Db } from "./connect.js";

/**
 * Group commit inside the process: concurrent calls of the same kind (the same key) that arrive while
 * `inFlight` of their writes already run wait, and the next write takes all of them at once (up to
 * `maxSize` units), one statement and one commit for many calls. At low load a call starts at once,
 * alone, and waits for nothing; under load the calls that queued behind a write share the next one. A
 * PostgreSQL server spends most of a one-signal write on what every statement pays (its plan, its
 * triggers' start, the commit's WAL flush), so a statement of ten signals costs little more than one
 * (docs/BENCHMARKS.md "Group commit").
 *
 * `write` gets the calls' items in arrival order and settles each one: a group that fails as a whole
 * can write its calls again one by one, so that each gets its own outcome.
 */
export function groupCommit<I, R>(options: {
  write: (items: I[]) => Promise<PromiseSettledResult<R>[]>;
  /** Writes of one key at once; more calls wait for one of them to finish. */
  inFlight: number;
  /** The most units one write takes (a call larger than that is written alone). */
  maxSize: number;
  size: (item: I) => number;
}): (key: string, item: I) => Promise<R> {
  type Waiting = { item: I; resolve: (r: R) => void; reject: (e: unknown) => void };
  const queues = new Map<string, { running: number; waiting: Waiting[] }>();

  const next = (key: string) => {
    const queue = queues.get(key);
    if (!queue) return;
    if (queue.waiting.length === 0) {
      if (queue.running === 0) queues.delete(key);
      return;
    }
    if (queue.running >= options.inFlight) return;
    // The oldest calls that fit in one write (always at least one).
    let units = 0;
    let n = 0;
    for (const w of queue.waiting) {
      units += options.size(w.item);
      if (n > 0 && units > options.maxSize) break;
      n++;
    }
    const group = queue.waiting.splice(0, n);
    queue.running++;
    options
      .write(group.map((w) => w.item))
      .then(
        (outcomes) =>
          group.forEach((w, i) => {
            const outcome = outcomes[i];
            if (outcome?.status === "fulfilled") w.resolve(outcome.value);
            else w.reject(outcome ? outcome.reason : new Error("group commit: a call got no outcome"));
          }),
        (error: unknown) => {
          for (const w of group) w.reject(error);
        },
      )
      .finally(() => {
        queue.running--;
        next(key);
      });
    // A queue with room left starts another write for what still waits.
    next(key);
  };

  return (key, item) =>
    new Promise<R>((resolve, reject) => {
      const queue = queues.get(key) ?? { running: 0, waiting: [] };
      queues.set(key, queue);
      queue.waiting.push({ item, resolve, reject });
      next(key);
    });
}

/**
 * groupCommit kept per database handle, `write` given the handle: two writes of a key at once on a
 * server (on 2 cores, 2 beat 3 and 4: docs/BENCHMARKS.md "Group commit"), one on PGlite, which runs one
 * statement at a time (a second in flight would only wait inside it).
 */
export function groupCommitOn<I, R>(options: {
  write: (db: Db, items: I[]) => Promise<PromiseSettledResult<R>[]>;
  maxSize: number;
  size: (item: I) => number;
}): (db: Db, key: string, item: I) => Promise<R> {
  const on = new WeakMap<Db, (key: string, item: I) => Promise<R>>();
  return (db, key, item) => {
    let grouped = on.get(db);
    if (!grouped) {
      grouped = groupCommit<I, R>({
        ...options,
        inFlight: db.driver === "pglite" ? 1 : 2,
        write: (items) => options.write(db, items),
      });
      on.set(db, grouped);
    }
    return grouped(key, item);
  };
}
