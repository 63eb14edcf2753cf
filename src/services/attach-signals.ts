import { AppError, notFound } from "../core/errors.js";
import type { Db } from "../db/connect.js";
import { answerLateSignals } from "./answer-late-signals.js";
import { getRecord, type Presented } from "./records.js";
import { resources } from "./resources.js";
import { snapbackLock } from "./snapback.js";
import { type Actor, inTransaction, type Tx } from "./transaction.js";

/** A pattern after an attachment, with how many of the signals asked for were new to it and how many were on it already. */
export type PatternAttachment = Presented & { attached: number; alreadyAttached: number };

/**
 * Attaches signals to a pattern (idempotent), with who attached them and a score. The pattern's priority
 * follows in the same statement (triggers of migration 0012), at a cost that does not grow with the
 * pattern's signals. A signal named twice counts once.
 */
export async function attachSignals(
  db: Db,
  actor: Actor,
  patternId: string,
  input: { signalIds: string[]; score: number },
): Promise<PatternAttachment> {
  return snapbackLockInOrder((lockFirst) =>
    inTransaction(db, actor, async (tx) => {
      // Not found, or merged (refused under the row's lock, below), as lockPattern says.
      const pattern = await getRecord(tx, resources.pattern, patternId);
      // Answering late signals (below) takes snapback's lock: taken before this transaction locks the
      // pattern's row, so a deployment that holds it and waits for the row cannot deadlock with it.
      const held = lockFirst || pattern.status === "addressed";
      if (held) await tx.query("select pg_advisory_xact_lock($1)", [snapbackLock]);
      if ((await lockPattern(tx, patternId)) === "addressed") await snapbackLockAfterRows(tx, held);
      const found = await tx.query<{ id: string }>("select id from signals where id = any($1::uuid[])", [
        input.signalIds,
      ]);
      const missing = input.signalIds.find((id) => !found.some((row) => row.id === id));
      if (missing) throw notFound("signal", missing, `body.signalIds.${input.signalIds.indexOf(missing)}`);
      const asked = [...new Set(input.signalIds)];
      const attached = await insertAttachments(
        tx,
        asked.map((signalId) => ({ signalId, patternId, score: input.score })),
      );
      const after = await getRecord(tx, resources.pattern, patternId);
      return { ...after, attached: attached.length, alreadyAttached: asked.length - attached.length };
    }),
  );
}

/** A signal to attach to a pattern, with the score it is attached with. */
export type ScoredAttachment = { signalId: string; patternId: string; score: number };

/**
 * Attaches what the matcher chose for a batch of new signals, in one transaction and one statement,
 * to patterns of any number (autoAttach). A pattern merged away meanwhile is skipped: its signals wait
 * in triage, as a single attachment refused with pattern_merged leaves them. Returns what was attached.
 */
export async function attachMatched(db: Db, actor: Actor, input: ScoredAttachment[]): Promise<ScoredAttachment[]> {
  if (input.length === 0) return [];
  return snapbackLockInOrder((lockFirst) =>
    inTransaction(db, actor, async (tx) => {
      const ids = [...new Set(input.map((a) => a.patternId))];
      const patterns = await tx.query<{ id: string; status: string }>(
        "select id, status from patterns where id = any($1::uuid[])",
        [ids],
      );
      // Snapback's lock before any pattern's row is locked, as attachSignals takes it.
      const held = lockFirst || patterns.some((p) => p.status === "addressed");
      if (held) await tx.query("select pg_advisory_xact_lock($1)", [snapbackLock]);
      // Then the rows, in id order as a merge takes them (lockPattern): a pattern merged meanwhile is seen so.
      const locked = await tx.query<{ id: string; status: string }>(
        "select id, status from patterns where id = any($1::uuid[]) order by id for no key update",
        [ids],
      );
      if (locked.some((p) => p.status === "addressed")) await snapbackLockAfterRows(tx, held);
      const merged = new Set(locked.filter((p) => p.status === "merged").map((p) => p.id));
      return insertAttachments(
        tx,
        input.filter((a) => !merged.has(a.patternId)),
      );
    }),
  );
}

/** Thrown where a transaction found, under a pattern's row lock, that it needs snapback's lock first. */
class SnapbackLockFirst extends Error {}

/**
 * Runs an attachment's transaction so that snapback's lock, when it is needed, is taken before any
 * pattern's row lock. The transaction reads the patterns' statuses before it locks them and takes the lock
 * when one is addressed (run(false)); a pattern addressed between that read and its row lock is found
 * under the lock (snapbackLockAfterRows), and then the whole transaction runs again taking snapback's lock
 * first (run(true)). Waiting for that lock while holding the row deadlocked with a deployment that held
 * the lock and waited for the row: PostgreSQL aborted one of them after a second (40P01, a 500).
 */
async function snapbackLockInOrder<T>(run: (lockFirst: boolean) => Promise<T>): Promise<T> {
  try {
    return await run(false);
  } catch (error) {
    if (!(error instanceof SnapbackLockFirst)) throw error;
    return run(true);
  }
}

/**
 * Under the patterns' row locks, where one is addressed: snapback's lock, unless it is held already,
 * taken only if it is free now; otherwise the transaction rolls back (its row locks go) and starts again
 * (snapbackLockInOrder).
 */
async function snapbackLockAfterRows(tx: Tx, held: boolean): Promise<void> {
  if (held) return;
  const [row] = await tx.query<{ locked: boolean }>("select pg_try_advisory_xact_lock($1) as locked", [snapbackLock]);
  if (!row?.locked) throw new SnapbackLockFirst();
}

/**
 * Inserts attachments (idempotent) in one statement, by the transaction's actor: the patterns'
 * priorities follow through the triggers of migration 0012. One timeline event per pattern and score,
 * naming every signal it attached (none when all were attached already); then late signals are answered:
 * on an addressed pattern a regression reopens it, anyone else is told which release fixed it.
 */
export async function insertAttachments(tx: Tx, input: ScoredAttachment[]): Promise<ScoredAttachment[]> {
  const rows = await tx.query<{ signal_id: string; pattern_id: string }>(
    `insert into signal_patterns (signal_id, pattern_id, score, attached_by)
     select a.signal_id, a.pattern_id, a.score, $4
       from unnest($1::uuid[], $2::uuid[], $3::float8[]) as a(signal_id, pattern_id, score)
     on conflict do nothing returning signal_id, pattern_id`,
    [input.map((a) => a.signalId), input.map((a) => a.patternId), input.map((a) => a.score), tx.actor],
  );
  const inserted = new Set(rows.map((row) => `${row.signal_id} ${row.pattern_id}`));
  // Each attachment once, even when asked twice.
  const attached = input.filter((a) => inserted.delete(`${a.signalId} ${a.patternId}`));
  const events = new Map<string, { patternId: string; score: number; signalIds: string[] }>();
  for (const a of attached) {
    const key = `${a.patternId} ${a.score}`;
    const event = events.get(key) ?? { patternId: a.patternId, score: a.score, signalIds: [] };
    event.signalIds.push(a.signalId);
    events.set(key, event);
  }
  for (const { patternId, score, signalIds } of events.values())
    tx.record({ entityType: "pattern", entityId: patternId, verb: "attached", after: { signalIds, score } });
  await answerLateSignals(tx, attached);
  return attached;
}

/** Detaches one signal from a pattern (its priority follows, as for attaching); not_found when it was not attached. */
export async function detachSignal(db: Db, actor: Actor, patternId: string, signalId: string): Promise<Presented> {
  return inTransaction(db, actor, async (tx) => {
    await lockPattern(tx, patternId);
    const removed = await tx.query("delete from signal_patterns where pattern_id = $1 and signal_id = $2 returning 1", [
      patternId,
      signalId,
    ]);
    if (removed.length === 0) throw notFound("attachment of signal", signalId);
    tx.record({ entityType: "pattern", entityId: patternId, verb: "detached", before: { signalId } });
    return getRecord(tx, resources.pattern, patternId);
  });
}

/**
 * Locks the pattern's row before its attachments are touched, as a merge, split or undo does (lockPatterns).
 * The attachment triggers lock it too, but only after the row is written: a merge holding the pattern and
 * waiting for that attachment, and this transaction holding the attachment and waiting for the pattern,
 * deadlocked (PostgreSQL aborted one: a 500). Under the lock the pattern is as the move left it: one
 * merged meanwhile is refused, not given a signal its survivor would never see. Returns its status.
 */
async function lockPattern(tx: Tx, patternId: string): Promise<string> {
  const [row] = await tx.query<{ status: string; merged_into_id: string | null }>(
    "select status, merged_into_id from patterns where id = $1 for no key update",
    [patternId],
  );
  if (!row) throw notFound("pattern", patternId);
  if (row.status === "merged") {
    throw new AppError("pattern_merged", `Pattern ${patternId} was merged into ${row.merged_into_id}: use that one.`, {
      path: "params.id",
    });
  }
  return row.status;
}
