-- GitHub channels (docs/CHANNELS.md "GitHub"). A channel of kind 'github' names one repository in its
-- config: a feedback source (its issues are signals) or a component's repository (its issues, pull
-- requests, releases, tags and deployments are the component's). Deliveries are verified and queued as
-- outbox rows of kind 'github_event' (idempotency key: the channel and X-GitHub-Delivery, so a replayed
-- delivery is one row) and applied by the worker; what goes out to GitHub is queued the same way.
do $$
declare
  definition text;
begin
  select pg_get_constraintdef(c.oid) into definition
    from pg_constraint c where c.conrelid = 'outbox'::regclass and c.conname = 'outbox_kind_check';
  alter table outbox drop constraint outbox_kind_check;
  execute format('alter table outbox add constraint outbox_kind_check check (%s or kind in (%L, %L, %L, %L))',
                 regexp_replace(definition, '^CHECK ', ''), 'github_event', 'github_issue', 'github_comment',
                 'github_backfill');
end
$$;

-- A person on GitHub: one contact per login, whatever repository they write in.
alter table contacts add column github_login text;
create unique index contacts_github_login on contacts (lower(github_login)) where github_login is not null;

-- The comments of a signal's GitHub issue, in and out. A stand-in for the conversation of a signal
-- (issue #12 item 2): each row is one message of it and moves there as it is once that table exists.
create table github_comments (
  id uuid primary key default loopwork_uuid(),
  signal_id uuid not null references signals on delete cascade,
  -- GitHub's id of the comment: a redelivered or backfilled comment is the same row.
  comment_id bigint not null,
  direction text not null check (direction in ('in', 'out')),
  author text not null,
  body text not null default '',
  url text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (signal_id, comment_id)
);
create index github_comments_signal on github_comments (signal_id, id);
