-- Issue #11, intake with matching: what the matcher keeps between batches, kept true without asking
-- about every row again. A batch at a million signals finds ~28,000 candidate patterns and thousands of
-- attached signals; until now it asked the database, for every one of them, whether its status and text
-- were still those it had parsed (statements over every id, a third of a batch on PGlite;
-- docs/MATCHING.md "What the matcher keeps"). Now every change to what the matcher reads of a row is
-- written down in matcher_revisions, and the matcher asks only for the changes since it last looked.
--
-- A revision is a position on the timeline: a value of the timeline's own sequence, taken after the
-- transaction's claim (0053), so the timeline's horizon holds for revisions too — every revision at or
-- below loopwork_timeline_horizon() is committed or never will be. A reader reads the horizon h, then the
-- revisions above the horizon it read last, then anything else it needs, and next time asks above h: a
-- change that commits after h was read has a revision above h. Revisions leave gaps between event ids
-- (the sequence only ever promised order).
--
-- Patterns: on insert and delete, and when title, description, status or merged_into_id change (what the matcher
-- reads of them), never for the attachment triggers' updates of the aggregates. Signals: when title or
-- body change (a forum post's body filled in later), not on insert: a new signal is read the first time
-- the matcher meets it. Rows older than a week are removed by the database's maintenance
-- (src/jobs/maintain-database.ts); a process that last looked more than a day ago starts over.

create function loopwork_timeline_claim_now() returns void language plpgsql as $$
declare
  taken bigint;
begin
  if coalesce(current_setting('loopwork.timeline_claimed', true), '') <> 'on' then
    select case when is_called then last_value else last_value - 1 end into taken from timeline_events_id_seq;
    perform pg_advisory_xact_lock_shared((1280770048 + (taken >> 32))::int4,
      (case when (taken & 4294967295) >= 2147483648 then (taken & 4294967295) - 4294967296
            else taken & 4294967295 end)::int4);
    -- Once per transaction: the first claim is the lowest.
    perform set_config('loopwork.timeline_claimed', 'on', true);
  end if;
end $$;

create or replace function loopwork_timeline_claim() returns trigger language plpgsql as $$
begin
  perform loopwork_timeline_claim_now();
  return null;
end $$;

-- One row a change, not a column: a pattern's and a signal's columns are what the API presents. A
-- pattern's change names the terms it held before (its document's lexemes, when its title or description
-- changed, or it was deleted): the matcher keeps each term's patterns, and must forget those it left.
create table matcher_revisions (
  revision bigint primary key,
  kind text not null check (kind in ('pattern', 'signal')),
  id uuid not null,
  terms text[],
  at timestamptz not null default now()
);
create index matcher_revisions_at on matcher_revisions (at);

create function loopwork_patterns_inserted_revision() returns trigger language plpgsql as $$
begin
  perform loopwork_timeline_claim_now();
  insert into matcher_revisions (revision, kind, id)
  select nextval('timeline_events_id_seq'), 'pattern', n.id from new_patterns n;
  return null;
end $$;

create function loopwork_patterns_deleted_revision() returns trigger language plpgsql as $$
begin
  perform loopwork_timeline_claim_now();
  insert into matcher_revisions (revision, kind, id, terms)
  select nextval('timeline_events_id_seq'), 'pattern', o.id, tsvector_to_array(loopwork_document(o.title, o.description))
    from old_patterns o;
  return null;
end $$;

create function loopwork_pattern_changed_revision() returns trigger language plpgsql as $$
begin
  perform loopwork_timeline_claim_now();
  insert into matcher_revisions (revision, kind, id, terms)
  values (nextval('timeline_events_id_seq'), 'pattern', new.id,
          case when (old.title, old.description) is distinct from (new.title, new.description)
               then tsvector_to_array(loopwork_document(old.title, old.description)) end);
  return null;
end $$;

create function loopwork_signal_changed_revision() returns trigger language plpgsql as $$
begin
  perform loopwork_timeline_claim_now();
  insert into matcher_revisions (revision, kind, id) values (nextval('timeline_events_id_seq'), 'signal', new.id);
  return null;
end $$;

create trigger patterns_revision_inserted after insert on patterns
  referencing new table as new_patterns for each statement execute function loopwork_patterns_inserted_revision();
create trigger patterns_revision_deleted after delete on patterns
  referencing old table as old_patterns for each statement execute function loopwork_patterns_deleted_revision();
create trigger patterns_revision_changed after update of title, description, status, merged_into_id on patterns
  for each row when (
    (old.title, old.description, old.status, old.merged_into_id)
      is distinct from (new.title, new.description, new.status, new.merged_into_id))
  execute function loopwork_pattern_changed_revision();
create trigger signals_revision_changed after update of title, body on signals
  for each row when ((old.title, old.body) is distinct from (new.title, new.body))
  execute function loopwork_signal_changed_revision();
