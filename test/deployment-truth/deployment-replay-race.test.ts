import { afterEach, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/connect.js";
import { createRelease } from "../../src/services/create-release.js";
import { createVersion } from "../../src/services/create-version.js";
import { recordDeployment } from "../../src/services/record-deployment.js";
import { snapbackLock } from "../../src/services/snapback.js";
import { inTransaction } from "../../src/services/transaction.js";
import { freshDb, serverUrl } from "../helpers/db.js";
import { twoProductsSharingAComponent } from "../helpers/factories.js";

let db: Db;
afterEach(async () => db?.close());

async function lockWaiters(n: number): Promise<void> {
  for (;;) {
    const [row] = await db.query<{ n: number }>(
      "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
    );
    if ((row?.n ?? 0) >= n) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("a pipeline retrying a deployment report while the first is still being recorded", () => {
  it.skipIf(!serverUrl)("the retry with the same externalId is a replay, not a conflict", async () => {
    db = await freshDb();
    const w = await twoProductsSharingAComponent(db);
    await createVersion(db, "test", { componentId: w.component.id, name: "1.0.0" });
    const release = await createRelease(db, "test", { productId: w.productA.id, name: "2.0.0" });
    const report = () =>
      recordDeployment(db, "ci", {
        releaseId: release.id,
        environment: "production",
        status: "success",
        externalId: "run-42",
      });
    // Another deployment's snapback holds the lock a while (at 20,000 signals: seconds).
    let release_ = () => {};
    let locked = () => {};
    const holding = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const busy = inTransaction(db, "other", async (tx) => {
      await tx.query("select pg_advisory_xact_lock($1)", [snapbackLock]);
      locked();
      await new Promise<void>((resolve) => {
        release_ = resolve;
      });
    });
    await holding;
    const first = report();
    await lockWaiters(1);
    // The pipeline times out and reports the same run again.
    const retry = report();
    await lockWaiters(2);
    release_();
    await busy;
    const results = await Promise.allSettled([first, retry]);
    // Today the retry fails with the unique violation of deployments_external (23505: a 409 over HTTP).
    const outcome = results.map((r) =>
      r.status === "fulfilled" ? "ok" : String((r.reason as { code?: unknown }).code),
    );
    expect(outcome).toEqual(["ok", "ok"]);
    const deployments = await db.query("select id from deployments");
    expect(deployments).toHaveLength(1);
  });
});
