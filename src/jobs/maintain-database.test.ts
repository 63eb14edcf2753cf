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
    const done = await maintainDatabase(db, { githubBodyDays: 30 });
    expect(done.rateLimitWindowsForgotten).toBe(40);
    if (db.driver === "pglite") {
      expect(done.vacuumed).toBe(true);
      expect(await plannerRows("rate_limit_windows")).toBe(1);
    }
  });

  it("drops the bodies of GitHub deliveries applied before the retention window, and keeps what refuses their replay", async () => {
    // 1,500 old applied deliveries (more than one pass takes), one applied yesterday, one old that died.
    await db.query(
      `insert into outbox (kind, idempotency_key, payload, status, delivered_at)
       select 'github_event', 'github:c:old-' || i, jsonb_build_object('event', 'issues', 'body', jsonb_build_object('n', i), 'result', 'signal s'),
              'delivered', now() - interval '31 days'
         from generate_series(1, 1500) i`,
    );
    await db.query(
      `insert into outbox (kind, idempotency_key, payload, status, delivered_at, created_at) values
         ('github_event', 'github:c:recent', '{"event": "issues", "body": {"n": 0}}', 'delivered', now() - interval '1 day', now()),
         ('github_event', 'github:c:dead', '{"event": "issues", "body": {"n": 0}}', 'dead', null, now() - interval '40 days')`,
    );
    const done = await maintainDatabase(db, { githubBodyDays: 30 });
    expect(done.githubBodiesForgotten).toBe(1500);
    const kept = await db.query<{ key: string; body: boolean; result: string | null }>(
      `select idempotency_key as key, payload ? 'body' as body, payload->>'result' as result from outbox
        where idempotency_key in ('github:c:old-1', 'github:c:old-1500', 'github:c:recent', 'github:c:dead') order by 1`,
    );
    // The rows stay, keyed by their delivery id (a redelivery is refused by that key), with what they did.
    expect(kept).toEqual([
      { key: "github:c:dead", body: true, result: null },
      { key: "github:c:old-1", body: false, result: "signal s" },
      { key: "github:c:old-1500", body: false, result: "signal s" },
      { key: "github:c:recent", body: true, result: null },
    ]);
    expect((await maintainDatabase(db, { githubBodyDays: 30 })).githubBodiesForgotten).toBe(0);
  });

  it("forgets the hashes of GitHub bodies received before the replay window (31 days), and keeps the recent ones", async () => {
    const [loop] = await db.query<{ id: string }>(
      "insert into loops (slug, name) values ('hashes', 'Hashes') returning id",
    );
    const [channel] = await db.query<{ id: string }>(
      "insert into channels (loop_id, slug, name, kind) values ($1, 'hashes', 'Hashes', 'github') returning id",
      [loop?.id],
    );
    // 1,200 received 32 days ago (more than one pass takes), one 30 days ago, one today.
    await db.query(
      `insert into github_delivery_bodies (channel_id, body_sha256, received_at)
       select $1::uuid, sha256(('old-' || i)::bytea), now() - interval '32 days' from generate_series(1, 1200) i
       union all select $1::uuid, sha256('month'::bytea), now() - interval '30 days'
       union all select $1::uuid, sha256('today'::bytea), now()`,
      [channel?.id],
    );
    const done = await maintainDatabase(db, { githubBodyDays: 30 });
    expect(done.githubBodyHashesForgotten).toBe(1200);
    const kept = await db.query<{ age: number }>(
      "select extract(day from now() - received_at)::int as age from github_delivery_bodies where channel_id = $1 order by 1",
      [channel?.id],
    );
    expect(kept).toEqual([{ age: 0 }, { age: 30 }]);
  });

  it("forgets the Discourse events received before the forum's replay window (31 days), and keeps the recent ones", async () => {
    const [loop] = await db.query<{ id: string }>(
      "insert into loops (slug, name) values ('forum', 'Forum') returning id",
    );
    const [channel] = await db.query<{ id: string }>(
      "insert into channels (loop_id, slug, name, kind) values ($1, 'forum', 'Forum', 'forum') returning id",
      [loop?.id],
    );
    // 1,200 received 32 days ago (more than one pass takes), one 30 days ago, one today.
    await db.query(
      `insert into forum_events (channel_id, event_id, received_at)
       select $1::uuid, 'old-' || i, now() - interval '32 days' from generate_series(1, 1200) i
       union all select $1::uuid, 'month', now() - interval '30 days'
       union all select $1::uuid, 'today', now()`,
      [channel?.id],
    );
    const done = await maintainDatabase(db, { githubBodyDays: 30 });
    expect(done.forumEventsForgotten).toBe(1200);
    const kept = await db.query<{ id: string }>(
      "select event_id as id from forum_events where channel_id = $1 order by received_at",
      [channel?.id],
    );
    expect(kept).toEqual([{ id: "month" }, { id: "today" }]);
    expect((await maintainDatabase(db, { githubBodyDays: 30 })).forumEventsForgotten).toBe(0);
  });

  it("forgets the matcher's changes written down more than a week ago, and keeps the newer", async () => {
    await db.query("delete from matcher_revisions");
    // 1,100 changes 8 days old (more than one pass takes), one 6 days old, one now (a pattern made).
    await db.query(
      `insert into matcher_revisions (revision, kind, id, at)
       select -i, 'signal', gen_random_uuid(), now() - interval '8 days' from generate_series(1, 1100) i
       union all select -2000, 'signal', gen_random_uuid(), now() - interval '6 days'`,
    );
    await db.query("insert into patterns (title) values ('Made now')");
    const done = await maintainDatabase(db, { githubBodyDays: 30 });
    expect(done.matcherChangesForgotten).toBe(1100);
    const kept = await db.query<{ revision: string }>("select revision::text from matcher_revisions order by revision");
    expect(kept.length).toBe(2);
    expect(kept[0]?.revision).toBe("-2000");
    expect((await maintainDatabase(db, { githubBodyDays: 30 })).matcherChangesForgotten).toBe(0);
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
