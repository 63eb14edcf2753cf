import type { Db } from "../src/db/connect.js";
import { listRecords } from "../src/services/records.js";
import { resources } from "../src/services/resources.js";
import { search, searchTypes } from "../src/services/search.js";
import type { BenchOptions } from "./options.js";
import { emit, log, now, round, since, summarize } from "./report.js";
import { seedLoop } from "./workload.js";

/** Target of the search benchmark (issue #11: search p95 < 50 ms). */
export const searchP95TargetMs = 50;

// Words the seeded signals and patterns are written from: like support mail, some words common, some rare.
const vocabulary = [
  "export",
  "csv",
  "sync",
  "calendar",
  "offline",
  "login",
  "password",
  "crash",
  "slow",
  "upload",
  "invoice",
  "email",
  "notification",
  "search",
  "dashboard",
  "timeout",
  "error",
  "mobile",
  "android",
  "iphone",
  "printer",
  "report",
  "attachment",
  "duplicate",
  "missing",
  "broken",
  "settings",
  "language",
  "timezone",
  "import",
  "webhook",
  "token",
  "permission",
  "billing",
  "refund",
  "backup",
  "restore",
  "widget",
  "chart",
  "filter",
];

/** What people type: prefixes as they type, whole words, two words, a typo, a word nothing has. */
const queries = ["ex", "exp", "export csv", "cal", "calendar sync", "offl", "crash mobile", "timout", "pri", "zebra"];

/**
 * Benchmark: GET /search's service (all four types, limit 20) over `searchSignals` signals with varied
 * words and a pattern per 20 signals, against a reference in the same run: the plain newest-first page
 * of signals (GET /signals?limit=20), which every list pays.
 */
export async function benchSearch(db: Db, options: BenchOptions): Promise<void> {
  const label = `bench-search-${Date.now().toString(36)}`;
  const n = options.searchSignals;
  const { channelId } = await seedLoop(db, label, 0);
  await db.query(
    `insert into patterns (title, description)
     select initcap(w[1 + g % 40]) || ' ' || w[1 + (g * 7) % 40] || ' ' || w[1 + (g * 13) % 40], ''
       from generate_series(1, $2::int) g, (select $1::text[] as w) v`,
    [vocabulary, Math.ceil(n / 20)],
  );
  for (let from = 0; from < n; from += 10_000) {
    await db.query(
      `insert into contacts (name, email) select 'Person ' || g, $3 || '-' || g || '@bench.example.com'
         from generate_series($1::int, $2::int) g`,
      [from, Math.min(n, from + 10_000) - 1, label],
    );
    await db.query(
      `insert into signals (channel_id, title, body)
       select $1, initcap(w[1 + (g * 3) % 40]) || ' ' || w[1 + (g * 11) % 40] || ' ' || w[1 + (g * 17 / 5) % 40] || ' #' || g,
              'It happened again with the ' || w[1 + (g * 5) % 40] || ' and the ' || w[1 + (g * 19) % 40]
              || ' after I tried ' || w[1 + (g * 23 / 3) % 40] || '. Please help, it is ' || w[1 + (g * 29) % 40] || '.'
         from generate_series($2::int, $3::int) g, (select $4::text[] as w) v`,
      [channelId, from, Math.min(n, from + 10_000) - 1, vocabulary],
    );
  }
  await db.exec("analyze");
  log(`${db.driver} search: ${n} signals, ${Math.ceil(n / 20)} patterns seeded`);
  const rounds = options.searchRuns;
  const searched: number[] = [];
  const listed: number[] = [];
  let hits = 0;
  const byQuery = new Map<string, number[]>();
  for (let i = 0; i < rounds + 2; i++) {
    for (const q of queries) {
      let start = now();
      const found = await search(db, { q, types: searchTypes, filters: {}, limit: 20 });
      if (i >= 2) {
        const ms = since(start);
        searched.push(ms);
        byQuery.set(q, [...(byQuery.get(q) ?? []), ms]);
      }
      hits += found.items.length;
      start = now();
      await listRecords(db, resources.signal, { filters: {}, limit: 20 });
      if (i >= 2) listed.push(since(start));
    }
  }
  const s = summarize(searched);
  const reference = summarize(listed);
  log(`${db.driver} search p95 ${s.p95} ms; the newest page of signals p95 ${reference.p95} ms`);
  emit({
    bench: "search",
    driver: db.driver,
    value: s.p95,
    unit: "ms p95 (GET /search, 4 types, limit 20)",
    target: searchP95TargetMs,
    comparison: "<",
    verified: hits > 0,
    signals: n,
    queries,
    byQuery: Object.fromEntries([...byQuery].map(([q, ms]) => [q, summarize(ms).p95])),
    p50: s.p50,
    max: s.max,
    runs: s.runs,
    reference: { what: "newest page of signals (GET /signals?limit=20)", p95: reference.p95, p50: reference.p50 },
    ratioToReference: round(s.p95 / reference.p95),
  });
}
