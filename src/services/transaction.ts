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
  readonly driver: Db["driver"];
  /** Adds events to the timeline; they are written in the same transaction as the change. */
  record(...events: TimelineEvent[]): void;
  /** Writes the recorded events now: call it before SQL that writes timeline events itself, to keep order. */
  flush(): Promise<void>;
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
    const tx: Tx = {
      actor,
      driver: db.driver,
      query: (sql, params) => q.query(sql, params),
      exec: (sql) => q.exec(sql),
      record: (...events) => {
        pending.push(...events);
      },
      flush: async () => {
        if (pending.length > 0) await writeTimeline(q, actor, pending.splice(0));
      },
    };
    const result = await fn(tx);
    await tx.flush();
    // NOTIFY is delivered at commit, and only if the transaction wrote events (also by set-based SQL).
    await q.query(
      `select pg_notify($1, txid_current()::text)
        where exists (select 1 from timeline_events where tx_id = txid_current())`,
      [timelineChannel],
    );
    return result;
  });
}

async function writeTimeline(q: Queryable, actor: Actor, events: TimelineEvent[]): Promise<void> {
  const rows = events.map((event) => ({
    entity_type: event.entityType,
    entity_id: event.entityId,
    verb: event.verb,
    before: event.before ?? null,
    after: event.after ?? null,
  }));
  await q.query(
    `insert into timeline_events (actor, entity_type, entity_id, verb, before, after)
     select $1, e.entity_type, e.entity_id, e.verb, e.before, e.after
       from jsonb_to_recordset($2::jsonb) as e(entity_type text, entity_id text, verb text, before jsonb, after jsonb)`,
    [actor, JSON.stringify(rows)],
  );
}
