import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDb } from "../../test/helpers/db.js";
import { startLoopwork } from "../app.js";
import { configFromEnv } from "../config.js";
import type { Db } from "../db/connect.js";
import { analyzeGrownTables, maintainDatabase } from "./maintain-database.js";

let db: Db;
beforeAll(async () => {
  db = await freshDb();
});
afterAll(async () => db?.close());

// What ANALYZE (and VACUUM) leave behind: the table's row count in the planner's statistics.
const plannerRows = async (table: string) =>
  Number((await db.query<{ n: number }>("select reltuples as n from pg_class where relname = $1", [table]))[0]?.n);

describe("the worker's maintenance", () => {
  it("forgets ended rate-limit windows, and vacuums and analyses the embedded database", async () => {
    await db.query(
      `insert into rate_limit_windows (key, window_start, hits)
       select 'm:' || i, now() - interval '1 hour', 1 from generate_series(1, 40) i`,
    );
    await db.query("insert into rate_limit_windows (key, window_start, hits) values ('m:live', now(), 1)");
    const done = await maintainDatabase(db);
    expect(done.rateLimitWindowsForgotten).toBe(40);
    if (db.driver === "pglite") {
      expect(done.vacuumed).toBe(true);
      expect(await plannerRows("rate_limit_windows")).toBe(1);
    }
  });

  it("runs on its own in a worker, every LOOPWORK_MAINTENANCE_MS", async () => {
    const own = await freshDb();
    const config = { ...configFromEnv({}), roles: { web: false, worker: true }, maintenanceMs: 20 };
    const running = await startLoopwork(config, own);
    try {
      await own.query(
        `insert into rate_limit_windows (key, window_start, hits)
         select 'm:' || i, now() - interval '1 hour', 1 from generate_series(1, 5) i`,
      );
      await expect.poll(async () => (await own.query("select 1 from rate_limit_windows")).length).toBe(0);
    } finally {
      await running.stop();
      await own.close();
    }
  });

  it.skipIf(Boolean(process.env.TEST_DATABASE_URL))(
    "analyses, on the embedded database, the tables that grew since their last analyze, and only those",
    async () => {
      const own = await freshDb();
      try {
        await analyzeGrownTables(own);
        await own.exec(`
          insert into loops (slug, name) values ('grow', 'Grow');
          insert into channels (loop_id, slug, name, kind) select id, 'grow', 'Grow', 'api' from loops;
          insert into signals (channel_id, title) select c.id, 'a signal about ' || g from channels c, generate_series(1, 3000) g;`);
        const rows = async () =>
          Number(
            (await own.query<{ n: number }>("select reltuples as n from pg_class where relname = 'signals'"))[0]?.n,
          );
        expect(await rows()).toBeLessThan(3000);
        expect(await analyzeGrownTables(own)).toContain("signals");
        expect(await rows()).toBe(3000);
        // Nothing grew since: nothing to analyse.
        expect(await analyzeGrownTables(own)).toEqual([]);
      } finally {
        await own.close();
      }
    },
  );

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    "analyses nothing on a PostgreSQL server, whose autovacuum does",
    async () => {
      expect(await analyzeGrownTables(db)).toEqual([]);
    },
  );
});
