import { afterEach, describe, expect, it } from "vitest";
import { freshDb, serverUrl } from "../../test/helpers/db.js";
import { make, mergedFixOnSharedComponent, uniqueSlug } from "../../test/helpers/factories.js";
import type { Db } from "../db/connect.js";
import { createRelease } from "./create-release.js";
import { createVersion } from "./create-version.js";
import { recordDeployment, updateDeploymentStatus } from "./record-deployment.js";
import { getRecord, updateRecord } from "./records.js";
import { resources } from "./resources.js";
import { runningRelease } from "./snapback.js";
import { inTransaction } from "./transaction.js";

let db: Db;
afterEach(async () => db?.close());

/** The shared starting point (test/helpers/factories.ts), with release 1.0 of A from before the fix. */
async function fixOnSharedComponent(targets: Record<string, unknown>) {
  db = await freshDb();
  const fix = await mergedFixOnSharedComponent(db, targets, { beforeFix: "1.0" });
  if (!fix.beforeFix) throw new Error("the release from before the fix was not made");
  return { ...fix, beforeFix: fix.beforeFix };
}

describe(`deployment truth in the store (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("completes an improvement on a component when every product built from it at approval runs the fix", async () => {
    const { world, pattern, improvement, ship, status } = await fixOnSharedComponent({});
    await inTransaction(db, "test", (tx) =>
      updateRecord(tx, resources.improvement, improvement.id, {
        componentIds: [world.component.id],
        status: "approved",
      }),
    );
    // A third product starts using the component after the approval: it does not hold the improvement back.
    await make(db, "product", {
      loopId: world.loop.id,
      slug: uniqueSlug("mobile"),
      name: "Mobile",
      componentIds: [world.component.id],
    });
    await ship(world.productA.id, "2.0.0");
    expect(await status("improvement", improvement.id)).toBe("approved");
    const both = await ship(world.productB.id, "5.0.0");
    expect(both.snapback).toMatchObject({ improvementsCompleted: [improvement.id], patternsAddressed: [pattern.id] });
    expect(await status("pattern", pattern.id)).toBe("addressed");
  });

  it("takes back what a newer release made live when an older one is deployed over it", async () => {
    const { world, pattern, improvement, pr, ship, status, beforeFix: old } = await fixOnSharedComponent({});
    await inTransaction(db, "test", (tx) =>
      updateRecord(tx, resources.improvement, improvement.id, { productIds: [world.productA.id] }),
    );
    // 1.0 ran before the fix; 2.0 holds it.
    await recordDeployment(db, "test", { releaseId: old.id, environment: "production", status: "success" });
    const fixed = await ship(world.productA.id, "2.0");
    expect(fixed.snapback.patternsAddressed).toEqual([pattern.id]);
    const back = await recordDeployment(db, "test", {
      releaseId: old.id,
      environment: "production",
      status: "success",
    });
    expect(back.snapback).toMatchObject({
      pullRequestsUnshipped: 1,
      patternsReopened: [pattern.id],
      notificationsCancelled: 1,
    });
    expect(await status("pattern", pattern.id)).toBe("open");
    expect((await getRecord(db, resources.pull_request, pr.id)).status).toBe("merged");
    // A newer release holds the fix too (a later version of the component contains the earlier's).
    await createVersion(db, "test", { componentId: world.component.id, name: "1.1.0", pullRequestIds: [] });
    const newer = await ship(world.productA.id, "3.0");
    expect(newer.snapback).toMatchObject({
      pullRequestsShipped: 1,
      patternsAddressed: [pattern.id],
      notificationsQueued: 1,
    });
  });

  it("a failed deployment started again has not finished until it ends again", async () => {
    const { beforeFix: old } = await fixOnSharedComponent({});
    const failed = await recordDeployment(db, "test", { releaseId: old.id, environment: "staging", status: "failed" });
    const id = String(failed.deployment.id);
    expect(failed.deployment.finishedAt).not.toBeNull();
    const rerun = await updateDeploymentStatus(db, "test", id, "running");
    expect(rerun.deployment).toMatchObject({ status: "running", finishedAt: null });
    const done = await updateDeploymentStatus(db, "test", id, "success");
    expect(done.deployment.status).toBe("success");
    expect(Date.parse(String(done.deployment.finishedAt))).toBeGreaterThanOrEqual(
      Date.parse(String(failed.deployment.finishedAt)),
    );
  });

  it("rolling back a release deployed twice takes it out of the environment, not only its newest deployment", async () => {
    const { world, pattern, improvement, status, beforeFix: old } = await fixOnSharedComponent({});
    await inTransaction(db, "test", (tx) =>
      updateRecord(tx, resources.improvement, improvement.id, { productIds: [world.productA.id] }),
    );
    await recordDeployment(db, "test", { releaseId: old.id, environment: "production", status: "success" });
    const fixed = await createRelease(db, "test", { productId: world.productA.id, name: "2.0" });
    const deploy = () =>
      recordDeployment(db, "test", { releaseId: fixed.id, environment: "production", status: "success" });
    expect((await deploy()).snapback.patternsAddressed).toEqual([pattern.id]);
    // The pipeline runs the same release again (a restart, a re-run): nothing new ships.
    expect((await deploy()).snapback.patternsAddressed).toEqual([]);
    const back = await recordDeployment(db, "test", {
      releaseId: fixed.id,
      environment: "production",
      status: "rolled_back",
    });
    expect(back.snapback).toMatchObject({ pullRequestsUnshipped: 1, patternsReopened: [pattern.id] });
    expect(await status("pattern", pattern.id)).toBe("open");
    // The older deployment of 2.0 stays success in history (it was not rolled back), but 1.0 is what runs.
    const kept = await db.query("select 1 from deployments where release_id = $1 and status = 'success'", [fixed.id]);
    expect(kept).toHaveLength(1);
    const again = await recordDeployment(db, "test", {
      releaseId: old.id,
      environment: "production",
      status: "success",
    });
    expect(again.snapback).toMatchObject({ pullRequestsUnshipped: 0, patternsReopened: [] });
    // Deployed once more after the rollback, 2.0 runs again and ships the fix again.
    expect((await deploy()).snapback.patternsAddressed).toEqual([pattern.id]);
  });

  it("rolling back a run another release replaced, after the release ran again, changes nothing", async () => {
    const { world, pattern, improvement, status, ship, beforeFix: old } = await fixOnSharedComponent({});
    await inTransaction(db, "test", (tx) =>
      updateRecord(tx, resources.improvement, improvement.id, { productIds: [world.productA.id] }),
    );
    const first = await ship(world.productA.id, "2.0");
    await recordDeployment(db, "test", { releaseId: old.id, environment: "production", status: "success" });
    const fixed = String(first.deployment.releaseId);
    await recordDeployment(db, "test", { releaseId: fixed, environment: "production", status: "success" });
    expect(await status("pattern", pattern.id)).toBe("addressed");
    // "Roll back" on the first run's page, long superseded: 2.0 still runs (its later run), nothing reopens.
    const back = await updateDeploymentStatus(db, "test", String(first.deployment.id), "rolled_back");
    expect(back.snapback).toMatchObject({ pullRequestsUnshipped: 0, patternsReopened: [], notificationsCancelled: 0 });
    expect(await status("pattern", pattern.id)).toBe("addressed");
    const running = await inTransaction(db, "test", (tx) => runningRelease(tx, world.productA.id, "production"));
    expect(running.releaseId).toBe(fixed);
  });

  it("ships a pull request, and resolves the issue it fixes, when no improvement holds them", async () => {
    const { world, ship, beforeFix: old } = await fixOnSharedComponent({});
    // Filed straight in the repository, fixed by one pull request; a second fixes no issue at all.
    const issue = await make(db, "issue", { componentId: world.component.id, title: "Typo in the sync log" });
    const pr = await make(db, "pull_request", {
      componentId: world.component.id,
      title: "Fix typo",
      issueIds: [issue.id],
    });
    const chore = await make(db, "pull_request", { componentId: world.component.id, title: "Bump deps" });
    for (const id of [pr.id, chore.id])
      await inTransaction(db, "test", (tx) => updateRecord(tx, resources.pull_request, id, { status: "merged" }));
    await createVersion(db, "test", { componentId: world.component.id, name: "1.1.0" });
    const fixed = await ship(world.productA.id, "2.0");
    expect(fixed.snapback).toMatchObject({ pullRequestsShipped: 3, issuesResolved: 2 });
    expect((await getRecord(db, resources.issue, issue.id)).status).toBe("resolved");
    expect((await getRecord(db, resources.pull_request, chore.id)).status).toBe("shipped");
    // Rolled back to the release from before: both are taken back.
    const back = await recordDeployment(db, "test", {
      releaseId: old.id,
      environment: "production",
      status: "success",
    });
    expect(back.snapback).toMatchObject({ pullRequestsUnshipped: 3, issuesReopened: 2 });
    expect((await getRecord(db, resources.issue, issue.id)).status).toBe("open");
    expect((await getRecord(db, resources.pull_request, pr.id)).status).toBe("merged");
  });

  it("does not ship a fix through a hotfix of an older line cut after it (0.9.1 after 1.0.0 is older)", async () => {
    const { world, pattern, improvement, pr, status } = await fixOnSharedComponent({});
    await inTransaction(db, "test", (tx) =>
      updateRecord(tx, resources.improvement, improvement.id, { productIds: [world.productA.id] }),
    );
    // The fix went into 1.0.0; then a hotfix of the 0.9 line is cut with a backport of its own.
    const backport = await make(db, "pull_request", { componentId: world.component.id, title: "Backport" });
    await inTransaction(db, "test", (tx) =>
      updateRecord(tx, resources.pull_request, backport.id, { status: "merged" }),
    );
    const hotfix = await createVersion(db, "test", { componentId: world.component.id, name: "0.9.1" });
    const [fixed] = await db.query<{ id: string }>("select id from versions where name = '1.0.0'");
    const deploy = async (name: string, versionId: string) => {
      const release = await createRelease(db, "test", { productId: world.productA.id, name, versionIds: [versionId] });
      return recordDeployment(db, "test", { releaseId: release.id, environment: "production", status: "success" });
    };
    const hot = await deploy("0.9.1", hotfix.id);
    expect(hot.snapback).toMatchObject({ pullRequestsShipped: 1, improvementsCompleted: [], notificationsQueued: 0 });
    expect((await getRecord(db, resources.pull_request, pr.id)).status).toBe("merged");
    expect((await getRecord(db, resources.pull_request, backport.id)).status).toBe("shipped");
    // The line with the fix: it ships now, and the person is told once.
    const main = await deploy("1.0.0", String(fixed?.id));
    expect(main.snapback).toMatchObject({ improvementsCompleted: [improvement.id], notificationsQueued: 1 });
    expect(await status("pattern", pattern.id)).toBe("addressed");
    // Back to the hotfix: 1.0.0's fix is taken back, the backport it holds is not.
    const back = await deploy("0.9.1-again", hotfix.id);
    expect(back.snapback).toMatchObject({ pullRequestsUnshipped: 1, patternsReopened: [pattern.id] });
    expect((await getRecord(db, resources.pull_request, backport.id)).status).toBe("shipped");
  });

  it("refuses to deploy a release to an environment of another product", async () => {
    const { world } = await fixOnSharedComponent({});
    await make(db, "environment", { name: "desk-production", production: true, productId: world.productB.id });
    const release = await createRelease(db, "test", { productId: world.productA.id, name: "2.0.0" });
    await expect(
      recordDeployment(db, "test", { releaseId: release.id, environment: "desk-production", status: "success" }),
    ).rejects.toMatchObject({ code: "invalid_input", details: { path: "body.environment" } });
  });
});
