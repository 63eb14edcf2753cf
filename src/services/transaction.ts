import type { Db, Queryable } from "../db/connect.js";
import { queueEventDeliveriesSql } from "./event-deliveries.js";

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
   * Does now what the commit would do first: writes the recorded events and queues their event webhook
   * deliveries, in one statement. Whatever is recorded after it is written at commit as usual. For a
   * transaction held open until something outside decides (a delivery's record, settle-delivery.ts):
   * the commit is then the COMMIT alone.
   */
  finish(): Promise<void>;
  /** Runs fn once the transaction has committed (never when it rolls back): for what lives outside the database. */
  afterCommit(fn: () => void): void;
}

// Kept in a module without imports: resources.ts (via queue-github-issues.ts) needs them, and this one
// imports event-deliveries.ts, which reads resources when it loads.
import { outboxChannel, timelineChannel } from "../db/notify-channels.js";

export { outboxChannel, timelineChannel };

/**
 * Runs one use-case in one transaction: the state change, its timeline events and any outbox rows
 * commit together or not at all. Once committed, the transaction's id is announced on the timeline
 * channel (db.notifyLater), so that live subscribers in every process read its events.
 */
export async function inTransaction<T>(db: Db, actor: Actor, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const committed: (() => void)[] = [];
  let txId: string | undefined;
  let floor = "0";
  let wake = false;
  const result = await db.transaction(async (q) => {
    // Every event this transaction writes gets an id above the sequence's value now: the floor its own
    // events are read from (at the end, and by the live subscribers it announces them to).
    const [start] = await q.query<{ floor: string }>(eventsFloor, [], "loopwork_timeline_floor");
    floor = start?.floor ?? "0";
    const pending: TimelineEvent[] = [];
    let writtenBySql = false;
    // The last statement before commit writes what is left of the timeline and queues the event
    // webhooks of everything the transaction wrote to it (event-deliveries.ts): no extra round trip.
    const finish = async () => {
      if (pending.length === 0 && !writtenBySql) return;
      writtenBySql = false;
      // Named: on a server each connection plans these larger statements once.
      const [row] =
        pending.length > 0
          ? await q.query<{ tx_id: string | null; queued: number }>(
              finalWrite,
              [actor, timelineRows(pending.splice(0)), floor],
              "loopwork_timeline_final_write",
            )
          : await q.query<{ tx_id: string | null; queued: number }>(finalLook, [floor], "loopwork_timeline_final_look");
      txId = row?.tx_id ?? txId;
      // Once told, the outbox wakes: a second finish that queues nothing more does not unsay it.
      wake ||= (row?.queued ?? 0) > 0;
    };
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
      finish,
    };
    const result = await fn(tx);
    await finish();
    return result;
  });
  // Announced after commit: subscribers never hear of a change that was rolled back.
  if (txId !== undefined) db.notifyLater(timelineChannel, announcement(txId, floor));
  // After commit, like the timeline's: a NOTIFY inside the transaction would serialise commits.
  if (wake) db.notifyLater(outboxChannel, "");
  for (const fn of committed) fn();
  return result;
}

/** Writes events in one statement; returns the transaction's id, which announces them. */
async function writeTimeline(q: Queryable, actor: Actor, events: TimelineEvent[]): Promise<string> {
  const [row] = await q.query<{ tx_id: string }>(`with ${insertEvents} select ${currentTx} as tx_id`, [
    actor,
    timelineRows(events),
  ]);
  return row?.tx_id ?? "";
}

/** The events as the JSON that insertEvents reads. */
function timelineRows(events: TimelineEvent[]): string {
  return JSON.stringify(
    events.map((event) => ({
      entity_type: event.entityType,
      entity_id: event.entityId,
      verb: event.verb,
      before: event.before ?? null,
      after: event.after ?? null,
    })),
  );
}

const insertEvents = `written as (
  insert into timeline_events (actor, entity_type, entity_id, verb, before, after)
  select $1, e.entity_type, e.entity_id, e.verb, e.before, e.after
    from jsonb_to_recordset($2::jsonb) as e(entity_type text, entity_id text, verb text, before jsonb, after jsonb)
  returning id, entity_type, entity_id, verb, after
)`;

/**
 * What announces a transaction's events on the timeline channel: its id (as the rows it wrote hold it:
 * their `xmin`) and the floor of its events' ids, `<xid>:<floor>`. Readers find them by primary key,
 * `id >= floor and xmin = …`, which reads only the events written since the transaction began: no
 * column or index of the transaction's id (an index entry per event, ~40 bytes a signal sent one per
 * call, and 8 bytes in every row; docs/BENCHMARKS.md).
 */
export const announcement = (txId: string, floor: string) => `${txId}:${floor}`;

/** This transaction's id as its rows' `xmin` holds it (32 bits), and as text for an announcement. */
const currentXid = "pg_current_xact_id()::xid";
export const currentTx = `${currentXid}::text`;

/** The floor of the ids of the events a transaction starting now writes: the sequence's last value. */
const eventsFloor = "select last_value::text as floor from timeline_events_id_seq";

// The events written earlier in the transaction (flushed, or by SQL), from its floor ($3 in finalWrite,
// $1 in finalLook). A statement does not see the rows its own CTEs insert, so in finalWrite these and
// \`written\` never overlap.
const earlier = (floor: string) =>
  `select id, entity_type, entity_id, verb, after from timeline_events
    where id >= ${floor}::bigint and xmin = ${currentXid}`;

/** Writes the last events and queues the event deliveries of all the transaction's events. */
const finalWrite = `with ${insertEvents},
  events as (select id, entity_type, entity_id, verb, after from written union all ${earlier("$3")}),
  ${queueEventDeliveriesSql()}
  select ${currentTx} as tx_id, (select count(*) from queued)::int as queued`;

/** Queues the event deliveries of events written by SQL; the transaction's id if it wrote any. */
const finalLook = `with events as (${earlier("$1")}),
  ${queueEventDeliveriesSql()}
  select case when exists (select 1 from events) then ${currentTx} end as tx_id,
         (select count(*) from queued)::int as queued`;
