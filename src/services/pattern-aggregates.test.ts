import { afterEach, describe, expect, it } from "vitest";
import { freshDb, serverUrl } from "../../test/helpers/db.js";
import { make, twoProductsSharingAComponent } from "../../test/helpers/factories.js";
import { explainPriority, type PatternSignals, priority } from "../core/priority.js";
import { channelFactor, type DayCount, velocity } from "../core/velocity.js";
import type { Db } from "../db/connect.js";
import { attachSignals, detachSignal } from "./attach-signals.js";
import { createSignals } from "./create-signals.js";
import { getRecord, updateRecord } from "./records.js";
import { resources } from "./resources.js";
import { inTransaction } from "./transaction.js";

let db: Db;
afterEach(async () => db?.close());

/** A pattern's inputs computed the slow way, from every signal attached to it (what 0012 keeps incrementally). */
async function recomputed(patternId: string): Promise<PatternSignals & { signals: number }> {
  const [row] = await db.query<Record<string, unknown>>(
    `select count(*)::int as signals,
            count(*) filter (where s.kind = 'report' and s.urgency = 'low')::int as low,
            count(*) filter (where s.kind = 'report' and s.urgency = 'normal')::int as normal,
            count(*) filter (where s.kind = 'report' and s.urgency = 'high')::int as high,
            count(*) filter (where s.kind = 'report' and s.urgency = 'critical')::int as critical,
            max(s.received_at) filter (where s.kind = 'report') as last_signal_at,
            coalesce((select sum(c.weight) from contacts c where c.id in (
              select s2.contact_id from signal_patterns sp2 join signals s2 on s2.id = sp2.signal_id
               where sp2.pattern_id = $1 and s2.kind = 'report')), 0)::float8 as reach
       from signal_patterns sp join signals s on s.id = sp.signal_id where sp.pattern_id = $1`,
    [patternId],
  );
  return {
    signals: Number(row?.signals),
    low: Number(row?.low),
    normal: Number(row?.normal),
    high: Number(row?.high),
    critical: Number(row?.critical),
    reach: Number(row?.reach),
    lastSignalAt: row?.last_signal_at ? new Date(String(row.last_signal_at)) : null,
  };
}

/** What the pattern row holds, in the same shape. */
async function kept(patternId: string) {
  const [row] = await db.query<Record<string, unknown>>(
    `select signal_count, report_low, report_normal, report_high, report_critical, reach, last_signal_at, priority,
            priority_refreshed_at from patterns where id = $1`,
    [patternId],
  );
  return {
    inputs: {
      signals: Number(row?.signal_count),
      low: Number(row?.report_low),
      normal: Number(row?.report_normal),
      high: Number(row?.report_high),
      critical: Number(row?.report_critical),
      reach: Number(row?.reach),
      lastSignalAt: row?.last_signal_at ? new Date(String(row.last_signal_at)) : null,
    },
    priority: Number(row?.priority),
    at: new Date(String(row?.priority_refreshed_at)),
  };
}

/** The channels and days of a pattern's reports, the slow way (what 0021's tallies keep). */
async function momentumInputs(patternId: string): Promise<{ channels: number; days: DayCount[] }> {
  const rows = await db.query<{ channel_id: string; day: string; n: number }>(
    `select s.channel_id, to_char((s.received_at at time zone 'UTC')::date, 'YYYY-MM-DD') as day, count(*)::int as n
       from signal_patterns sp join signals s on s.id = sp.signal_id
      where sp.pattern_id = $1 and s.kind = 'report' group by 1, 2`,
    [patternId],
  );
  return {
    channels: new Set(rows.map((r) => r.channel_id)).size,
    days: rows.map((r) => ({ day: r.day, reports: r.n })),
  };
}

async function expectConsistent(patternId: string) {
  const { inputs, priority: stored, at } = await kept(patternId);
  const expected = await recomputed(patternId);
  expect(inputs.reach).toBeCloseTo(expected.reach, 5);
  expect({ ...inputs, reach: 0 }).toEqual({ ...expected, reach: 0 });
  // The stored priority is the rule of src/core/priority.ts (with momentum) at the time it was computed.
  expect(stored).toBeCloseTo(explainPriority({ ...expected, ...(await momentumInputs(patternId)) }, at).priority, 2);
  // The index the knowledge base's first page is read through holds the same priority (migration 0047).
  const [rank] = await db.query<{ priority: number }>("select priority from pattern_ranks where pattern_id = $1", [
    patternId,
  ]);
  expect(Number(rank?.priority)).toBe(stored);
}

describe(`a pattern's priority inputs, kept with every attachment (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("follow attaching, detaching and a contact's new weight, as a full recompute says", async () => {
    db = await freshDb();
    const { channel } = await twoProductsSharingAComponent(db);
    const pattern = await make(db, "pattern", { title: "Export drops rows" });
    const day = (n: number) => new Date(Date.UTC(2026, 10, n)).toISOString();
    const signal = (email: string, urgency: "low" | "normal" | "high" | "critical", receivedAt: string) => ({
      channelId: channel.id,
      contact: { email, weight: email.startsWith("big") ? 40 : 1 },
      title: `${email} ${urgency}`,
      body: "",
      urgency,
      receivedAt,
      patternIds: [] as string[],
      score: 1,
    });
    // At creation, in one batch: the same person twice (reach counts them once), a big account.
    const [a1, a2, big] = await createSignals(db, "test", [
      { ...signal("a@example.com", "low", day(1)), patternIds: [pattern.id] },
      { ...signal("a@example.com", "critical", day(3)), patternIds: [pattern.id] },
      { ...signal("big@example.com", "high", day(2)), patternIds: [pattern.id] },
    ]);
    await expectConsistent(pattern.id);
    expect((await kept(pattern.id)).inputs).toMatchObject({ signals: 3, reach: 41, critical: 1 });

    // Attached later, in one call: the same person again and a new one, with the newest report.
    const later = await createSignals(db, "test", [
      signal("a@example.com", "normal", day(4)),
      signal("c@example.com", "normal", day(9)),
    ]);
    await attachSignals(db, "test", pattern.id, { signalIds: later.map((s) => s.id), score: 1 });
    await attachSignals(db, "test", pattern.id, { signalIds: later.map((s) => s.id), score: 1 });
    await expectConsistent(pattern.id);
    expect((await kept(pattern.id)).inputs).toMatchObject({ signals: 5, reach: 42 });

    // Detaching the newest report moves recency back; a person's last report takes their reach away.
    await detachSignal(db, "test", pattern.id, String(later[1]?.id));
    await expectConsistent(pattern.id);
    expect((await kept(pattern.id)).inputs.lastSignalAt).toEqual(new Date(day(4)));
    await detachSignal(db, "test", pattern.id, String(a1?.id));
    await detachSignal(db, "test", pattern.id, String(a2?.id));
    await expectConsistent(pattern.id);
    expect((await kept(pattern.id)).inputs).toMatchObject({ reach: 41 });

    // A contact's weight changes the reach of the patterns they reported on.
    await inTransaction(db, "test", (tx) =>
      updateRecord(tx, resources.contact, String(big?.contactId), { weight: 10 }),
    );
    await expectConsistent(pattern.id);
    expect((await kept(pattern.id)).inputs.reach).toBe(11);
  });

  it("computes in SQL what src/core/priority.ts computes", async () => {
    db = await freshDb();
    const now = new Date("2026-11-27T12:00:00Z");
    const cases: PatternSignals[] = [
      { low: 0, normal: 0, high: 0, critical: 0, reach: 0, lastSignalAt: null },
      { low: 0, normal: 1, high: 0, critical: 0, reach: 1, lastSignalAt: now },
      { low: 3, normal: 10, high: 2, critical: 1, reach: 17.5, lastSignalAt: new Date("2026-11-13T12:00:00Z") },
      { low: 1, normal: 0, high: 0, critical: 0, reach: 1000, lastSignalAt: new Date("2025-01-01T00:00:00Z") },
      {
        low: 0,
        normal: 50000,
        high: 25000,
        critical: 9000,
        reach: 80000,
        lastSignalAt: new Date("2026-11-28T00:00:00Z"),
      },
    ];
    for (const c of cases) {
      const [row] = await db.query<{ p: number }>("select loopwork_priority($1, $2, $3, $4, $5, $6, $7) as p", [
        c.low,
        c.normal,
        c.high,
        c.critical,
        c.reach,
        c.lastSignalAt?.toISOString() ?? null,
        now.toISOString(),
      ]);
      expect(Number(row?.p)).toBeCloseTo(priority(c, now), 2);
    }
  });

  it("computes velocity and channel factors in SQL as src/core/velocity.ts does", async () => {
    db = await freshDb();
    const now = new Date("2026-11-27T12:00:00Z");
    const today = (n: number) => ({ day: "2026-11-27", reports: n });
    const weekAgo = (n: number) => ({ day: "2026-11-18", reports: n });
    for (const [recent, baseline] of [
      [0, 0],
      [2, 0],
      [3, 0],
      [7, 28],
      [14, 28],
      [10, 28],
      [1, 56],
      [40, 3],
    ]) {
      const [row] = await db.query<{ f: number }>("select loopwork_velocity_factor($1, $2) as f", [recent, baseline]);
      const days = [today(recent ?? 0), weekAgo(baseline ?? 0)];
      expect(Number(row?.f), `${recent}/${baseline}`).toBeCloseTo(velocity(days, now).factor, 10);
    }
    for (const channels of [0, 1, 2, 3, 4, 9]) {
      const [row] = await db.query<{ f: number }>("select loopwork_channel_factor($1) as f", [channels]);
      expect(Number(row?.f)).toBeCloseTo(channelFactor(channels), 10);
    }
  });

  it("flags a spike as emerging once, with one timeline event, and lifts the priority by the channels", async () => {
    db = await freshDb();
    const { channel, loop } = await twoProductsSharingAComponent(db);
    const forum = await make(db, "channel", {
      loopId: loop.id,
      slug: `forum-${Date.now()}`,
      name: "Forum",
      kind: "forum",
    });
    const pattern = await make(db, "pattern", { title: "Login loops" });
    const report = (n: number, channelId = channel.id) => ({
      channelId,
      contact: { email: `p${n}@example.com` },
      title: `Login loops ${n}`,
      body: "",
      urgency: "normal" as const,
      patternIds: [pattern.id],
      score: 1,
    });
    await createSignals(db, "test", [report(1), report(2)]);
    expect((await getRecord(db, resources.pattern, pattern.id)).emergingSince).toBeNull();
    await createSignals(db, "test", [report(3, forum.id)]);
    await createSignals(db, "test", [report(4), report(5)]);
    const emerging = await db.query<{ actor: string }>(
      "select actor from timeline_events where entity_id = $1 and verb = 'emerging'",
      [pattern.id],
    );
    expect(emerging).toEqual([{ actor: "system:priority" }]);
    const stored = await getRecord(db, resources.pattern, pattern.id);
    expect(stored.emergingSince).not.toBeNull();
    // 5 reports this week, none before: velocity factor 2; two channels: 1.25.
    expect(stored.momentum).toBeCloseTo(2.5, 10);
    await expectConsistent(pattern.id);
  });
});

describe(`a pattern's product tallies (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("follow a signal whose product is changed by hand, as a full recount says", async () => {
    db = await freshDb();
    const { channel, productA, productB } = await twoProductsSharingAComponent(db);
    const [one, two] = [await make(db, "pattern", { title: "One" }), await make(db, "pattern", { title: "Two" })];
    const [signal] = await createSignals(db, "test", [
      {
        channelId: channel.id,
        contact: { email: "a@example.com" },
        title: "Sync stalls",
        body: "",
        urgency: "normal",
        product: String(productA.slug),
        patternIds: [one.id, two.id],
        score: 1,
      },
    ]);
    const tallies = () =>
      db.query<{ pattern_id: string; product_id: string; signals: number }>(
        "select pattern_id, product_id, signals from pattern_products order by pattern_id",
      );
    expect(await tallies()).toEqual([
      { pattern_id: one.id, product_id: productA.id, signals: 1 },
      { pattern_id: two.id, product_id: productA.id, signals: 1 },
    ]);
    await db.query("update signals set product_id = $2 where id = $1", [signal?.id, productB.id]);
    expect(await tallies()).toEqual([
      { pattern_id: one.id, product_id: productB.id, signals: 1 },
      { pattern_id: two.id, product_id: productB.id, signals: 1 },
    ]);
    await db.query("update signals set product_id = null where id = $1", [signal?.id]);
    expect(await tallies()).toEqual([]);
  });
});
