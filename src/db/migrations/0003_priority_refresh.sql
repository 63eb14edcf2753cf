-- Priorities are refreshed after the fact, not inside every signal's transaction: recomputing a pattern
-- from all its signals was the costliest statement of taking a signal in (docs/BENCHMARKS.md), and
-- recency decays with time anyway, so priorities need a scheduled refresh whatever happens.
alter table patterns add column priority_stale boolean not null default false;
alter table patterns add column priority_refreshed_at timestamptz;
create index patterns_priority_stale on patterns (id) where priority_stale;
