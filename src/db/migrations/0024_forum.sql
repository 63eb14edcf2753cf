-- Forum (Discourse) channels. A forum knows people by their username and only sometimes says their email:
-- a contact is found by the handle the channel knows them by (unique per channel, so two concurrent
-- webhooks from one person make one contact), by email when the payload carries one.
create table contact_handles (
  channel_id uuid not null references channels,
  handle text not null,
  contact_id uuid not null references contacts,
  created_at timestamptz not null default now(),
  primary key (channel_id, handle)
);
create index contact_handles_contact on contact_handles (contact_id);

-- The Discourse webhook events a channel has applied (X-Discourse-Event-Id): a redelivery is answered
-- as a duplicate and changes nothing. The topic and post ids make a repeat harmless too; this also
-- covers events we ignore, and says so cheaply.
create table forum_events (
  channel_id uuid not null references channels,
  event_id text not null,
  received_at timestamptz not null default now(),
  primary key (channel_id, event_id)
);
