/**
 * The scale benchmark (bench/scale.ts) on a data set kept between runs, to study one measure at a time or
 * compare two trees on the same data (docs/BENCHMARKS.md, "How to run"):
 *
 *   node bin/run-ts.js bench/scale-kept.ts --seed            # (re)creates database lw_scale: ~2 min at a million
 *   node bin/run-ts.js bench/scale-kept.ts intake            # measures parts of it: suggest, top, search, intake, intake-single
 *   STATEMENTS=1 node bin/run-ts.js bench/scale-kept.ts intake   # and prints where the statements' time went
 *
 * SCALE_URL names the database (default postgres://postgres@127.0.0.1:5432/lw_scale); SCALE_PGLITE=<folder>
 * keeps the data in an embedded database in that folder instead (seeded with a tenth: 100,000 signals, as
 * `npm run bench -- --only=scale` does on PGlite). The size seeded and the measures' sizes are the
 * benchmark's own options (`--scale=`, `--scale-batches=`, `--scale-runs=`, bench/options.ts). The data set's
 * ids are kept in bench/results/scale-kept.json (scale-kept-pglite.json). Results print as JSON lines.
 */

import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import pg from "pg";
import { connect } from "../src/db/connect.js";
import { migrate } from "../src/db/migrate.js";
import { parseOptions } from "./options.js";
import { measureScale } from "./scale.js";
import { type ScaleData, seedScale } from "./scale-seed.js";
import { byStatement, timedDb } from "./timed-db.js";

const url = process.env.SCALE_URL ?? "postgres://postgres@127.0.0.1:5432/lw_scale";
const folder = process.env.SCALE_PGLITE;
const kept = folder ? "bench/results/scale-kept-pglite.json" : "bench/results/scale-kept.json";
const args = process.argv.slice(2);
const options = parseOptions(args.filter((a) => a.startsWith("--") && a !== "--seed"));
const open = () => connect(folder ? { dataFolder: folder } : { databaseUrl: url });

if (args.includes("--seed")) {
  if (folder) rmSync(folder, { recursive: true, force: true });
  else {
    const database = new URL(url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: url.replace(/\/[^/]*$/, "/postgres") });
    await admin.connect();
    await admin.query(`drop database if exists ${pg.escapeIdentifier(database)}`);
    await admin.query(`create database ${pg.escapeIdentifier(database)}`);
    await admin.end();
  }
  const db = await open();
  await migrate(db);
  const data = await seedScale(db, folder ? Math.round(options.scaleSignals / 10) : options.scaleSignals);
  mkdirSync("bench/results", { recursive: true });
  writeFileSync(kept, JSON.stringify(data));
  await db.close();
} else {
  const data = JSON.parse(readFileSync(kept, "utf8")) as ScaleData;
  const parts = args.filter((a) => !a.startsWith("--"));
  const db = await open();
  const timed = timedDb(db);
  await measureScale(process.env.STATEMENTS ? timed.db : db, data, options, undefined, 0, parts);
  if (process.env.STATEMENTS) {
    for (const s of byStatement(timed.statements, 20)) console.log(JSON.stringify({ bench: "statement", ...s }));
  }
  await db.close();
}
