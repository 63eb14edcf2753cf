-- loopwork_pattern_momentum (0021) as PL/pgSQL: the same result, but its query is planned once per
-- session. PostgreSQL 15 plans the body of a LANGUAGE sql function that it cannot inline (this one
-- returns a record and reads tables) again on every call: auto_explain put 0.48 ms of a 2.2 ms
-- single-signal write in it, a fifth of the server's CPU per POST /signals (docs/BENCHMARKS.md).
create or replace function loopwork_pattern_momentum(pattern uuid, at timestamptz, out factor double precision, out emerging boolean)
language plpgsql stable as $$
declare
  d date := (at at time zone 'UTC')::date;
  recent integer;
  baseline integer;
  channels integer;
begin
  select coalesce(sum(pd.reports) filter (where pd.day > d - 7), 0)::int,
         coalesce(sum(pd.reports) filter (where pd.day <= d - 7), 0)::int
    into recent, baseline
    from pattern_days pd where pd.pattern_id = pattern and pd.day > d - 35 and pd.day <= d;
  select count(*)::int into channels from pattern_channels pc where pc.pattern_id = pattern;
  factor := loopwork_velocity_factor(recent, baseline) * loopwork_channel_factor(channels);
  emerging := recent >= 3 and 2 * recent >= greatest(baseline, 1);
end
$$;
