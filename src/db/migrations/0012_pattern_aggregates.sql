-- Priority kept incrementally (issue #13): each pattern carries what its priority is computed from
-- (src/core/priority.ts), updated by triggers in the same statement as every attachment and detachment,
-- whatever path writes them (POST /signals, POST /patterns/:id/signals, an answer, SQL typed by hand).
-- Attaching then costs the same at 100 or 100,000 signals per pattern; the worker only applies recency
-- decay (src/jobs/priority-refresher.ts), from these columns, without holding locks while it computes.
alter table patterns
  -- Every attached signal, of any kind.
  add column signal_count integer not null default 0,
  -- Attached reports by urgency (answers, kind 'works' or 'still_broken', do not count towards priority).
  add column report_low integer not null default 0,
  add column report_normal integer not null default 0,
  add column report_high integer not null default 0,
  add column report_critical integer not null default 0,
  -- The summed weight of the distinct contacts behind the reports.
  add column reach double precision not null default 0,
  -- The newest report's received_at.
  add column last_signal_at timestamptz;
drop index patterns_priority_stale;
alter table patterns drop column priority_stale;

-- The rule of src/core/priority.ts in SQL, for the triggers (a test keeps the two equal).
create function loopwork_priority(low integer, normal integer, high integer, critical integer, reach double precision,
                                  last_signal_at timestamptz, at timestamptz)
returns double precision language sql immutable as $$
  select case when low * 0.5 + normal + high * 2 + critical * 4 = 0 or last_signal_at is null then 0::float8
    else round(((low * 0.5 + normal + high * 2 + critical * 4)::float8
                * (1 + ln(1 + reach) / ln(2::float8))
                * power(0.5::float8, greatest(0, extract(epoch from at - last_signal_at)::float8 / 86400) / 14)
                * 1000)::numeric) / 1000 end
$$;

-- Attachments: one update per pattern per statement, patterns locked in id order (two batches on the
-- same patterns in another order would deadlock). A contact adds reach only when it had no report on the
-- pattern before this statement: counted over the contact's own signals (index signals_contact), so the
-- cost follows the person, never the pattern's size.
create function pattern_signals_attached() returns trigger language plpgsql as $$
begin
  perform 1 from patterns where id in (select pattern_id from added) order by id for no key update;
  with changes as (
    select a.pattern_id, s.kind, s.urgency, s.received_at, s.contact_id
      from added a join signals s on s.id = a.signal_id
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
  ), new_reach as (
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

-- Detachments: the same in reverse. Only when the newest report goes is the pattern's newest left
-- looked up again (rare: a person correcting an attachment).
create function pattern_signals_detached() returns trigger language plpgsql as $$
begin
  perform 1 from patterns where id in (select pattern_id from removed) order by id for no key update;
  with changes as (
    select r.pattern_id, s.kind, s.urgency, s.received_at, s.contact_id
      from removed r join signals s on s.id = r.signal_id
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
     where not exists (select 1 from signals s join signal_patterns sp on sp.signal_id = s.id
                        where s.contact_id = p.contact_id and s.kind = 'report' and sp.pattern_id = p.pattern_id)
     group by p.pattern_id
  ), next_values as (
    select p.id, p.signal_count - x.signals as signal_count, p.report_low - x.low as low,
           p.report_normal - x.normal as normal, p.report_high - x.high as high,
           p.report_critical - x.critical as critical, greatest(0, p.reach - coalesce(r.reach, 0)) as reach,
           case when x.last_at is null or x.last_at < p.last_signal_at then p.last_signal_at
                else (select max(s.received_at) from signal_patterns sp join signals s on s.id = sp.signal_id
                       where sp.pattern_id = p.id and s.kind = 'report') end as last_at
      from per_pattern x join patterns p on p.id = x.pattern_id left join gone_reach r on r.pattern_id = x.pattern_id
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

-- A contact's new weight changes the reach of every pattern they reported on.
create function pattern_contacts_reweighed() returns trigger language plpgsql as $$
begin
  perform 1 from patterns where id in (
    select sp.pattern_id from new_contacts n join old_contacts o on o.id = n.id and o.weight <> n.weight
      join signals s on s.contact_id = n.id and s.kind = 'report' join signal_patterns sp on sp.signal_id = s.id)
    order by id for no key update;
  with changed as (
    select distinct sp.pattern_id, (n.weight - o.weight)::float8 as delta, n.id
      from new_contacts n join old_contacts o on o.id = n.id and o.weight <> n.weight
      join signals s on s.contact_id = n.id and s.kind = 'report' join signal_patterns sp on sp.signal_id = s.id
  ), next_values as (
    select p.id, greatest(0, p.reach + sum(c.delta)) as reach
      from changed c join patterns p on p.id = c.pattern_id group by p.id
  )
  update patterns p
     set reach = n.reach,
         priority = loopwork_priority(p.report_low, p.report_normal, p.report_high, p.report_critical, n.reach,
                                      p.last_signal_at, now()),
         priority_refreshed_at = now()
    from next_values n where p.id = n.id;
  return null;
end
$$;

create trigger signal_patterns_attached after insert on signal_patterns
  referencing new table as added for each statement execute function pattern_signals_attached();
create trigger signal_patterns_detached after delete on signal_patterns
  referencing old table as removed for each statement execute function pattern_signals_detached();
create trigger contacts_reweighed after update on contacts
  referencing old table as old_contacts new table as new_contacts
  for each statement execute function pattern_contacts_reweighed();

-- What the patterns already hold.
with counts as (
  select sp.pattern_id, count(*)::int as signals,
         count(*) filter (where s.kind = 'report' and s.urgency = 'low')::int as low,
         count(*) filter (where s.kind = 'report' and s.urgency = 'normal')::int as normal,
         count(*) filter (where s.kind = 'report' and s.urgency = 'high')::int as high,
         count(*) filter (where s.kind = 'report' and s.urgency = 'critical')::int as critical,
         max(s.received_at) filter (where s.kind = 'report') as last_at
    from signal_patterns sp join signals s on s.id = sp.signal_id group by sp.pattern_id
), reach as (
  select x.pattern_id, sum(c.weight)::float8 as reach
    from (select distinct sp.pattern_id, s.contact_id from signal_patterns sp join signals s on s.id = sp.signal_id
           where s.kind = 'report') x join contacts c on c.id = x.contact_id group by x.pattern_id
)
update patterns p
   set signal_count = x.signals, report_low = x.low, report_normal = x.normal, report_high = x.high,
       report_critical = x.critical, reach = coalesce(r.reach, 0), last_signal_at = x.last_at,
       priority = loopwork_priority(x.low, x.normal, x.high, x.critical, coalesce(r.reach, 0), x.last_at, now()),
       priority_refreshed_at = now()
  from counts x left join reach r on r.pattern_id = x.pattern_id where p.id = x.pattern_id;

-- A pattern's attachments newest first (GET /patterns?include=signals, a pattern's trace): the primary
-- key leads with the pattern; a signal's patterns are found by their own index.
alter table signal_patterns drop constraint signal_patterns_pkey;
alter table signal_patterns add primary key (pattern_id, signal_id);
drop index signal_patterns_pattern;
create index signal_patterns_signal on signal_patterns (signal_id);

-- An entity's timeline events are found by a 4-byte hash of its id and the event id: 28 bytes an index
-- entry instead of ~80 for the type, the id as text and the event id. Queries compare the id itself too
-- (src/http/timeline-hub.ts), so two ids sharing a hash cost a skipped row, never a wrong one.
drop index timeline_entity;
create index timeline_entity on timeline_events (hashtext(entity_id), id);
