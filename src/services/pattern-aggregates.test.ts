import { afterEach, describe, expect, it } from "vitest";
import { freshDb, serverUrl } from "../../test/helpers/db.js";
import { make, twoProductsSharingAComponent } from "../../test/helpers/factories.js";
import { type PatternSignals, priority } from "../core/priority.js";
import type { Db } from "../db/connect.js";
import { attachSignals, detachSignal } from "./attach-signals.js";
import { createSignals } from "./create-signals.js";
import { updateRecord } from "./records.js";
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

async function expectConsistent(patternId: string) {
  const { inputs, priority: stored, at } = await kept(patternId);
  const expected = await recomputed(patternId);
  expect(inputs.reach).toBeCloseTo(expected.reach, 5);
  expect({ ...inputs, reach: 0 }).toEqual({ ...expected, reach: 0 });
  // The stored priority is the rule of src/core/priority.ts at the time it was computed.
  expect(stored).toBeCloseTo(priority(expected, at), 2);
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
});
