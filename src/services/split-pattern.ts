import { AppError, notFound } from "../core/errors.js";
import type { Db } from "../db/connect.js";
import { lockPatterns, type MovePreview, moveAttachments, previewMove, requireMovable } from "./pattern-moves.js";
import { getRecord, type Presented } from "./records.js";
import { resources } from "./resources.js";
import { type Actor, inTransaction } from "./transaction.js";

/** A split or its preview: the move to undo it by, the counts, the source and the new pattern (null for a preview). */
export interface SplitResult {
  moveId: string | null;
  preview: MovePreview;
  source: Presented;
  target: Presented | null;
}

/**
 * Splits signals off a pattern into a new one in the same loop: their attachments move with who attached
 * them and when; the improvements stay with the source (the new pattern is a different problem until
 * someone links it). Every signal named must be attached to the source, and at least one must stay
 * (moving them all is a rename). Undone by undoPatternMove.
 */
export async function splitPattern(
  db: Db,
  actor: Actor,
  sourceId: string,
  input: { signalIds: string[]; title?: string; description?: string; preview?: boolean },
): Promise<SplitResult> {
  const signalIds = [...new Set(input.signalIds)];
  return inTransaction(db, actor, async (tx) => {
    const [source] = await lockPatterns(tx, [{ id: sourceId, path: "params.id" }]);
    if (!source) throw new Error("lockPatterns returns one row per id");
    await requireMovable(tx, source, "params.id");
    const attached = await tx.query<{ signal_id: string }>(
      "select signal_id from signal_patterns where pattern_id = $1 and signal_id = any($2::uuid[])",
      [source.id, signalIds],
    );
    const missing = input.signalIds.findIndex((id) => !attached.some((row) => row.signal_id === id));
    if (missing >= 0) {
      const id = input.signalIds[missing] ?? "";
      // An id that names no signal at all is not_found, as anywhere else in a body (docs/ERRORS.md).
      const [exists] = await tx.query("select 1 from signals where id = $1", [id]);
      if (!exists) throw notFound("signal", id, `body.signalIds.${missing}`);
      throw new AppError("invalid_input", `Signal ${id} is not attached to pattern ${source.id}.`, {
        path: `body.signalIds.${missing}`,
      });
    }
    const [left] = await tx.query<{ n: number }>(
      "select count(*)::int as n from signal_patterns where pattern_id = $1 and not (signal_id = any($2::uuid[]))",
      [source.id, signalIds],
    );
    if ((left?.n ?? 0) === 0) {
      throw new AppError("invalid_input", "A split must leave at least one signal on the pattern: rename it instead.", {
        path: "body.signalIds",
      });
    }
    const preview = await previewMove(tx, source.id, null, signalIds, false);
    if (input.preview) {
      return { moveId: null, preview, source: await getRecord(tx, resources.pattern, source.id), target: null };
    }
    if (input.title === undefined) {
      throw new AppError("invalid_input", "Give the new pattern's title to split.", { path: "body.title" });
    }
    const [created] = await tx.query<{ id: string }>(
      "insert into patterns (loop_id, title, description) values ($1, $2, $3) returning id",
      [source.loop_id, input.title, input.description ?? ""],
    );
    const targetId = (created as { id: string }).id;
    const [move] = await tx.query<{ id: string }>(
      "insert into pattern_moves (kind, source_id, target_id, actor) values ('split', $1, $2, $3) returning id",
      [source.id, targetId, actor],
    );
    const moveId = (move as { id: string }).id;
    await moveAttachments(tx, moveId, source.id, targetId, signalIds, false);
    const { sampleSignalIds: _sample, ...counts } = preview;
    tx.record(
      {
        entityType: "pattern",
        entityId: targetId,
        verb: "created",
        after: { title: input.title, splitFrom: source.id },
      },
      {
        entityType: "pattern",
        entityId: source.id,
        verb: "split",
        after: { newPatternId: targetId, moveId, signalIds, ...counts },
      },
    );
    return {
      moveId,
      preview,
      source: await getRecord(tx, resources.pattern, source.id),
      target: await getRecord(tx, resources.pattern, targetId),
    };
  });
}
