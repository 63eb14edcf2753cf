import type { Db, Queryable } from "../db/connect.js";

/** Who made a change: "user:<id>", "token:<id>", "cli", "api", "system:snapback", "contact:<id>" … */
export type Actor = string;

/** One change to one entity, as the timeline keeps it. */
export interface TimelineEvent {
  entityType: string;
  entityId: string;
  verb: string;
  before?: unknown;
  after?: unknown;
}

/** An open transaction that also collects the timeline events of the change it makes. */
export interface Tx extends Queryable {
  readonly actor: Actor;
  /** Adds events to the timeline; they are written in the same transaction as the change. */
  record(...events: TimelineEvent[]): void;
  /**
   * Writes the recorded events now. Call it before SQL that writes timeline events itself: it keeps the
   * order, and it tells the transaction to look for such events when it announces them.
   */
  flush(): Promise<void>;
  /** Runs fn once the transaction has committed (never when it rolls back): for what lives outside the database. */
  afterCommit(fn: () => void): void;
}

/** The NOTIFY channel that tells live subscribers which committed transactions wrote timeline events. */
export const timelineChannel = "loopwork_timeline";
/** The NOTIFY channel that wakes delivery workers when the outbox has new work. */
export const outboxChannel = "loopwork_outbox";

/**
 * Runs one use-case in one transaction: the state change, its timeline events and any outbox rows
 * commit together or not at all. Once committed, the transaction's id is announced on the timeline
 * channel (db.notifyLater), so that live subscribers in every process read its events.
 */
export async function inTransaction<T>(db: Db, actor: Actor, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const committed: (() => void)[] = [];
  let txId: string | undefined;
  const result = await db.transaction(async (q) => {
    const pending: TimelineEvent[] = [];
    let writtenBySql = false;
    const tx: Tx = {
      actor,
      query: (sql, params, name) => q.query(sql, params, name),
      exec: (sql) => q.exec(sql),
      record: (...events) => {
        pending.push(...events);
      },
      flush: async () => {
        writtenBySql = true;
        if (pending.length > 0) txId = await writeTimeline(q, actor, pending.splice(0));
      },
      afterCommit: (fn) => {
        committed.push(fn);
      },
    };
    const result = await fn(tx);
    if (pending.length > 0) txId = await writeTimeline(q, actor, pending.splice(0));
    else if (writtenBySql && txId === undefined) {
      const [row] = await q.query<{ tx_id: string }>(
        `select txid_current()::text as tx_id
          where exists (select 1 from timeline_events where tx_id = txid_current())`,
      );
      txId = row?.tx_id;
    }
    return result;
  });
  // Announced after commit: subscribers never hear of a change that was rolled back.
  if (txId !== undefined) db.notifyLater(timelineChannel, txId);
  for (const fn of committed) fn();
  return result;
}

/** Writes events in one statement; returns the transaction's id, which announces them. */
async function writeTimeline(q: Queryable, actor: Actor, events: TimelineEvent[]): Promise<string> {
  const rows = events.map((event) => ({
    entity_type: event.entityType,
    entity_id: event.entityId,
    verb: event.verb,
    before: event.before ?? null,
    after: event.after ?? null,
  }));
  const [row] = await q.query<{ tx_id: string }>(
    `with written as (
       insert into timeline_events (actor, entity_type, entity_id, verb, before, after)
       select $1, e.entity_type, e.entity_id, e.verb, e.before, e.after
         from jsonb_to_recordset($2::jsonb) as e(entity_type text, entity_id text, verb text, before jsonb, after jsonb)
     ) select txid_current()::text as tx_id`,
    [actor, JSON.stringify(rows)],
  );
  return row?.tx_id ?? "";
}
