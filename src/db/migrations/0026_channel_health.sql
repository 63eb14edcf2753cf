-- Channel health (docs/CHANNELS.md "Health"): what each channel refused lately, and the indexes that
-- find a channel's deliveries in the outbox. Channel secrets are sealed at start, not here: the key is
-- never in the database (docs/SECURITY.md "Secrets at rest").

-- Inbound deliveries a channel refused (a bad signature, an email not taken in): the newest few per
-- channel only, trimmed on every insert, so a flood of forged requests cannot grow the table.
create table channel_refusals (
  id uuid primary key default loopwork_uuid(),
  channel_id uuid not null references channels on delete cascade,
  at timestamptz not null default now(),
  code text not null,
  reason text not null
);
create index channel_refusals_channel on channel_refusals (channel_id, id);

-- A channel's deliveries: those that name it (github_event, github_backfill), notifications about its
-- signals, and replies in its signals' threads.
create index outbox_channel on outbox ((payload->>'channelId'), id) where payload ? 'channelId';
create index outbox_notification on outbox (notification_id) where notification_id is not null;
create index outbox_reply_message on outbox ((payload->>'messageId')) where kind = 'reply';
create index notifications_signal on notifications (signal_id);
