/** What one run of the benchmark measures, and how big: flags win over environment variables. */
export interface BenchOptions {
  /** Smaller sizes everywhere: a smoke run of a few seconds per driver, not a measurement. */
  quick: boolean;
  /** Which benchmarks run (trace needs snapback's dataset, so it runs snapback too). */
  only: Set<BenchName>;
  drivers: ("pglite" | "postgres")[];
  /** PGlite in memory, or in a temporary data folder on disk. */
  pglite: "memory" | "disk";
  /** The server the postgres part creates its scratch database on. */
  databaseUrl: string;
  batchSize: number;
  warmupBatches: number;
  batches: number;
  patterns: number;
  httpRequests: number;
  httpWarmup: number;
  /** Signals the loop already holds before the HTTP benchmark's first request (sent in batches). */
  httpHistory: number;
  concurrency: number;
  /** The snapback graph is the brief's size divided by this (1 = 20,000 signals). */
  snapbackScaleDown: number;
  traceRuns: number;
  deploymentTraceRuns: number;
  /** Signals the storage benchmark sends in batches (and a quarter as many one per call). */
  storageSignals: number;
  /** Measured attachments per pattern size in the attach benchmark. */
  attachRuns: number;
  /** The large pattern's signals in the attach benchmark (the small one has 100). */
  attachLargePattern: number;
  /** Patterns in the knowledge base and unattached signals in the triage inbox of the UI benchmark. */
  uiPatterns: number;
  uiSignals: number;
  /** Cold page loads measured per page in the UI benchmark (the median is reported). */
  uiRuns: number;
  /** Signals the search benchmark searches (a pattern per 20, a contact per signal). */
  searchSignals: number;
  /** Rounds of its queries, each query timed once per round. */
  searchRuns: number;
  /** Signals the scale benchmark seeds on the server (a tenth on PGlite), a pattern per 20. */
  scaleSignals: number;
  /** Timed calls per measure of the scale benchmark (suggestions, ranking pages, searches). */
  scaleRuns: number;
  /** Measured batches of --batch-size signals taken in with matching on (after one warm-up batch). */
  scaleBatches: number;
}

export const benchNames = [
  "signals",
  "http",
  "snapback",
  "trace",
  "attach",
  "storage",
  "limit",
  "delivery",
  "ui",
  "email-in",
  "search",
  "github",
  "scale",
] as const;
export type BenchName = (typeof benchNames)[number];

const usage = `Usage: npm run bench -- [options]   (every option also reads an environment variable)
  --quick                     small sizes, a smoke run (BENCH_QUICK=1)
  --only=signals,http,snapback,trace,attach,storage,limit,delivery,email-in,search,ui,github,scale
                              run a subset (BENCH_ONLY); trace runs snapback first; signals and
                              http also measure PostgreSQL's own limit (limit) for their ratios;
                              delivery and github run on the server only; ui drives the workspace in
                              Chromium (LOOPWORK_CHROMIUM, default /usr/bin/chromium)
  --driver=pglite,postgres    which stores (BENCH_DRIVERS)
  --pglite=memory|disk        PGlite in memory or in a temporary folder (BENCH_PGLITE), default memory
  --database-url=URL          the PostgreSQL server (BENCH_DATABASE_URL),
                              default postgres://postgres@127.0.0.1:5432/postgres
  --batches=N                 measured batches of --batch-size signals (BENCH_BATCHES), default 20
  --batch-size=N              (BENCH_BATCH_SIZE), default 1000
  --requests=N                measured HTTP requests (BENCH_REQUESTS), default 10000
  --history=N                 signals the HTTP benchmark's loop holds before it starts (BENCH_HISTORY),
                              default 20000
  --concurrency=N             keep-alive connections (BENCH_CONCURRENCY), default 24
  --trace-runs=N              runs per signal/improvement trace (BENCH_TRACE_RUNS), default 50
  --deployment-trace-runs=N   runs of the deployment trace (BENCH_DEPLOYMENT_TRACE_RUNS), default 5
  --storage-signals=N         signals the storage benchmark sends in batches, a quarter as many more one
                              per call (BENCH_STORAGE_SIGNALS), default 20000
  --attach-runs=N             attachments timed per pattern size (BENCH_ATTACH_RUNS), default 200
  --attach-large-pattern=N    signals of the large pattern (BENCH_ATTACH_LARGE_PATTERN), default 10000
  --ui-patterns=N             patterns in the UI benchmark's knowledge base (BENCH_UI_PATTERNS), default 50000
  --ui-signals=N              unattached signals in its triage inbox (BENCH_UI_SIGNALS), default 100000
  --ui-runs=N                 cold loads per page, median reported (BENCH_UI_RUNS), default 5
  --search-signals=N          signals the search benchmark searches (BENCH_SEARCH_SIGNALS), default 20000
  --search-runs=N             rounds of its 10 queries (BENCH_SEARCH_RUNS), default 30
  --scale=N                   signals the scale benchmark seeds on the server, a tenth on PGlite, a
                              pattern per 20 (BENCH_SCALE), default 1000000
  --scale-runs=N              timed calls per measure of the scale benchmark (BENCH_SCALE_RUNS), default 200
  --scale-batches=N           batches taken in with matching on (BENCH_SCALE_BATCHES), default 5`;

/** Reads the options from argv flags (--name=value or --name value) and BENCH_* variables. */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): BenchOptions {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--help" || arg === "-h") {
      console.error(usage);
      process.exit(0);
    }
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match?.[1]) throw new Error(`Unknown argument ${arg}.\n${usage}`);
    const next = argv[i + 1];
    const value = match[2] ?? (next !== undefined && !next.startsWith("--") && match[1] !== "quick" ? next : "1");
    if (match[2] === undefined && value === next) i++;
    flags.set(match[1], value);
  }
  const pick = (flag: string, variable: string) => flags.get(flag) ?? env[variable];
  const isQuick = ["1", "true", "yes"].includes(String(pick("quick", "BENCH_QUICK") ?? "").toLowerCase());
  const number = (flag: string, variable: string, normal: number, quick: number) => {
    const raw = pick(flag, variable);
    if (raw === undefined) return isQuick ? quick : normal;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${flag} must be a positive integer, not ${raw}.`);
    return value;
  };
  const list = (raw: string | undefined, allowed: readonly string[], all: readonly string[]) => {
    const items = raw
      ? raw
          .split(",")
          .map((item) => item.trim())
          .filter(Boolean)
      : [...all];
    const bad = items.find((item) => !allowed.includes(item));
    if (bad) throw new Error(`Unknown ${bad}: choose from ${allowed.join(", ")}.`);
    return items;
  };
  const only = new Set(list(pick("only", "BENCH_ONLY"), benchNames, benchNames) as BenchName[]);
  if (only.has("trace")) only.add("snapback");
  if (only.has("signals") || only.has("http") || only.has("scale")) only.add("limit");
  const pglite = pick("pglite", "BENCH_PGLITE") ?? "memory";
  if (pglite !== "memory" && pglite !== "disk") throw new Error("--pglite must be memory or disk.");
  return {
    quick: isQuick,
    only,
    drivers: list(
      pick("driver", "BENCH_DRIVERS"),
      ["pglite", "postgres"],
      ["pglite", "postgres"],
    ) as BenchOptions["drivers"],
    pglite,
    databaseUrl: pick("database-url", "BENCH_DATABASE_URL") ?? "postgres://postgres@127.0.0.1:5432/postgres",
    batchSize: number("batch-size", "BENCH_BATCH_SIZE", 1000, 500),
    warmupBatches: number("warmup-batches", "BENCH_WARMUP_BATCHES", 2, 1),
    batches: number("batches", "BENCH_BATCHES", 20, 3),
    patterns: 50,
    httpRequests: number("requests", "BENCH_REQUESTS", 10000, 300),
    httpWarmup: isQuick ? 50 : 3000,
    httpHistory: number("history", "BENCH_HISTORY", 20000, 1000),
    concurrency: number("concurrency", "BENCH_CONCURRENCY", 24, 16),
    snapbackScaleDown: isQuick ? 10 : 1,
    traceRuns: number("trace-runs", "BENCH_TRACE_RUNS", 50, 10),
    deploymentTraceRuns: number("deployment-trace-runs", "BENCH_DEPLOYMENT_TRACE_RUNS", 5, 2),
    storageSignals: number("storage-signals", "BENCH_STORAGE_SIGNALS", 20000, 2000),
    attachRuns: number("attach-runs", "BENCH_ATTACH_RUNS", 200, 30),
    attachLargePattern: number("attach-large-pattern", "BENCH_ATTACH_LARGE_PATTERN", 10000, 10000),
    uiPatterns: number("ui-patterns", "BENCH_UI_PATTERNS", 50000, 2000),
    uiSignals: number("ui-signals", "BENCH_UI_SIGNALS", 100000, 4000),
    uiRuns: number("ui-runs", "BENCH_UI_RUNS", 5, 2),
    searchSignals: number("search-signals", "BENCH_SEARCH_SIGNALS", 20000, 10000),
    searchRuns: number("search-runs", "BENCH_SEARCH_RUNS", 30, 5),
    scaleSignals: number("scale", "BENCH_SCALE", 1_000_000, 100_000),
    scaleRuns: number("scale-runs", "BENCH_SCALE_RUNS", 200, 40),
    scaleBatches: number("scale-batches", "BENCH_SCALE_BATCHES", 5, 2),
  };
}
