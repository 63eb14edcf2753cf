import { afterEach, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/connect.js";
import { notificationHandler } from "../../src/jobs/deliver-notification.js";
import type { OutboxRow } from "../../src/jobs/outbox-handler.js";
import { createRelease } from "../../src/services/create-release.js";
import { createSignals } from "../../src/services/create-signals.js";
import { createVersion } from "../../src/services/create-version.js";
import { recordDeployment, updateDeploymentStatus } from "../../src/services/record-deployment.js";
import { updateRecord } from "../../src/services/records.js";
import { resources } from "../../src/services/resources.js";
import { inTransaction } from "../../src/services/transaction.js";
import { freshDb, serverUrl } from "../helpers/db.js";
import { make, mergedFixOnSharedComponent, twoProductsSharingAComponent } from "../helpers/factories.js";

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

describe("a report attached while a snapback is being recorded", () => {
  // The known gap of docs/API.md ("Late reports and regressions"): a report written while a snapback that
  // addresses its pattern is committing is neither answered nor a regression. Kept as its reproduction;
  // skipped until the signal's write and the late-signal check share one lock-taking transaction.
  it.skip("its person is told once the snapback commits (or answered as a late signal)", async () => {
    db = await freshDb();
    const w = await twoProductsSharingAComponent(db);
    const pattern = await make(db, "pattern", { loopId: w.loop.id, title: "Sync loses edits" });
    const report = (email: string) =>
      createSignals(db, "test", [
        {
          channelId: w.channel.id,
          contact: { email },
          title: "Edits lost",
          body: "",
          urgency: "normal",
          patternIds: [pattern.id],
          score: 1,
        },
      ]);
    await report("ana@example.com");
    const improvement = await make(db, "improvement", { loopId: w.loop.id, title: "Merge", patternIds: [pattern.id] });
    const issue = await make(db, "issue", { componentId: w.component.id, improvementId: improvement.id, title: "M" });
    const pr = await make(db, "pull_request", { componentId: w.component.id, title: "CRDT", issueIds: [issue.id] });
    await inTransaction(db, "test", (tx) => updateRecord(tx, resources.pull_request, pr.id, { status: "merged" }));
    await createVersion(db, "test", { componentId: w.component.id, name: "1.0.0" });
    const release = await createRelease(db, "test", { productId: w.productA.id, name: "2.0.0" });
    // Hold the pull request's row so the snapback pauses after it has read who is behind the pattern
    // (at 20,000 signals this stretch lasts seconds).
    let letGo = () => {};
    let held = () => {};
    const holding = new Promise<void>((resolve) => {
      held = resolve;
    });
    const holder = inTransaction(db, "holder", async (tx) => {
      await tx.query("select id from pull_requests where id = $1 for update", [pr.id]);
      held();
      await new Promise<void>((resolve) => {
        letGo = resolve;
      });
    });
    await holding;
    const deploy = recordDeployment(db, "ci", { releaseId: release.id, environment: "production", status: "success" });
    await someoneWaitsForALock();
    await report("bo@example.com");
    letGo();
    await holder;
    await deploy;
    const told = await db.query<{ email: string }>(
      "select c.email from notifications n join contacts c on c.id = n.contact_id order by c.email",
    );
    expect(told.map((row) => row.email)).toEqual(["ana@example.com", "bo@example.com"]);
  });
});
