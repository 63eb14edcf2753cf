-- The timeline's horizon (docs/adr/0002, "Amended: the horizon"): the greatest event id at or below
-- which every event is committed or never will be. Event ids come from a sequence when an event is
-- inserted, not when its transaction commits: a transaction that writes early and commits late (a
-- snapback telling people, a delivery held open) commits lower ids after faster ones were read, and a
-- reader that resumes "after the last id it saw" would skip them for ever.
--
-- Every transaction that writes events says so before its first id is taken: a shared advisory lock
-- keyed by the sequence's value then, held until it commits or rolls back. Its ids are all above that
-- key. The two int4 form (objsubid 2, a form nothing else in Loopwork uses): the low 32 bits in the
-- second key, the high 16 bits in the first beside a tag (0x4C57, "LW", in its high half) that tells
-- these locks from anyone else's two-key advisory locks. Ids stay below 2^48 (281 trillion events).
-- The sequence hands out one id at a time (CACHE 1, bigserial's default): with a cache, a session
-- would take ids below the value read here.

create function loopwork_timeline_claim() returns trigger language plpgsql as $$
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
  return null;
end $$;

create trigger timeline_events_claim before insert on timeline_events
  for each statement execute function loopwork_timeline_claim();

-- The horizon, as a reader of the timeline sees it now: the sequence's value read first, then the
-- lowest claim of any other transaction still open (pg_locks, this database). An id at or below the
-- sequence's value was taken after its transaction's claim; if that transaction is still open its claim
-- is seen, and lies below the id; if it has ended, a statement started after this one sees its events.
-- (A reader may see a horizon a little lower than one read just before it — a claim read from the
-- sequence before it shows in pg_locks —; each is true, and readers keep the greatest they saw.)
create function loopwork_timeline_horizon() returns bigint language plpgsql as $$
declare
  seen bigint;
  claimed bigint;
begin
  select case when is_called then last_value else last_value - 1 end into seen from timeline_events_id_seq;
  select min(((l.classid::bigint - 1280770048) << 32) | l.objid::bigint) into claimed
    from pg_locks l
   where l.locktype = 'advisory' and l.objsubid = 2 and l.pid is distinct from pg_backend_pid()
     and l.classid::bigint between 1280770048 and 1280770048 + 65535
     and l.database = (select oid from pg_database where datname = current_database());
  return least(seen, claimed);
end $$;
