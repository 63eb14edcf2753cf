import { afterEach, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/connect.js";
import { attachSignals } from "../../src/services/attach-signals.js";
import { createRelease } from "../../src/services/create-release.js";
import { createSignals } from "../../src/services/create-signals.js";
import { recordDeployment } from "../../src/services/record-deployment.js";
import { inTransaction } from "../../src/services/transaction.js";
import { freshDb, serverUrl } from "../helpers/db.js";
import { mergedFixOnSharedComponent } from "../helpers/factories.js";

let db: Db;
afterEach(async () => db?.close());

/** Ana's report on a pattern whose fix is merged, release 2.0.0 of product A ready to ship; Bo reports too. */
async function aboutToShip() {
  db = await freshDb();
  const { world, pattern, pr } = await mergedFixOnSharedComponent(db, (w) => ({ productIds: [w.productA.id] }));
  const release = await createRelease(db, "test", { productId: world.productA.id, name: "2.0.0" });
  const deploy = () =>
    recordDeployment(db, "ci", { releaseId: release.id, environment: "production", status: "success" });
  const bo = (patternIds: string[]) =>
    createSignals(db, "test", [
      {
        channelId: world.channel.id,
        contact: { email: "bo@example.com" },
        title: "Edits lost here too",
        body: "",
        urgency: "normal",
        patternIds,
        score: 1,
      },
    ]);
  // Who was told, one row per notification: a person told twice shows twice.
  const told = async () =>
    (
      await db.query<{ email: string }>(
        "select c.email from notifications n join contacts c on c.id = n.contact_id where n.pattern_id = $1 order by c.email",
        [pattern.id],
      )
    ).map((row) => row.email);
  return { pattern, pr, deploy, bo, told };
}

/** Resolves once at least n backends of this database wait for a lock. */
async function waitingForLocks(n: number): Promise<void> {
  for (;;) {
    const [row] = await db.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity
        where datname = current_database() and wait_event_type in ('Lock', 'Advisory')`,
    );
    if ((row?.n ?? 0) >= n) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A transaction on its own connection that runs first, then stays open until let go. */
function holdOpen(first: (tx: { query: Db["query"] }) => Promise<unknown>) {
  let letGo = () => {};
  let held = () => {};
  const holding = new Promise<void>((resolve) => {
    held = resolve;
  });
  const done = inTransaction(db, "holder", async (tx) => {
    await first(tx);
    held();
    await new Promise<void>((resolve) => {
      letGo = resolve;
    });
  });
  const release = async () => {
    letGo();
    await done;
  };
  return { holding, release };
}

// Locking and concurrency only on the server (PGlite is one connection).
describe.skipIf(!serverUrl)("a report attached while a snapback addressing its pattern commits (postgres)", () => {
  it("attached first, committed while the snapback waits: the snapback tells its person, once", async () => {
    const loop = await aboutToShip();
    const [signal] = await loop.bo([]);
    // The attachment written (as attaching writes it: the pattern's row is taken by its trigger), not committed.
    const attach = holdOpen((tx) =>
      tx.query("insert into signal_patterns (signal_id, pattern_id, attached_by) values ($1, $2, 'test')", [
        signal?.id,
        loop.pattern.id,
      ]),
    );
    await attach.holding;
    const deploy = loop.deploy();
    await waitingForLocks(1);
    await attach.release();
    expect((await deploy).snapback.patternsAddressed).toEqual([loop.pattern.id]);
    expect(await loop.told()).toEqual(["ana@example.com", "bo@example.com"]);
  });

  it.each(["with the report", "later"] as const)(
    "attached %s while the snapback is committing: the person is answered once it has",
    async (when) => {
      const loop = await aboutToShip();
      const [signal] = when === "later" ? await loop.bo([]) : [];
      // The pull request's row held, so the snapback pauses after it has read who is behind the pattern.
      const pr = holdOpen((tx) => tx.query("select id from pull_requests where id = $1 for update", [loop.pr.id]));
      await pr.holding;
      const deploy = loop.deploy();
      await waitingForLocks(1);
      const report =
        when === "later"
          ? attachSignals(db, "test", loop.pattern.id, { signalIds: [String(signal?.id)], score: 1 })
          : loop.bo([loop.pattern.id]);
      // The report waits for the snapback (or, as before the fix, is written at once).
      await Promise.race([report, waitingForLocks(2)]);
      await pr.release();
      await deploy;
      await report;
      expect(await loop.told()).toEqual(["ana@example.com", "bo@example.com"]);
    },
  );
});
