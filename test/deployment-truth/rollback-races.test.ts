import { afterEach, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/connect.js";
import { notificationHandler } from "../../src/jobs/deliver-notification.js";
import type { OutboxRow } from "../../src/jobs/outbox-handler.js";
import { createRelease } from "../../src/services/create-release.js";
import { recordDeployment, updateDeploymentStatus } from "../../src/services/record-deployment.js";
import { inTransaction } from "../../src/services/transaction.js";
import { freshDb, serverUrl } from "../helpers/db.js";
import { mergedFixOnSharedComponent } from "../helpers/factories.js";

let db: Db;
afterEach(async () => db?.close());

/** One person on a pattern whose fix product A's release 2.0.0 ships to production. */
async function shippedOnce() {
  db = await freshDb();
  const { world: w } = await mergedFixOnSharedComponent(db, (w) => ({ productIds: [w.productA.id] }));
  const release = await createRelease(db, "test", { productId: w.productA.id, name: "2.0.0" });
  const deploy = () =>
    recordDeployment(db, "test", { releaseId: release.id, environment: "production", status: "success" });
  const first = await deploy();
  expect(first.snapback.notificationsQueued).toBe(1);
  // The worker has claimed the delivery and is sending it.
  const [row] = await db.query<OutboxRow>(
    "update outbox set status = 'sending', attempts = 1 where kind = 'notification' returning *",
  );
  return { deployment: first.deployment, deploy, row: row as OutboxRow };
}

/** Resolves once some backend of this database waits for a row lock (the rollback, blocked). */
async function someoneWaitsForALock(): Promise<void> {
  for (;;) {
    const [row] = await db.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'`,
    );
    if ((row?.n ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("a notification in flight while its deployment is rolled back", () => {
  it.skipIf(!serverUrl)(
    "the worker marking it sent while the rollback waits for the row: the person still gets the follow-up",
    async () => {
      const { deployment, row } = await shippedOnce();
      let commit = () => {};
      const held = new Promise<void>((resolve) => {
        commit = resolve;
      });
      let marked = () => {};
      const markedSent = new Promise<void>((resolve) => {
        marked = resolve;
      });
      // The worker's "delivered" transaction: the email went out; it marks the notification sent.
      const worker = inTransaction(db, "worker", async (tx) => {
        await notificationHandler.delivered(tx, row);
        marked();
        await held;
      });
      await markedSent;
      const rollback = updateDeploymentStatus(db, "test", String(deployment.id), "rolled_back");
      await someoneWaitsForALock();
      commit();
      await worker;
      const back = await rollback;
      const [n] = await db.query<{ status: string; withdrawn: boolean }>(
        "select status, withdrawn_at is not null as withdrawn from notifications",
      );
      const followUps = await db.query("select id from outbox where idempotency_key like 'rolled-back:%'");
      // Sent, then withdrawn: the person was told, so they hear it was rolled back, once.
      expect({ status: n?.status, withdrawn: n?.withdrawn, followUps: followUps.length }).toEqual({
        status: "sent",
        withdrawn: true,
        followUps: 1,
      });
      expect(back.snapback.followUpsQueued + back.snapback.notificationsCancelled).toBe(1);
    },
  );

  it("sent after the fix was rolled back and deployed again: no 'rolled back' follow-up after the new 'it is live'", async () => {
    const { deployment, deploy, row } = await shippedOnce();
    const back = await updateDeploymentStatus(db, "test", String(deployment.id), "rolled_back");
    expect(back.snapback.notificationsCancelled).toBe(1);
    const again = await deploy();
    expect(again.snapback.notificationsQueued).toBe(1);
    // Only now does the in-flight email of the first deployment finish.
    await inTransaction(db, "worker", (tx) => notificationHandler.delivered(tx, row));
    // The fix is live for Ana and a fresh notification says so: a follow-up saying "it was rolled back;
    // we will tell you when it is live again", queued after it, would be false when it arrives.
    const followUps = await db.query<{ created_at: Date }>(
      "select created_at from outbox where idempotency_key like 'rolled-back:%'",
    );
    expect(followUps).toEqual([]);
  });
});
