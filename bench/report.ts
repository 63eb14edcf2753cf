import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";

/** One measured number, as one JSON line on stdout and one entry of bench/results/latest.json. */
export interface BenchResult {
  bench: string;
  driver: "pglite" | "postgres";
  value: number;
  unit: string;
  /** null when the number is reported without a target (the deployment trace). */
  target: number | null;
  /** How value is compared with target: at least (throughput) or below (durations). */
  comparison: ">=" | "<";
  meets: boolean | null;
  [detail: string]: unknown;
}

/** A line that is not a measurement: a driver skipped, or a benchmark that failed. */
export interface BenchNote {
  bench: string;
  driver: "pglite" | "postgres";
  skipped?: boolean;
  failed?: boolean;
  reason: string;
}

const results: (BenchResult | BenchNote)[] = [];

/** What a benchmark reports; emit adds whether it meets its target. */
export interface Measurement {
  bench: string;
  driver: "pglite" | "postgres";
  value: number;
  unit: string;
  target: number | null;
  /** ">=" unless said. */
  comparison?: BenchResult["comparison"];
  /** false when the benchmark's own check of the outcome failed: then it meets nothing. */
  verified?: boolean;
  [detail: string]: unknown;
}

/** The value of a result emitted earlier in this run, if any. */
export function measured(bench: string, driver: BenchResult["driver"]): number | undefined {
  return results.find((r): r is BenchResult => "value" in r && r.bench === bench && r.driver === driver)?.value;
}

/** The processor's model as /proc/cpuinfo names it (Node's view where there is none). */
export function cpuModel(): string {
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8")
      .split("\n")
      .find((l) => /^model name\s*:/.test(l));
    if (line) return line.slice(line.indexOf(":") + 1).trim();
  } catch {
    // Not Linux: fall through.
  }
  return cpus()[0]?.model ?? "unknown";
}

/** The 1, 5 and 15 minute load averages: other work on the machine while the benchmark ran. */
export const loadAverage = (): number[] => loadavg().map(round);

/** Prints one result line on stdout (machine-readable) and keeps it for the results file. */
export function emit(result: Measurement): BenchResult {
  const comparison = result.comparison ?? ">=";
  const { bench, driver, value, unit, target, ...details } = result;
  // A fast answer that is wrong meets nothing.
  const meets =
    result.verified === false ? false : target === null ? null : comparison === ">=" ? value >= target : value < target;
  const line: BenchResult = { bench, driver, value: round(value), unit, target, comparison, meets, ...details };
  results.push(line);
  console.log(JSON.stringify(line));
  return line;
}

/** Prints a skipped or failed benchmark as a line of its own, so a reader of stdout sees why it is missing. */
export function note(line: BenchNote): void {
  results.push(line);
  console.log(JSON.stringify(line));
  log(`${line.driver} ${line.bench}: ${line.skipped ? "skipped" : "failed"} — ${line.reason}`);
}

/** Progress for the person watching: stderr, so stdout stays JSON lines only. */
export function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** Writes the whole run to bench/results/latest.json (gitignored). */
export function writeResults(run: {
  startedAt: Date;
  options: unknown;
  servers: Record<string, unknown>;
  loadAverageAtStart: number[];
}): string {
  const folder = new URL("./results/", import.meta.url);
  mkdirSync(folder, { recursive: true });
  const file = new URL("latest.json", folder);
  const machine = {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: cpus().length,
    cpuModel: cpuModel(),
    loadAverage: { atStart: run.loadAverageAtStart, atEnd: loadAverage() },
    memoryGb: round(totalmem() / 2 ** 30),
  };
  // Same-run ratios are steadier than absolute numbers on a shared machine: server over embedded.
  const measured = results.filter((r): r is BenchResult => "value" in r);
  const ratios = Object.fromEntries(
    [...new Set(measured.map((r) => r.bench))].flatMap((bench) => {
      const pglite = measured.find((r) => r.bench === bench && r.driver === "pglite");
      const postgres = measured.find((r) => r.bench === bench && r.driver === "postgres");
      return pglite && postgres ? [[bench, { postgresOverPglite: round(postgres.value / pglite.value) }]] : [];
    }),
  );
  const finishedAt = new Date();
  const body = {
    startedAt: run.startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    seconds: round((finishedAt.getTime() - run.startedAt.getTime()) / 1000),
    machine,
    servers: run.servers,
    options: run.options,
    results,
    ratios,
  };
  writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
  return file.pathname;
}

/** A number with at most 3 significant decimals: results stay readable. */
export function round(value: number): number {
  if (!Number.isFinite(value)) return value;
  const digits = Math.abs(value) >= 100 ? 1 : 3;
  return Number(value.toFixed(digits));
}

/** p50, p95, max and mean of durations in ms (nearest-rank percentiles). */
export function summarize(ms: number[]): { p50: number; p95: number; max: number; mean: number; runs: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? NaN;
  const mean = sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length);
  return {
    p50: round(rank(0.5)),
    p95: round(rank(0.95)),
    max: round(sorted.at(-1) ?? NaN),
    mean: round(mean),
    runs: sorted.length,
  };
}

/** Milliseconds since start, from the monotonic clock. */
export function since(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** The monotonic clock now. */
export const now = (): bigint => process.hrtime.bigint();
