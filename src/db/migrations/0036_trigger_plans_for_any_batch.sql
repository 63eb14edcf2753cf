-- Issue #11 and #13: the attachment trigger's plans no longer depend on its first call in a session.
-- PL/pgSQL plans a statement that has no parameters once per session (a generic plan), with the row
-- count the transition table `added` had then. A connection whose first attachment was one signal (or
-- none: a statement trigger fires for zero rows too) kept plans made for one row, and a later batch of
-- 1,000 on it ran them: the new signals joined by a nested loop that fetched all 1,000 for each one
-- (`Rows Removed by Join Filter: 498501`, ~390 ms, three times), and each person's earlier reports found
-- by reading every attachment of the pattern (6,715 rows per pair at a million signals, ~800 ms): 2.1 s
-- of a 1,000-signal automatic attachment (auto_explain, docs/BENCHMARKS.md). Each statement now looks
-- each new signal up by primary key through a LATERAL subquery the planner cannot flatten (`offset 0`),
-- and a person's earlier reports on the pattern through their own few signals, each probed in the
-- pattern's attachments by primary key: the same work for one signal or a thousand, whatever the plan
-- was made for. The same results. The detachment trigger the same way: there the first call of a
-- session may be a merge moving thousands of signals, whose plan would hash the whole signals table for
-- every single detachment after it (0015).
create or replace function pattern_signals_attached() returns trigger language plpgsql as $$
begin
  perform 1 from patterns where id in (select pattern_id from added) order by id for no key update;
  insert into pattern_channels (pattern_id, channel_id, reports)
  select a.pattern_id, s.channel_id, count(*) from added a cross join lateral (select s.channel_id, s.kind, s.urgency, s.received_at, s.contact_id from signals s where s.id = a.signal_id offset 0) s
   where s.kind = 'report' group by 1, 2
  on conflict (pattern_id, channel_id) do update set reports = pattern_channels.reports + excluded.reports;
  insert into pattern_days (pattern_id, day, reports)
  select a.pattern_id, (s.received_at at time zone 'UTC')::date, count(*) from added a cross join lateral (select s.channel_id, s.kind, s.urgency, s.received_at, s.contact_id from signals s where s.id = a.signal_id offset 0) s
   where s.kind = 'report' group by 1, 2
  on conflict (pattern_id, day) do update set reports = pattern_days.reports + excluded.reports;
  with changes as (
    select a.pattern_id, s.kind, s.urgency, s.received_at, s.contact_id from added a cross join lateral (select s.channel_id, s.kind, s.urgency, s.received_at, s.contact_id from signals s where s.id = a.signal_id offset 0) s
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
    select p.pattern_id, sum(c.weight)::float8 as reach
      from pairs p join contacts c on c.id = p.contact_id
     where p.added = (select count(*) from signals s
                       cross join lateral (select from signal_patterns sp
                                            where sp.pattern_id = p.pattern_id and sp.signal_id = s.id offset 0) sp
                       where s.contact_id = p.contact_id and s.kind = 'report')
     group by p.pattern_id
  ), next_values as (
    select p.id, p.signal_count + x.signals as signal_count, p.report_low + x.low as low,
           p.report_normal + x.normal as normal, p.report_high + x.high as high,
           p.report_critical + x.critical as critical, p.reach + coalesce(r.reach, 0) as reach,
           greatest(p.last_signal_at, x.last_at) as last_at, m.factor, m.emerging,
           m.emerging and p.emerging_since is null as starts
      from per_pattern x join patterns p on p.id = x.pattern_id left join new_reach r on r.pattern_id = x.pattern_id
      cross join lateral loopwork_pattern_momentum(p.id, now()) m
  ), updated as (
    update patterns p
       set signal_count = n.signal_count, report_low = n.low, report_normal = n.normal, report_high = n.high,
           report_critical = n.critical, reach = n.reach, last_signal_at = n.last_at, momentum = n.factor,
           emerging_since = case when n.emerging then coalesce(p.emerging_since, now()) end,
           priority = round((loopwork_priority(n.low, n.normal, n.high, n.critical, n.reach, n.last_at, now())
                             * n.factor)::numeric, 3),
           priority_refreshed_at = now()
      from next_values n where p.id = n.id
    returning p.id, n.starts, p.priority, n.factor
  )
  insert into timeline_events (actor, entity_type, entity_id, verb, after)
  select 'system:priority', 'pattern', u.id::text, 'emerging', jsonb_build_object('priority', u.priority, 'momentum', u.factor)
    from updated u where u.starts;
  return null;
end
$$;

create or replace function pattern_signals_detached() returns trigger language plpgsql as $$
begin
  perform 1 from patterns where id in (select pattern_id from removed) order by id for no key update;
  update pattern_channels pc set reports = pc.reports - x.n
    from (select r.pattern_id, s.channel_id, count(*)::int as n from removed r cross join lateral (select s.channel_id, s.kind, s.urgency, s.received_at, s.contact_id from signals s where s.id = r.signal_id offset 0) s
           where s.kind = 'report' group by 1, 2) x
   where pc.pattern_id = x.pattern_id and pc.channel_id = x.channel_id;
  update pattern_days pd set reports = pd.reports - x.n
    from (select r.pattern_id, (s.received_at at time zone 'UTC')::date as day, count(*)::int as n
            from removed r cross join lateral (select s.channel_id, s.kind, s.urgency, s.received_at, s.contact_id from signals s where s.id = r.signal_id offset 0) s where s.kind = 'report' group by 1, 2) x
   where pd.pattern_id = x.pattern_id and pd.day = x.day;
  delete from pattern_channels where pattern_id in (select pattern_id from removed) and reports <= 0;
  delete from pattern_days where pattern_id in (select pattern_id from removed) and reports <= 0;
  with changes as (
    select r.pattern_id, s.kind, s.urgency, s.received_at, s.contact_id from removed r cross join lateral (select s.channel_id, s.kind, s.urgency, s.received_at, s.contact_id from signals s where s.id = r.signal_id offset 0) s
  ), per_pattern as (
    select pattern_id, count(*)::int as signals,
           count(*) filter (where kind = 'report' and urgency = 'low')::int as low,
           count(*) filter (where kind = 'report' and urgency = 'normal')::int as normal,
           count(*) filter (where kind = 'report' and urgency = 'high')::int as high,
           count(*) filter (where kind = 'report' and urgency = 'critical')::int as critical,
           max(received_at) filter (where kind = 'report') as last_at
      from changes group by pattern_id
  ), gone_reach as (
    select p.pattern_id, sum(c.weight)::float8 as reach
      from (select distinct pattern_id, contact_id from changes where kind = 'report' and contact_id is not null) p
      join contacts c on c.id = p.contact_id
     where not exists (select from signals s
                        cross join lateral (select from signal_patterns sp
                                             where sp.pattern_id = p.pattern_id and sp.signal_id = s.id offset 0) sp
                        where s.contact_id = p.contact_id and s.kind = 'report')
     group by p.pattern_id
  ), next_values as (
    select p.id, p.signal_count - x.signals as signal_count, p.report_low - x.low as low,
           p.report_normal - x.normal as normal, p.report_high - x.high as high,
           p.report_critical - x.critical as critical, greatest(0, p.reach - coalesce(r.reach, 0)) as reach,
           case when x.last_at is null or x.last_at < p.last_signal_at then p.last_signal_at
                else (select max(s.received_at) from signal_patterns sp join signals s on s.id = sp.signal_id
                       where sp.pattern_id = p.id and s.kind = 'report') end as last_at,
           m.factor, m.emerging
      from per_pattern x join patterns p on p.id = x.pattern_id left join gone_reach r on r.pattern_id = x.pattern_id
      cross join lateral loopwork_pattern_momentum(p.id, now()) m
  )
  update patterns p
     set signal_count = n.signal_count, report_low = n.low, report_normal = n.normal, report_high = n.high,
         report_critical = n.critical, reach = n.reach, last_signal_at = n.last_at, momentum = n.factor,
         emerging_since = case when n.emerging then p.emerging_since end,
         priority = round((loopwork_priority(n.low, n.normal, n.high, n.critical, n.reach, n.last_at, now())
                           * n.factor)::numeric, 3),
         priority_refreshed_at = now()
    from next_values n where p.id = n.id;
  return null;
end
$$;
