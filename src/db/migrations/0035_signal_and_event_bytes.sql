-- Issue #13, bytes per signal sent one per call (docs/BENCHMARKS.md):
-- * a transaction's events are told apart by the id of the transaction that wrote them, which every row
--   already holds (`xmin`): the tx_id column (8 bytes an event) goes, as its index did in 0034;
-- * a contact's signals are found by contact alone: the index deduplicates a person's signals into one
--   entry (~35 bytes a signal less than with the id in the key); a contact's page sorts their signals.
alter table timeline_events drop column tx_id;
drop index signals_contact;
create index signals_contact on signals (contact_id);
