-- Issue #13, bytes per signal: the index on timeline_events.tx_id held one entry per event (~40 bytes a
-- signal sent one per call, ~8 in batches) and was maintained on every write. A transaction's events are
-- now read by primary key from the floor of their ids: the sequence's value when it began, which
-- announcements carry (`<tx_id>:<floor>`, src/services/transaction.ts), and the transaction itself reads
-- its own events from the same floor before it commits.
drop index timeline_tx;
