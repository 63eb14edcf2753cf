-- Search (issue #11): ranked full text over signals, patterns, improvements and contacts, title over
-- body, with prefix matching for search-as-you-type, and trigram similarity on titles for typos.
-- Expression GIN indexes, no stored tsvector columns: a stored tsvector costs its bytes in the row
-- (TOASTed or not) and again in the index; the expression costs only the index (issue #13 counts
-- bytes per signal). Queries must repeat the same expression: the `search` of each resource in
-- src/services/resources.ts.
-- fastupdate = off: the pending list of a GIN index holds new entries uncompressed until vacuum
-- (measured: signals 507 → 964 bytes each with it, → 586 without; bench/storage.ts). Contacts keep it:
-- each has a unique email, and leaf splits without it cost more than the pending list does.
create extension if not exists pg_trgm;

-- A document: the title weighted A, the body B ('english': stems, drops stop words, which also keeps
-- the index small). Immutable, so an index may be built on it; plain SQL, so the planner inlines it.
create function loopwork_document(title text, body text) returns tsvector
language sql immutable parallel safe as $$
  select setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
      || setweight(to_tsvector('english'::regconfig, coalesce(body, '')), 'B')
$$;

create index signals_search on signals using gin (loopwork_document(title, body)) with (fastupdate = off);
create index patterns_search on patterns using gin (loopwork_document(title, description)) with (fastupdate = off);
create index patterns_title_trgm on patterns using gin (title gin_trgm_ops) with (fastupdate = off);
create index improvements_search on improvements
  using gin (loopwork_document(title, why || ' ' || what || ' ' || how)) with (fastupdate = off);
create index improvements_title_trgm on improvements using gin (title gin_trgm_ops) with (fastupdate = off);
create index contacts_search on contacts
  using gin (loopwork_document(name, coalesce(email, '') || ' ' || coalesce(account, '')));
