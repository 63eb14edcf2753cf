import type { Db } from "../src/db/connect.js";
import { type ChainLevel, trace } from "../src/services/trace.js";
import type { BenchOptions } from "./options.js";
import { emit, log, now, since, summarize } from "./report.js";
import type { SnapbackGraph, SnapbackIds } from "./snapback-seed.js";
import { random } from "./workload.js";

/** Targets of the signal and improvement traces: p95 in ms. */
export const traceTargets = { postgres: 50, pglite: 250 } as const;

/**
 * Benchmark 4: trace latency on the snapback dataset after the snapback ran. Signal and improvement
 * traces start from a different random entity each run; the deployment trace walks back to every
 * signal it answered, so it is reported on its own, without a target.
 */
export async function benchTrace(db: Db, graph: SnapbackGraph & SnapbackIds, options: BenchOptions): Promise<void> {
  const draw = random(3);
  const pick = (ids: string[]) => ids[Math.floor(draw() * ids.length)] ?? "";
  const cases: { type: ChainLevel; ids: () => string; runs: number; target: number | null }[] = [
    { type: "signal", ids: () => pick(graph.signalIds), runs: options.traceRuns, target: traceTargets[db.driver] },
    {
      type: "improvement",
      ids: () => pick(graph.improvementIds),
      runs: options.traceRuns,
      target: traceTargets[db.driver],
    },
    { type: "deployment", ids: () => graph.deploymentId, runs: options.deploymentTraceRuns, target: null },
  ];
  for (const c of cases) {
    const warmup = c.type === "deployment" ? 1 : 5;
    // The deployment's trace is asked for whole (the API shows at most traceLimits.max of a type).
    const limit = c.type === "deployment" ? graph.signals : undefined;
    for (let i = 0; i < warmup; i++) await trace(db, c.type, c.ids(), { limit });
    const ms: number[] = [];
    let sizes = { signals: 0, notifications: 0, contacts: 0 };
    for (let i = 0; i < c.runs; i++) {
      const start = now();
      const result = await trace(db, c.type, c.ids(), { limit });
      ms.push(since(start));
      sizes = {
        signals: (result.signals ?? []).length,
        notifications: (result.notifications ?? []).length,
        contacts: (result.contacts ?? []).length,
      };
    }
    const stats = summarize(ms);
    log(`${db.driver} trace ${c.type}: p50 ${stats.p50} ms, p95 ${stats.p95} ms`);
    emit({
      bench: `trace.${c.type}`,
      driver: db.driver,
      value: stats.p95,
      unit: "ms (p95)",
      target: c.target,
      comparison: "<",
      p50: stats.p50,
      p95: stats.p95,
      max: stats.max,
      mean: stats.mean,
      runs: stats.runs,
      // What the last run returned: the deployment trace carries every signal it answered.
      returned: sizes,
      // A deployment answers every signal; an improvement is behind its one pattern's signals.
      verified:
        sizes.signals ===
        (c.type === "deployment" ? graph.signals : c.type === "improvement" ? graph.signals / graph.patterns : 1),
    });
  }
}
