-- Priority explained (issue #11 item 5): momentum lifts the priority of migration 0012 by velocity
-- (reports this week against the pattern's own 28 days before) and by the number of channels its reports
-- come from (src/core/velocity.ts; a test keeps these functions equal to it). Both are kept by the
-- attachment triggers from two small tallies, so attaching still costs the same at 100 or 100,000
-- signals per pattern: at most 35 day rows and one row per channel are read per pattern touched.
create table pattern_channels (
  pattern_id uuid not null references patterns,
  channel_id uuid not null,
  reports integer not null,
  primary key (pattern_id, channel_id)
);
create table pattern_days (
  pattern_id uuid not null references patterns,
  day date not null,
  reports integer not null,
  primary key (pattern_id, day)
);
alter table patterns
  -- velocity factor × channel factor when the priority was last computed (priority = base × momentum).
  add column momentum double precision not null default 1,
  -- Since when arrivals spike (null: they do not): set by the attachment that starts a spike.
  add column emerging_since timestamptz;

-- The rules of src/core/velocity.ts.
create function loopwork_velocity_factor(recent integer, baseline integer) returns double precision
language sql immutable as $$
  select case when recent < 3 then 1::float8
    else least(2::float8, greatest(1::float8, sqrt((recent / 7.0::float8) / (greatest(baseline, 1) / 28.0::float8)))) end
$$;
create function loopwork_channel_factor(channels integer) returns double precision language sql immutable as $$
  select case when channels <= 1 then 1::float8 else 1 + 0.25 * (ln(channels::float8) / ln(2::float8)) end
$$;
-- A pattern's momentum and whether it is emerging, as of `at`, from its tallies.
create function loopwork_pattern_momentum(pattern uuid, at timestamptz, out factor double precision, out emerging boolean)
language sql stable as $$
  with today as (select (at at time zone 'UTC')::date as d),
  counts as (
    select coalesce(sum(pd.reports) filter (where pd.day > t.d - 7), 0)::int as recent,
           coalesce(sum(pd.reports) filter (where pd.day <= t.d - 7), 0)::int as baseline
      from today t left join pattern_days pd on pd.pattern_id = pattern and pd.day > t.d - 35 and pd.day <= t.d
  )
  select loopwork_velocity_factor(c.recent, c.baseline)
           * loopwork_channel_factor((select count(*)::int from pattern_channels where pattern_id = pattern)),
         c.recent >= 3 and 2 * c.recent >= greatest(c.baseline, 1)
    from counts c
$$;

-- The new signals are read by primary key ("= any(array(...))") and the reach computed once
-- (materialized), as 0015 taught: a plain join let the planner hash the whole signals table per batch.
-- The triggers of 0012, with the tallies kept and the priority lifted by momentum. A pattern that starts
-- to spike gets emerging_since and one timeline event ('emerging'), written here so that whatever path
-- attached the signals (POST /signals, a batch, an answer) says it once.
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

create or replace function pattern_signals_detached() returns trigger language plpgsql as $$
begin
  perform 1 from patterns where id in (select pattern_id from removed) order by id for no key update;
  update pattern_channels pc set reports = pc.reports - x.n
    from (select r.pattern_id, s.channel_id, count(*)::int as n from removed r join signals s on s.id = r.signal_id
           where s.kind = 'report' group by 1, 2) x
   where pc.pattern_id = x.pattern_id and pc.channel_id = x.channel_id;
  update pattern_days pd set reports = pd.reports - x.n
    from (select r.pattern_id, (s.received_at at time zone 'UTC')::date as day, count(*)::int as n
            from removed r join signals s on s.id = r.signal_id where s.kind = 'report' group by 1, 2) x
   where pd.pattern_id = x.pattern_id and pd.day = x.day;
  delete from pattern_channels where pattern_id in (select pattern_id from removed) and reports <= 0;
  delete from pattern_days where pattern_id in (select pattern_id from removed) and reports <= 0;
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

create or replace function pattern_contacts_reweighed() returns trigger language plpgsql as $$
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
         priority = round((loopwork_priority(p.report_low, p.report_normal, p.report_high, p.report_critical, n.reach,
                                             p.last_signal_at, now()) * p.momentum)::numeric, 3),
         priority_refreshed_at = now()
    from next_values n where p.id = n.id;
  return null;
end
$$;

-- What the patterns already hold.
insert into pattern_channels (pattern_id, channel_id, reports)
select sp.pattern_id, s.channel_id, count(*) from signal_patterns sp join signals s on s.id = sp.signal_id
 where s.kind = 'report' group by 1, 2;
insert into pattern_days (pattern_id, day, reports)
select sp.pattern_id, (s.received_at at time zone 'UTC')::date, count(*) from signal_patterns sp join signals s on s.id = sp.signal_id
 where s.kind = 'report' and s.received_at > now() - interval '36 days' group by 1, 2;
update patterns p
   set momentum = m.factor, emerging_since = case when m.emerging then now() end,
       priority = round((loopwork_priority(p.report_low, p.report_normal, p.report_high, p.report_critical, p.reach,
                                           p.last_signal_at, now()) * m.factor)::numeric, 3),
       priority_refreshed_at = now()
  from patterns q cross join lateral loopwork_pattern_momentum(q.id, now()) m
 where p.id = q.id and p.signal_count > 0;

-- Owners who asked for a daily email of their loop's patterns that began to emerge (PUT
-- /loops/:id/emerging-digest); the worker queues at most one per person, loop and day (outbox kind
-- 'emerging_digest', idempotency key emerging_digest:<user>:<loop>:<day>).
create index patterns_emerging on patterns (emerging_since) where emerging_since is not null;
create table emerging_digests (
  user_id uuid not null references users on delete cascade,
  loop_id uuid not null references loops on delete cascade,
  created_at timestamptz not null default now(),
  primary key (user_id, loop_id)
);
do $$
declare
  definition text;
begin
  select pg_get_constraintdef(c.oid) into definition
    from pg_constraint c where c.conrelid = 'outbox'::regclass and c.conname = 'outbox_kind_check';
  alter table outbox drop constraint outbox_kind_check;
  execute format('alter table outbox add constraint outbox_kind_check check (%s or kind = %L)',
                 regexp_replace(definition, '^CHECK ', ''), 'emerging_digest');
end
$$;
