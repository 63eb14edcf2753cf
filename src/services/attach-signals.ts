import { AppError, notFound } from "../core/errors.js";
import type { Db } from "../db/connect.js";
import { answerLateSignals } from "./answer-late-signals.js";
import { getRecord, type Presented } from "./records.js";
import { resources } from "./resources.js";
import { snapbackLock } from "./snapback.js";
import { type Actor, inTransaction } from "./transaction.js";

/**
 * Attaches signals to a pattern (idempotent), with who attached them and a score. The pattern's priority
 * follows in the same statement (triggers of migration 0012), at a cost that does not grow with the
 * pattern's signals.
 */
export async function attachSignals(
  db: Db,
  actor: Actor,
  patternId: string,
  input: { signalIds: string[]; score: number },
): Promise<Presented> {
  return inTransaction(db, actor, async (tx) => {
    const pattern = await getRecord(tx, resources.pattern, patternId);
    if (pattern.status === "merged") {
      throw new AppError(
        "pattern_merged",
        `Pattern ${patternId} was merged into ${pattern.mergedIntoId}: use that one.`,
        {
          path: "params.id",
        },
      );
    }
    // Answering late signals (below) takes snapback's lock: taken before this transaction locks the
    // pattern's row, so a deployment that holds it and waits for the row cannot deadlock with it.
    if (pattern.status === "addressed") await tx.query("select pg_advisory_xact_lock($1)", [snapbackLock]);
    const found = await tx.query<{ id: string }>("select id from signals where id = any($1::uuid[])", [
      input.signalIds,
    ]);
    const missing = input.signalIds.find((id) => !found.some((row) => row.id === id));
    if (missing) throw notFound("signal", missing, `body.signalIds.${input.signalIds.indexOf(missing)}`);
    const attached = await tx.query<{ signal_id: string }>(
      `insert into signal_patterns (signal_id, pattern_id, score, attached_by)
       select unnest($1::uuid[]), $2, $3, $4 on conflict do nothing returning signal_id`,
      [input.signalIds, patternId, input.score, actor],
    );
    // One event for the call, naming every signal it attached (none when all were attached already).
    if (attached.length > 0)
      tx.record({
        entityType: "pattern",
        entityId: patternId,
        verb: "attached",
        after: { signalIds: attached.map((row) => row.signal_id), score: input.score },
      });
    // On an addressed pattern: a regression reopens it, anyone else is told which release fixed it.
    await answerLateSignals(
      tx,
      attached.map((row) => ({ signalId: row.signal_id, patternId })),
    );
    return getRecord(tx, resources.pattern, patternId);
  });
}

/** Detaches one signal from a pattern (its priority follows, as for attaching); not_found when it was not attached. */
export async function detachSignal(db: Db, actor: Actor, patternId: string, signalId: string): Promise<Presented> {
  return inTransaction(db, actor, async (tx) => {
    const removed = await tx.query("delete from signal_patterns where pattern_id = $1 and signal_id = $2 returning 1", [
      patternId,
      signalId,
    ]);
    if (removed.length === 0) throw notFound("attachment of signal", signalId);
    tx.record({ entityType: "pattern", entityId: patternId, verb: "detached", before: { signalId } });
    return getRecord(tx, resources.pattern, patternId);
  });
}
