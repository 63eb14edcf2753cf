import { AppError } from "../core/errors.js";
import { transition } from "../core/state-machines.js";
import type { Db, Queryable } from "../db/connect.js";
import { answerLateSignals } from "./answer-late-signals.js";
import { lockPatterns, type MovePreview, moveAttachments, previewMove, requireMovable } from "./pattern-moves.js";
import { getRecord, type Presented } from "./records.js";
import { resources } from "./resources.js";
import { type Actor, inTransaction } from "./transaction.js";

/** A merge or its preview: the move to undo it by (null for a preview), the counts, both patterns as they stand. */
export interface MergeResult {
  moveId: string | null;
  preview: MovePreview;
  source: Presented;
  target: Presented;
  /** People behind the merged-in reports told now, the target's fix being live for them (0: none, or a preview). */
  notificationsQueued: number;
}

/**
 * Merges the source pattern into the target: every attachment (who attached it and when kept) and every
 * improvement link moves, the source becomes `merged` (merged_into_id: the target), priorities follow
 * through the triggers. A contact behind both is then one person behind one pattern, so a fix tells them
 * once. With preview, nothing changes: the counts of what would move. Undone by undoPatternMove.
 *
 * The target may be addressed (its fix live, its people told): the merged-in reports then join it as
 * late signals do (answer-late-signals.ts) — each person not told yet is told once where the fix runs for
 * them, nobody already told hears it twice, and a report from a version that has the fix reopens it as a
 * regression. The source gives its people away, so it must be open and untold (requireMovable).
 */
export async function mergePatterns(
  db: Db,
  actor: Actor,
  sourceId: string,
  input: { targetId: string; preview?: boolean },
): Promise<MergeResult> {
  if (sourceId === input.targetId) {
    throw new AppError("invalid_input", "A pattern cannot be merged into itself: name another target.", {
      path: "body.targetId",
    });
  }
  return inTransaction(db, actor, async (tx) => {
    const [source, target] = await lockPatterns(tx, [
      { id: sourceId, path: "params.id" },
      { id: input.targetId, path: "body.targetId" },
    ]);
    if (!source || !target) throw new Error("lockPatterns returns one row per id");
    await requireMovable(tx, source, "params.id", "gives", target.id);
    await requireMovable(tx, target, "body.targetId", "takes");
    if (target.status === "addressed") await requireFinishedWork(tx, source.id, target.id);
    const preview = await previewMove(tx, source.id, target.id, null, true);
    if (input.preview) {
      return {
        moveId: null,
        preview,
        source: await getRecord(tx, resources.pattern, source.id),
        target: await getRecord(tx, resources.pattern, target.id),
        notificationsQueued: 0,
      };
    }
    const [move] = await tx.query<{ id: string }>(
      "insert into pattern_moves (kind, source_id, target_id, actor) values ('merge', $1, $2, $3) returning id",
      [source.id, target.id, actor],
    );
    const moveId = (move as { id: string }).id;
    await moveAttachments(tx, moveId, source.id, target.id, null, true);
    const joined = await tx.query<{ signal_id: string }>(
      "select signal_id from pattern_move_signals where move_id = $1 and not already_there",
      [moveId],
    );
    // On an addressed target the newcomers are late signals: told once, or a regression that reopens it.
    const late = await answerLateSignals(
      tx,
      joined.map((row) => ({ signalId: row.signal_id, patternId: target.id })),
    );
    const status = transition("pattern", source.status, "merge");
    await tx.query("update patterns set status = $2, merged_into_id = $3, updated_at = now() where id = $1", [
      source.id,
      status,
      target.id,
    ]);
    const { sampleSignalIds: _sample, ...counts } = preview;
    tx.record(
      {
        entityType: "pattern",
        entityId: source.id,
        verb: "merge",
        before: { status: source.status },
        after: { status, mergedIntoId: target.id, moveId, ...counts },
      },
      {
        entityType: "pattern",
        entityId: target.id,
        verb: "merged_in",
        after: {
          sourceId: source.id,
          moveId,
          ...counts,
          notificationsQueued: late.notificationsQueued,
          reopened: late.reopened.length > 0,
        },
      },
    );
    return {
      moveId,
      preview,
      source: await getRecord(tx, resources.pattern, source.id),
      target: await getRecord(tx, resources.pattern, target.id),
      notificationsQueued: late.notificationsQueued,
    };
  });
}

/**
 * An addressed pattern's improvements are all done (DESIGN §2 rule 4): a source bringing work still to
 * do (not completed, not rejected) would leave it addressed with an unfinished improvement. Refused,
 * saying which one and the ways out.
 */
async function requireFinishedWork(q: Queryable, sourceId: string, targetId: string): Promise<void> {
  const [open] = await q.query<{ id: string; title: string; status: string }>(
    `select i.id, i.title, i.status from improvement_patterns ip join improvements i on i.id = ip.improvement_id
      where ip.pattern_id = $1 and i.status not in ('completed', 'rejected')
        and not exists (select 1 from improvement_patterns x where x.pattern_id = $2 and x.improvement_id = i.id)
      order by i.id limit 1`,
    [sourceId, targetId],
  );
  if (!open) return;
  throw new AppError(
    "invalid_transition",
    `Pattern ${targetId} is addressed (its fix is live) and pattern ${sourceId} brings improvement ${open.id} “${open.title}”, still ${open.status}: an addressed pattern's improvements are all done. Unlink that improvement from ${sourceId}, or finish it, before merging.`,
    { path: "body.targetId" },
  );
}
