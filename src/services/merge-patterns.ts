import { AppError } from "../core/errors.js";
import { transition } from "../core/state-machines.js";
import type { Db } from "../db/connect.js";
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
}

/**
 * Merges the source pattern into the target: every attachment (who attached it and when kept) and every
 * improvement link moves, the source becomes `merged` (merged_into_id: the target), priorities follow
 * through the triggers. A contact behind both is then one person behind one pattern, so a fix tells them
 * once. With preview, nothing changes: the counts of what would move. Undone by undoPatternMove.
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
    await requireMovable(tx, source, "params.id");
    await requireMovable(tx, target, "body.targetId");
    const preview = await previewMove(tx, source.id, target.id, null, true);
    if (input.preview) {
      return {
        moveId: null,
        preview,
        source: await getRecord(tx, resources.pattern, source.id),
        target: await getRecord(tx, resources.pattern, target.id),
      };
    }
    const [move] = await tx.query<{ id: string }>(
      "insert into pattern_moves (kind, source_id, target_id, actor) values ('merge', $1, $2, $3) returning id",
      [source.id, target.id, actor],
    );
    const moveId = (move as { id: string }).id;
    await moveAttachments(tx, moveId, source.id, target.id, null, true);
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
        after: { sourceId: source.id, moveId, ...counts },
      },
    );
    return {
      moveId,
      preview,
      source: await getRecord(tx, resources.pattern, source.id),
      target: await getRecord(tx, resources.pattern, target.id),
    };
  });
}
