import type { Queryable } from "../db/connect.js";

/** One limit: at most `max` units per `windowSeconds` for `key`. */
export interface RateLimit {
  /** What is counted: the limit's name and whose it is ("w:c:<credential hash>", "g:/session:<address>"). */
  key: string;
  max: number;
  windowSeconds: number;
}

/** What a request learnt from its limit: whether it may go on, what is left, when the window ends. */
export interface RateLimitOutcome {
  allowed: boolean;
  remaining: number;
  /** Seconds until the current window ends (a new one starts with nothing counted). */
  resetSeconds: number;
}

// The window starts at the key's first request (the database's clock, so every process agrees) and
// lasts windowSeconds; the first request after it ended starts a new one. A request that would go over
// the limit is refused and not counted: a client that sent too big a batch can send a smaller one (the
// WHERE on the conflict leaves the row as it was). In ON CONFLICT, excluded.window_start is "now".
const ended = "w.window_start <= excluded.window_start - $3::int * interval '1 second'";
const countSql = `
  insert into rate_limit_windows as w (key, window_start, hits) values ($1, clock_timestamp(), $2::int)
  on conflict (key) do update
    set hits = case when ${ended} then excluded.hits else w.hits + excluded.hits end,
        window_start = case when ${ended} then excluded.window_start else w.window_start end
    where ${ended} or w.hits + excluded.hits <= $4::int
  returning hits, ceil(extract(epoch from w.window_start + $3::int * interval '1 second' - clock_timestamp()))::int as reset`;

const resetSql = `select ceil(extract(epoch from window_start + $2::int * interval '1 second' - clock_timestamp()))::int as reset
                    from rate_limit_windows where key = $1`;

/**
 * Counts `cost` units (1 for a request, the number of signals for a batch) against a limit shared by
 * every process on the database: one upsert, in its own statement (never inside a caller's transaction,
 * so a refused or failed request still counted what it was allowed). Refuses without counting when the
 * units would go over the limit.
 */
export async function consumeRateLimit(db: Queryable, limit: RateLimit, cost = 1): Promise<RateLimitOutcome> {
  const { key, max, windowSeconds } = limit;
  if (cost <= max) {
    const [row] = await db.query<{ hits: number; reset: number }>(
      countSql,
      [key, cost, windowSeconds, max],
      "consume_rate_limit",
    );
    if (row) return { allowed: true, remaining: max - row.hits, resetSeconds: Math.max(1, row.reset) };
  }
  const [row] = await db.query<{ reset: number }>(resetSql, [key, windowSeconds], "rate_limit_reset");
  return { allowed: false, remaining: 0, resetSeconds: Math.max(1, row?.reset ?? windowSeconds) };
}

/** Forgets windows that started more than `olderThanSeconds` ago (the worker's maintenance); returns how many. */
export async function forgetEndedWindows(db: Queryable, olderThanSeconds = 300): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `with gone as (delete from rate_limit_windows where window_start < now() - $1::int * interval '1 second' returning 1)
     select count(*) as n from gone`,
    [olderThanSeconds],
  );
  return row?.n ?? 0;
}
