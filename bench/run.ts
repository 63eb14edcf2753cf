/**
 * Loopwork's benchmarks (docs/BENCHMARKS.md): signals in batches, signals over HTTP, snapback at scale,
 * trace latency and email delivery by two workers (server only), on PGlite and on a PostgreSQL server. Prints one JSON object per result on stdout,
 * progress on stderr, and writes the run to bench/results/latest.json. A benchmark, never a test:
 * a missed target is reported, not failed; only an error exits non-zero.
 */

import { benchAttach } from "./attach.js";
import { type BenchDatabase, openPglite, openServer, redact } from "./databases.js";
import { benchDelivery } from "./delivery.js";
import { benchEmailIn } from "./email-in.js";
import { benchGithubWebhooks } from "./github-webhooks.js";
import { benchHttpSignals } from "./http-signals.js";
import { benchInsertLimit } from "./insert-limit.js";
import { parseOptions } from "./options.js";
import { emitRatios } from "./ratios.js";
import { cpuModel, loadAverage, log, note, writeResults } from "./report.js";
import { benchScale } from "./scale.js";
import { benchSearch } from "./search.js";
import { benchSignalBatches } from "./signals.js";
import { benchRollback, benchSnapback } from "./snapback.js";
import { benchStorage } from "./storage.js";
import { benchTrace } from "./trace.js";
import { benchUi } from "./ui.js";

const options = parseOptions(process.argv.slice(2));
const startedAt = new Date();
const loadAverageAtStart = loadAverage();
const servers: Record<string, unknown> = {};
const open = new Set<BenchDatabase>();
let failures = 0;

// Ctrl-C must not leave a loopwork_bench_… database behind on the server.
process.once("SIGINT", () => {
  log("interrupted: dropping the scratch databases");
  void Promise.allSettled([...open].map((database) => database.close())).finally(() => process.exit(130));
});

/** A fresh migrated scratch database of the driver (its reason instead when the server is unreachable). */
async function openDatabase(driver: "pglite" | "postgres"): Promise<BenchDatabase | { unreachable: string }> {
  const database = driver === "pglite" ? await openPglite(options.pglite) : await openServer(options.databaseUrl);
  if (!("unreachable" in database)) open.add(database);
  return database;
}

async function closeDatabase(database: BenchDatabase): Promise<void> {
  open.delete(database);
  await database.close();
}

/**
 * Runs a benchmark that seeds a data set of its own (the workspace's 50,000 patterns, search's 20,000
 * signals, a million for scale, the delivery's notifications) on a database of its own: in the run's
 * shared one it measured the earlier benchmarks' rows too (search p95 ~1 s over the workspace's 50,000
 * patterns instead of ~40 ms over its own 1,000).
 */
async function onItsOwnDatabase(
  bench: string,
  driver: "pglite" | "postgres",
  fn: (database: BenchDatabase) => Promise<unknown>,
): Promise<void> {
  const database = await attempt(bench, driver, async () => {
    const opened = await openDatabase(driver);
    if ("unreachable" in opened) throw new Error(opened.unreachable);
    return opened;
  });
  if (!database) return;
  try {
    await attempt(bench, driver, () => fn(database));
  } finally {
    await closeDatabase(database);
  }
}

/** Runs one benchmark; an error becomes a "failed" line and the run goes on with the next one. */
async function attempt<T>(bench: string, driver: "pglite" | "postgres", fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (error) {
    failures++;
    note({
      bench,
      driver,
      failed: true,
      reason: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    return undefined;
  }
}

log(`machine: ${cpuModel()}, load average ${loadAverageAtStart.join(" ")}`);
log(`options: ${JSON.stringify({ ...options, only: [...options.only], databaseUrl: redact(options.databaseUrl) })}`);
for (const driver of options.drivers) {
  const opening = Date.now();
  const database = await openDatabase(driver);
  if ("unreachable" in database) {
    note({ bench: "all", driver, skipped: true, reason: `no PostgreSQL server reachable at ${database.unreachable}` });
    servers[driver] = { skipped: database.unreachable };
    continue;
  }
  servers[driver] = database.describe;
  log(`${driver}: migrated scratch database ready in ${Date.now() - opening} ms`);
  let limit: number | undefined;
  try {
    // HTTP first: on both drivers its server then starts from an empty database (the PGlite child
    // always owns a fresh one), so the two numbers compare.
    if (options.only.has("http"))
      await attempt("signals.http", driver, () => benchHttpSignals(driver, options, database));
    // PostgreSQL's own limit for the same rows, in the same run: the signals benchmarks' yardstick.
    limit = options.only.has("limit")
      ? await attempt("signals.limit", driver, () => benchInsertLimit(database.db, options))
      : undefined;
    if (options.only.has("signals"))
      await attempt("signals.batch", driver, () => benchSignalBatches(database.db, options));
    if (limit) emitRatios(driver, limit);
    if (options.only.has("snapback")) {
      const graph = await attempt("snapback", driver, () => benchSnapback(database.db, options));
      if (graph && options.only.has("trace"))
        await attempt("trace", driver, () => benchTrace(database.db, graph, options));
      if (graph) await attempt("rollback", driver, () => benchRollback(database.db, graph));
    }
    if (options.only.has("attach")) await attempt("attach", driver, () => benchAttach(database.db, options));
    if (options.only.has("storage")) await attempt("storage", driver, () => benchStorage(database.db, options));
  } finally {
    await closeDatabase(database);
  }
  // Each of these on a database of its own (onItsOwnDatabase says why).
  if (options.only.has("ui")) await onItsOwnDatabase("ui", driver, (own) => benchUi(driver, own, options));
  if (options.only.has("search")) await onItsOwnDatabase("search", driver, (own) => benchSearch(own.db, options));
  if (options.only.has("delivery") && driver === "postgres")
    await onItsOwnDatabase("delivery.email", driver, (own) => benchDelivery(own, options));
  if (options.only.has("github") && driver === "postgres")
    await onItsOwnDatabase("github.webhooks", driver, (own) => benchGithubWebhooks(own, options));
  if (options.only.has("email-in")) await onItsOwnDatabase("email.in", driver, (own) => benchEmailIn(own, options));
  if (options.only.has("scale")) await onItsOwnDatabase("scale", driver, (own) => benchScale(own.db, options, limit));
}

const file = writeResults({
  startedAt,
  options: { ...options, only: [...options.only], databaseUrl: redact(options.databaseUrl) },
  servers,
  loadAverageAtStart,
});
log(`done in ${Math.round((Date.now() - startedAt.getTime()) / 1000)} s; results in ${file}`);
if (failures > 0) process.exitCode = 1;
