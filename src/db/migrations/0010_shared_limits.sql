-- Rate-limit counters shared by every process on this database (issue #8 item 6, #13 item 8): one row
-- per key (the limit's name with a credential's hash or a client's address), counted up by one upsert
-- per limited request; a window starts at the key's first request after the previous one ended.
-- Unlogged: a counter needs no crash safety (a crash forgets at most the current minute) and skips the
-- write-ahead log. Rows whose window ended long ago are deleted by the worker's maintenance
-- (src/jobs/maintain-database.ts).
create unlogged table rate_limit_windows (
  key text primary key,
  window_start timestamptz not null,
  hits integer not null
);
