import { explainPriority } from "../core/priority.js";
import type { Db } from "../db/connect.js";
import { queueEmergingDigests } from "../services/emerging-digests.js";

/** Patterns refreshed per round. */
const batchSize = 500;
/** How old a priority may get before recency decay is applied to it. */
const maxAgeMinutes = 60;

/**
 * Applies recency decay to open patterns whose priority was last computed over an hour ago (every
 * attachment and detachment recomputes it at once, in its own statement: migration 0012). It reads the
 * patterns' aggregates without locking, computes with the rule of src/core/priority.ts, and writes in one
 * short statement that skips patterns a writer holds and patterns changed since they were read (those are
 * fresh already): it never holds a lock while it computes, and never makes a writer wait for a recompute.
 * Returns how many patterns it refreshed (those skipped are fresh already, or will be due again).
 */
export async function refreshDuePriorities(db: Db, limit = batchSize, now = new Date()): Promise<number> {
  const due = await db.query<{
    id: string;
    report_low: number;
    report_normal: number;
    report_high: number;
    report_critical: number;
    reach: number;
    last_signal_at: Date | string | null;
    seen: string | null;
    channels: number;
    days: { day: string; reports: number }[];
  }>(
    // The tallies of migration 0021: at most 35 days and one row per channel a pattern.
    `select id, report_low, report_normal, report_high, report_critical, reach, last_signal_at,
            priority_refreshed_at::text as seen,
            (select count(*)::int from pattern_channels pc where pc.pattern_id = patterns.id) as channels,
            coalesce((select json_agg(json_build_object('day', to_char(pd.day, 'YYYY-MM-DD'), 'reports', pd.reports))
                        from pattern_days pd where pd.pattern_id = patterns.id
                         and pd.day > ($2::timestamptz at time zone 'UTC')::date - 35), '[]') as days
       from patterns
      where status = 'open' and last_signal_at is not null
        and (priority_refreshed_at is null or priority_refreshed_at < $2::timestamptz - $3 * interval '1 minute')
      order by priority_refreshed_at nulls first, id limit $1`,
    [limit, now.toISOString(), maxAgeMinutes],
  );
  if (due.length === 0) return 0;
  const priorities = due.map((row) => {
    const explained = explainPriority(
      {
        low: row.report_low,
        normal: row.report_normal,
        high: row.report_high,
        critical: row.report_critical,
        reach: Number(row.reach),
        lastSignalAt: row.last_signal_at === null ? null : new Date(row.last_signal_at),
        channels: row.channels,
        days: row.days,
      },
      now,
    );
    // A spike starts only with an arrival (the trigger records it); time passing may end one.
    return {
      id: row.id,
      seen: row.seen,
      priority: explained.priority,
      momentum: explained.momentum,
      emerging: explained.velocity.emerging,
    };
  });
  // One statement, its own transaction: rows locked only while it writes them.
  const refreshed = await db.query(
    `with computed as (
       select * from jsonb_to_recordset($1::jsonb) as x(id uuid, seen text, priority float8, momentum float8, emerging boolean)
     ), free as (
       select id from patterns where id in (select id from computed) order by id for no key update skip locked
     )
     update patterns p set priority = c.priority, momentum = c.momentum, priority_refreshed_at = $2::timestamptz,
            emerging_since = case when c.emerging then p.emerging_since end
       from computed c join free f on f.id = c.id
      where p.id = c.id and p.priority_refreshed_at::text is not distinct from c.seen
      returning p.id`,
    [JSON.stringify(priorities), now.toISOString()],
  );
  return refreshed.length;
}

/** Refreshes due priorities, then queues due emerging digests, every intervalMs until stopped. */
export function startPriorityRefresher(db: Db, intervalMs: number): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running
      .then(async () => {
        // A full batch means more may be due: go on until a batch comes back short.
        while ((await refreshDuePriorities(db)) === batchSize);
        // Owners' daily digests of emerging patterns: at most one a person, loop and day (idempotent).
        await queueEmergingDigests(db);
      })
      .catch((error) => console.error("priority refresher:", error));
  }, intervalMs);
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
