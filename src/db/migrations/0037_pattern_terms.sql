-- Issue #11, suggestions at a million signals: the matcher finds patterns by their own title and
-- description through each of a report's naming terms, the first 2,000 patterns holding it. Through the
-- GIN index of 0016 that is a bitmap and then a visit of each pattern's wide row (~900 bytes, fillfactor
-- 70) to learn its id: 12 terms × up to 2,000 rows, 13 ms of a suggestion's ~25 (docs/BENCHMARKS.md).
-- pattern_terms holds each pattern's lexemes (those of loopwork_document(title, description), the same
-- the GIN index holds) keyed by term: the ids come from an index-only scan. Patterns are few and their
-- text changes seldom: kept by triggers on insert and on a change of title or description, never on the
-- attachment triggers' updates of the aggregates.
create table pattern_terms (
  term text not null,
  pattern_id uuid not null references patterns (id) on delete cascade,
  primary key (term, pattern_id)
);

insert into pattern_terms (term, pattern_id)
select distinct t.term, p.id from patterns p
 cross join lateral unnest(tsvector_to_array(loopwork_document(p.title, p.description))) as t(term);

create function pattern_terms_inserted() returns trigger language plpgsql as $$
begin
  insert into pattern_terms (term, pattern_id)
  select distinct t.term, n.id from new_patterns n
   cross join lateral unnest(tsvector_to_array(loopwork_document(n.title, n.description))) as t(term)
  on conflict do nothing;
  return null;
end
$$;

create trigger pattern_terms_inserted after insert on patterns
  referencing new table as new_patterns for each statement execute function pattern_terms_inserted();

create function pattern_terms_changed() returns trigger language plpgsql as $$
begin
  delete from pattern_terms where pattern_id = new.id;
  insert into pattern_terms (term, pattern_id)
  select distinct t.term, new.id from unnest(tsvector_to_array(loopwork_document(new.title, new.description))) as t(term);
  return null;
end
$$;

create trigger pattern_terms_changed after update of title, description on patterns
  for each row when (old.title is distinct from new.title or old.description is distinct from new.description)
  execute function pattern_terms_changed();
