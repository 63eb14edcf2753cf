-- The knowledge base's first page — patterns by priority, highest first — read through an index.
--
-- A pattern's priority moves with every attachment (the triggers of 0012/0038) and with time (the
-- refresher), so patterns keep no index on it: each such update would stop being HOT and write a new
-- entry into every index of patterns, the two GIN ones of search (0015 dropped patterns_status_priority
-- for that). Without one, the top 100 sorted all 50,000 patterns at a million signals: a sequential read
-- of ~5,900 wide pages, 40 of the ~75 ms the page took (docs/BENCHMARKS.md "The top patterns through an
-- index of their own"). This narrow table mirrors each pattern's priority and its index alone takes the
-- new entry; a sorted page walks it and reads each pattern by primary key until its filters are met.
-- Patterns written by another process while this runs would get no mirror row (the backfill reads one
-- snapshot, the triggers exist only from the end of it) and vanish from the ranking: writers wait.
lock table patterns in share row exclusive mode;
create table pattern_ranks (
  pattern_id uuid primary key references patterns on delete cascade,
  priority double precision not null
);
insert into pattern_ranks (pattern_id, priority) select id, priority from patterns;
create index pattern_ranks_priority on pattern_ranks (priority desc, pattern_id desc);

-- Kept by statement: a batch's attachments update hundreds of patterns in one statement, and a row
-- trigger would run once for each.
create function loopwork_rank_new_patterns() returns trigger language plpgsql as $$
begin
  insert into pattern_ranks (pattern_id, priority) select id, priority from new_patterns;
  return null;
end
$$;
create trigger patterns_ranked_on_insert after insert on patterns
  referencing new table as new_patterns for each statement execute function loopwork_rank_new_patterns();

create function loopwork_rank_changed_patterns() returns trigger language plpgsql as $$
begin
  update pattern_ranks r set priority = n.priority
    from new_patterns n where r.pattern_id = n.id and r.priority is distinct from n.priority;
  return null;
end
$$;
create trigger patterns_ranked_on_update after update on patterns
  referencing new table as new_patterns for each statement execute function loopwork_rank_changed_patterns();
