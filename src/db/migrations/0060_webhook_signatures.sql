-- The signed requests a webhook channel took, by the SHA-256 of what their signature covers
-- ("<X-Loopwork-Timestamp>.<body>"), with the id that made their signal the same one when repeated.
-- X-Loopwork-Delivery is not signed: a captured request sent again within the five minutes its signature
-- verifies, under a fresh delivery id, made another signal each time. Found here, it is the first's
-- repeat. Kept one day (forget-replay-records.ts): past five minutes its signature no longer verifies.
create table webhook_signatures (
  channel_id uuid not null references channels,
  signed_sha256 bytea not null,
  external_id text not null,
  received_at timestamptz not null default now(),
  primary key (channel_id, signed_sha256)
);
create index webhook_signatures_received on webhook_signatures (received_at);
