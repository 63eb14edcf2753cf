import type { Db } from "../src/db/connect.js";
import { newId } from "../src/db/ids.js";
import type { BenchOptions } from "./options.js";
import { emit, log, now, round, since } from "./report.js";
import { Contacts, seedLoop, signalInputs } from "./workload.js";

/**
 * PostgreSQL's own limit for the same rows, measured in the same run as Loopwork (issue #13): plain
 * multi-row inserts of signals and their attachments into copies of Loopwork's tables with the same
 * indexes (`like … including all`: no foreign keys, no triggers, no contacts to find, no timeline), one
 * client, one transaction per batch of `batchSize`. Loopwork's throughputs are reported as ratios to it,
 * which travel between machines better than absolute numbers.
 */
export async function benchInsertLimit(db: Db, options: BenchOptions): Promise<number> {
  const label = `bench-limit-${Date.now().toString(36)}`;
  const { channelId, patternIds } = await seedLoop(db, label, options.patterns);
  await db.exec(`drop table if exists bench_limit_signal_patterns, bench_limit_signals;
    create table bench_limit_signals (like signals including all);
    create table bench_limit_signal_patterns (like signal_patterns including all);`);
  const contacts = new Contacts(`${label}.example.com`, 4);
  const contactIds = new Map<string, string>();
  const total = options.warmupBatches + options.batches;
  const batches = Array.from({ length: total }, (_, b) => {
    const { inputs } = signalInputs(options.batchSize, { channelId, patternIds, contacts, label: `${label}-${b}` });
    return inputs.map((input) => {
      const email = input.contact?.email ?? "";
      const contactId = contactIds.get(email) ?? newId();
      contactIds.set(email, contactId);
      return { ...input, id: newId(), contactId };
    });
  });
  const seconds: number[] = [];
  try {
    for (const [b, batch] of batches.entries()) {
      const signalValues = batch.map(
        (_, i) =>
          `($${i * 7 + 1}, $${i * 7 + 2}, $${i * 7 + 3}, $${i * 7 + 4}, $${i * 7 + 5}, $${i * 7 + 6}, $${i * 7 + 7})`,
      );
      const signalParams = batch.flatMap((s) => [
        s.id,
        s.channelId,
        s.contactId,
        s.title,
        s.body,
        s.urgency,
        s.threadRef,
      ]);
      const attachments = batch.flatMap((s) => s.patternIds.map((patternId) => [s.id, patternId, "system:bench"]));
      const attachmentValues = attachments.map((_, i) => `($${i * 3 + 1}, $${i * 3 + 2}, $${i * 3 + 3})`);
      const start = now();
      await db.transaction(async (tx) => {
        await tx.query(
          `insert into bench_limit_signals (id, channel_id, contact_id, title, body, urgency, thread_ref)
           values ${signalValues.join(", ")}`,
          signalParams,
        );
        await tx.query(
          `insert into bench_limit_signal_patterns (signal_id, pattern_id, attached_by) values ${attachmentValues.join(", ")}`,
          attachments.flat(),
        );
      });
      if (b >= options.warmupBatches) seconds.push(since(start) / 1000);
    }
  } finally {
    await db.exec("drop table if exists bench_limit_signal_patterns, bench_limit_signals");
  }
  const elapsed = seconds.reduce((sum, s) => sum + s, 0);
  const rate = (options.batchSize * seconds.length) / elapsed;
  log(`${db.driver} PostgreSQL's own limit: ${Math.round(rate)} signals/s`);
  emit({
    bench: "signals.limit",
    driver: db.driver,
    value: rate,
    unit: "signals/s",
    target: null,
    batchSize: options.batchSize,
    batches: seconds.length,
    seconds: round(elapsed),
  });
  return rate;
}
