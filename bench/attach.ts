import type { Db } from "../src/db/connect.js";
import { attachSignals } from "../src/services/attach-signals.js";
import { trace } from "../src/services/trace.js";
import type { BenchOptions } from "./options.js";
import { emit, log, now, round, since, summarize } from "./report.js";
import { seedLoop } from "./workload.js";

/** Target: attaching to a pattern of 10,000 signals takes at most 1.5× what it takes at 100 (p95). */
export const attachGrowthTarget = 1.5;

/** Seeds n report signals attached to a pattern (set-based SQL: the triggers keep its aggregates). */
async function seedPattern(db: Db, channelId: string, patternId: string, n: number, label: string) {
  await db.query(
    `with contacts_made as (
       insert into contacts (name, email)
       select 'P' || g, $4 || '-' || g || '@bench.example.com' from generate_series(1, $3) g returning id
     ), signals_made as (
       insert into signals (channel_id, contact_id, title, body, urgency, thread_ref)
       select $1, id, $4 || ' export drops the last row', 'When I export a report the last row is missing.',
              (array['low','normal','normal','high','critical'])[1 + (random() * 4)::int], '<' || id || '@mail.example.com>'
         from contacts_made returning id
     )
     insert into signal_patterns (signal_id, pattern_id, attached_by) select id, $2, 'system:bench' from signals_made`,
    [channelId, patternId, n, label],
  );
}

/** Signals not attached to anything yet, to attach one per measured call. */
async function loose(db: Db, channelId: string, n: number, label: string): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `insert into signals (channel_id, title, urgency) select $1, $3 || ' loose ' || g, 'normal'
       from generate_series(1, $2) g returning id`,
    [channelId, n, label],
  );
  return rows.map((row) => row.id);
}

/**
 * Benchmark: POST /patterns/:id/signals's service (attachSignals, one new signal per call) on a pattern
 * of 100 signals and one of 10,000, the calls interleaved so that both meet the same noise; and the
 * pattern trace at both sizes (reported without a target: the trace lists every signal of the pattern).
 */
export async function benchAttach(db: Db, options: BenchOptions): Promise<void> {
  const label = `bench-attach-${Date.now().toString(36)}`;
  const { channelId, patternIds } = await seedLoop(db, label, 2);
  const sizes = [100, options.attachLargePattern] as const;
  const [small, large] = patternIds as [string, string];
  await seedPattern(db, channelId, small, sizes[0], `${label}-s`);
  await seedPattern(db, channelId, large, sizes[1], `${label}-l`);
  if (db.driver === "postgres") await db.exec("analyze");
  const runs = options.attachRuns;
  const warmup = Math.max(5, Math.round(runs / 10));
  const signals = await loose(db, channelId, 2 * (runs + warmup), label);
  const times: [number[], number[]] = [[], []];
  for (let i = 0; i < runs + warmup; i++) {
    for (const [which, patternId] of [small, large].entries()) {
      const signalId = signals[2 * i + which] ?? "";
      const start = now();
      await attachSignals(db, "system:bench", patternId, { signalIds: [signalId], score: 1 });
      if (i >= warmup) times[which as 0 | 1].push(since(start));
    }
  }
  const [atSmall, atLarge] = times.map(summarize) as [ReturnType<typeof summarize>, ReturnType<typeof summarize>];
  log(`${db.driver} attach p95: ${atSmall.p95} ms at ${sizes[0]} signals, ${atLarge.p95} ms at ${sizes[1]}`);
  const traced: ReturnType<typeof summarize>[] = [];
  for (const patternId of [small, large]) {
    const ms: number[] = [];
    for (let i = 0; i < options.traceRuns / 5 + 2; i++) {
      const start = now();
      await trace(db, "pattern", patternId);
      if (i >= 2) ms.push(since(start));
    }
    traced.push(summarize(ms));
  }
  emit({
    bench: "attach",
    driver: db.driver,
    value: atLarge.p95 / atSmall.p95,
    unit: `p95 at ${sizes[1]} / p95 at ${sizes[0]} signals`,
    target: attachGrowthTarget,
    comparison: "<",
    ratio: true,
    runs,
    [`at${sizes[0]}`]: { p50: atSmall.p50, p95: atSmall.p95, max: atSmall.max },
    [`at${sizes[1]}`]: { p50: atLarge.p50, p95: atLarge.p95, max: atLarge.max },
    // Not this benchmark's target: the pattern trace lists every signal, so it grows with the pattern.
    patternTraceP95Ms: { [`at${sizes[0]}`]: traced[0]?.p95, [`at${sizes[1]}`]: traced[1]?.p95 },
    patternTraceGrowth: round((traced[1]?.p95 ?? 0) / (traced[0]?.p95 ?? 1)),
  });
}
