import { afterEach, describe, expect, it } from "vitest";
import { freshDb, serverUrl } from "../../test/helpers/db.js";
import { make, twoProductsSharingAComponent } from "../../test/helpers/factories.js";
import type { Db } from "../db/connect.js";
import { attachSignals } from "./attach-signals.js";
import { createRelease } from "./create-release.js";
import { createSignals } from "./create-signals.js";
import { createVersion } from "./create-version.js";
import { mergePatterns } from "./merge-patterns.js";
import { recordDeployment, updateDeploymentStatus } from "./record-deployment.js";
import { getRecord, updateRecord } from "./records.js";
import { resources } from "./resources.js";
import { splitPattern } from "./split-pattern.js";
import { inTransaction } from "./transaction.js";
import { undoPatternMove } from "./undo-pattern-move.js";

let db: Db;
afterEach(async () => db?.close());

/** Two patterns of one loop; ana reports on both, bo on the first, cy on the second (cy twice). */
async function twoPatterns() {
  db = await freshDb();
  const world = await twoProductsSharingAComponent(db);
  const first = await make(db, "pattern", { loopId: world.loop.id, title: "Sync loses edits" });
  const second = await make(db, "pattern", { loopId: world.loop.id, title: "Edits vanish offline" });
  const people: [string, string, "normal" | "high"][] = [
    ["ana@example.com", first.id, "normal"],
    ["bo@example.com", first.id, "high"],
    ["ana@example.com", second.id, "normal"],
    ["cy@example.com", second.id, "critical" as "high"],
    ["cy@example.com", second.id, "normal"],
  ];
  const signals = await createSignals(
    db,
    "test",
    people.map(([email, patternId, urgency], n) => ({
      channelId: world.channel.id,
      contact: { email },
      title: `Edits lost ${n}`,
      body: "",
      urgency,
      threadRef: `<m${n}@mail.example>`,
      receivedAt: new Date(Date.now() - 86_400_000 * (10 - n)).toISOString(),
      patternIds: [patternId],
      score: 0.5 + n / 20,
    })),
  );
  return { ...world, first, second, signals };
}

/** The first pattern's fix merged, versioned, released and deployed to production: its people are told. */
async function shipFixForFirst({ first, loop, component, productA }: Awaited<ReturnType<typeof twoPatterns>>) {
  const improvement = await make(db, "improvement", {
    loopId: loop.id,
    title: "Merge edits",
    productIds: [productA.id],
    patternIds: [first.id],
  });
  const issue = await make(db, "issue", { componentId: component.id, improvementId: improvement.id, title: "CRDT" });
  const pr = await make(db, "pull_request", { componentId: component.id, title: "CRDT", issueIds: [issue.id] });
  await inTransaction(db, "test", (tx) => updateRecord(tx, resources.pull_request, pr.id, { status: "merged" }));
  await createVersion(db, "test", { componentId: component.id, name: "1.0.0" });
  const release = await createRelease(db, "test", { productId: productA.id, name: "2.0.0" });
  return recordDeployment(db, "test", { releaseId: release.id, environment: "production", status: "success" });
}

/** Every attachment of a pattern as stored (history included), in signal order. */
const attachments = (patternId: string) =>
  db.query<Record<string, unknown>>(
    `select signal_id, attached_by, score, attached_at, moved_from from signal_patterns where pattern_id = $1 order by signal_id`,
    [patternId],
  );

/** The aggregates a pattern carries (migration 0012), and the same recomputed from its attachments. */
async function aggregates(patternId: string) {
  const [row] = await db.query<Record<string, unknown>>(
    `select p.signal_count, p.report_normal, p.report_high, p.report_critical, p.reach, p.priority,
            (select count(*)::int from signal_patterns sp where sp.pattern_id = p.id) as recount,
            (select coalesce(sum(c.weight), 0)::float8 from contacts c where c.id in (select s.contact_id from signal_patterns sp
              join signals s on s.id = sp.signal_id where sp.pattern_id = p.id and s.kind = 'report')) as rereach
       from patterns p where p.id = $1`,
    [patternId],
  );
  expect(Number(row?.signal_count)).toBe(Number(row?.recount));
  expect(Number(row?.reach)).toBe(Number(row?.rereach));
  return row;
}

describe(`merge and split patterns (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("merges with a preview, keeps every attachment's history, and undoes to exactly the state before", async () => {
    const { first, second } = await twoPatterns();
    const before = { first: await attachments(first.id), second: await attachments(second.id) };
    const aggregatesBefore = { first: await aggregates(first.id), second: await aggregates(second.id) };

    const preview = await mergePatterns(db, "user:test", second.id, { targetId: first.id, preview: true });
    expect(preview.moveId).toBeNull();
    expect(preview.preview).toMatchObject({
      signals: 3,
      signalsAlreadyOnTarget: 0,
      contacts: 2,
      contactsAlreadyOnTarget: 1,
    });
    expect(await attachments(second.id)).toEqual(before.second);

    const merged = await mergePatterns(db, "user:test", second.id, { targetId: first.id });
    expect(merged.source).toMatchObject({ status: "merged", mergedIntoId: first.id, signalCount: 0, priority: 0 });
    // Ana counts once towards reach: three people behind one pattern.
    expect(merged.target).toMatchObject({ signalCount: 5, reportCritical: 1, reportHigh: 1, reach: 3 });
    await aggregates(first.id);
    const moved = (await attachments(first.id)).filter((row) => row.moved_from === second.id);
    // Who attached it, when and how sure: as they were on the source.
    expect(moved.map(({ moved_from: _, ...row }) => row)).toEqual(
      before.second.map(({ moved_from: _, ...row }) => row),
    );
    const events = await db.query<{ entity_id: string; verb: string }>(
      "select entity_id, verb from timeline_events where verb in ('merge', 'merged_in') order by id",
    );
    expect(events).toEqual([
      { entity_id: second.id, verb: "merge" },
      { entity_id: first.id, verb: "merged_in" },
    ]);

    const undone = await undoPatternMove(db, "user:test", merged.moveId as string);
    expect(undone.move.undoneBy).toBe("user:test");
    expect(undone.source).toMatchObject({ status: "open", mergedIntoId: null });
    expect(await attachments(first.id)).toEqual(before.first);
    expect(await attachments(second.id)).toEqual(before.second);
    expect(await aggregates(first.id)).toEqual(aggregatesBefore.first);
    expect(await aggregates(second.id)).toEqual(aggregatesBefore.second);
    await expect(undoPatternMove(db, "user:test", merged.moveId as string)).rejects.toMatchObject({
      code: "move_not_undoable",
    });
  });

  it("refuses what cannot be merged, with stable codes", async () => {
    const { first, second, signals } = await twoPatterns();
    await expect(mergePatterns(db, "test", first.id, { targetId: first.id })).rejects.toMatchObject({
      code: "invalid_input",
      details: { path: "body.targetId" },
    });
    await expect(
      mergePatterns(db, "test", first.id, { targetId: "0190a000-0000-7000-8000-000000000000" }),
    ).rejects.toMatchObject({ code: "not_found", details: { path: "body.targetId" } });
    await mergePatterns(db, "test", second.id, { targetId: first.id });
    await expect(mergePatterns(db, "test", second.id, { targetId: first.id })).rejects.toMatchObject({
      code: "pattern_merged",
      details: { path: "params.id" },
    });
    await expect(
      attachSignals(db, "test", second.id, { signalIds: [signals[0]?.id as string], score: 1 }),
    ).rejects.toMatchObject({
      code: "pattern_merged",
    });
    await expect(
      createSignals(db, "test", [
        {
          channelId: signals[0]?.channelId as string,
          contact: { email: "late-to-the-merge@example.com" },
          title: "x",
          body: "",
          urgency: "normal",
          patternIds: [second.id],
          score: 1,
        },
      ]),
    ).rejects.toMatchObject({ code: "pattern_merged", details: { path: "body.patternIds.0" } });
    // Refused whole: not even the new person was written.
    expect(await db.query("select 1 from contacts where email = 'late-to-the-merge@example.com'")).toEqual([]);
    const third = await make(db, "pattern", { title: "Dismissed" });
    await inTransaction(db, "test", (tx) => updateRecord(tx, resources.pattern, third.id, { status: "dismissed" }));
    await expect(mergePatterns(db, "test", first.id, { targetId: third.id })).rejects.toMatchObject({
      code: "invalid_transition",
      details: { path: "body.targetId" },
    });
  });

  it("splits signals off into a new pattern and folds them back on undo; only the latest move undoes", async () => {
    const { first, second, signals } = await twoPatterns();
    const ids = [signals[3]?.id as string, signals[4]?.id as string];
    await expect(
      splitPattern(db, "test", second.id, { signalIds: [signals[0]?.id as string], title: "Other" }),
    ).rejects.toMatchObject({ code: "invalid_input", details: { path: "body.signalIds.0" } });
    await expect(
      splitPattern(db, "test", second.id, { signalIds: [...ids, signals[2]?.id as string], title: "All" }),
    ).rejects.toMatchObject({ code: "invalid_input", details: { path: "body.signalIds" } });
    const before = await attachments(second.id);
    const split = await splitPattern(db, "test", second.id, { signalIds: ids, title: "Critical crash offline" });
    expect(split.preview).toMatchObject({ signals: 2, contacts: 1 });
    expect(split.target).toMatchObject({ loopId: second.loopId, signalCount: 2, reportCritical: 1, reach: 1 });
    expect(split.source).toMatchObject({ signalCount: 1, reportCritical: 0, reach: 1 });
    const newId = split.target?.id as string;
    // A later merge involving the source must be undone first.
    const merge = await mergePatterns(db, "test", second.id, { targetId: first.id });
    await expect(undoPatternMove(db, "test", split.moveId as string)).rejects.toMatchObject({
      code: "move_not_undoable",
    });
    await undoPatternMove(db, "test", merge.moveId as string);
    const undone = await undoPatternMove(db, "test", split.moveId as string);
    expect(undone.target).toMatchObject({ id: newId, status: "merged", mergedIntoId: second.id, signalCount: 0 });
    expect(await attachments(second.id)).toEqual(before);
    await aggregates(second.id);
  });

  it("tells a person behind both merged patterns once per fix, merged between attach and deployment; rollback once too", async () => {
    const { first, second, loop, component, productA } = await twoPatterns();
    const improvement = await make(db, "improvement", {
      loopId: loop.id,
      title: "Merge edits",
      productIds: [productA.id],
      patternIds: [first.id, second.id],
    });
    const issue = await make(db, "issue", { componentId: component.id, improvementId: improvement.id, title: "CRDT" });
    const pr = await make(db, "pull_request", { componentId: component.id, title: "CRDT", issueIds: [issue.id] });
    await inTransaction(db, "test", (tx) => updateRecord(tx, resources.pull_request, pr.id, { status: "merged" }));
    await mergePatterns(db, "test", second.id, { targetId: first.id });
    expect((await getRecord(db, resources.pattern, first.id)).improvementIds).toEqual([improvement.id]);
    await createVersion(db, "test", { componentId: component.id, name: "1.0.0" });
    const release = await createRelease(db, "test", { productId: productA.id, name: "2.0.0" });
    const deployment = await recordDeployment(db, "test", {
      releaseId: release.id,
      environment: "production",
      status: "success",
    });
    const told = () =>
      db.query<{ email: string; pattern_id: string; withdrawn: boolean }>(
        `select c.email, n.pattern_id, n.withdrawn_at is not null as withdrawn
           from notifications n join contacts c on c.id = n.contact_id order by c.email, n.id`,
      );
    expect(await told()).toEqual(
      ["ana", "bo", "cy"].map((name) => ({ email: `${name}@example.com`, pattern_id: first.id, withdrawn: false })),
    );
    // The merge cannot be undone now: the surviving pattern is addressed, its people told.
    const [move] = await db.query<{ id: string }>("select id from pattern_moves");
    await expect(undoPatternMove(db, "test", move?.id as string)).rejects.toMatchObject({ code: "invalid_transition" });
    await updateDeploymentStatus(db, "test", deployment.deployment.id, "rolled_back");
    expect((await told()).map((n) => n.withdrawn)).toEqual([true, true, true]);
    const followUps = await db.query<{ n: number }>(
      "select count(*)::int as n from outbox where idempotency_key like 'rolled-back:%'",
    );
    // Nothing was sent yet: cancelled, no "rolled back" follow-up.
    expect(followUps[0]?.n).toBe(0);
    const again = await createRelease(db, "test", { productId: productA.id, name: "2.0.1" });
    await recordDeployment(db, "test", { releaseId: again.id, environment: "production", status: "success" });
    const live = (await told()).filter((n) => !n.withdrawn);
    expect(live.map((n) => n.email)).toEqual(["ana@example.com", "bo@example.com", "cy@example.com"]);
  });

  it("merges into an addressed pattern: the newcomers are told once, nobody twice; the told never leave", async () => {
    const world = await twoPatterns();
    const { first, second } = world;
    const deployed = await shipFixForFirst(world);
    const told = () =>
      db.query<{ email: string; pattern_id: string }>(
        `select c.email, n.pattern_id from notifications n join contacts c on c.id = n.contact_id
          where n.withdrawn_at is null order by c.email, n.id`,
      );
    expect((await told()).map((n) => n.email)).toEqual(["ana@example.com", "bo@example.com"]);
    // The told pattern gives nobody away, and says which way round works.
    await expect(mergePatterns(db, "test", first.id, { targetId: second.id })).rejects.toMatchObject({
      code: "invalid_transition",
      message: expect.stringContaining(`merge ${second.id} into ${first.id} instead`),
    });
    const preview = await mergePatterns(db, "test", second.id, { targetId: first.id, preview: true });
    expect(preview).toMatchObject({ moveId: null, notificationsQueued: 0 });
    const merged = await mergePatterns(db, "test", second.id, { targetId: first.id });
    // Cy is new to the fixed pattern: told once; ana was told already and is not told again.
    expect(merged.notificationsQueued).toBe(1);
    expect(merged.target).toMatchObject({ status: "addressed", signalCount: 5 });
    expect(await told()).toEqual(
      ["ana", "bo", "cy"].map((name) => ({ email: `${name}@example.com`, pattern_id: first.id })),
    );
    const [event] = await db.query<{ after: Record<string, unknown> }>(
      "select after from timeline_events where verb = 'merged_in'",
    );
    expect(event?.after).toMatchObject({ notificationsQueued: 1, reopened: false });
    // Undoing would take cy away from the notification she holds: refused, saying why.
    await expect(undoPatternMove(db, "test", merged.moveId as string)).rejects.toMatchObject({
      code: "invalid_transition",
      message: expect.stringContaining("told"),
    });
    // A rollback of the fix finds cy with the others: everyone's notification is withdrawn.
    await updateDeploymentStatus(db, "test", deployed.deployment.id, "rolled_back");
    expect(await told()).toEqual([]);
    expect((await getRecord(db, resources.pattern, first.id)).status).toBe("open");
  });

  it("merges into a reopened pattern whose people were told: nobody new is told while it is open", async () => {
    const world = await twoPatterns();
    const { first, second } = world;
    await shipFixForFirst(world);
    // Reopened by hand after people were told (as a regression or a "still broken" answer does).
    await inTransaction(db, "test", (tx) => updateRecord(tx, resources.pattern, first.id, { status: "open" }));
    const live = async () =>
      (await db.query<{ n: number }>("select count(*)::int as n from notifications where withdrawn_at is null"))[0]?.n;
    expect(await live()).toBe(2);
    // The told pattern may take others in, but gives nobody away.
    await expect(mergePatterns(db, "test", first.id, { targetId: second.id })).rejects.toMatchObject({
      code: "pattern_notified",
      message: expect.stringContaining(`merge ${second.id} into ${first.id} instead`),
    });
    const merged = await mergePatterns(db, "test", second.id, { targetId: first.id });
    expect(merged).toMatchObject({ notificationsQueued: 0, target: { status: "open", signalCount: 5 } });
    expect(await live()).toBe(2);
  });

  it("refuses to bring unfinished work into an addressed pattern, naming the improvement", async () => {
    const world = await twoPatterns();
    const { first, second, loop } = world;
    await shipFixForFirst(world);
    const pending = await make(db, "improvement", { loopId: loop.id, title: "Later", patternIds: [second.id] });
    await expect(mergePatterns(db, "test", second.id, { targetId: first.id })).rejects.toMatchObject({
      code: "invalid_transition",
      details: { path: "body.targetId" },
      message: expect.stringContaining(pending.id),
    });
    expect((await getRecord(db, resources.pattern, second.id)).status).toBe("open");
  });
});
