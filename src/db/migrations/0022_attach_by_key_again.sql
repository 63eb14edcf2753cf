-- 0015 taught the attachment trigger to look the new signals up by primary key ("= any(array(...))": a
-- plain join let the planner hash the whole signals table, each batch costing more as signals grew) and to
-- compute the reach once (materialized). 0021 then replaced the function with momentum and tallies, written
-- from 0012's text, and so lost both. This is 0021's function with them back, in each of its three reads
-- of the new signals.
create or replace function pattern_signals_attached() returns trigger language plpgsql as $$
begin
  perform 1 from patterns where id in (select pattern_id from added) order by id for no key update;
  insert into pattern_channels (pattern_id, channel_id, reports)
  select a.pattern_id, s.channel_id, count(*) from added a join signals s on s.id = a.signal_id
   where s.id = any(array(select signal_id from added)) and s.kind = 'report' group by 1, 2
  on conflict (pattern_id, channel_id) do update set reports = pattern_channels.reports + excluded.reports;
  insert into pattern_days (pattern_id, day, reports)
  select a.pattern_id, (s.received_at at time zone 'UTC')::date, count(*) from added a join signals s on s.id = a.signal_id
   where s.id = any(array(select signal_id from added)) and s.kind = 'report' group by 1, 2
  on conflict (pattern_id, day) do update set reports = pattern_days.reports + excluded.reports;
  with changes as (
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
    select p.pattern_id, sum(c.weight)::float8 as reach
      from pairs p join contacts c on c.id = p.contact_id
     where p.added = (select count(*) from signals s join signal_patterns sp on sp.signal_id = s.id
                       where s.contact_id = p.contact_id and s.kind = 'report' and sp.pattern_id = p.pattern_id)
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
