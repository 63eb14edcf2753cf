import { afterEach, describe, expect, it } from "vitest";
import { freshDb, serverUrl } from "../../test/helpers/db.js";
import { make, twoProductsSharingAComponent } from "../../test/helpers/factories.js";
import type { Db } from "../db/connect.js";
import { listTimeline } from "../http/timeline-hub.js";
import { createSignals, createSignalsAfter } from "./create-signals.js";
import { timelineChannel } from "./transaction.js";

let db: Db;
afterEach(async () => db?.close());

const events = (db: Db) =>
  db.query<{
    id: string;
    entity_type: string;
    entity_id: string;
    verb: string;
    actor: string;
    after: unknown;
    xmin: string;
  }>(
    `select id, entity_type, entity_id, verb, actor, after, xmin::text from timeline_events
      where entity_type in ('signal', 'contact', 'pattern') order by id`,
  );

describe(`createSignals (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("writes signal events that describe each signal (and say who is new), then one attachment event per pattern, and announces them once", async () => {
    db = await freshDb();
    const { channel } = await twoProductsSharingAComponent(db);
    const one = await make(db, "pattern", { title: "One" });
    const two = await make(db, "pattern", { title: "Two" });
    const known = await make(db, "contact", { name: "Known", email: "known@example.com" });
    const earlier = (await events(db)).length;
    const notices: string[] = [];
    const stop = await db.listen(timelineChannel, (payload) => notices.push(payload));
    const created = await createSignals(db, "test", [
      {
        channelId: channel.id,
        contact: { email: "New@Example.com", name: "New", weight: 2 },
        title: "First",
        body: "b",
        urgency: "high",
        receivedAt: "2026-01-02T03:04:05.678+02:00",
        threadRef: "<m1@example.com>",
        externalId: "e-1",
        productVersion: "1.2.3",
        raw: { nested: [1, "two", { three: null }] },
        patternIds: [one.id, two.id],
        score: 0.5,
      },
      {
        channelId: channel.id,
        contact: { email: "KNOWN@example.com" },
        title: "Second",
        body: "",
        urgency: "normal",
        patternIds: [],
        score: 1,
      },
      {
        channelId: channel.id,
        contact: { email: "other@example.com" },
        title: "Third",
        body: "",
        urgency: "low",
        patternIds: [one.id],
        score: 1,
      },
    ]);
    expect(created.map((s) => s.title)).toEqual(["First", "Second", "Third"]);
    expect(created[0]).toMatchObject({
      kind: "report",
      externalId: "e-1",
      patternIds: [one.id, two.id],
      raw: { nested: [1, "two", { three: null }] },
    });
    expect(created[1]?.contactId).toBe(known.id);
    expect(Object.keys(created[0] ?? {}).sort()).toEqual([
      "body",
      "channelId",
      "contactId",
      "createdAt",
      "externalId",
      "id",
      "kind",
      "patternIds",
      "productId",
      "productVersion",
      "raw",
      "receivedAt",
      "threadRef",
      "title",
      "urgency",
    ]);

    const written = (await events(db)).slice(earlier);
    const [first, second, third] = created.map((s) => s.id);
    const [low, high] = one.id < two.id ? [one.id, two.id] : [two.id, one.id];
    expect(written.map((e) => [`${e.entity_type} ${e.verb}`, e.entity_id, e.after])).toEqual([
      // Not a copy of the row: stored empty, described by the signal when read ({title}, below). A person
      // first seen here has no event of their own: their first signal's says so.
      ["signal created", first, null],
      ["signal created", second, null],
      ["signal created", third, null],
      // Every attachment on its pattern's timeline, one event per pattern and score.
      ["pattern attached", low, { signalIds: [first], score: 0.5 }],
      ["pattern attached", high, { signalIds: [first], score: 0.5 }],
      ["pattern attached", one.id, { signalIds: [third], score: 1 }],
    ]);
    expect(new Set(written.map((e) => e.actor))).toEqual(new Set(["test"]));
    // As the timeline shows them: described by the signal, as the API documents.
    const shown = await listTimeline(db, { entityType: "signal", entityId: first, limit: 10 });
    expect(shown.items.map((e) => [e.verb, e.after])).toEqual([["created", { title: "First", newContact: true }]]);
    const shownSecond = await listTimeline(db, { entityType: "signal", entityId: second, limit: 10 });
    expect(shownSecond.items.map((e) => e.after)).toEqual([{ title: "Second" }]);
    // The patterns' aggregates and priorities followed in the same statement.
    const patterns = await db.query<Record<string, unknown>>(
      `select id, signal_count, report_low, report_normal, report_high, report_critical, reach, priority
         from patterns where id = any($1::uuid[])`,
      [[one.id, two.id]],
    );
    const byId = Object.fromEntries(patterns.map(({ id, ...rest }) => [String(id), rest]));
    expect(byId[one.id]).toMatchObject({ signal_count: 2, report_low: 1, report_high: 1, report_normal: 0, reach: 3 });
    expect(byId[two.id]).toMatchObject({ signal_count: 1, report_low: 0, report_high: 1, reach: 2 });
    expect(Number(byId[one.id]?.priority)).toBeGreaterThan(0);

    // Announced once committed (with the set-up's transactions, announced together a moment later).
    await new Promise((resolve) => setTimeout(resolve, 100));
    const txId = String(written[0]?.xmin);
    // Announced as `<xid>:<floor>`, the floor at most the first event's id.
    const ours = notices.flatMap((notice) => notice.split(",")).filter((part) => part.startsWith(`${txId}:`));
    expect(ours).toHaveLength(1);
    expect(BigInt(ours[0]?.split(":")[1] ?? "")).toBeLessThanOrEqual(BigInt(String(written[0]?.id)));
    await stop();
  });

  it("returns a repeated externalId's signal as it is and writes nothing, not even a notice", async () => {
    db = await freshDb();
    const { channel } = await twoProductsSharingAComponent(db);
    const pattern = await make(db, "pattern", { title: "One" });
    const input = {
      channelId: channel.id,
      contact: { email: "a@example.com" },
      title: "Once",
      body: "",
      urgency: "normal" as const,
      externalId: "x-1",
      patternIds: [pattern.id],
      score: 1,
    };
    const [first] = await createSignals(db, "test", [input]);
    const before = await events(db);
    const [last] = await db.query<{ xmin: number }>("select max(xmin::text::bigint) as xmin from timeline_events");
    const notices: string[] = [];
    const stop = await db.listen(timelineChannel, (payload) => notices.push(payload));
    // The repeat names another sender: still the same signal, and nobody new is made.
    const [again] = await createSignals(db, "test", [
      { ...input, title: "Twice", contact: { email: "b@example.com" } },
    ]);
    expect(again).toEqual({ ...first, patternIds: [pattern.id] });
    expect(await events(db)).toEqual(before);
    expect(await db.query("select * from signals")).toHaveLength(1);
    expect(await db.query("select email from contacts")).toEqual([{ email: "a@example.com" }]);
    // Only transactions from before are announced (the set-up's, a moment late): none for the repeat.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const announced = notices.flatMap((notice) => notice.split(",")).map((part) => Number(part.split(":")[0]));
    expect(announced.filter((id) => id > Number(last?.xmin ?? 0))).toEqual([]);
    await stop();
  });

  it("makes only the first sender of an externalId named twice in one batch", async () => {
    db = await freshDb();
    const { channel } = await twoProductsSharingAComponent(db);
    const input = (email: string) => ({
      channelId: channel.id,
      contact: { email },
      title: "Ticket 42",
      body: "",
      urgency: "normal" as const,
      externalId: "ticket-42",
      patternIds: [],
      score: 1,
    });
    const stored = await createSignals(db, "test", [input("first@example.com"), input("second@example.com")]);
    expect(new Set(stored.map((s) => s.id)).size).toBe(1);
    expect(await db.query("select email from contacts")).toEqual([{ email: "first@example.com" }]);
    // The first naming its person by id: the second, by email, is still the repeat and makes nobody.
    const [known] = await db.query<{ id: string }>("select id from contacts");
    const { contact: _, ...byId } = { ...input("x@example.com"), externalId: "ticket-43", contactId: known?.id };
    await createSignals(db, "test", [byId, { ...input("third@example.com"), externalId: "ticket-43" }]);
    expect(await db.query("select email from contacts")).toEqual([{ email: "first@example.com" }]);
  });

  it("writes nothing when a pattern does not exist", async () => {
    db = await freshDb();
    const { channel } = await twoProductsSharingAComponent(db);
    const missing = "00000000-0000-7000-8000-000000000000";
    await expect(
      createSignals(db, "test", [
        {
          channelId: channel.id,
          contact: { email: "z@example.com" },
          title: "T",
          body: "",
          urgency: "normal",
          patternIds: [missing],
          score: 1,
        },
      ]),
    ).rejects.toThrow();
    expect(await events(db)).toEqual([]);
    expect(await db.query("select * from contacts where email = 'z@example.com'")).toEqual([]);
  });

  it.skipIf(!serverUrl)(
    "uses a contact another transaction creates meanwhile, without saying that person is new",
    async () => {
      db = await freshDb();
      const { channel } = await twoProductsSharingAComponent(db);
      let signals: Awaited<ReturnType<typeof createSignals>> = [];
      const contactId = await db.transaction(async (q) => {
        const [row] = await q.query<{ id: string }>(
          "insert into contacts (name, email) values ('Racer', 'race@example.com') returning id",
        );
        // Blocks on the uncommitted contact (on conflict) until this transaction commits.
        const pending = createSignals(db, "test", [
          {
            channelId: channel.id,
            contact: { email: "Race@example.com" },
            title: "T",
            body: "",
            urgency: "normal",
            patternIds: [],
            score: 1,
          },
          {
            channelId: channel.id,
            contact: { email: "fresh@example.com" },
            title: "U",
            body: "",
            urgency: "normal",
            patternIds: [],
            score: 1,
          },
        ]).then((result) => {
          signals = result;
        });
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(signals).toEqual([]);
        void pending;
        return row?.id;
      });
      for (let i = 0; i < 50 && signals.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(signals.map((s) => s.contactId)[0]).toBe(contactId);
      expect(signals[1]?.contactId).toEqual(expect.any(String));
      const written = await events(db);
      expect(written.map((e) => `${e.entity_type} ${e.verb}`)).toEqual(["signal created", "signal created"]);
      // Stored empty; described from the signal when read: its title, and whether the person is new here.
      expect(written.map((e) => e.after)).toEqual([null, null]);
      const shown = await listTimeline(db, { entityType: "signal", limit: 10 });
      expect(shown.items.map((e) => e.after)).toEqual([{ title: "T" }, { title: "U", newContact: true }]);
    },
  );

  it.skipIf(!serverUrl)(
    "leaves behind nothing it made for a signal whose externalId another transaction writes meanwhile",
    async () => {
      db = await freshDb();
      const { channel } = await twoProductsSharingAComponent(db);
      const ana = await make(db, "contact", { name: "Ana", email: "ana@example.com" });
      const report = { channelId: channel.id, title: "Bo's", body: "", urgency: "normal" as const, patternIds: [] };
      let prepared = 0;
      let batch: Promise<unknown> | undefined;
      let after: Promise<Awaited<ReturnType<typeof createSignalsAfter>>> | undefined;
      await db.transaction(async (q) => {
        await q.query(
          "insert into signals (channel_id, contact_id, title, external_id) values ($1, $2, 'Ana''s', 'x-1')",
          [channel.id, ana.id],
        );
        // Both wait at the unique index on the uncommitted signal, each having made a person for theirs.
        batch = createSignals(db, "test", [
          { ...report, contact: { email: "bo@example.com" }, externalId: "x-1", score: 1 },
          { ...report, contact: { email: "cy@example.com" }, externalId: "x-2", score: 1 },
        ]);
        after = createSignalsAfter(db, "test", async (tx) => {
          prepared++;
          const [dee] = await tx.query<{ id: string }>(
            "insert into contacts (name, email) values ('Dee', 'dee@example.com') returning id",
          );
          return [{ ...report, contactId: dee?.id, externalId: "x-1", score: 1 }];
        });
        await new Promise((resolve) => setTimeout(resolve, 300));
      });
      await batch;
      const found = await after;
      // The repeat is Ana's signal (the person made for it rolled back with it); the batch's other report
      // is in, with its person.
      expect(found?.map((signal) => signal.contactId)).toEqual([ana.id]);
      expect(prepared).toBe(1);
      const people = await db.query<{ email: string }>("select email from contacts order by email");
      expect(people.map((row) => row.email)).toEqual(["ana@example.com", "cy@example.com"]);
    },
  );

  it("writes calls that waited together, each with its own signals; a person named by two is made from the first", async () => {
    db = await freshDb();
    const { channel } = await twoProductsSharingAComponent(db);
    const call = (n: number, email: string, name: string) =>
      createSignals(db, "test", [
        {
          channelId: channel.id,
          contact: { email, name },
          title: `Call ${n}`,
          body: "",
          urgency: "normal",
          patternIds: [],
          score: 1,
        },
      ]);
    // Calls 1 (and 2 on a server) start at once, alone; the rest wait and are written by one statement.
    const answers = await Promise.all([
      call(1, "a@example.com", "A"),
      call(2, "b@example.com", "B"),
      call(3, "z@example.com", "Z third"),
      call(4, "Z@example.com", "Z fourth"),
      call(5, "c@example.com", "C"),
    ]);
    expect(answers.map((signals) => signals.map((s) => s.title))).toEqual([
      ["Call 1"],
      ["Call 2"],
      ["Call 3"],
      ["Call 4"],
      ["Call 5"],
    ]);
    const [z] = await db.query<{ name: string }>("select name from contacts where lower(email) = 'z@example.com'");
    expect(z?.name).toBe("Z third");
    const [calls] = await db.query<{ n: number }>(
      `select count(distinct xmin::text)::int as n from signals where channel_id = $1`,
      [channel.id],
    );
    expect(calls?.n).toBeLessThan(5);
  });
});
