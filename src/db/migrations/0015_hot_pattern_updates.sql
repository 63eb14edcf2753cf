-- Issue #13, bytes per signal: every attachment updates its pattern's aggregates and priority (the
-- triggers of 0012). With the priority indexed no such update could be HOT: each one left a new entry in
-- every index of patterns, and a dead row version, until vacuum (the embedded database has none) — 60 to
-- 70 bytes a signal sent one per call. The index served `GET /patterns?sort=priority&status=…` only; a
-- list sorts the patterns it filtered (a loop's: patterns_loop) instead, a few thousand rows at most.
drop index patterns_status_priority;
-- Room on every page for the next version of its rows: a HOT update needs it on the same page, and
-- pruning (without vacuum) makes it again from the dead versions.
alter table patterns set (fillfactor = 70);
