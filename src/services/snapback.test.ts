import { afterEach, describe, expect, it } from "vitest";
import { freshDb, serverUrl } from "../../test/helpers/db.js";
import { make, twoProductsSharingAComponent } from "../../test/helpers/factories.js";
import type { Db } from "../db/connect.js";
import { createRelease } from "./create-release.js";
import { createSignals } from "./create-signals.js";
import { createVersion } from "./create-version.js";
import { recordDeployment, updateDeploymentStatus } from "./record-deployment.js";
import { getRecord, updateRecord } from "./records.js";
import { resources } from "./resources.js";
import { inTransaction } from "./transaction.js";

let db: Db;
afterEach(async () => db?.close());

/** The loop up to two releases: signals from `people` contacts on one pattern, one improvement for both products. */
async function readyToShip(people: { email: string; signals: number }[]) {
  db = await freshDb();
  const world = await twoProductsSharingAComponent(db);
  const pattern = await make(db, "pattern", { title: "Sync loses edits" });
  let n = 0;
  await createSignals(
    db,
    "test",
    people.flatMap((person) =>
      Array.from({ length: person.signals }, () => ({
        channelId: world.channel.id,
        contact: { email: person.email },
        title: `Edits lost ${++n}`,
        body: "",
        urgency: "normal" as const,
        threadRef: `<m${n}@mail.example>`,
        receivedAt: new Date(Date.now() - 86_400_000 * (10 - n)).toISOString(),
        patternIds: [pattern.id],
        score: 1,
      })),
    ),
  );
  const improvement = await make(db, "improvement", {
    loopId: world.loop.id,
    title: "Merge edits instead of overwriting",
    productIds: [world.productA.id, world.productB.id],
    patternIds: [pattern.id],
  });
  const issue = await make(db, "issue", {
    componentId: world.component.id,
    improvementId: improvement.id,
    title: "CRDT merge",
  });
  const pr = await make(db, "pull_request", {
    componentId: world.component.id,
    title: "Use a CRDT",
    issueIds: [issue.id],
  });
  await inTransaction(db, "test", (tx) => updateRecord(tx, resources.pull_request, pr.id, { status: "merged" }));
  const version = await createVersion(db, "test", { componentId: world.component.id, name: "1.0.0" });
  const releaseA = await createRelease(db, "test", { productId: world.productA.id, name: "2.0.0" });
  const releaseB = await createRelease(db, "test", { productId: world.productB.id, name: "5.1.0" });
  return { ...world, pattern, improvement, issue, pr, version, releaseA, releaseB };
}

/** Records a production deployment of release (the common case of these tests). */
const deploy = (releaseId: unknown, status: string) =>
  recordDeployment(db, "test", { releaseId: String(releaseId), environment: "production", status });

const count = async (sql: string, params: unknown[] = []) =>
  Number((await db.query<{ n: number }>(`select count(*)::int as n from ${sql}`, params))[0]?.n);

describe(`snapback (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("ships nothing for failed, staging or rolled-back deployments", async () => {
    const loop = await readyToShip([{ email: "ana@example.com", signals: 1 }]);
    const failed = await recordDeployment(db, "test", {
      releaseId: loop.releaseA.id,
      environment: "production",
      status: "failed",
    });
    expect(failed.snapback).toMatchObject({ versionsReleased: 0, pullRequestsShipped: 0, replay: false });
    const staging = await recordDeployment(db, "test", {
      releaseId: loop.releaseA.id,
      environment: "staging",
      status: "success",
    });
    expect(staging.snapback?.versionsReleased).toBe(0);
    await expect(deploy(loop.releaseA.id, "rolled_back")).rejects.toMatchObject({ code: "invalid_transition" });
    expect((await getRecord(db, resources.pull_request, loop.pr.id)).status).toBe("merged");
    expect(await count("version_products")).toBe(0);
  });

  it("completes an improvement only when shipped to every product it targets", async () => {
    const loop = await readyToShip([{ email: "ana@example.com", signals: 1 }]);
    const a = await recordDeployment(db, "test", {
      releaseId: loop.releaseA.id,
      environment: "production",
      status: "success",
    });
    expect(a.snapback).toMatchObject({
      versionsReleased: 1,
      pullRequestsShipped: 1,
      issuesResolved: 1,
      improvementsCompleted: [],
    });
    expect((await getRecord(db, resources.issue, loop.issue.id)).status).toBe("resolved");
    expect((await getRecord(db, resources.improvement, loop.improvement.id)).status).toBe("proposed");
    expect(await count("notifications")).toBe(0);

    const b = await recordDeployment(db, "test", {
      releaseId: loop.releaseB.id,
      environment: "production",
      status: "success",
    });
    expect(b.snapback).toMatchObject({
      versionsReleased: 1,
      improvementsCompleted: [loop.improvement.id],
      patternsAddressed: [loop.pattern.id],
    });
    expect((await getRecord(db, resources.pattern, loop.pattern.id)).status).toBe("addressed");
    // The shared component's version is released in each product, first production time kept.
    expect(await count("version_products where version_id = $1", [loop.version.id])).toBe(2);
  });

  it("notifies each contact once per pattern, in the thread of their first signal, with the lead time", async () => {
    const loop = await readyToShip([
      { email: "ana@example.com", signals: 3 },
      { email: "bo@example.com", signals: 1 },
    ]);
    await deploy(loop.releaseA.id, "success");
    const b = await recordDeployment(db, "test", {
      releaseId: loop.releaseB.id,
      environment: "production",
      status: "success",
      externalId: "run-7",
    });
    expect(b.snapback?.notificationsQueued).toBe(2);
    const rows = await db.query<{ email: string; thread_ref: string; lead: number }>(
      `select c.email, s.thread_ref, extract(epoch from n.created_at - n.first_signal_at)::float8 as lead
         from notifications n join contacts c on c.id = n.contact_id join signals s on s.id = n.signal_id order by c.email`,
    );
    expect(rows.map((r) => [r.email, r.thread_ref])).toEqual([
      ["ana@example.com", "<m1@mail.example>"],
      ["bo@example.com", "<m4@mail.example>"],
    ]);
    expect(rows[0]?.lead).toBeGreaterThan(8 * 86_400);
    expect(await count("outbox where kind = 'notification'")).toBe(2);
  });

  it("is idempotent: replaying the deployment, or deploying the release again, notifies nobody twice", async () => {
    const loop = await readyToShip([{ email: "ana@example.com", signals: 1 }]);
    await deploy(loop.releaseA.id, "success");
    const first = await recordDeployment(db, "test", {
      releaseId: loop.releaseB.id,
      environment: "production",
      status: "success",
      externalId: "run-1",
    });
    const replay = await recordDeployment(db, "test", {
      releaseId: loop.releaseB.id,
      environment: "production",
      status: "success",
      externalId: "run-1",
    });
    expect(replay.deployment.id).toBe(first.deployment.id);
    // The same shape as the first answer, saying it was a replay.
    expect(replay.snapback).toMatchObject({ replay: true, versionsReleased: 0, notificationsQueued: 0 });
    expect(Object.keys(replay.snapback).sort()).toEqual(Object.keys(first.snapback).sort());
    const again = await recordDeployment(db, "test", {
      releaseId: loop.releaseB.id,
      environment: "production",
      status: "success",
    });
    expect(again.snapback).toMatchObject({
      replay: false,
      versionsReleased: 0,
      pullRequestsShipped: 0,
      notificationsQueued: 0,
    });
    expect(await count("notifications")).toBe(1);
  });

  it("refuses a version holding a pull request never merged (it would never ship), and resolves nothing", async () => {
    const loop = await readyToShip([{ email: "ana@example.com", signals: 1 }]);
    const issue = await make(db, "issue", {
      componentId: loop.component.id,
      improvementId: loop.improvement.id,
      title: "More",
    });
    const open = await make(db, "pull_request", {
      componentId: loop.component.id,
      title: "Draft",
      issueIds: [issue.id],
    });
    await expect(
      createVersion(db, "test", { componentId: loop.component.id, name: "1.1.0", pullRequestIds: [open.id] }),
    ).rejects.toMatchObject({ code: "invalid_input", details: { path: "body.pullRequestIds.0" } });
    await createVersion(db, "test", { componentId: loop.component.id, name: "1.1.0" });
    const release = await createRelease(db, "test", { productId: loop.productA.id, name: "2.1.0" });
    await deploy(release.id, "success");
    expect((await getRecord(db, resources.issue, issue.id)).status).toBe("open");
    expect((await getRecord(db, resources.pull_request, open.id)).status).toBe("open");
  });

  it("cancels the notifications of a deployment rolled back before they were sent", async () => {
    const loop = await readyToShip([
      { email: "ana@example.com", signals: 1 },
      { email: "bo@example.com", signals: 1 },
    ]);
    await deploy(loop.releaseA.id, "success");
    const b = await recordDeployment(db, "test", {
      releaseId: loop.releaseB.id,
      environment: "production",
      status: "success",
    });
    expect(b.snapback?.notificationsQueued).toBe(2);
    await updateDeploymentStatus(db, "test", b.deployment.id, "rolled_back");
    expect(await count("outbox where status = 'cancelled' and last_error like '%rolled back%'")).toBe(2);
    expect(await count("outbox where status in ('pending', 'dead')")).toBe(0);
    expect(await count("notifications where status = 'cancelled' and withdrawn_at is not null")).toBe(2);
  });

  it("refuses a pipeline run id reused for another release", async () => {
    const loop = await readyToShip([{ email: "ana@example.com", signals: 1 }]);
    await recordDeployment(db, "test", {
      releaseId: loop.releaseA.id,
      environment: "production",
      status: "failed",
      externalId: "run-9",
    });
    await expect(
      recordDeployment(db, "test", {
        releaseId: loop.releaseB.id,
        environment: "production",
        status: "success",
        externalId: "run-9",
      }),
    ).rejects.toMatchObject({ code: "conflict" });
    expect(await count("version_products")).toBe(0);
  });

  it("refuses invalid deployment transitions and changes nothing", async () => {
    const loop = await readyToShip([{ email: "ana@example.com", signals: 1 }]);
    const pending = await recordDeployment(db, "test", {
      releaseId: loop.releaseA.id,
      environment: "production",
      status: "pending",
    });
    await expect(updateDeploymentStatus(db, "test", pending.deployment.id, "rolled_back")).rejects.toMatchObject({
      code: "invalid_transition",
    });
    expect((await getRecord(db, resources.deployment, pending.deployment.id)).status).toBe("pending");
    expect(await count("version_products")).toBe(0);
  });

  it("writes the whole chain to the timeline", async () => {
    const loop = await readyToShip([{ email: "ana@example.com", signals: 1 }]);
    await deploy(loop.releaseA.id, "success");
    await deploy(loop.releaseB.id, "success");
    const verbs = await db.query<{ entity_type: string; verb: string }>(
      "select entity_type, verb from timeline_events where verb in ('released','ship','resolve','complete','address','queued') order by id",
    );
    expect(verbs.map((v) => `${v.entity_type}:${v.verb}`)).toEqual([
      "version:released",
      "pull_request:ship",
      "issue:resolve",
      "version:released",
      "improvement:complete",
      "pattern:address",
      "notification:queued",
    ]);
  });
});
