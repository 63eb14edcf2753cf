-- Issue #13, bytes per signal: every attachment updates its pattern's aggregates and priority (the
-- triggers of 0012). With the priority indexed no such update could be HOT: each one left a new entry in
-- every index of patterns, and a dead row version, until vacuum (the embedded database has none) — 60 to
-- 70 bytes a signal sent one per call. The index served `GET /patterns?sort=priority&status=…` only; a
-- list sorts the patterns it filtered (a loop's: patterns_loop) instead, a few thousand rows at most.
drop index patterns_status_priority;
-- Room on every page for the next version of its rows: a HOT update needs it on the same page, and
-- pruning (without vacuum) makes it again from the dead versions.
alter table patterns set (fillfactor = 70);

-- The attachment trigger of 0012 read the new signals with a join the planner could answer by hashing the
-- whole signals table: each batch cost more as signals grew (80 of a batch's ~250 ms at 20,000 signals,
-- by auto_explain). It now looks them up by primary key, and computes the reach once. The same function
-- otherwise.
create or replace function pattern_signals_attached() returns trigger language plpgsql as $$
begin
  perform 1 from patterns where id in (select pattern_id from added) order by id for no key update;
  with changes as (
    -- "= any(array(…))": the new signals by their primary key. A plain join let the planner hash the
    -- whole signals table to meet 1,000 attachments (80 ms at 20,000 signals, growing with the table).
    select a.pattern_id, s.kind, s.urgency, s.received_at, s.contact_id
      from added a join signals s on s.id = a.signal_id
     where s.id = any(array(select signal_id from added))
  ), per_pattern as (
    select pattern_id, count(*)::int as signals,
           count(*) filter (where kind = 'report' and urgency = 'low')::int as low,
           count(*) filter (where kind = 'report' and urgency = 'normal')::int as normal,
           count(*) filter (where kind = 'report' and urgency = 'high')::int as high,
           count(*) filter (where kind = 'report' and urgency = 'critical')::int as critical,
           max(received_at) filter (where kind = 'report') as last_at
      from changes group by pattern_id
  ), pairs as (
    select pattern_id, contact_id, count(*) as added from changes
     where kind = 'report' and contact_id is not null group by pattern_id, contact_id
  ), new_reach as materialized (
    -- Materialized: computed once. Inlined, the planner (which now expects few changes) ran it again
    -- for every pattern of the batch.
    select p.pattern_id, sum(c.weight)::float8 as reach
      from pairs p join contacts c on c.id = p.contact_id
     where p.added = (select count(*) from signals s join signal_patterns sp on sp.signal_id = s.id
                       where s.contact_id = p.contact_id and s.kind = 'report' and sp.pattern_id = p.pattern_id)
     group by p.pattern_id
  ), next_values as (
    select p.id, p.signal_count + x.signals as signal_count, p.report_low + x.low as low,
           p.report_normal + x.normal as normal, p.report_high + x.high as high,
           p.report_critical + x.critical as critical, p.reach + coalesce(r.reach, 0) as reach,
           greatest(p.last_signal_at, x.last_at) as last_at
      from per_pattern x join patterns p on p.id = x.pattern_id left join new_reach r on r.pattern_id = x.pattern_id
  )
  update patterns p
     set signal_count = n.signal_count, report_low = n.low, report_normal = n.normal, report_high = n.high,
         report_critical = n.critical, reach = n.reach, last_signal_at = n.last_at,
         priority = loopwork_priority(n.low, n.normal, n.high, n.critical, n.reach, n.last_at, now()),
         priority_refreshed_at = now()
    from next_values n where p.id = n.id;
  return null;
end
$$;
