import { afterEach, describe, expect, it } from "vitest";
import { freshDb, serverUrl } from "../../test/helpers/db.js";
import { make, twoProductsSharingAComponent } from "../../test/helpers/factories.js";
import type { Db } from "../db/connect.js";
import { createSignals } from "../services/create-signals.js";
import { refreshDuePriorities } from "./priority-refresher.js";

let db: Db;
afterEach(async () => db?.close());

async function seed() {
  const { channel } = await twoProductsSharingAComponent(db);
  const calm = await make(db, "pattern", { title: "Calm" });
  const urgent = await make(db, "pattern", { title: "Urgent" });
  const signal = (patternId: string, urgency: "low" | "critical", email: string) => ({
    channelId: channel.id,
    contact: { email },
    title: "Something",
    body: "",
    urgency,
    patternIds: [patternId],
    score: 1,
  });
  await createSignals(db, "test", [
    signal(calm.id, "low", "a@example.com"),
    signal(urgent.id, "critical", "b@example.com"),
  ]);
  return { calm, urgent };
}

const priorities = async () =>
  Object.fromEntries(
    (await db.query<{ title: string; priority: number }>("select title, priority from patterns")).map((row) => [
      row.title,
      Number(row.priority),
    ]),
  );

describe(`priority refresh (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("finds priorities fresh after new signals, and decays them once they are over an hour old", async () => {
    db = await freshDb();
    await seed();
    const fresh = await priorities();
    expect(fresh.Urgent).toBeGreaterThan(Number(fresh.Calm));
    expect(Number(fresh.Calm)).toBeGreaterThan(0);
    // Computed with each attachment: nothing is due now.
    expect(await refreshDuePriorities(db)).toBe(0);

    // Two weeks on: both halve (recency), once.
    const later = new Date(Date.now() + 14 * 86_400_000);
    expect(await refreshDuePriorities(db, 500, later)).toBe(2);
    const decayed = await priorities();
    expect(decayed.Urgent).toBeCloseTo(Number(fresh.Urgent) / 2, 1);
    expect(decayed.Calm).toBeCloseTo(Number(fresh.Calm) / 2, 2);
    expect(await refreshDuePriorities(db, 500, later)).toBe(0);
    // The knowledge base's first page reads priorities through pattern_ranks (migration 0047): it decayed too.
    const [drift] = await db.query<{ n: number }>(
      "select count(*)::int as n from patterns p join pattern_ranks r on r.pattern_id = p.id where r.priority <> p.priority",
    );
    expect(drift?.n).toBe(0);
  });

  it.skipIf(!serverUrl)(
    "never waits for a pattern a writer holds: it skips it (an attachment computes it anyway)",
    async () => {
      db = await freshDb();
      const { urgent } = await seed();
      const fresh = await priorities();
      // A writer holds the urgent pattern (as an attachment's trigger does until it commits), on another
      // connection of the pool.
      let release = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let locked = () => {};
      const isLocked = new Promise<void>((resolve) => {
        locked = resolve;
      });
      const writer = db.transaction(async (tx) => {
        await tx.query("select 1 from patterns where id = $1 for no key update", [urgent.id]);
        locked();
        await held;
      });
      await isLocked;
      const later = new Date(Date.now() + 14 * 86_400_000);
      // Returns while the lock is held (else this test would hang): only the calm pattern was refreshed.
      expect(await refreshDuePriorities(db, 500, later)).toBe(1);
      release();
      await writer;
      const after = await priorities();
      expect(after.Urgent).toBe(fresh.Urgent);
      expect(after.Calm).toBeCloseTo(Number(fresh.Calm) / 2, 2);
    },
  );
});
