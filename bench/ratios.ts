import { cpuModel, emit, loadAverage, measured } from "./report.js";

/** Targets as shares of PostgreSQL's own limit for the same rows, on the server (issue #13). */
export const ratioTargets = { "signals.batch": 0.6, "signals.http": 0.07 } as const;

/**
 * Each signals throughput of this run as a share of PostgreSQL's own limit measured in the same run
 * (insert-limit.ts): these travel between machines, absolute numbers do not. Targets on the server only.
 */
export function emitRatios(driver: "pglite" | "postgres", limit: number): void {
  for (const [bench, target] of Object.entries(ratioTargets)) {
    const value = measured(bench, driver);
    if (value === undefined) continue;
    emit({
      bench: `${bench}.ratio`,
      driver,
      value: value / limit,
      unit: "share of PostgreSQL's own limit",
      target: driver === "postgres" ? target : null,
      ratio: true,
      throughput: value,
      limit,
      cpuModel: cpuModel(),
      loadAverage: loadAverage(),
    });
  }
}
