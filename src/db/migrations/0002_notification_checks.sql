-- Snapback inserts one notification per contact per addressed pattern — 20,000 in one statement for a
-- large release — and the four foreign-key checks per row were half of that statement's time
-- (docs/BENCHMARKS.md). Every such row is made by snapback from the pattern, contact, signal and
-- deployment it reads in the same transaction, and nothing deletes those, so the checks guard against
-- nothing that can happen. The outbox keeps its check on notification_id.
alter table notifications drop constraint notifications_pattern_id_fkey;
alter table notifications drop constraint notifications_contact_id_fkey;
alter table notifications drop constraint notifications_signal_id_fkey;
alter table notifications drop constraint notifications_deployment_id_fkey;
