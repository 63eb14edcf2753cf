import type { Db } from "../db/connect.js";
import { forgetEndedWindows } from "../services/consume-rate-limit.js";
import { forgetReplayRecords } from "../services/forget-replay-records.js";
import { forgetAppliedGithubBodies } from "../services/github/forget-github-bodies.js";
import { forgetMatcherChanges } from "../services/matcher-kept.js";

/** What one round of maintenance did. */
export interface Maintained {
  rateLimitWindowsForgotten: number;
  /** Applied GitHub deliveries whose body was dropped, being older than the retention window. */
  githubBodiesForgotten: number;
  /** Hashes of GitHub delivery bodies received before the replay window, forgotten (replay-window.ts). */
  githubBodyHashesForgotten: number;
  /** Discourse events received before the replay window, forgotten (forum/replay-window.ts). */
  forumEventsForgotten: number;
  /** What webhook channels' signed requests signed, received more than a day ago (channel-webhook.ts). */
  webhookSignaturesForgotten: number;
  /** Changes the matcher reads to keep what it parsed true, written down more than a week ago (matcher-kept.ts). */
  matcherChangesForgotten: number;
  /** True when the embedded database was vacuumed and analysed (a server has autovacuum for that). */
  vacuumed: boolean;
}

/** What upkeep keeps, and for how long. */
export interface Retention {
  /** Days an applied GitHub delivery's body is kept (config.githubBodyRetentionDays). */
  githubBodyDays: number;
}

/**
 * One round of the worker's upkeep: forgets rate-limit windows that ended long ago, the bodies of
 * GitHub deliveries applied before the retention window (what refuses their replay stays) and the hashes
 * of bodies received before the replay window (older replays are stale by their own time), the
 * Discourse event ids received before the forum's replay window (the same: stale by their own time), the
 * matcher's changes older than a week (a process that looked longer ago starts over), and on the
 * embedded database (PGlite runs no autovacuum: one process, no background workers) vacuums and
 * analyses every table, so space of deleted and updated rows is reused and the planner's statistics
 * follow the data. On a PostgreSQL server autovacuum does that already.
 */
export async function maintainDatabase(db: Db, retention: Retention): Promise<Maintained> {
  const rateLimitWindowsForgotten = await forgetEndedWindows(db);
  const githubBodiesForgotten = await forgetAppliedGithubBodies(db, retention.githubBodyDays);
  const githubBodyHashesForgotten = await forgetReplayRecords(db, "githubBodyHashes");
  const forumEventsForgotten = await forgetReplayRecords(db, "forumEvents");
  const webhookSignaturesForgotten = await forgetReplayRecords(db, "webhookSignatures");
  const matcherChangesForgotten = await forgetMatcherChanges(db);
  const done = {
    rateLimitWindowsForgotten,
    githubBodiesForgotten,
    githubBodyHashesForgotten,
    forumEventsForgotten,
    webhookSignaturesForgotten,
    matcherChangesForgotten,
  };
  if (db.driver !== "pglite") return { ...done, vacuumed: false };
  // VACUUM cannot run inside a transaction: exec runs it on its own. PGlite runs in this process's one
  // thread, so while it vacuums nothing else runs: one table at a time, a request waits for one table,
  // not for all of them (docs/BENCHMARKS.md has how long).
  const tables = await db.query<{ name: string }>(
    "select quote_ident(relname) as name from pg_class where relkind = 'r' and relnamespace = 'public'::regnamespace",
  );
  for (const { name } of tables) {
    await db.exec(`vacuum (analyze) ${name}`);
    // PGlite runs in this thread and resolves without yielding: let waiting requests in between tables.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { ...done, vacuumed: true };
}

/** Runs maintainDatabase every intervalMs until stopped (0 turns it off). */
export function startMaintenance(db: Db, intervalMs: number, retention: Retention): { stop(): Promise<void> } {
  return every(intervalMs, () => maintainDatabase(db, retention), "maintenance");
}

/**
 * Runs work every intervalMs, one round after another (a slow round delays the next, never overlaps it),
 * until stopped; 0 turns it off. A process with nothing else to do exits: the timer keeps nothing alive.
 */
function every(intervalMs: number, work: () => Promise<unknown>, label: string): { stop(): Promise<void> } {
  if (intervalMs <= 0) return { stop: async () => {} };
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(work).catch((error) => console.error(`${label}:`, error));
  }, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}

/**
 * The embedded database's autoanalyze (PGlite has no autovacuum): analyses the tables that grew by a
 * fifth (and 8 pages) since their last analyze, so that plans follow the data from the first minutes —
 * without statistics, the attachment trigger's plans made taking a signal in 4× dearer
 * (docs/BENCHMARKS.md). Cheap when nothing grew: one look at pg_class. Returns the tables analysed.
 */
export async function analyzeGrownTables(db: Db): Promise<string[]> {
  if (db.driver !== "pglite") return [];
  const grown = await db.query<{ name: string }>(
    `select quote_ident(relname) as name from pg_class
      where relkind = 'r' and relnamespace = 'public'::regnamespace
        and pg_relation_size(oid) / current_setting('block_size')::int > greatest(relpages, 0) * 1.2 + 8`,
  );
  for (const { name } of grown) {
    await db.exec(`analyze ${name}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return grown.map((row) => row.name);
}

/** Runs analyzeGrownTables every intervalMs on the embedded database, in every role (0 turns it off). */
export function startAutoAnalyze(db: Db, intervalMs: number): { stop(): Promise<void> } {
  return every(db.driver === "pglite" ? intervalMs : 0, () => analyzeGrownTables(db), "analyze");
}
