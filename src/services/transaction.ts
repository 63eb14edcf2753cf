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
  /**
   * Says the service's own SQL wrote timeline events and sent the timeline NOTIFY in the same statement
   * (`pg_notify(timelineChannel, txid_current()::text)`): the transaction need not look for such events
   * at the end. Call flush() before that SQL (events recorded earlier keep their place); events recorded
   * later are still written at the end.
   */
  notified(): void;
}

/** The NOTIFY channel that tells live subscribers a transaction wrote timeline events. */
export const timelineChannel = "loopwork_timeline";
/** The NOTIFY channel that wakes delivery workers when the outbox has new work. */
export const outboxChannel = "loopwork_outbox";

/**
 * Runs one use-case in one transaction: the state change, its timeline events and any outbox rows
 * commit together or not at all. Subscribers in every process are told after commit (NOTIFY).
 */
export async function inTransaction<T>(db: Db, actor: Actor, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (q) => {
    const pending: TimelineEvent[] = [];
    let writtenBySql = false;
    // One NOTIFY (payload: the transaction's id) covers every event of the transaction.
    let announced = false;
    const tx: Tx = {
      actor,
      query: (sql, params, name) => q.query(sql, params, name),
      exec: (sql) => q.exec(sql),
      record: (...events) => {
        pending.push(...events);
      },
      flush: async () => {
        writtenBySql = true;
        if (pending.length > 0) await writeTimeline(q, actor, pending.splice(0), false);
      },
      notified: () => {
        announced = true;
      },
    };
    const result = await fn(tx);
    // NOTIFY is delivered at commit, so subscribers never hear of a change that was rolled back. It is
    // sent with the last events in one statement: a round trip less on every request.
    if (pending.length > 0) await writeTimeline(q, actor, pending.splice(0), !announced);
    else if (writtenBySql && !announced) {
      await q.query(
        `select pg_notify($1, txid_current()::text)
          where exists (select 1 from timeline_events where tx_id = txid_current())`,
        [timelineChannel],
      );
    }
    return result;
  });
}

async function writeTimeline(q: Queryable, actor: Actor, events: TimelineEvent[], notify: boolean): Promise<void> {
  const rows = events.map((event) => ({
    entity_type: event.entityType,
    entity_id: event.entityId,
    verb: event.verb,
    before: event.before ?? null,
    after: event.after ?? null,
  }));
  const insert = `insert into timeline_events (actor, entity_type, entity_id, verb, before, after)
     select $1, e.entity_type, e.entity_id, e.verb, e.before, e.after
       from jsonb_to_recordset($2::jsonb) as e(entity_type text, entity_id text, verb text, before jsonb, after jsonb)`;
  if (!notify) {
    await q.query(insert, [actor, JSON.stringify(rows)]);
    return;
  }
  await q.query(`with written as (${insert} returning 1) select pg_notify($3, txid_current()::text)`, [
    actor,
    JSON.stringify(rows),
    timelineChannel,
  ]);
}
