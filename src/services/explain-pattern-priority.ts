import { explainPriority, type PriorityBreakdown } from "../core/priority.js";
import type { Queryable } from "../db/connect.js";
import { getRecord } from "./records.js";
import { resources } from "./resources.js";

/** A pattern's priority explained: each factor as of now, what is stored, and where that ranks it. */
export interface PatternPriority extends PriorityBreakdown {
  patternId: string;
  /** The priority the list is sorted by (recomputed with every attachment and hourly as time passes). */
  storedPriority: number;
  /** 1 + the open patterns ranked above it by stored priority (null unless open). */
  rank: number | null;
  emergingSince: string | null;
  /** The inputs as counted: reports by urgency, reach, newest report. */
  reports: { low: number; normal: number; high: number; critical: number };
  reach: number;
  lastSignalAt: string | null;
  computedAt: string;
}

/** Why a pattern ranks where it does (GET /patterns/:id/priority): from its kept aggregates and tallies. */
export async function explainPatternPriority(
  q: Queryable,
  patternId: string,
  now = new Date(),
): Promise<PatternPriority> {
  const pattern = await getRecord(q, resources.pattern, patternId);
  const [tally] = await q.query<{ channels: number; days: { day: string; reports: number }[]; rank: number | null }>(
    `select (select count(*)::int from pattern_channels where pattern_id = $1) as channels,
            coalesce((select json_agg(json_build_object('day', to_char(day, 'YYYY-MM-DD'), 'reports', reports))
                        from pattern_days where pattern_id = $1 and day > ($2::timestamptz at time zone 'UTC')::date - 35), '[]') as days,
            case when $3 = 'open' then 1 + (select count(*)::int from patterns where status = 'open' and priority > $4) end as rank`,
    [patternId, now.toISOString(), pattern.status, pattern.priority],
  );
  const reports = {
    low: Number(pattern.reportLow),
    normal: Number(pattern.reportNormal),
    high: Number(pattern.reportHigh),
    critical: Number(pattern.reportCritical),
  };
  const lastSignalAt = pattern.lastSignalAt ? new Date(String(pattern.lastSignalAt)) : null;
  const explained = explainPriority(
    { ...reports, reach: Number(pattern.reach), lastSignalAt, channels: tally?.channels ?? 0, days: tally?.days ?? [] },
    now,
  );
  return {
    patternId,
    ...explained,
    storedPriority: Number(pattern.priority),
    rank: tally?.rank ?? null,
    emergingSince: pattern.emergingSince ? new Date(String(pattern.emergingSince)).toISOString() : null,
    reports,
    reach: Number(pattern.reach),
    lastSignalAt: lastSignalAt?.toISOString() ?? null,
    computedAt: now.toISOString(),
  };
}
