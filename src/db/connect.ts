import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import pg from "pg";
import { lockDataFolder } from "./data-folder-lock.js";
import { notifyLater } from "./notify-later.js";

/** Anything that runs SQL: the database itself or one open transaction. */
export interface Queryable {
  /**
   * Runs one parameterized statement and returns its rows. A `name` makes a PostgreSQL server prepare
   * the statement once per connection and reuse its plan (for hot, large statements; one name, one text).
   */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[], name?: string): Promise<T[]>;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/** One database, embedded (PGlite) or a PostgreSQL server (node-postgres): the same SQL on both. */
export interface Db extends Queryable {
  readonly driver: "pglite" | "postgres";
  /** Runs fn in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * NOTIFY after the fact: queued payloads go out together a few milliseconds later, outside any
   * transaction, as one comma-separated payload per channel (src/db/notify-later.ts says why).
   */
  notifyLater(channel: string, payload: string): void;
  /**
   * Calls onNotify for every NOTIFY on channel, from any process sharing the database. On a server the
   * listening connection is opened again when lost; onGap is called when it is lost and when it is back
   * (notifications sent meanwhile were missed).
   */
  listen(channel: string, onNotify: (payload: string) => void, onGap?: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
  /** PGlite only: the data folder as a tarball, to copy a migrated database quickly (tests). */
  dumpDataDir?(): Promise<Blob>;
}

export interface ConnectOptions {
  /** postgres://… for a server; otherwise the embedded database is used. */
  databaseUrl?: string;
  /** The embedded database's folder; "memory" keeps it in memory only. */
  dataFolder?: string;
  /** A dumped data folder (PGlite dumpDataDir's tarball) to start from: how tests copy a migrated template. */
  loadDataDir?: Uint8Array;
  /**
   * Settings of the embedded database for this start (`name = value` lines of postgresql.conf): the tests
   * start hundreds of short-lived ones, each faster with `shared_buffers = 16MB` (PGlite zeroes all 128 MB).
   */
  embeddedSettings?: string[];
  poolSize?: number;
}

/** Opens the database the options name: a server when databaseUrl is set, else PGlite. */
export async function connect(options: ConnectOptions): Promise<Db> {
  if (options.databaseUrl) return connectPostgres(options.databaseUrl, options.poolSize ?? 10);
  return connectPglite(options.dataFolder ?? "./.loopwork", options.loadDataDir, options.embeddedSettings);
}

/**
 * A tarball as PGlite reads it (it asks only for arrayBuffer()): Node's own Blob.arrayBuffer() streams and
 * concatenates its chunks, ~0.3 s for the tests' 43 MB template, a third of starting a database from it.
 */
const tarball = (bytes: Uint8Array) => ({ type: "", arrayBuffer: async () => bytes.slice().buffer }) as unknown as Blob;

async function connectPglite(dataFolder: string, loadDataDir?: Uint8Array, settings?: string[]): Promise<Db> {
  const inMemory = dataFolder === "memory";
  let unlock = () => {};
  if (!inMemory) {
    mkdirSync(dataFolder, { recursive: true });
    // PGlite has no locking of its own: two processes on one folder would corrupt it.
    unlock = lockDataFolder(dataFolder);
  }
  // pg_trgm: typo-tolerant search and matching (migration 0016); on a server it ships with PostgreSQL.
  const db = await PGlite.create(inMemory ? undefined : dataFolder, {
    extensions: { pg_trgm },
    ...(loadDataDir ? { loadDataDir: tarball(loadDataDir) } : {}),
    ...(settings ? { postgresqlconf: settings } : {}),
  });
  await db.exec(`set ${trigramSetting}`);
  const run = async <T>(q: Pick<PGlite, "query">, sql: string, params?: unknown[]) =>
    (await q.query<T>(sql, params as unknown[])).rows;
  const later = notifyLater(async (channel, payload) => {
    await db.query("select pg_notify($1, $2)", [channel, payload]);
  });
  return {
    driver: "pglite",
    notifyLater: later.notify,
    query: (sql, params) => run(db, sql, params),
    exec: async (sql) => {
      await db.exec(sql);
    },
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({
          query: (sql, params) => run(tx, sql, params),
          exec: async (sql) => {
            await tx.exec(sql);
          },
        }),
      ),
    listen: async (channel, onNotify) => {
      const stop = await db.listen(channel, onNotify);
      return async () => stop();
    },
    close: async () => {
      await later.flush();
      await db.close();
      unlock();
    },
    dumpDataDir: async () => db.dumpDataDir("none"),
  };
}

/**
 * How alike a query word and a title's word must be for a typo to match (pg_trgm's `<%`; 0.6 by default
 * misses a swapped pair of letters in a short word: "exprot" is 0.43 alike "export"). Set per session:
 * the operator reads it, and an index scan can use no threshold given in the query itself.
 */
const trigramSetting = "pg_trgm.word_similarity_threshold = 0.35";

// int8 (count(*), bigserial) as a JS number, as PGlite does: ids and counts stay below 2^53.
pg.types.setTypeParser(20, (value) => Number(value));
// numeric as a number too (averages, weights).
pg.types.setTypeParser(1700, (value) => Number(value));

async function connectPostgres(url: string, poolSize: number): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    // No parallel query: Loopwork's reads are index-driven and many at once, and a parallel plan
    // starts worker processes per query (each loading its caches). On 2 cores, at a million signals,
    // search's p95 went 230 → 150 ms and the top patterns' first statement 70 → 31 ms without them
    // (docs/BENCHMARKS.md, "Parallel query off"). No JIT either: the planner's costs for the matcher's
    // and search's statements at a million signals pass jit_above_cost, and compiling one statement
    // (inlining, optimization) took 356 ms to run a 320 ms query (docs/BENCHMARKS.md, "JIT off").
    options: `-c ${trigramSetting.replace(" = ", "=")} -c max_parallel_workers_per_gather=0 -c jit=off`,
  });
  // An idle client that loses its connection must not crash the process.
  pool.on("error", () => {});
  const listeners = new Set<() => Promise<void>>();
  const later = notifyLater(async (channel, payload) => {
    await pool.query("select pg_notify($1, $2)", [channel, payload]);
  });
  return {
    driver: "postgres",
    notifyLater: later.notify,
    query: async (sql, params, name) =>
      (await pool.query(name ? { name, text: sql, values: params } : { text: sql, values: params })).rows,
    exec: async (sql) => {
      await pool.query(sql);
    },
    transaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query("begin");
        const result = await fn({
          query: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[],
          exec: async (sql: string) => {
            await client.query(sql);
          },
        });
        await client.query("commit");
        return result;
      } catch (error) {
        await client.query("rollback").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    listen: async (channel, onNotify, onGap) => {
      const listener = await listenOn(url, channel, onNotify, onGap ?? (() => {}));
      const stop = async () => {
        listeners.delete(stop);
        await listener.stop();
      };
      listeners.add(stop);
      return stop;
    },
    close: async () => {
      await later.flush();
      await Promise.all([...listeners].map((stop) => stop()));
      await pool.end();
    },
  };
}

/** How long a lost listening connection waits before it is opened again (doubling up to the last). */
const relistenDelaysMs = [100, 1_000, 5_000];

/**
 * LISTEN on its own connection, outside the pool, that stays open: when the server drops it (a restart,
 * a failover, an idle connection killed), it is opened again, and onGap is told twice — when it is lost
 * and when it listens again — since whatever was announced in between was not heard.
 */
async function listenOn(
  url: string,
  channel: string,
  onNotify: (payload: string) => void,
  onGap: () => void,
): Promise<{ stop(): Promise<void> }> {
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const open = async () => {
    const next = new pg.Client({ connectionString: url });
    next.on("error", () => {});
    next.on("notification", (message) => {
      if (message.channel === channel) onNotify(message.payload ?? "");
    });
    try {
      await next.connect();
      await next.query(`listen ${pg.escapeIdentifier(channel)}`);
    } catch (error) {
      await next.end().catch(() => {});
      throw error;
    }
    next.once("end", () => {
      client = undefined;
      if (stopped) return;
      onGap();
      reopen(0);
    });
    client = next;
  };
  const reopen = (attempt: number) => {
    const delay = relistenDelaysMs[Math.min(attempt, relistenDelaysMs.length - 1)];
    retry = setTimeout(() => {
      open().then(
        () => (stopped ? client?.end() : onGap()),
        () => (stopped ? undefined : reopen(attempt + 1)),
      );
    }, delay);
    retry.unref?.();
  };
  await open();
  return {
    stop: async () => {
      stopped = true;
      if (retry) clearTimeout(retry);
      await client?.end();
    },
  };
}
