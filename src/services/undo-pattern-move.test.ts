import { afterEach, describe, expect, it } from "vitest";
import { freshDb, serverUrl } from "../../test/helpers/db.js";
import { make, twoProductsSharingAComponent } from "../../test/helpers/factories.js";
import type { Db } from "../db/connect.js";
import { attachSignals, detachSignal } from "./attach-signals.js";
import { createSignals } from "./create-signals.js";
import { mergePatterns } from "./merge-patterns.js";
import { updateRecord } from "./records.js";
import { resources } from "./resources.js";
import { splitPattern } from "./split-pattern.js";
import { inTransaction } from "./transaction.js";
import { undoPatternMove } from "./undo-pattern-move.js";

let db: Db;
afterEach(async () => db?.close());

/** Three patterns of one loop; the second holds three reports, the first and third one each. */
async function threePatterns() {
  db = await freshDb();
  const world = await twoProductsSharingAComponent(db);
  const [first, second, third] = await Promise.all(
    ["Sync loses edits", "Edits vanish offline", "Offline banner flickers"].map((title) =>
      make(db, "pattern", { loopId: world.loop.id, title }),
    ),
  );
  const owners = [first, second, second, second, third].map((p) => p?.id as string);
  const signals = await createSignals(
    db,
    "test",
    owners.map((patternId, n) => ({
      channelId: world.channel.id,
      contact: { email: `p${n}@example.com` },
      title: `Edits lost ${n}`,
      body: "",
      urgency: "normal",
      threadRef: `<u${n}@mail.example>`,
      patternIds: [patternId],
      score: 1,
    })),
  );
  const ids = signals.map((s) => s.id);
  return {
    first: first?.id as string,
    second: second?.id as string,
    third: third?.id as string,
    ids,
    loopId: world.loop.id as string,
  };
}

/** The patterns a signal is attached to, sorted. */
const patternsOf = async (signalId: string) =>
  (
    await db.query<{ pattern_id: string }>(
      "select pattern_id from signal_patterns where signal_id = $1 order by pattern_id",
      [signalId],
    )
  ).map((row) => row.pattern_id);

describe(`undo of a move leaves what people did since (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("undoes a merge without re-attaching a signal detached or moved elsewhere after it, and says so", async () => {
    const { first, second, third, ids } = await threePatterns();
    const [, kept, detached, moved] = ids as [string, string, string, string];
    const merged = await mergePatterns(db, "user:merger", second, { targetId: first });
    // After the merge a person takes one report off the merged pattern and moves another to the third.
    await detachSignal(db, "user:ana", first, detached);
    await detachSignal(db, "user:bo", first, moved);
    await attachSignals(db, "user:bo", third, { signalIds: [moved], score: 1 });

    const undone = await undoPatternMove(db, "user:merger", merged.moveId as string);
    expect(await patternsOf(kept)).toEqual([second]);
    expect(await patternsOf(detached)).toEqual([]);
    expect(await patternsOf(moved)).toEqual([third]);
    expect(undone.source).toMatchObject({ status: "open", signalCount: 1 });
    expect(undone.signalsLeft).toEqual(
      [
        { signalId: detached, reason: "detached", patternIds: [], detachedBy: "user:ana" },
        { signalId: moved, reason: "moved", patternIds: [third], detachedBy: "user:bo" },
      ]
        .map((left) => ({ ...left, detachedAt: expect.any(String) }))
        .sort((a, b) => a.signalId.localeCompare(b.signalId)),
    );
    const [event] = await db.query<{ after: { signalsLeft: string[] } }>(
      "select after from timeline_events where verb = 'unmerge' and entity_id = $1",
      [second],
    );
    expect(event?.after.signalsLeft.sort()).toEqual([detached, moved].sort());
  });

  it("undoes a split the same way, and a signal detached then attached again counts as where the split put it", async () => {
    const { second, ids } = await threePatterns();
    const [, , a, b] = ids as [string, string, string, string];
    const split = await splitPattern(db, "user:splitter", second, { signalIds: [a, b], title: "Offline only" });
    const newId = split.target?.id as string;
    await detachSignal(db, "user:ana", newId, a);
    await detachSignal(db, "user:ana", newId, b);
    await attachSignals(db, "user:ana", newId, { signalIds: [b], score: 1 });

    const undone = await undoPatternMove(db, "user:splitter", split.moveId as string);
    expect(await patternsOf(a)).toEqual([]);
    expect(await patternsOf(b)).toEqual([second]);
    expect(undone.target).toMatchObject({ status: "merged", signalCount: 0 });
    expect(undone.signalsLeft).toMatchObject([{ signalId: a, reason: "detached", detachedBy: "user:ana" }]);
  });

  it("undoes a merge without linking the source again to an improvement a person unlinked since", async () => {
    const { first, second, loopId } = await threePatterns();
    const [kept, unlinked] = await Promise.all(
      ["Keep edits offline", "Warn before losing edits"].map((title) =>
        make(db, "improvement", { loopId, title, patternIds: [second] }),
      ),
    );
    // One on both before the merge: its link to the source was its own, whatever happens to the target's.
    const both = await make(db, "improvement", {
      loopId,
      title: "Sync in the background",
      patternIds: [first, second],
    });
    const merged = await mergePatterns(db, "user:merger", second, { targetId: first });
    // After the merge a person decides the second improvement is not about this pattern.
    await inTransaction(db, "user:ana", (tx) =>
      updateRecord(tx, resources.improvement, unlinked?.id as string, { patternIds: [] }),
    );
    await inTransaction(db, "user:ana", (tx) =>
      updateRecord(tx, resources.improvement, both?.id as string, { patternIds: [] }),
    );

    const undone = await undoPatternMove(db, "user:merger", merged.moveId as string);
    const linksOf = async (improvementId: string) =>
      (
        await db.query<{ pattern_id: string }>(
          "select pattern_id from improvement_patterns where improvement_id = $1 order by pattern_id",
          [improvementId],
        )
      ).map((row) => row.pattern_id);
    expect(await linksOf(kept?.id as string)).toEqual([second]);
    expect(await linksOf(unlinked?.id as string)).toEqual([]);
    expect(await linksOf(both?.id as string)).toEqual([second]);
    expect(undone.improvementsLeft).toEqual([unlinked?.id]);
  });

  it("leaves nothing out when nobody touched the moved signals", async () => {
    const { first, second } = await threePatterns();
    const merged = await mergePatterns(db, "test", second, { targetId: first });
    const undone = await undoPatternMove(db, "test", merged.moveId as string);
    expect(undone.signalsLeft).toEqual([]);
    expect(undone.improvementsLeft).toEqual([]);
    expect(undone.source).toMatchObject({ signalCount: 3 });
  });
});
