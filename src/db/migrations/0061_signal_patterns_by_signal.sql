-- Issue #11, intake with matching: the matcher reads, with each attached signal it finds through one of
-- a report's rare terms, the patterns that signal is attached to (src/services/suggest-patterns.ts,
-- signalPostings) — ~40,000 a batch of 1,000 reports. With both ids in the index it reads them from the
-- index alone (where the page is all-visible), as it read before only whether the signal was attached.
-- The index on signal_id alone answered every other question of signal_patterns by signal; this one
-- answers them the same.
create index signal_patterns_signal_pattern on signal_patterns (signal_id, pattern_id);
drop index signal_patterns_signal;
