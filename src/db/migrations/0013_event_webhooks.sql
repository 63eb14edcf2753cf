-- Outgoing event webhooks (docs/API.md "Event webhooks"): an owner of a loop, or an administrator for
-- the whole installation, subscribes a URL to event types. When a transaction commits timeline events
-- of those types, the same transaction queues one outbox row (kind 'event') per matching subscription
-- (src/services/event-deliveries.ts); the worker signs and posts it, with retries.
create table webhook_subscriptions (
  id uuid primary key default loopwork_uuid(),
  -- The loop whose events it receives; null: every loop's (administrators only).
  loop_id uuid references loops on delete cascade,
  url text not null,
  -- The HMAC key of its deliveries (docs/SECURITY.md). Write-only: the API never shows it again.
  secret text not null,
  event_types text[] not null check (cardinality(event_types) > 0),
  -- Let deliveries reach loopback, private and link-local addresses (refused by default: SSRF).
  allow_private_network boolean not null default false,
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index webhook_subscriptions_loop on webhook_subscriptions (loop_id, id);

-- The outbox takes kind 'event'. The check is extended, not rewritten: whatever kinds earlier
-- migrations allowed stay allowed, in whatever order the branches that added them were merged.
do $$
declare
  definition text;
begin
  select pg_get_constraintdef(c.oid) into definition
    from pg_constraint c where c.conrelid = 'outbox'::regclass and c.conname = 'outbox_kind_check';
  alter table outbox drop constraint outbox_kind_check;
  execute format('alter table outbox add constraint outbox_kind_check check (%s or kind = %L)',
                 regexp_replace(definition, '^CHECK ', ''), 'event');
end
$$;
