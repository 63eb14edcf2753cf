import { afterEach, describe, expect, it } from "vitest";
import { freshDb, serverUrl } from "../../test/helpers/db.js";
import { make, mergedFixOnSharedComponent, twoProductsSharingAComponent } from "../../test/helpers/factories.js";
import type { Db } from "../db/connect.js";
import { attachSignals } from "./attach-signals.js";
import { createRelease } from "./create-release.js";
import { createSignals, type SignalInput } from "./create-signals.js";
import { createVersion } from "./create-version.js";
import { recordDeployment, updateDeploymentStatus } from "./record-deployment.js";
import { getRecord, updateRecord } from "./records.js";
import { resources } from "./resources.js";
import { settleImprovements } from "./settle-improvements.js";
import { inTransaction } from "./transaction.js";

let db: Db;
afterEach(async () => db?.close());

/** A pattern addressed by release 2.0.0 of product A, which told its one reporter. */
async function addressed() {
  db = await freshDb();
  const world = await twoProductsSharingAComponent(db);
  const pattern = await make(db, "pattern", { loopId: world.loop.id, title: "Export fails" });
  const report = (email: string, extra: Partial<SignalInput> = {}): SignalInput => ({
    channelId: world.channel.id,
    contact: { email },
    title: `Export fails for ${email}`,
    body: "",
    urgency: "normal",
    patternIds: [pattern.id],
    score: 1,
    ...extra,
  });
  await createSignals(db, "test", [report("first@example.com")]);
  const improvement = await make(db, "improvement", {
    loopId: world.loop.id,
    title: "Fix export",
    productIds: [world.productA.id],
    patternIds: [pattern.id],
  });
  const issue = await make(db, "issue", {
    componentId: world.component.id,
    improvementId: improvement.id,
    title: "Export",
  });
  const pr = await make(db, "pull_request", { componentId: world.component.id, title: "Fix", issueIds: [issue.id] });
  await inTransaction(db, "test", (tx) => updateRecord(tx, resources.pull_request, pr.id, { status: "merged" }));
  await createVersion(db, "test", { componentId: world.component.id, name: "1.0.0" });
  const release = await createRelease(db, "test", { productId: world.productA.id, name: "2.0.0" });
  const { deployment } = await recordDeployment(db, "test", {
    releaseId: release.id,
    environment: "production",
    status: "success",
  });
  expect((await getRecord(db, resources.pattern, pattern.id)).status).toBe("addressed");
  const notified = async () =>
    db.query<{ email: string; deployment_id: string }>(
      `select c.email, n.deployment_id from notifications n join contacts c on c.id = n.contact_id
        where n.pattern_id = $1 order by c.email`,
      [pattern.id],
    );
  return { world, pattern, report, deployment, notified, improvement };
}

describe(`signals on an addressed pattern (DESIGN §2) (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("answers a person on an older version, or one who does not say, with the release that fixes it", async () => {
    const { pattern, report, deployment, notified } = await addressed();
    await createSignals(db, "test", [
      report("older@example.com", { productVersion: "1.9.3" }),
      report("unsure@example.com"),
    ]);
    expect(await notified()).toEqual([
      { email: "first@example.com", deployment_id: deployment.id },
      { email: "older@example.com", deployment_id: deployment.id },
      { email: "unsure@example.com", deployment_id: deployment.id },
    ]);
    expect((await getRecord(db, resources.pattern, pattern.id)).status).toBe("addressed");
    // Telling the same person again about the same fix: nothing more.
    await createSignals(db, "test", [report("older@example.com", { productVersion: "1.9.4" })]);
    expect(await notified()).toHaveLength(3);
  });

  it("reopens the pattern when the report comes from a version that has the fix: a regression", async () => {
    const { world, pattern, report, notified } = await addressed();
    await createSignals(db, "test", [
      report("newer@example.com", { product: world.productA.slug as string, productVersion: "2.0.1" }),
    ]);
    expect((await getRecord(db, resources.pattern, pattern.id)).status).toBe("open");
    expect(await notified()).toHaveLength(1);
    const [event] = await db.query<{ after: Record<string, unknown> }>(
      "select after from timeline_events where entity_id = $1 and verb = 'reopen'",
      [pattern.id],
    );
    expect(event?.after).toMatchObject({
      status: "open",
      reason: "regression",
      productVersion: "2.0.1",
      fixedIn: "2.0.0",
    });
  });

  it("compares versions of the product the person names only: a version of no product is answered", async () => {
    const { world, pattern, report, notified } = await addressed();
    await createSignals(db, "test", [
      // No product: never a regression. Product B never got the fix: nothing to compare with.
      report("noproduct@example.com", { productVersion: "9.0.0" }),
      report("productb@example.com", { product: world.productB.slug as string, productVersion: "9.0.0" }),
    ]);
    expect((await getRecord(db, resources.pattern, pattern.id)).status).toBe("addressed");
    expect((await notified()).map((row) => row.email)).toEqual([
      "first@example.com",
      "noproduct@example.com",
      "productb@example.com",
    ]);
    // "product@version" as a channel writes it: A's 2.0.0 has the fix.
    await createSignals(db, "test", [
      report("channel@example.com", { productVersion: `${world.productA.slug}@2.0.0` }),
    ]);
    expect((await getRecord(db, resources.pattern, pattern.id)).status).toBe("open");
  });

  it("does the same when a signal is attached to the pattern later", async () => {
    const { world, pattern, report } = await addressed();
    const [signal] = await createSignals(db, "test", [
      report("later@example.com", { product: world.productA.id, productVersion: "v2.0.0", patternIds: [] }),
    ]);
    expect((await getRecord(db, resources.pattern, pattern.id)).status).toBe("addressed");
    await attachSignals(db, "test", pattern.id, { signalIds: [String(signal?.id)], score: 1 });
    expect((await getRecord(db, resources.pattern, pattern.id)).status).toBe("open");
  });
});

// Cases a review found (each failed before its fix).
describe("which release fixed it", () => {
  const status = async (id: string) => (await getRecord(db, resources.pattern, id)).status;

  it("counts only the products the improvement targets", async () => {
    const { world, pattern, report, deployment, notified } = await addressed();
    // Product B shares the component and releases the same version, under lower and higher names.
    const low = await createRelease(db, "test", { productId: world.productB.id, name: "1.0" });
    await recordDeployment(db, "test", { releaseId: low.id, environment: "production", status: "success" });
    await createSignals(db, "test", [
      report("old@example.com", { productVersion: "1.5" }),
      report("unsure@example.com"),
    ]);
    expect(await status(pattern.id)).toBe("addressed");
    expect((await notified()).map((row) => row.deployment_id)).toEqual([deployment.id, deployment.id, deployment.id]);
  });

  it("never names a rolled-back deployment: the rollback reopened the pattern", async () => {
    const { pattern, report, deployment, notified } = await addressed();
    await updateDeploymentStatus(db, "test", deployment.id, "rolled_back");
    expect(await status(pattern.id)).toBe("open");
    await createSignals(db, "test", [report("late@example.com", { productVersion: "1.9" })]);
    expect((await notified()).map((row) => row.email)).toEqual(["first@example.com"]);
    const [withdrawn] = await db.query<{ status: string; withdrawn: boolean }>(
      "select status, withdrawn_at is not null as withdrawn from notifications where pattern_id = $1",
      [pattern.id],
    );
    expect(withdrawn).toEqual({ status: "cancelled", withdrawn: true });
  });

  it("ignores what a rejected improvement shipped later", async () => {
    const { world, pattern, report } = await addressed();
    const rejected = await make(db, "improvement", {
      loopId: world.loop.id,
      title: "Alt",
      productIds: [world.productA.id],
    });
    const issue = await make(db, "issue", {
      componentId: world.component.id,
      improvementId: rejected.id,
      title: "Alt",
    });
    const pr = await make(db, "pull_request", { componentId: world.component.id, title: "Alt", issueIds: [issue.id] });
    await inTransaction(db, "test", (tx) => updateRecord(tx, resources.pull_request, pr.id, { status: "merged" }));
    await inTransaction(db, "test", (tx) =>
      updateRecord(tx, resources.improvement, rejected.id, { status: "rejected", patternIds: [pattern.id] }),
    );
    await createVersion(db, "test", { componentId: world.component.id, name: "1.1.0" });
    const later = await createRelease(db, "test", { productId: world.productA.id, name: "3.0.0" });
    await recordDeployment(db, "test", { releaseId: later.id, environment: "production", status: "success" });
    // 2.5.0 has the fix of 2.0.0: a regression, whatever 3.0.0 shipped for the rejected improvement.
    await createSignals(db, "test", [
      report("mid@example.com", { product: world.productA.slug as string, productVersion: "2.5.0" }),
    ]);
    expect(await status(pattern.id)).toBe("open");
  });

  it("does not re-address a pattern reopened as a regression when an old improvement's issue is closed", async () => {
    const { world, pattern, report, improvement, notified } = await addressed();
    await createSignals(db, "test", [
      report("regress@example.com", { product: world.productA.slug as string, productVersion: "2.0.1" }),
    ]);
    const extra = await make(db, "issue", {
      componentId: world.component.id,
      improvementId: improvement.id,
      title: "Dup",
    });
    await inTransaction(db, "test", async (tx) => {
      await updateRecord(tx, resources.issue, extra.id, { status: "closed" });
      return settleImprovements(tx, [improvement.id]);
    });
    expect(await status(pattern.id)).toBe("open");
    expect(await notified()).toHaveLength(1);
  });
});

// Locking and concurrency only on the server (PGlite is one connection).
describe.skipIf(!serverUrl)("late signals at once (postgres)", () => {
  it("answer concurrent batches on the same patterns in any order without a deadlock", async () => {
    const { world, pattern, deployment } = await addressed();
    // A second pattern fixed by the same improvement.
    const second = await make(db, "pattern", { loopId: world.loop.id, title: "Export fails too" });
    const [improvement] = await db.query<{ improvement_id: string }>(
      "select improvement_id from improvement_patterns where pattern_id = $1",
      [pattern.id],
    );
    await db.query("insert into improvement_patterns (improvement_id, pattern_id) values ($1, $2)", [
      improvement?.improvement_id,
      second.id,
    ]);
    await db.query("update patterns set status = 'addressed', generation = 1 where id = $1", [second.id]);
    const batch = (round: number, i: number, order: string[]) =>
      createSignals(
        db,
        "test",
        Array.from({ length: 5 }, (_, k) => ({
          channelId: world.channel.id,
          contact: { email: `r${round}-${i}-${k}@example.com` },
          title: "Export still fails?",
          body: "",
          urgency: "normal" as const,
          patternIds: order,
          score: 1,
          productVersion: "1.0",
        })),
      );
    for (let round = 0; round < 8; round++) {
      await Promise.all([
        batch(round, 1, [pattern.id, second.id]),
        batch(round, 2, [second.id, pattern.id]),
        batch(round, 3, [pattern.id, second.id]),
        batch(round, 4, [second.id, pattern.id]),
      ]);
    }
    // Everyone on 1.0 (older than the fix) is answered once per pattern, naming the fixing deployment.
    const [counts] = await db.query<{ people: number; deployments: string[] }>(
      "select count(*)::int as people, array_agg(distinct deployment_id::text) as deployments from notifications where pattern_id = $1",
      [pattern.id],
    );
    expect(counts).toEqual({ people: 1 + 8 * 4 * 5, deployments: [deployment.id] });
  });

  it("tells a person attached while a deployment addresses the pattern, between its read and its lock", async () => {
    db = await freshDb();
    const { world, pattern } = await mergedFixOnSharedComponent(db, (w) => ({ productIds: [w.productA.id] }));
    const [late] = await createSignals(db, "test", [
      {
        channelId: world.channel.id,
        contact: { email: "late@example.com" },
        title: "My edits are lost too",
        body: "",
        urgency: "normal",
        patternIds: [],
        score: 1,
      },
    ]);
    const release = await createRelease(db, "test", { productId: world.productA.id, name: "2.0.0" });
    let deploying: Promise<unknown> | undefined;
    // Holding the pattern's row, as an attachment's trigger does: the deployment reads its graph, then
    // waits for the row; the report is attached meanwhile and committed before it gets it.
    await db.transaction(async (q) => {
      await q.query("select 1 from patterns where id = $1 for update", [pattern.id]);
      deploying = recordDeployment(db, "test", { releaseId: release.id, environment: "production", status: "success" });
      await waitForALockWait(db);
      await q.query("insert into signal_patterns (signal_id, pattern_id, attached_by) values ($1, $2, 'test')", [
        late?.id,
        pattern.id,
      ]);
    });
    await deploying;
    expect((await getRecord(db, resources.pattern, pattern.id)).status).toBe("addressed");
    const told = await db.query<{ email: string }>(
      `select c.email from notifications n join contacts c on c.id = n.contact_id where n.pattern_id = $1 order by c.email`,
      [pattern.id],
    );
    expect(told.map((row) => row.email)).toEqual(["ana@example.com", "late@example.com"]);
  });
  it("tells a person whose report, sent with the pattern, waited while a deployment addressed it", async () => {
    db = await freshDb();
    const { world, pattern, ship } = await mergedFixOnSharedComponent(db, (w) => ({ productIds: [w.productA.id] }));
    await ship(world.productA.id, "2.0.0");
    // The moment before the snapback commits, seen again: the pattern is open to everyone else, and the
    // snapback holds its row (addressing it) while the report's write waits for that row.
    await db.query("update patterns set status = 'open' where id = $1", [pattern.id]);
    let writing: Promise<unknown> | undefined;
    await db.transaction(async (q) => {
      await q.query("update patterns set status = 'addressed' where id = $1", [pattern.id]);
      writing = createSignals(db, "test", [
        {
          channelId: world.channel.id,
          contact: { email: "late@example.com" },
          title: "My edits are lost too",
          body: "",
          urgency: "normal",
          patternIds: [pattern.id],
          score: 1,
        },
      ]);
      await waitForALockWait(db);
    });
    await writing;
    const told = await db.query<{ email: string }>(
      `select c.email from notifications n join contacts c on c.id = n.contact_id where n.pattern_id = $1 order by c.email`,
      [pattern.id],
    );
    expect(told.map((row) => row.email)).toEqual(["ana@example.com", "late@example.com"]);
    expect((await getRecord(db, resources.pattern, pattern.id)).status).toBe("addressed");
  });
});

/** Returns once some session of this database waits for a lock (polled every 20 ms, at most 10 s). */
async function waitForALockWait(db: Db): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const [row] = await db.query<{ waiting: boolean }>(
      `select exists (select 1 from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock') as waiting`,
    );
    if (row?.waiting) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("No session waited for a lock within 10 s.");
}
