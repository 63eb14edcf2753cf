import { AppError, notFound } from "../core/errors.js";
import type { Queryable } from "../db/connect.js";
import { snapbackLock } from "./snapback.js";

/** What a merge or split would move, counted before it commits (and returned with it). */
export interface MovePreview {
  /** Attachments taken from the source. */
  signals: number;
  /** Of those, signals the target already holds: the source's attachment is set aside, the target's kept. */
  signalsAlreadyOnTarget: number;
  /** Distinct contacts behind the moved reports, and how many of them the target already has. */
  contacts: number;
  contactsAlreadyOnTarget: number;
  /** Improvement links taken from the source (a merge only), and how many the target already has. */
  improvements: number;
  improvementsAlreadyOnTarget: number;
  /** Up to 20 of the moved signals, newest first: what a person checks before confirming. */
  sampleSignalIds: string[];
}

/** One pattern's row as a move reads it. */
export interface MovedPattern {
  id: string;
  title: string;
  status: string;
  loop_id: string | null;
  merged_into_id: string | null;
}

/**
 * Takes snapback's lock, then the patterns' rows in id order: a merge changes who stands behind which
 * pattern, so no deployment may settle those patterns halfway through it (and two moves on the same
 * patterns queue instead of deadlocking). not_found for an id that names no pattern.
 */
export async function lockPatterns(q: Queryable, ids: { id: string; path: string }[]): Promise<MovedPattern[]> {
  await q.query("select pg_advisory_xact_lock($1)", [snapbackLock]);
  const rows = await q.query<MovedPattern>(
    `select id, title, status, loop_id, merged_into_id from patterns where id = any($1::uuid[]) order by id for update`,
    [ids.map((x) => x.id)],
  );
  return ids.map(({ id, path }) => {
    const row = rows.find((r) => r.id === id);
    if (!row) throw notFound("pattern", id, path);
    return row;
  });
}

/**
 * Refuses a pattern a move may not take from or give to. Merged already: pattern_merged, naming where it
 * went. A pattern that gives attachments away (a merge's or split's source, an undo's target) must be
 * open (invalid_transition) and hold no notification of a fix that is live (pattern_notified): its told
 * people would leave the pattern their notification is on, and a rollback of that fix would not find
 * them. A pattern that takes attachments in (a merge's target) may also be addressed or hold
 * notifications: the people who join it are answered as late signals are (mergePatterns), and nobody
 * told leaves it. `other` names the other pattern of the move, for the way out the message offers.
 */
export async function requireMovable(
  q: Queryable,
  pattern: MovedPattern,
  path: string,
  role: "gives" | "takes" = "gives",
  other?: string,
): Promise<void> {
  const refusal = await movableRefusal(q, pattern, path, role, other);
  if (refusal) throw refusal;
}

/** Why requireMovable would refuse the pattern, or null: for a list that says so before anyone tries. */
export async function movableRefusal(
  q: Queryable,
  pattern: MovedPattern,
  path: string,
  role: "gives" | "takes" = "gives",
  other?: string,
): Promise<AppError | null> {
  if (pattern.status === "merged") {
    return new AppError(
      "pattern_merged",
      `Pattern ${pattern.id} was merged into ${pattern.merged_into_id}: use that one.`,
      {
        path,
      },
    );
  }
  const otherWay = other ? ` To join the two, merge ${other} into ${pattern.id} instead.` : "";
  if (role === "takes") {
    if (pattern.status === "open" || pattern.status === "addressed") return null;
    return new AppError(
      "invalid_transition",
      `Pattern ${pattern.id} is ${pattern.status}: reopen it before merging another pattern into it.`,
      { path },
    );
  }
  if (pattern.status !== "open") {
    return new AppError(
      "invalid_transition",
      pattern.status === "addressed"
        ? `Pattern ${pattern.id} is addressed: its people were told its fix is live, so its signals stay with it.${otherWay}`
        : `Pattern ${pattern.id} is ${pattern.status}: only open patterns are merged away or split (reopen it first).`,
      { path },
    );
  }
  const [told] = await q.query<{ n: number }>(
    `select count(*)::int as n from notifications n join patterns p on p.id = n.pattern_id
      where n.pattern_id = $1 and n.generation = p.generation and n.withdrawn_at is null`,
    [pattern.id],
  );
  if ((told?.n ?? 0) > 0) {
    return new AppError(
      "pattern_notified",
      `Pattern ${pattern.id} holds ${told?.n} notification(s) of a fix that is live: the people told stay with the pattern their notification is on, so its signals cannot move away until that fix is rolled back or the pattern is addressed again.${otherWay}`,
      { path },
    );
  }
  return null;
}

/** The counts a move from source to target would make; signalIds limits it to those attachments (a split). */
export async function previewMove(
  q: Queryable,
  sourceId: string,
  targetId: string | null,
  signalIds: string[] | null,
  withImprovements: boolean,
): Promise<MovePreview> {
  const [row] = await q.query<Omit<MovePreview, "sampleSignalIds"> & { sample: string[] }>(
    `with moving as (
       select sp.signal_id, s.contact_id, s.kind, s.received_at,
              exists (select 1 from signal_patterns x where x.pattern_id = $2 and x.signal_id = sp.signal_id) as there
         from signal_patterns sp join signals s on s.id = sp.signal_id
        where sp.pattern_id = $1 and ($3::uuid[] is null or sp.signal_id = any($3::uuid[]))
     ), people as (
       select distinct contact_id from moving where kind = 'report' and contact_id is not null
     ), links as (
       select ip.improvement_id,
              exists (select 1 from improvement_patterns x where x.pattern_id = $2 and x.improvement_id = ip.improvement_id) as there
         from improvement_patterns ip where $4 and ip.pattern_id = $1
     )
     select (select count(*) from moving)::int as signals,
            (select count(*) from moving where there)::int as "signalsAlreadyOnTarget",
            (select count(*) from people)::int as contacts,
            (select count(*) from people p where exists (
               select 1 from signals s join signal_patterns sp on sp.signal_id = s.id
                where s.contact_id = p.contact_id and s.kind = 'report' and sp.pattern_id = $2))::int as "contactsAlreadyOnTarget",
            (select count(*) from links)::int as improvements,
            (select count(*) from links where there)::int as "improvementsAlreadyOnTarget",
            array(select signal_id from moving order by received_at desc, signal_id desc limit 20) as sample`,
    [sourceId, targetId, signalIds, withImprovements],
  );
  const { sample, ...counts } = row as NonNullable<typeof row>;
  return { ...counts, sampleSignalIds: sample };
}

/**
 * Moves the source's attachments (those of signalIds, or all) and, for a merge, its improvement links to
 * the target, recording each as it was under moveId. Deleted then inserted, never updated: the
 * aggregate triggers of migration 0012 fire on insert and delete, so both patterns' priorities follow.
 */
export async function moveAttachments(
  q: Queryable,
  moveId: string,
  sourceId: string,
  targetId: string,
  signalIds: string[] | null,
  withImprovements: boolean,
): Promise<void> {
  await q.query(
    `insert into pattern_move_signals (move_id, signal_id, attached_by, score, attached_at, moved_from, moved_at, already_there)
     select $1, sp.signal_id, sp.attached_by, sp.score, sp.attached_at, sp.moved_from, sp.moved_at,
            exists (select 1 from signal_patterns x where x.pattern_id = $3 and x.signal_id = sp.signal_id)
       from signal_patterns sp where sp.pattern_id = $2 and ($4::uuid[] is null or sp.signal_id = any($4::uuid[]))`,
    [moveId, sourceId, targetId, signalIds],
  );
  await q.query(
    `delete from signal_patterns sp using pattern_move_signals m
      where m.move_id = $1 and sp.pattern_id = $2 and sp.signal_id = m.signal_id`,
    [moveId, sourceId],
  );
  // Who attached it and when stay as they were; moved_from says where it came from.
  await q.query(
    `insert into signal_patterns (signal_id, pattern_id, attached_by, score, attached_at, moved_from, moved_at)
     select m.signal_id, $2, m.attached_by, m.score, m.attached_at, $3, now()
       from pattern_move_signals m where m.move_id = $1 and not m.already_there`,
    [moveId, targetId, sourceId],
  );
  if (!withImprovements) return;
  await q.query(
    `insert into pattern_move_improvements (move_id, improvement_id, already_there)
     select $1, ip.improvement_id,
            exists (select 1 from improvement_patterns x where x.pattern_id = $3 and x.improvement_id = ip.improvement_id)
       from improvement_patterns ip where ip.pattern_id = $2`,
    [moveId, sourceId, targetId],
  );
  await q.query("delete from improvement_patterns where pattern_id = $1", [sourceId]);
  await q.query(
    `insert into improvement_patterns (improvement_id, pattern_id)
     select improvement_id, $2 from pattern_move_improvements where move_id = $1 and not already_there`,
    [moveId, targetId],
  );
}
