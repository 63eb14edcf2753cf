import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDb, serverUrl } from "../../test/helpers/db.js";
import type { Db } from "./connect.js";

// Migration 0038: a signal's channel and person, and an attachment's signal and pattern, are checked once
// per statement instead of by foreign keys. What the foreign keys refused is still refused, in their words.
let db: Db;
let channelId: string;
let contactId: string;
let patternId: string;
beforeAll(async () => {
  db = await freshDb();
  const [loop] = await db.query<{ id: string }>("insert into loops (slug, name) values ('refs', 'Refs') returning id");
  const id = async (sql: string, params: unknown[] = []) => (await db.query<{ id: string }>(sql, params))[0]?.id ?? "";
  channelId = await id(
    "insert into channels (loop_id, slug, name, kind) values ($1, 'mail', 'Mail', 'email') returning id",
    [loop?.id],
  );
  contactId = await id("insert into contacts (email, name) values ('ada@example.com', 'Ada') returning id");
  patternId = await id("insert into patterns (loop_id, title) values ($1, 'Export drops rows') returning id", [
    loop?.id,
  ]);
});
afterAll(async () => db?.close());

const count = async (table: string) => (await db.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0]?.n;

const insertSignals = (rows: { channel: string; contact: string | null }[]) =>
  db.query<{ id: string }>(
    `insert into signals (channel_id, contact_id, title)
     select (r->>'channel')::uuid, (r->>'contact')::uuid, 'Export drops the last row' from jsonb_array_elements($1::jsonb) r
     returning id`,
    [JSON.stringify(rows)],
  );

describe(`references checked per statement (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("writes a statement whose references all exist, however many rows name them", async () => {
    const rows = Array.from({ length: 300 }, (_, i) => ({ channel: channelId, contact: i % 3 ? contactId : null }));
    const signals = await insertSignals(rows);
    await db.query(
      "insert into signal_patterns (signal_id, pattern_id, attached_by) select unnest($1::uuid[]), $2, 'test'",
      [signals.map((s) => s.id), patternId],
    );
    const [pattern] = await db.query<{ signal_count: number }>("select signal_count from patterns where id = $1", [
      patternId,
    ]);
    expect(pattern?.signal_count).toBe(300);
  });

  it("refuses a whole statement naming one missing channel, person, signal or pattern, as a foreign key would", async () => {
    const missing = randomUUID();
    const before = [await count("signals"), await count("signal_patterns")];
    const refusals = [
      [
        () =>
          insertSignals([
            { channel: channelId, contact: contactId },
            { channel: missing, contact: null },
          ]),
        "signals_channel_id_fkey",
        `Key (channel_id)=(${missing}) is not present in table "channels".`,
      ],
      [
        () =>
          insertSignals([
            { channel: channelId, contact: contactId },
            { channel: channelId, contact: missing },
          ]),
        "signals_contact_id_fkey",
        `Key (contact_id)=(${missing}) is not present in table "contacts".`,
      ],
      [
        () =>
          db.query("insert into signal_patterns (signal_id, pattern_id, attached_by) values ($1, $2, 'test')", [
            missing,
            patternId,
          ]),
        "signal_patterns_signal_id_fkey",
        `Key (signal_id)=(${missing}) is not present in table "signals".`,
      ],
      [
        () =>
          db.query(
            "insert into signal_patterns (signal_id, pattern_id, attached_by) select id, $1, 'test' from signals limit 2",
            [missing],
          ),
        "signal_patterns_pattern_id_fkey",
        `Key (pattern_id)=(${missing}) is not present in table "patterns".`,
      ],
    ] as const;
    for (const [statement, constraint, detail] of refusals)
      await expect(statement()).rejects.toMatchObject({ code: "23503", constraint, detail });
    expect([await count("signals"), await count("signal_patterns")]).toEqual(before);
  });

  it("names the first row, in the order written, that refers to something missing", async () => {
    const missing: string[] = Array.from({ length: 6 }, () => randomUUID());
    // Several people missing: the first row's is named, whatever order the ids sort in.
    for (let round = 0; round < 5; round++) {
      const rows = missing.map((contact) => ({ channel: channelId, contact }));
      rows.unshift({ channel: channelId, contact: contactId });
      await expect(insertSignals(rows)).rejects.toMatchObject({
        detail: `Key (contact_id)=(${missing[0]}) is not present in table "contacts".`,
      });
      missing.push(missing.shift() ?? "");
    }
    // A missing person in an earlier row than a missing channel: the person is named.
    await expect(
      insertSignals([
        { channel: channelId, contact: missing[2] ?? "" },
        { channel: missing[3] ?? "", contact: null },
      ]),
    ).rejects.toMatchObject({ constraint: "signals_contact_id_fkey" });
    // An attachment naming a missing signal and a missing pattern: the signal, as the keys are declared.
    await expect(
      db.query("insert into signal_patterns (signal_id, pattern_id, attached_by) values ($1, $2, 'test')", [
        missing[4],
        missing[5],
      ]),
    ).rejects.toMatchObject({ constraint: "signal_patterns_signal_id_fkey" });
  });

  it("checks these references with statement triggers, not foreign keys", async () => {
    const keys = await db.query<{ name: string }>(
      `select conname as name from pg_constraint
        where contype = 'f' and conrelid in ('signals'::regclass, 'signal_patterns'::regclass) order by 1`,
    );
    // A signal's product and an attachment's moved_from keep theirs (rarely written, mostly null).
    expect(keys.map((k) => k.name)).toEqual(["signal_patterns_moved_from_fkey", "signals_product_id_fkey"]);
  });

  it("refuses an update that points a signal or an attachment at nothing", async () => {
    const [signal] = await insertSignals([{ channel: channelId, contact: contactId }]);
    await expect(
      db.query("update signals set contact_id = $2 where id = $1", [signal?.id, randomUUID()]),
    ).rejects.toMatchObject({
      code: "23503",
      constraint: "signals_contact_id_fkey",
    });
    await db.query("insert into signal_patterns (signal_id, pattern_id, attached_by) values ($1, $2, 'test')", [
      signal?.id,
      patternId,
    ]);
    await expect(
      db.query("update signal_patterns set pattern_id = $2 where signal_id = $1", [signal?.id, randomUUID()]),
    ).rejects.toMatchObject({ code: "23503", constraint: "signal_patterns_pattern_id_fkey" });
    // Changing something else is not checked, and not refused.
    await db.query("update signals set body = 'More' where id = $1", [signal?.id]);
  });

  it("refuses to delete a channel, person, signal or pattern still referenced, and deletes one that is not", async () => {
    const [signal] = await db.query<{ signal_id: string }>("select signal_id from signal_patterns limit 1");
    const refusals = [
      ["delete from channels where id = $1", channelId, "signals_channel_id_fkey"],
      ["delete from contacts where id = $1", contactId, "signals_contact_id_fkey"],
      ["delete from signals where id = $1", signal?.signal_id, "signal_patterns_signal_id_fkey"],
      ["delete from patterns where id = $1", patternId, "signal_patterns_pattern_id_fkey"],
    ] as const;
    // The pattern's aggregates refer to it by foreign keys of their own, which would refuse first.
    await db.query("delete from pattern_channels where pattern_id = $1", [patternId]);
    await db.query("delete from pattern_days where pattern_id = $1", [patternId]);
    for (const [sql, id, constraint] of refusals)
      await expect(db.query(sql, [id])).rejects.toMatchObject({
        code: "23503",
        constraint,
        detail: expect.stringContaining(`Key (id)=(${id}) is still referenced`),
      });
    const [lonely] = await db.query<{ id: string }>(
      "insert into contacts (email, name) values ('nobody@example.com', 'Nobody') returning id",
    );
    await db.query("delete from contacts where id = $1", [lonely?.id]);
    expect(await db.query("select 1 from contacts where id = $1", [lonely?.id])).toEqual([]);
  });

  it.skipIf(!serverUrl)(
    "waits for a report being written before deleting the person it names, then refuses",
    async () => {
      const [person] = await db.query<{ id: string }>(
        "insert into contacts (email, name) values ('grace@example.com', 'Grace') returning id",
      );
      let release = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let written = () => {};
      const inserted = new Promise<void>((resolve) => {
        written = resolve;
      });
      // A report naming the person, its transaction still open while the delete starts.
      const writer = db.transaction(async (tx) => {
        await tx.query("insert into signals (channel_id, contact_id, title) values ($1, $2, 'Still broken')", [
          channelId,
          person?.id,
        ]);
        written();
        await held;
      });
      await inserted;
      const deleting = db.query("delete from contacts where id = $1", [person?.id]);
      const settled = deleting.then(
        () => "deleted",
        (error: { code?: string }) => error.code,
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      release();
      await writer;
      // Without the wait it would have deleted the person (the report was not yet visible to it).
      expect(await settled).toBe("23503");
      expect(await db.query("select 1 from contacts where id = $1", [person?.id])).toHaveLength(1);
    },
  );
});
