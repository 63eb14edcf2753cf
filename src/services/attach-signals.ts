import { notFound } from "../core/errors.js";
import { priority } from "../core/priority.js";
import type { Db } from "../db/connect.js";
import { answerLateSignals } from "./answer-late-signals.js";
import { getRecord, type Presented } from "./records.js";
import { resources } from "./resources.js";
import { snapbackLock } from "./snapback.js";
import { type Actor, inTransaction, type Tx } from "./transaction.js";

/** Recomputes the priority of patterns from their signals (volume, urgency, reach, recency). */
export async function refreshPriorities(tx: Tx, patternIds: string[]): Promise<void> {
  // One pass over the patterns' signals; each contact's weight counts once per pattern (reach).
  const rows = await tx.query<{
    id: string;
    low: number;
    normal: number;
    high: number;
    critical: number;
    reach: number;
    last_signal_at: Date | null;
  }>(
    `select x.pattern_id as id,
            count(*) filter (where x.urgency = 'low')::int as low,
            count(*) filter (where x.urgency = 'normal')::int as normal,
            count(*) filter (where x.urgency = 'high')::int as high,
            count(*) filter (where x.urgency = 'critical')::int as critical,
            coalesce(sum(c.weight), 0)::float8 as reach,
            max(x.received_at) as last_signal_at
       from (select sp.pattern_id, s.urgency, s.received_at, s.contact_id,
                    row_number() over (partition by sp.pattern_id, s.contact_id) as nth
               from signal_patterns sp join signals s on s.id = sp.signal_id and s.kind = 'report'
              where sp.pattern_id = any($1::uuid[])) x
       left join contacts c on c.id = x.contact_id and x.nth = 1
      group by x.pattern_id`,
    [patternIds],
  );
  const now = new Date();
  const none = { low: 0, normal: 0, high: 0, critical: 0, reach: 0, last_signal_at: null };
  const all = patternIds.map((id) => ({ ...none, ...rows.find((row) => row.id === id), id }));
  const priorities = all.map((row) => ({
    id: row.id,
    priority: priority(
      {
        low: row.low,
        normal: row.normal,
        high: row.high,
        critical: row.critical,
        reach: row.reach,
        lastSignalAt: row.last_signal_at,
      },
      now,
    ),
  }));
  await tx.query(
    `update patterns p set priority = x.priority, priority_stale = false, priority_refreshed_at = now()
       from jsonb_to_recordset($1::jsonb) as x(id uuid, priority float8) where p.id = x.id`,
    [JSON.stringify(priorities)],
  );
}

/** Attaches signals to a pattern (idempotent), with who attached them and a score; refreshes priority. */
export async function attachSignals(
  db: Db,
  actor: Actor,
  patternId: string,
  input: { signalIds: string[]; score: number },
): Promise<Presented> {
  return inTransaction(db, actor, async (tx) => {
    const pattern = await getRecord(tx, resources.pattern, patternId);
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
    tx.record(
      ...attached.map((row) => ({
        entityType: "pattern",
        entityId: patternId,
        verb: "attached",
        after: { signalId: row.signal_id, score: input.score },
      })),
    );
    await refreshPriorities(tx, [patternId]);
    // On an addressed pattern: a regression reopens it, anyone else is told which release fixed it.
    await answerLateSignals(
      tx,
      attached.map((row) => ({ signalId: row.signal_id, patternId })),
    );
    return getRecord(tx, resources.pattern, patternId);
  });
}

/** Detaches one signal from a pattern; not_found when it was not attached. */
export async function detachSignal(db: Db, actor: Actor, patternId: string, signalId: string): Promise<Presented> {
  return inTransaction(db, actor, async (tx) => {
    const removed = await tx.query("delete from signal_patterns where pattern_id = $1 and signal_id = $2 returning 1", [
      patternId,
      signalId,
    ]);
    if (removed.length === 0) throw notFound("attachment of signal", signalId);
    tx.record({ entityType: "pattern", entityId: patternId, verb: "detached", before: { signalId } });
    await refreshPriorities(tx, [patternId]);
    return getRecord(tx, resources.pattern, patternId);
  });
}
