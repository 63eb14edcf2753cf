import { AppError, notFound } from "../core/errors.js";
import type { Db, Queryable } from "../db/connect.js";
import { lockPatterns, type MovedPattern, movableRefusal } from "./pattern-moves.js";
import { getRecord, type Presented } from "./records.js";
import { resources } from "./resources.js";
import { type Actor, inTransaction } from "./transaction.js";

/** A merge or split as stored. */
export interface PatternMove {
  id: string;
  kind: "merge" | "split";
  sourceId: string;
  targetId: string;
  actor: string;
  createdAt: string;
  undoneAt: string | null;
  undoneBy: string | null;
}

const moveColumns = `id, kind, source_id as "sourceId", target_id as "targetId", actor,
  to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "createdAt",
  to_char(undone_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "undoneAt", undone_by as "undoneBy"`;

/**
 * A signal the move put on its target that a person took off the target after the move: undo leaves it
 * where they put it. reason: "detached" (on no pattern now) or "moved" (attached elsewhere: patternIds).
 * detachedBy/detachedAt: the latest detach from the target after the move, as the timeline recorded it.
 */
export interface SignalLeft {
  signalId: string;
  reason: "detached" | "moved";
  patternIds: string[];
  detachedBy: string | null;
  detachedAt: string | null;
}

/** A move as the list shows it: whether it can be undone now, and if not, why (the refusal undo would give). */
export interface ListedPatternMove extends PatternMove {
  undoable: boolean;
  whyNot: string | null;
  whyNotCode: string | null;
}

/**
 * The merges and splits a pattern took part in, newest first, each saying whether undo would take it now
 * and why not — so that a screen offers Undo only where the API takes it. Read without the locks undo
 * takes: a move made meanwhile is seen by undo itself.
 */
export async function listPatternMoves(q: Queryable, patternId: string): Promise<ListedPatternMove[]> {
  const moves = await q.query<PatternMove & { laterId: string | null }>(
    `select ${moveColumns},
            (select l.id from pattern_moves l
              where l.undone_at is null and l.id <> m.id and l.created_at >= m.created_at
                and (l.source_id in (m.source_id, m.target_id) or l.target_id in (m.source_id, m.target_id))
              limit 1) as "laterId"
       from pattern_moves m where source_id = $1 or target_id = $1 order by created_at desc, id desc limit 100`,
    [patternId],
  );
  const listed: ListedPatternMove[] = [];
  for (const { laterId, ...move } of moves) {
    // Most moves are undone or have a later one: said without reading their patterns.
    const refusal =
      move.undoneAt || laterId
        ? undoneOrLater(move, laterId)
        : await undoRefusal(q, move, ...(await patternsOf(q, move)));
    listed.push({ ...move, undoable: !refusal, whyNot: refusal?.message ?? null, whyNotCode: refusal?.code ?? null });
  }
  return listed;
}

const patternsOf = async (q: Queryable, move: PatternMove): Promise<[MovedPattern, MovedPattern]> => {
  const rows = await q.query<MovedPattern>(
    "select id, title, status, loop_id, merged_into_id from patterns where id = any($1::uuid[])",
    [[move.sourceId, move.targetId]],
  );
  const find = (id: string) => {
    const row = rows.find((r) => r.id === id);
    if (!row) throw notFound("pattern", id);
    return row;
  };
  return [find(move.sourceId), find(move.targetId)];
};

/** Undone already, or a later move of either pattern not undone (laterId): undo that first. */
function undoneOrLater(move: PatternMove, laterId: string | null): AppError | null {
  if (move.undoneAt)
    return new AppError("move_not_undoable", `This ${move.kind} was undone already (${move.undoneAt}).`);
  if (laterId) return new AppError("move_not_undoable", `Pattern move ${laterId} came after this one: undo it first.`);
  return null;
}

/**
 * Why undoPatternMove refuses the move, or null: undone already, a later move of either pattern, a target
 * that may not give its signals back (addressed — its people were told —, notified, dismissed, merged),
 * and for a split a source that may not take them or signals attached to the split-off pattern since.
 */
async function undoRefusal(
  q: Queryable,
  move: PatternMove,
  source: MovedPattern,
  target: MovedPattern,
): Promise<AppError | null> {
  if (move.undoneAt) return undoneOrLater(move, null);
  const [later] = await q.query<{ id: string }>(
    `select id from pattern_moves
      where undone_at is null and id <> $1 and created_at >= (select created_at from pattern_moves where id = $1)
        and (source_id in ($2, $3) or target_id in ($2, $3)) limit 1`,
    [move.id, move.sourceId, move.targetId],
  );
  if (later) return undoneOrLater(move, later.id);
  const targetRefusal = await movableRefusal(q, target, "params.id");
  if (targetRefusal) return targetRefusal;
  if (move.kind === "merge") return null;
  const sourceRefusal = await movableRefusal(q, source, "params.id");
  if (sourceRefusal) return sourceRefusal;
  const [extra] = await q.query<{ n: number }>(
    `select count(*)::int as n from signal_patterns sp where sp.pattern_id = $2 and not exists
       (select 1 from pattern_move_signals m where m.move_id = $1 and m.signal_id = sp.signal_id)`,
    [move.id, move.targetId],
  );
  if ((extra?.n ?? 0) === 0) return null;
  return new AppError(
    "move_not_undoable",
    `${extra?.n} signal(s) were attached to the split-off pattern since: merge it back into ${move.sourceId} instead.`,
  );
}

/** One move, or not_found. */
export async function getPatternMove(q: Queryable, moveId: string): Promise<PatternMove> {
  const [move] = await q.query<PatternMove>(`select ${moveColumns} from pattern_moves where id = $1`, [moveId]);
  if (!move) throw notFound("pattern move", moveId);
  return move;
}

/**
 * Undoes a merge or a split: the attachments it moved go back to the source exactly as they were (who,
 * when, score), the improvement links too, and the merged source opens again (a split's new pattern is
 * folded back: merged into the source). Only the latest move of both patterns can be undone
 * (move_not_undoable otherwise): undoing an older one would unpick what came after it.
 *
 * A person's decision after the move is not overruled: a moved signal that is no longer on the target
 * (detached, perhaps attached elsewhere) stays where it is, and the answer names it (signalsLeft). One
 * detached and attached to the target again is where the move put it, and goes back like the rest. So
 * with improvements: one a person unlinked from the target since is not linked to the source again
 * (improvementsLeft).
 */
export async function undoPatternMove(
  db: Db,
  actor: Actor,
  moveId: string,
): Promise<{
  move: PatternMove;
  source: Presented;
  target: Presented;
  signalsLeft: SignalLeft[];
  improvementsLeft: string[];
}> {
  return inTransaction(db, actor, async (tx) => {
    const stored = await getPatternMove(tx, moveId);
    const [source, target] = await lockPatterns(tx, [
      { id: stored.sourceId, path: "params.id" },
      { id: stored.targetId, path: "params.id" },
    ]);
    if (!source || !target) throw new Error("lockPatterns returns one row per id");
    // Read again under the locks: two undos of one move queue on them, and the second sees the first.
    const move = await getPatternMove(tx, moveId);
    const refusal = await undoRefusal(tx, move, source, target);
    if (refusal) throw refusal;
    const signalsLeft = await signalsTakenOff(tx, move);
    const left = signalsLeft.map((x) => x.signalId);
    // Only what the move put on the target leaves it; what the target held before stays.
    await tx.query(
      `delete from signal_patterns sp using pattern_move_signals m
        where m.move_id = $1 and not m.already_there and sp.pattern_id = $2 and sp.signal_id = m.signal_id`,
      [move.id, move.targetId],
    );
    await tx.query(
      `insert into signal_patterns (signal_id, pattern_id, attached_by, score, attached_at, moved_from, moved_at)
       select signal_id, $2, attached_by, score, attached_at, moved_from, moved_at from pattern_move_signals
        where move_id = $1 and signal_id <> all($3::uuid[]) on conflict do nothing`,
      [move.id, move.sourceId, left],
    );
    // An improvement the move linked to the target that a person unlinked from it since stays unlinked, as
    // a signal taken off does; one the target held before the move was the source's own link too: back.
    const improvementsLeft = (
      await tx.query<{ improvement_id: string }>(
        `select m.improvement_id from pattern_move_improvements m
          where m.move_id = $1 and not m.already_there and not exists (select 1 from improvement_patterns ip
                  where ip.pattern_id = $2 and ip.improvement_id = m.improvement_id)
          order by m.improvement_id`,
        [move.id, move.targetId],
      )
    ).map((row) => row.improvement_id);
    await tx.query(
      `delete from improvement_patterns ip using pattern_move_improvements m
        where m.move_id = $1 and not m.already_there and ip.pattern_id = $2 and ip.improvement_id = m.improvement_id`,
      [move.id, move.targetId],
    );
    await tx.query(
      `insert into improvement_patterns (improvement_id, pattern_id)
       select improvement_id, $2 from pattern_move_improvements
        where move_id = $1 and improvement_id <> all($3::uuid[]) on conflict do nothing`,
      [move.id, move.sourceId, improvementsLeft],
    );
    if (move.kind === "merge") {
      await tx.query("update patterns set status = 'open', merged_into_id = null, updated_at = now() where id = $1", [
        move.sourceId,
      ]);
    } else {
      await tx.query("update patterns set status = 'merged', merged_into_id = $2, updated_at = now() where id = $1", [
        move.targetId,
        move.sourceId,
      ]);
    }
    await tx.query("update pattern_moves set undone_at = now(), undone_by = $2 where id = $1", [move.id, actor]);
    const verb = move.kind === "merge" ? "unmerge" : "unsplit";
    tx.record(
      {
        entityType: "pattern",
        entityId: move.sourceId,
        verb,
        after: { moveId: move.id, otherId: move.targetId, signalsLeft: left, improvementsLeft },
      },
      {
        entityType: "pattern",
        entityId: move.targetId,
        verb,
        after: { moveId: move.id, otherId: move.sourceId, signalsLeft: left, improvementsLeft },
      },
    );
    return {
      move: await getPatternMove(tx, move.id),
      source: await getRecord(tx, resources.pattern, move.sourceId),
      target: await getRecord(tx, resources.pattern, move.targetId),
      signalsLeft,
      improvementsLeft,
    };
  });
}

/**
 * The signals the move took from the source that are not on the target any more: a person detached them
 * after the move (a later move of the target would have made this one not undoable). Where each is now,
 * and the latest detach from the target since the move, from the timeline (found by the entity index).
 */
async function signalsTakenOff(q: Queryable, move: PatternMove): Promise<SignalLeft[]> {
  const rows = await q.query<Omit<SignalLeft, "reason">>(
    `select m.signal_id as "signalId",
            array(select sp.pattern_id from signal_patterns sp where sp.signal_id = m.signal_id
                   order by sp.attached_at, sp.pattern_id) as "patternIds",
            d.actor as "detachedBy",
            to_char(d.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "detachedAt"
       from pattern_move_signals m
       left join lateral (
         select e.actor, e.at from timeline_events e
          where hashtext(e.entity_id) = hashtext($2::text) and e.entity_id = $2::text and e.entity_type = 'pattern'
            and e.verb = 'detached' and e.before ->> 'signalId' = m.signal_id::text
            and e.at >= (select created_at from pattern_moves where id = $1)
          order by e.id desc limit 1) d on true
      where m.move_id = $1
        and not exists (select 1 from signal_patterns sp where sp.pattern_id = $2::uuid and sp.signal_id = m.signal_id)
      order by m.signal_id`,
    [move.id, move.targetId],
  );
  return rows.map((row) => ({ ...row, reason: row.patternIds.length > 0 ? "moved" : "detached" }));
}
