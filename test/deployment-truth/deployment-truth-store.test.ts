import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/connect.js";
import { createRelease } from "../../src/services/create-release.js";
import { createSignals } from "../../src/services/create-signals.js";
import { createVersion } from "../../src/services/create-version.js";
import { customerView } from "../../src/services/customer-view.js";
import { recordVerifiedAnswer } from "../../src/services/record-answer.js";
import { recordDeployment, updateDeploymentStatus } from "../../src/services/record-deployment.js";
import { getRecord, updateRecord } from "../../src/services/records.js";
import { resources } from "../../src/services/resources.js";
import { inTransaction } from "../../src/services/transaction.js";
import { freshDb, serverUrl } from "../helpers/db.js";
import { make, mergedFixOnSharedComponent } from "../helpers/factories.js";

let db: Db;
afterEach(async () => db?.close());

/** The shared starting point (test/helpers/factories.ts); `w` is its world. */
async function world(targets: Record<string, unknown>) {
  db = await freshDb();
  const fix = await mergedFixOnSharedComponent(db, targets);
  return { ...fix, w: fix.world };
}

describe(`deployment truth in the store (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("an improvement on a component that snapback completed (never approved by hand) goes back when one product rolls back", async () => {
    const { w, pattern, improvement, ship, status } = await world({});
    await inTransaction(db, "test", (tx) =>
      updateRecord(tx, resources.improvement, improvement.id, { componentIds: [w.component.id] }),
    );
    await ship(w.productA.id, "2.0.0");
    expect(await status("improvement", improvement.id)).toBe("proposed");
    const b = await ship(w.productB.id, "5.0.0");
    expect(b.snapback.improvementsCompleted).toEqual([improvement.id]);
    // A rolls back; B still runs the fix.
    const [a] = await db.query<{ id: string }>(
      "select id from deployments where product_id = $1 and status = 'success'",
      [w.productA.id],
    );
    const back = await updateDeploymentStatus(db, "test", String(a?.id), "rolled_back");
    // A component target means every product built from it: A no longer runs the fix.
    expect(back.snapback.improvementsReopened).toEqual([improvement.id]);
    expect(await status("improvement", improvement.id)).toBe("in_progress");
    expect(await status("pattern", pattern.id)).toBe("open");
  });

  it("people whose notification an earlier version's rollback dead-lettered are told when the release is deployed again", async () => {
    const { w, ship } = await world({});
    const first = await ship(w.productA.id, "2.0.0");
    expect(first.snapback.notificationsQueued).toBe(1);
    // What ca1cfd1's rollback left (holdBackNotifications), which migration 0008 keeps as it is: the
    // deployment rolled back, its unsent delivery a dead letter, everything else still shipped/addressed.
    await db.query("update deployments set status = 'rolled_back' where id = $1", [first.deployment.id]);
    await db.query(
      "update outbox set status = 'dead', last_error = 'The deployment was rolled back before this was sent.' where kind = 'notification'",
    );
    // Upgrading runs migration 0008, whose last statements repair that state.
    const migration = readFileSync(
      new URL("../../src/db/migrations/0008_deployment_truth.sql", import.meta.url),
      "utf8",
    );
    await db.exec(migration.slice(migration.indexOf("-- Before this, a rollback made")));
    // Upgraded, the team deploys the same release again (issue #8: "those notifications stay dead").
    const again = await recordDeployment(db, "test", {
      releaseId: String(first.deployment.releaseId),
      environment: "production",
      status: "success",
    });
    const pending = await db.query("select id from outbox where kind = 'notification' and status = 'pending'");
    expect({ queued: again.snapback.notificationsQueued, pending: pending.length }).toEqual({ queued: 1, pending: 1 });
  });

  it("keeps a product@version naming no product of ours as a version of no product; an unknown product is a 404", async () => {
    const { w } = await world({});
    const signal = (extra: Record<string, string>) => ({
      channelId: w.channel.id,
      contact: { email: "bo@example.com" },
      title: "Crash",
      body: "",
      urgency: "normal" as const,
      patternIds: [],
      score: 1,
      ...extra,
    });
    // What a channel wrote is not lost: answered like any version of no product, never a regression.
    const [kept] = await createSignals(db, "test", [signal({ productVersion: "no-such-app@5.2.0" })]);
    expect(kept).toMatchObject({ productId: null, productVersion: "no-such-app@5.2.0" });
    await expect(
      createSignals(db, "test", [signal({ product: "no-such-app", productVersion: "5.2.0" })]),
    ).rejects.toMatchObject({ code: "not_found", details: { path: "body.product" } });
    // Both given, the product's name repeated in the version: the version is what follows the @.
    const slugA = String(w.productA.slug);
    const [both] = await createSignals(db, "test", [signal({ product: slugA, productVersion: `${slugA}@2.0.0` })]);
    expect(both).toMatchObject({ productId: w.productA.id, productVersion: "2.0.0" });
    // A version of another product of ours beside it: which one was meant cannot be told.
    await expect(
      createSignals(db, "test", [signal({ product: slugA, productVersion: `${String(w.productB.slug)}@2.0.0` })]),
    ).rejects.toMatchObject({ code: "invalid_input", details: { path: "body.productVersion" } });
  });
});

describe(`rollback of a pattern reopened meanwhile (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("a rollback after a regression reopened the pattern still cancels the notifications not sent yet", async () => {
    const { w, pattern, improvement, ship, status } = await world({});
    await inTransaction(db, "test", (tx) =>
      updateRecord(tx, resources.improvement, improvement.id, { productIds: [w.productA.id] }),
    );
    const shipped = await ship(w.productA.id, "2.0.0");
    expect(shipped.snapback.notificationsQueued).toBe(1);
    // Someone on 2.0.0 (which holds the fix) reports it again: a regression, the pattern reopens.
    await createSignals(db, "test", [
      {
        channelId: w.channel.id,
        contact: { email: "cy@example.com" },
        title: "Still losing edits on 2.0.0",
        body: "",
        urgency: "normal",
        product: String(w.productA.slug),
        productVersion: "2.0.0",
        patternIds: [pattern.id],
        score: 1,
      },
    ]);
    expect(await status("pattern", pattern.id)).toBe("open");
    // The team rolls 2.0.0 back. Ana's "it is fixed in 2.0.0" has not gone out yet: it must not.
    const back = await updateDeploymentStatus(db, "test", String(shipped.deployment.id), "rolled_back");
    const pending = await db.query("select id from outbox where kind = 'notification' and status = 'pending'");
    expect({ cancelled: back.snapback.notificationsCancelled, pending: pending.length }).toEqual({
      cancelled: 1,
      pending: 0,
    });
  });
});

describe(`staging of another product (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("deploying the fix to product B's staging does not withdraw what A's production told (improvement with no targets)", async () => {
    const { w, ship } = await world({});
    const told = await ship(w.productA.id, "2.0.0");
    expect(told.snapback.notificationsQueued).toBe(1);
    await make(db, "environment", { name: "desk-qa", production: false });
    const release = await createRelease(db, "test", { productId: w.productB.id, name: "5.0.0" });
    const staged = await recordDeployment(db, "test", {
      releaseId: release.id,
      environment: "desk-qa",
      status: "success",
    });
    // Nothing was rolled back anywhere: A's production still runs the fix.
    expect({ cancelled: staged.snapback.notificationsCancelled, followUps: staged.snapback.followUpsQueued }).toEqual({
      cancelled: 0,
      followUps: 0,
    });
    const live = await db.query("select id from notifications where withdrawn_at is null");
    expect(live).toHaveLength(1);
  });
});

describe(`the regression rule with two release lines (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("a report from a release that does not hold the fix is answered, not a regression, even if its version is higher", async () => {
    db = await freshDb();
    // 2.0.0 was cut (and runs on some desktops) before the fix existed.
    const { world: w, pattern } = await mergedFixOnSharedComponent(db, (w) => ({ productIds: [w.productA.id] }), {
      beforeFix: "2.0.0",
    });
    // The fix ships on the long-term-support line first: 1.4.3.
    const lts = await createRelease(db, "test", { productId: w.productA.id, name: "1.4.3" });
    await recordDeployment(db, "test", { releaseId: lts.id, environment: "production", status: "success" });
    expect((await getRecord(db, resources.pattern, pattern.id)).status).toBe("addressed");
    // Someone still on 2.0.0, which does not hold the fix, reports the problem.
    await createSignals(db, "test", [
      {
        channelId: w.channel.id,
        contact: { email: "bo@example.com" },
        title: "Edits lost on 2.0.0",
        body: "",
        urgency: "normal",
        productVersion: `${String(w.productA.slug)}@2.0.0`,
        patternIds: [pattern.id],
        score: 1,
      },
    ]);
    expect((await getRecord(db, resources.pattern, pattern.id)).status).toBe("addressed");
  });
});

describe(`rolling back a deployment that is not the current one (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("changes nothing for the person: their page still shows the fix and the notification to answer", async () => {
    const { w, ship } = await world({});
    const first = await ship(w.productA.id, "2.0.0");
    expect(first.snapback.notificationsQueued).toBe(1);
    await createVersion(db, "test", { componentId: w.component.id, name: "1.1.0", pullRequestIds: [] });
    await ship(w.productA.id, "2.1.0");
    // The pipeline marks the superseded 2.0.0 deployment rolled back: 2.1.0, which holds the fix, runs.
    const back = await updateDeploymentStatus(db, "test", String(first.deployment.id), "rolled_back");
    expect(back.snapback.notificationsCancelled + back.snapback.followUpsQueued).toBe(0);
    const [ana] = await db.query<{ id: string }>("select id from contacts where email = 'ana@example.com'");
    const view = await customerView(db, String(ana?.id));
    expect(view.signals[0]?.patterns[0]?.shipped).not.toBeNull();
  });
});

describe(`a rollback of one product tells only that product's people (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("web's person keeps their notification when desktop rolls back; desktop running it again tells only those withdrawn", async () => {
    const { w, pattern, improvement, ship, status } = await world({});
    await inTransaction(db, "test", (tx) =>
      updateRecord(tx, resources.improvement, improvement.id, { productIds: [w.productA.id, w.productB.id] }),
    );
    // Wes says he runs web; ana (the world's person) named no product: every product the fix targets.
    await createSignals(db, "test", [
      {
        channelId: w.channel.id,
        contact: { email: "wes@example.com" },
        title: "Edits lost on web",
        body: "",
        urgency: "normal",
        product: String(w.productA.slug),
        patternIds: [pattern.id],
        score: 1,
      },
    ]);
    await ship(w.productA.id, "2.0.0");
    const desk = await ship(w.productB.id, "5.0.0");
    expect(desk.snapback.notificationsQueued).toBe(2);
    await db.query("update notifications set status = 'sent'");
    const held = async () =>
      db.query<{ email: string; withdrawn: boolean; generation: number }>(
        `select c.email, n.withdrawn_at is not null as withdrawn, n.generation from notifications n
           join contacts c on c.id = n.contact_id order by n.created_at, c.email`,
      );
    const back = await updateDeploymentStatus(db, "test", String(desk.deployment.id), "rolled_back");
    // Desktop no longer runs the fix: the improvement and the pattern are open again, but web still runs it.
    expect(await status("improvement", improvement.id)).toBe("in_progress");
    expect(await status("pattern", pattern.id)).toBe("open");
    expect({ cancelled: back.snapback.notificationsCancelled, followUps: back.snapback.followUpsQueued }).toEqual({
      cancelled: 0,
      followUps: 1,
    });
    expect(await held()).toEqual([
      { email: "ana@example.com", withdrawn: true, generation: 1 },
      { email: "wes@example.com", withdrawn: false, generation: 1 },
    ]);
    // Desktop runs it again: addressed again by the same fix; ana is told again, wes not twice.
    const again = await recordDeployment(db, "test", {
      releaseId: String(desk.deployment.releaseId),
      environment: "production",
      status: "success",
    });
    expect(again.snapback.patternsAddressed).toEqual([pattern.id]);
    expect(again.snapback.notificationsQueued).toBe(1);
    expect(await held()).toEqual([
      { email: "ana@example.com", withdrawn: true, generation: 1 },
      { email: "wes@example.com", withdrawn: false, generation: 1 },
      { email: "ana@example.com", withdrawn: false, generation: 1 },
    ]);
  });
});

describe(`a pattern someone said is still broken (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("stays open through a rollback and the same release again; new work that ships addresses it and tells them", async () => {
    const { w, pattern, improvement, ship, status } = await world({});
    await inTransaction(db, "test", (tx) =>
      updateRecord(tx, resources.improvement, improvement.id, { productIds: [w.productA.id] }),
    );
    const shipped = await ship(w.productA.id, "2.0.0");
    const [notification] = await db.query<{ id: string }>("select id from notifications");
    await recordVerifiedAnswer(db, { notificationId: String(notification?.id), answer: "still_broken" });
    expect(await status("pattern", pattern.id)).toBe("open");
    await updateDeploymentStatus(db, "test", String(shipped.deployment.id), "rolled_back");
    const again = await recordDeployment(db, "test", {
      releaseId: String(shipped.deployment.releaseId),
      environment: "production",
      status: "success",
    });
    // The fix she said does not work, running again: nobody is told it again.
    expect(again.snapback.improvementsCompleted).toEqual([improvement.id]);
    expect({ addressed: again.snapback.patternsAddressed, queued: again.snapback.notificationsQueued }).toEqual({
      addressed: [],
      queued: 0,
    });
    expect(await status("pattern", pattern.id)).toBe("open");
    // New work: another improvement, its fix merged and shipped.
    const next = await make(db, "improvement", {
      loopId: w.loop.id,
      title: "Merge edits, really",
      patternIds: [pattern.id],
      productIds: [w.productA.id],
    });
    const issue = await make(db, "issue", { componentId: w.component.id, improvementId: next.id, title: "Again" });
    const pr = await make(db, "pull_request", { componentId: w.component.id, title: "Fix", issueIds: [issue.id] });
    await inTransaction(db, "test", (tx) => updateRecord(tx, resources.pull_request, pr.id, { status: "merged" }));
    await createVersion(db, "test", { componentId: w.component.id, name: "1.1.0" });
    const fixed = await ship(w.productA.id, "2.1.0");
    expect({ addressed: fixed.snapback.patternsAddressed, queued: fixed.snapback.notificationsQueued }).toEqual({
      addressed: [pattern.id],
      queued: 1,
    });
    expect((await getRecord(db, resources.pattern, pattern.id)).generation).toBe(2);
  });
});

describe(`a disputed pattern is not addressed again by work it already had (${serverUrl ? "postgres" : "pglite"})`, () => {
  /** Another improvement of the pattern, its fix merged into the component's next version (1.1.0). */
  async function moreWork(w: Awaited<ReturnType<typeof world>>["w"], patternId: string, productIds: string[]) {
    const next = await make(db, "improvement", {
      loopId: w.loop.id,
      title: "Merge edits, really",
      patternIds: [patternId],
      productIds,
    });
    const issue = await make(db, "issue", { componentId: w.component.id, improvementId: next.id, title: "Again" });
    const pr = await make(db, "pull_request", { componentId: w.component.id, title: "Fix", issueIds: [issue.id] });
    await inTransaction(db, "test", (tx) => updateRecord(tx, resources.pull_request, pr.id, { status: "merged" }));
    await createVersion(db, "test", { componentId: w.component.id, name: "1.1.0" });
    return next;
  }
  const deployAgain = (releaseId: unknown) =>
    recordDeployment(db, "test", { releaseId: String(releaseId), environment: "production", status: "success" });

  it("work completed while it stayed addressed is part of the fix a 'still broken' disputes", async () => {
    const { w, pattern, improvement, ship, status } = await world({});
    await inTransaction(db, "test", (tx) =>
      updateRecord(tx, resources.improvement, improvement.id, { productIds: [w.productA.id] }),
    );
    await ship(w.productA.id, "2.0.0");
    // More work for it, completed while it stays addressed: its fix (what people were told of) stays.
    const next = await moreWork(w, pattern.id, [w.productA.id]);
    const later = await ship(w.productA.id, "2.1.0");
    expect(later.snapback.improvementsCompleted).toEqual([next.id]);
    const [notification] = await db.query<{ id: string }>("select id from notifications");
    await recordVerifiedAnswer(db, { notificationId: String(notification?.id), answer: "still_broken" });
    expect(await status("pattern", pattern.id)).toBe("open");
    // 2.1.0 rolled back and deployed again: all of it was done when she said it does not work.
    await updateDeploymentStatus(db, "test", String(later.deployment.id), "rolled_back");
    const again = await deployAgain(later.deployment.releaseId);
    expect(again.snapback.improvementsCompleted).toContain(next.id);
    expect({ addressed: again.snapback.patternsAddressed, queued: again.snapback.notificationsQueued }).toEqual({
      addressed: [],
      queued: 0,
    });
    expect(await status("pattern", pattern.id)).toBe("open");
  });

  it("'still broken' from someone who kept the fix after another product's rollback disputes the open pattern", async () => {
    const { w, pattern, improvement, ship, status } = await world({});
    await inTransaction(db, "test", (tx) =>
      updateRecord(tx, resources.improvement, improvement.id, { productIds: [w.productA.id, w.productB.id] }),
    );
    await createSignals(db, "test", [
      {
        channelId: w.channel.id,
        contact: { email: "wes@example.com" },
        title: "Edits lost on web",
        body: "",
        urgency: "normal",
        product: String(w.productA.slug),
        patternIds: [pattern.id],
        score: 1,
      },
    ]);
    await ship(w.productA.id, "2.0.0");
    const desk = await ship(w.productB.id, "5.0.0");
    await updateDeploymentStatus(db, "test", String(desk.deployment.id), "rolled_back");
    expect(await status("pattern", pattern.id)).toBe("open");
    // Wes still runs the fix on web, and says it does not work.
    const [wes] = await db.query<{ id: string }>(
      `select n.id from notifications n join contacts c on c.id = n.contact_id
        where c.email = 'wes@example.com' and n.withdrawn_at is null`,
    );
    await recordVerifiedAnswer(db, { notificationId: String(wes?.id), answer: "still_broken" });
    // Desktop runs the fix again: the fix he disputed does not address the pattern again.
    const again = await deployAgain(desk.deployment.releaseId);
    expect({ addressed: again.snapback.patternsAddressed, queued: again.snapback.notificationsQueued }).toEqual({
      addressed: [],
      queued: 0,
    });
    expect(await status("pattern", pattern.id)).toBe("open");
  });

  it("a pattern a rollback reopened, dismissed and reopened by hand waits for new work", async () => {
    const { w, pattern, improvement, ship, status } = await world({});
    await inTransaction(db, "test", (tx) =>
      updateRecord(tx, resources.improvement, improvement.id, { productIds: [w.productA.id] }),
    );
    const shipped = await ship(w.productA.id, "2.0.0");
    await updateDeploymentStatus(db, "test", String(shipped.deployment.id), "rolled_back");
    expect(await status("pattern", pattern.id)).toBe("open");
    await inTransaction(db, "test", (tx) => updateRecord(tx, resources.pattern, pattern.id, { status: "dismissed" }));
    await inTransaction(db, "test", (tx) => updateRecord(tx, resources.pattern, pattern.id, { status: "open" }));
    const again = await deployAgain(shipped.deployment.releaseId);
    expect(again.snapback.patternsAddressed).toEqual([]);
    expect(await status("pattern", pattern.id)).toBe("open");
  });
});

describe(`migration 0040's backfill (${serverUrl ? "postgres" : "pglite"})`, () => {
  const migration = readFileSync(new URL("../../src/db/migrations/0040_pattern_fix.sql", import.meta.url), "utf8");
  const backfill = migration.slice(migration.indexOf("-- Patterns addressed before:"));

  it("a pattern an older release reopened is open by rollback; merged work never shipped is no part of its fix", async () => {
    db = await freshDb();
    // 1.9.0 was cut before the fix existed.
    const fix = await mergedFixOnSharedComponent(db, (w) => ({ productIds: [w.productA.id] }), { beforeFix: "1.9.0" });
    const { world: w, pattern, improvement, ship } = fix;
    const old = fix.beforeFix as { id: string };
    await ship(w.productA.id, "2.0.0");
    // New work, merged, never shipped.
    const next = await make(db, "improvement", {
      loopId: w.loop.id,
      title: "More",
      patternIds: [pattern.id],
      productIds: [w.productA.id],
    });
    const issue = await make(db, "issue", { componentId: w.component.id, improvementId: next.id, title: "More" });
    const pr = await make(db, "pull_request", { componentId: w.component.id, title: "More", issueIds: [issue.id] });
    await inTransaction(db, "test", (tx) => updateRecord(tx, resources.pull_request, pr.id, { status: "merged" }));
    await inTransaction(db, "test", (tx) => updateRecord(tx, resources.improvement, next.id, { status: "approved" }));
    await inTransaction(db, "test", (tx) =>
      updateRecord(tx, resources.improvement, next.id, { status: "in_progress" }),
    );
    // The older release deployed over the newer: the fix runs nowhere, the pattern reopens ("deployed").
    await recordDeployment(db, "test", { releaseId: old.id, environment: "production", status: "success" });
    await db.query("update patterns set fix_improvement_ids = '{}', reopened_by_rollback = false");
    await db.exec(backfill);
    const [row] = await db.query<{ status: string; fix_improvement_ids: string[]; reopened_by_rollback: boolean }>(
      "select status, fix_improvement_ids, reopened_by_rollback from patterns where id = $1",
      [pattern.id],
    );
    expect(row).toEqual({ status: "open", fix_improvement_ids: [improvement.id], reopened_by_rollback: true });
  });
});
