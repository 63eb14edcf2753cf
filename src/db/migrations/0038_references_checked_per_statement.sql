-- Issue #13, batches at PostgreSQL's own pace: the four references a report writes most (its channel and
-- its person; an attachment's signal and pattern) are checked once per statement instead of once per row.
-- A foreign key checks each new row by itself: a query, an index probe and a row lock for every signal and
-- every attachment, 13–15 ms of a 1,000-signal batch's ~115 ms, the gap between 0.56 and 0.64 of the same
-- run's own insert limit on an Intel Xeon (docs/BENCHMARKS.md). Checked here as sets: the distinct ids a
-- statement names, counted by primary key, and the missing one named only when the count falls short,
-- refused as the foreign key refused it (SQLSTATE 23503, the same message and detail: callers answer
-- not_found with the field's path as before).
--
-- What the foreign keys also did, kept:
-- - an attachment's patterns are locked by the attachment trigger (for no key update, stronger than the
--   key share a foreign key takes), once per pattern;
-- - a delete of a row still referenced is refused. Loopwork never deletes channels, contacts, signals or
--   patterns; a statement that tries is checked by the triggers below, which first lock the referencing
--   table in share mode, so that a report being written meanwhile is waited for and then seen;
-- - an update that changes a reference (none does today) is checked row by row.
-- Not kept (Loopwork does none of these): TRUNCATE of a referenced table alone, and a change of a
-- referenced row's id, are not refused. A delete of a referenced table's rows takes a share lock on the
-- referencing table until its transaction ends: signal writes wait for it meanwhile, and a delete of a
-- pattern racing an attachment to it ends in a deadlock error (40P01) rather than 23503.
-- The rarely written references (a signal's product, an attachment's moved_from) keep their foreign keys.
alter table signals drop constraint signals_channel_id_fkey, drop constraint signals_contact_id_fkey;
alter table signal_patterns drop constraint signal_patterns_signal_id_fkey,
  drop constraint signal_patterns_pattern_id_fkey;

-- Refuses a reference to a row that does not exist, in the words of PostgreSQL's own foreign keys.
create function loopwork_refuse_missing(tbl text, col text, missing uuid, target text) returns void
language plpgsql as $$
begin
  raise exception 'insert or update on table "%" violates foreign key constraint "%"', tbl, tbl || '_' || col || '_fkey'
    using errcode = 'foreign_key_violation', table = tbl, column = col, constraint = tbl || '_' || col || '_fkey',
          detail = format('Key (%s)=(%s) is not present in table "%s".', col, missing, target);
end
$$;

-- A signal's channel and person, once per statement. `= any(array)` probes the primary key once per
-- distinct id, whatever row count the plan was made for (a session's first call, see 0036).
create function signals_references_checked() returns trigger language plpgsql as $$
declare
  channel_ids uuid[] := array(select distinct channel_id from written);
  contact_ids uuid[] := array(select distinct contact_id from written where contact_id is not null);
  missing record;
begin
  if (select count(*) from channels where id = any(channel_ids)) < cardinality(channel_ids)
     or (select count(*) from contacts where id = any(contact_ids)) < cardinality(contact_ids) then
    -- The first row, in the order written, that names something missing: the one a foreign key names.
    select case when c.missing_channel then 'channel_id' else 'contact_id' end as col,
           case when c.missing_channel then w.channel_id else w.contact_id end as id,
           case when c.missing_channel then 'channels' else 'contacts' end as target
      into missing
      from written w
      cross join lateral (select not exists (select from channels ch where ch.id = w.channel_id) as missing_channel,
                                 w.contact_id is not null
                                 and not exists (select from contacts ct where ct.id = w.contact_id) as missing_contact) c
     where c.missing_channel or c.missing_contact
     limit 1;
    perform loopwork_refuse_missing('signals', missing.col, missing.id, missing.target);
  end if;
  return null;
end
$$;

create trigger signals_references_checked after insert on signals
  referencing new table as written for each statement execute function signals_references_checked();

-- An update that changes a reference, row by row.
create function signals_reference_changed() returns trigger language plpgsql as $$
begin
  if not exists (select from channels where id = new.channel_id) then
    perform loopwork_refuse_missing('signals', 'channel_id', new.channel_id, 'channels');
  end if;
  if new.contact_id is not null and not exists (select from contacts where id = new.contact_id) then
    perform loopwork_refuse_missing('signals', 'contact_id', new.contact_id, 'contacts');
  end if;
  return null;
end
$$;

create trigger signals_reference_changed after update of channel_id, contact_id on signals for each row
  when (new.channel_id is distinct from old.channel_id or new.contact_id is distinct from old.contact_id)
  execute function signals_reference_changed();

create function signal_patterns_reference_changed() returns trigger language plpgsql as $$
begin
  if not exists (select from signals where id = new.signal_id) then
    perform loopwork_refuse_missing('signal_patterns', 'signal_id', new.signal_id, 'signals');
  end if;
  if not exists (select from patterns where id = new.pattern_id) then
    perform loopwork_refuse_missing('signal_patterns', 'pattern_id', new.pattern_id, 'patterns');
  end if;
  return null;
end
$$;

create trigger signal_patterns_reference_changed after update of signal_id, pattern_id on signal_patterns
  for each row when (new.signal_id is distinct from old.signal_id or new.pattern_id is distinct from old.pattern_id)
  execute function signal_patterns_reference_changed();

-- A delete of rows still referenced is refused, as the foreign key refused it. Arguments: the referencing
-- table and its column. The share lock waits for the referencing table's writers to finish, so that a
-- reference committed meanwhile is seen by the check that follows (each statement of a function run at
-- read committed takes a new snapshot).
create function loopwork_refuse_referenced_delete() returns trigger language plpgsql as $$
declare
  kept uuid;
begin
  execute format('lock table %I in share mode', tg_argv[0]);
  execute format('select g.id from gone g where exists (select from %I r where r.%I = g.id) limit 1', tg_argv[0],
                 tg_argv[1]) into kept;
  if kept is not null then
    raise exception 'update or delete on table "%" violates foreign key constraint "%" on table "%"', tg_table_name,
          tg_argv[0] || '_' || tg_argv[1] || '_fkey', tg_argv[0]
      using errcode = 'foreign_key_violation', table = tg_argv[0],
            constraint = tg_argv[0] || '_' || tg_argv[1] || '_fkey',
            detail = format('Key (id)=(%s) is still referenced from table "%s".', kept, tg_argv[0]);
  end if;
  return null;
end
$$;

create trigger channels_kept_by_signals after delete on channels referencing old table as gone
  for each statement execute function loopwork_refuse_referenced_delete('signals', 'channel_id');
create trigger contacts_kept_by_signals after delete on contacts referencing old table as gone
  for each statement execute function loopwork_refuse_referenced_delete('signals', 'contact_id');
create trigger signals_kept_by_attachments after delete on signals referencing old table as gone
  for each statement execute function loopwork_refuse_referenced_delete('signal_patterns', 'signal_id');
create trigger patterns_kept_by_attachments after delete on patterns referencing old table as gone
  for each statement execute function loopwork_refuse_referenced_delete('signal_patterns', 'pattern_id');

-- The attachment trigger of 0036, now also the check of its patterns and signals.
create or replace function pattern_signals_attached() returns trigger language plpgsql as $$
declare
  pattern_ids uuid[];
  signal_ids uuid[];
  locked bigint;
  missing record;
begin
  -- The patterns are locked (as a foreign key would lock them, but once per pattern, not once per row) and
  -- counted, and the signals counted by primary key (signals are never deleted, and a delete that would
  -- orphan an attachment is refused by signals_kept_by_attachments). Short of either: the first
  -- attachment, in the order written, naming a missing signal or pattern is refused as a foreign key
  -- refused it (the signal first, as the table's keys are declared).
  pattern_ids := array(select distinct pattern_id from added);
  signal_ids := array(select distinct signal_id from added);
  perform 1 from patterns where id = any(pattern_ids) order by id for no key update;
  get diagnostics locked = row_count;
  if locked < cardinality(pattern_ids)
     or (select count(*) from signals where id = any(signal_ids)) < cardinality(signal_ids) then
    select case when m.missing_signal then 'signal_id' else 'pattern_id' end as col,
           case when m.missing_signal then a.signal_id else a.pattern_id end as id,
           case when m.missing_signal then 'signals' else 'patterns' end as target
      into missing
      from added a
      cross join lateral (select not exists (select from signals s where s.id = a.signal_id) as missing_signal,
                                 not exists (select from patterns p where p.id = a.pattern_id) as missing_pattern) m
     where m.missing_signal or m.missing_pattern
     limit 1;
    perform loopwork_refuse_missing('signal_patterns', missing.col, missing.id, missing.target);
  end if;
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
