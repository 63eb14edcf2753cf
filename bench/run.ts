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
let open: BenchDatabase | undefined;
let failures = 0;

// Ctrl-C must not leave a loopwork_bench_… database behind on the server.
process.once("SIGINT", () => {
  log("interrupted: dropping the scratch database");
  void (open?.close() ?? Promise.resolve()).finally(() => process.exit(130));
});

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
  const database = driver === "pglite" ? await openPglite(options.pglite) : await openServer(options.databaseUrl);
  if ("unreachable" in database) {
    note({ bench: "all", driver, skipped: true, reason: `no PostgreSQL server reachable at ${database.unreachable}` });
    servers[driver] = { skipped: database.unreachable };
    continue;
  }
  open = database;
  servers[driver] = database.describe;
  log(`${driver}: migrated scratch database ready in ${Date.now() - opening} ms`);
  try {
    // HTTP first: on both drivers its server then starts from an empty database (the PGlite child
    // always owns a fresh one), so the two numbers compare.
    if (options.only.has("http"))
      await attempt("signals.http", driver, () => benchHttpSignals(driver, options, database));
    // PostgreSQL's own limit for the same rows, in the same run: the signals benchmarks' yardstick.
    const limit = options.only.has("limit")
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
    if (options.only.has("ui")) await attempt("ui", driver, () => benchUi(driver, database, options));
    if (options.only.has("search")) await attempt("search", driver, () => benchSearch(database.db, options));
    if (options.only.has("delivery") && driver === "postgres")
      await attempt("delivery.email", driver, () => benchDelivery(database, options));
    if (options.only.has("github") && driver === "postgres")
      await attempt("github.webhooks", driver, () => benchGithubWebhooks(database, options));
    if (options.only.has("email-in")) await attempt("email.in", driver, () => benchEmailIn(database, options));
    // Last: it seeds a million signals into the run's database.
    if (options.only.has("scale")) await attempt("scale", driver, () => benchScale(database.db, options, limit));
  } finally {
    await database.close();
    open = undefined;
  }
}

const file = writeResults({
  startedAt,
  options: { ...options, only: [...options.only], databaseUrl: redact(options.databaseUrl) },
  servers,
  loadAverageAtStart,
});
log(`done in ${Math.round((Date.now() - startedAt.getTime()) / 1000)} s; results in ${file}`);
if (failures > 0) process.exitCode = 1;
