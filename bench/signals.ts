import type { Db } from "../src/db/connect.js";
import { createSignals } from "../src/services/create-signals.js";
import type { BenchOptions } from "./options.js";
import { emit, log, now, round, since } from "./report.js";
import { byStatement, timedDb } from "./timed-db.js";
import { Contacts, seedLoop, signalInputs } from "./workload.js";

/** Targets of the batch benchmark, in signals created and attached per second. */
export const batchTargets = { postgres: 7500, pglite: 1500 } as const;

/**
 * Benchmark 1: createSignals in batches (service layer, no HTTP). Every signal has a contact by email
 * (new and returning people) and one of the loop's patterns; warm-up batches are not counted.
 */
export async function benchSignalBatches(db: Db, options: BenchOptions): Promise<void> {
  const label = `bench-batch-${Date.now().toString(36)}`;
  const { channelId, patternIds } = await seedLoop(db, label, options.patterns);
  const contacts = new Contacts(`${label}.example.com`, 1);
  const total = options.warmupBatches + options.batches;
  // Inputs are built before the clock starts: the benchmark times the service, not this generator.
  const batches = Array.from({ length: total }, (_, b) =>
    signalInputs(options.batchSize, { channelId, patternIds, contacts, label: `${label}-${b}` }),
  );
  const seconds: number[] = [];
  const timed = timedDb(db);
  for (const [b, batch] of batches.entries()) {
    // Statements are recorded for the measured batches only.
    if (b === options.warmupBatches) timed.statements.length = 0;
    const start = now();
    const created = await createSignals(timed.db, "system:bench", batch.inputs);
    const ms = since(start);
    if (created.length !== batch.inputs.length) throw new Error(`batch ${b}: ${created.length} signals created`);
    if (b >= options.warmupBatches) seconds.push(ms / 1000);
    if (b % 5 === 4 || b === total - 1)
      log(`${db.driver} batch ${b + 1}/${total}: ${Math.round(batch.inputs.length / (ms / 1000))} signals/s`);
  }
  const measured = batches.slice(options.warmupBatches);
  const signals = measured.reduce((sum, batch) => sum + batch.inputs.length, 0);
  const newContacts = measured.reduce((sum, batch) => sum + batch.newContacts, 0);
  const elapsed = seconds.reduce((sum, s) => sum + s, 0);
  const rate = (slice: number[]) => (options.batchSize * slice.length) / slice.reduce((sum, s) => sum + s, 0);
  const edge = Math.max(1, Math.min(3, Math.floor(seconds.length / 3)));
  const first = rate(seconds.slice(0, edge));
  const last = rate(seconds.slice(-edge));
  const statementMs = timed.statements.reduce((sum, s) => sum + s.ms, 0);
  const [check] = await db.query<{ attached: number }>(
    "select count(*)::int as attached from signal_patterns where pattern_id = any($1::uuid[])",
    [patternIds],
  );
  if (check?.attached !== total * options.batchSize)
    throw new Error(`${check?.attached} attachments, expected ${total * options.batchSize}`);
  emit({
    bench: "signals.batch",
    driver: db.driver,
    value: signals / elapsed,
    unit: "signals/s",
    target: batchTargets[db.driver],
    signals,
    batchSize: options.batchSize,
    batches: seconds.length,
    warmupBatches: options.warmupBatches,
    seconds: round(elapsed),
    newContactShare: round(newContacts / signals),
    patterns: patternIds.length,
    // The same run's first and last batches: a ratio below 1 means batches slow down as data grows.
    firstBatchesPerSecond: round(first),
    lastBatchesPerSecond: round(last),
    lastToFirst: round(last / first),
    batchMs: seconds.map((s) => Math.round(s * 1000)),
    // Where a batch's time goes: inside the database calls (per statement, summed over the measured
    // batches) and the rest, in the service's JavaScript (validation, JSON, timeline events).
    statementSeconds: round(statementMs / 1000),
    javascriptSeconds: round(elapsed - statementMs / 1000),
    statementsByTime: byStatement(timed.statements, 8),
  });
}
