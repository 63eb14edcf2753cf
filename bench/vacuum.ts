// How long the worker's maintenance holds the embedded database (PGlite runs requests one at a time,
// so they wait that long): `node bin/run-ts.js bench/vacuum.ts [copies of the 20,000-signal graph]`.
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
  const rounds: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    await maintainDatabase(db);
    rounds.push(Math.round(performance.now() - started));
  }
  console.log(JSON.stringify({ benchmark: "maintenance", driver: "pglite", signals: count?.n, roundsMs: rounds }));
} finally {
  await bench.close();
}
