// How long the worker's maintenance holds the embedded database (PGlite runs requests one at a time,
// so they wait that long): `node bin/run-ts.js bench/vacuum.ts [copies of the 20,000-signal graph]`.
import { configFromEnv } from "../src/config.js";
import { maintainDatabase } from "../src/jobs/maintain-database.js";
import { openPglite } from "./databases.js";
import { seedSnapbackGraph } from "./snapback-seed.js";

const copies = Number(process.argv[2] ?? 1);
const bench = await openPglite("disk");
try {
  const { db } = bench;
  for (let i = 0; i < copies; i++) await seedSnapbackGraph(db, 1);
  // Churn: every signal updated once, so the first round has dead rows to reclaim.
  await db.query("update signals set urgency = urgency");
  const [count] = await db.query<{ n: number }>("select count(*) as n from signals");
  // PGlite runs in this thread: while a VACUUM runs, nothing else does (no request, no timer). The
  // longest gap between ticks of a 10 ms timer is how long a request may stall.
  const rounds: { totalMs: number; longestStallMs: number }[] = [];
  for (let i = 0; i < 3; i++) {
    let longestStallMs = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      longestStallMs = Math.max(longestStallMs, now - last);
      last = now;
    }, 10);
    const started = performance.now();
    await maintainDatabase(db, { githubBodyDays: configFromEnv(process.env).githubBodyRetentionDays });
    const totalMs = Math.round(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 20));
    clearInterval(ticker);
    rounds.push({ totalMs, longestStallMs: Math.round(longestStallMs) });
  }
  console.log(JSON.stringify({ benchmark: "maintenance", driver: "pglite", signals: count?.n, rounds }));
} finally {
  await bench.close();
}
