-- A signal's conversation: every message of its thread, in (the email that opened it, the replies that
-- followed, later GitHub comments and forum posts) and out (builders' answers). Generic on purpose:
-- channel_kind names the adapter that speaks it and external_id is that adapter's own id (an email's
-- Message-ID "<a@b>", a GitHub comment id, a forum post id), so every adapter threads the same way.
-- Snapback notifications are not copied here: the notifications table is their record.
create table messages (
  id uuid primary key default loopwork_uuid(),
  signal_id uuid not null references signals,
  channel_kind text not null,
  direction text not null check (direction in ('in', 'out')),
  external_id text,
  -- Who wrote it: a contact (in) or a member (out); both null for a message of no known author.
  author_contact_id uuid references contacts,
  author_user_id uuid references users,
  subject text,
  body text not null default '',
  -- Sanitised (sanitize-html) before it is stored: safe to show as it is.
  html text,
  -- in: received; out: queued → sent, or failed when its delivery died.
  status text not null check (status in ('received', 'queued', 'sent', 'failed')),
  -- What the adapter kept of the original: headers, what was left out and why.
  raw jsonb,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index messages_signal on messages (signal_id, created_at, id);
-- A reply is matched to its thread by the ids it refers to; a repeated delivery is the same message.
create unique index messages_external on messages (channel_kind, external_id) where external_id is not null;
create index messages_contact on messages (author_contact_id) where author_contact_id is not null;

-- Files that came with a message, kept in the database (the one source of truth every process shares)
-- up to a size limit; a larger one is listed with the reason it was not kept and no content.
create table attachments (
  id uuid primary key default loopwork_uuid(),
  message_id uuid not null references messages,
  filename text,
  content_type text not null,
  size integer not null,
  sha256 text,
  content bytea,
  skipped_reason text,
  created_at timestamptz not null default now(),
  check ((content is null) = (skipped_reason is not null))
);
create index attachments_message on attachments (message_id);

-- The outbox takes kind 'reply' (a builder's answer in a signal's thread), extended as 0013 does.
do $$
declare
  definition text;
begin
  select pg_get_constraintdef(c.oid) into definition
    from pg_constraint c where c.conrelid = 'outbox'::regclass and c.conname = 'outbox_kind_check';
  alter table outbox drop constraint outbox_kind_check;
  execute format('alter table outbox add constraint outbox_kind_check check (%s or kind = %L)',
                 regexp_replace(definition, '^CHECK ', ''), 'reply');
end
$$;
