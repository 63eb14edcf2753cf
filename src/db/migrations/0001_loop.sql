-- The whole loop: DESIGN §1. Every id is a UUIDv7: it sorts by creation time to the millisecond, so
-- "order by id" lists newest or oldest first and cursor pagination is "id > cursor".

create function loopwork_uuid() returns uuid language sql volatile as $$
  select encode(
    set_bit(set_bit(
      overlay(uuid_send(gen_random_uuid())
              placing substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3)
              from 1 for 6),
      52, 1), 53, 1), 'hex')::uuid
$$;

create table settings (
  key text primary key,
  value jsonb not null
);

create table users (
  id uuid primary key default loopwork_uuid(),
  email text not null,
  name text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index users_email on users (lower(email));

create table loops (
  id uuid primary key default loopwork_uuid(),
  slug text not null unique,
  name text not null,
  description text not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table products (
  id uuid primary key default loopwork_uuid(),
  loop_id uuid not null references loops,
  slug text not null unique,
  name text not null,
  description text not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index products_loop on products (loop_id);

-- A component is a code repository; many products may be built from it.
create table components (
  id uuid primary key default loopwork_uuid(),
  slug text not null unique,
  name text not null,
  repository_url text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table product_components (
  product_id uuid not null references products on delete cascade,
  component_id uuid not null references components,
  primary key (product_id, component_id)
);
create index product_components_component on product_components (component_id);

create table channels (
  id uuid primary key default loopwork_uuid(),
  loop_id uuid not null references loops,
  slug text not null unique,
  name text not null,
  kind text not null check (kind in ('email', 'forum', 'github', 'chat', 'widget', 'api', 'webhook', 'csv')),
  -- Transport settings (e.g. webhookUrl, webhookSecret). Secrets never leave through the API.
  config jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index channels_loop on channels (loop_id);

-- A person outside the company. weight is the reach of their account/plan (1 = an ordinary user).
create table contacts (
  id uuid primary key default loopwork_uuid(),
  name text not null,
  email text,
  account text,
  weight real not null default 1 check (weight > 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index contacts_email on contacts (lower(email)) where email is not null;

create table signals (
  id uuid primary key default loopwork_uuid(),
  channel_id uuid not null references channels,
  contact_id uuid references contacts,
  kind text not null default 'report' check (kind in ('report', 'works', 'still_broken')),
  title text not null,
  body text not null default '',
  urgency text not null default 'normal' check (urgency in ('low', 'normal', 'high', 'critical')),
  received_at timestamptz not null default now(),
  -- Where to answer: an email Message-ID, an issue URL, a forum topic …
  thread_ref text,
  -- The source's own id for this message; a repeated one is the same signal (idempotent ingestion).
  external_id text,
  product_version text,
  raw jsonb,
  created_at timestamptz not null default now()
);
create index signals_channel on signals (channel_id, id);
create index signals_contact on signals (contact_id, id);
create unique index signals_external on signals (channel_id, external_id) where external_id is not null;

create table patterns (
  id uuid primary key default loopwork_uuid(),
  title text not null,
  description text not null default '',
  status text not null default 'open' check (status in ('open', 'addressed', 'dismissed')),
  priority double precision not null default 0,
  -- How many times snapback has addressed this pattern: one notification per contact per generation.
  generation integer not null default 0,
  addressed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index patterns_status_priority on patterns (status, priority desc);

create table signal_patterns (
  signal_id uuid not null references signals,
  pattern_id uuid not null references patterns,
  attached_by text not null,
  score real not null default 1 check (score >= 0 and score <= 1),
  attached_at timestamptz not null default now(),
  primary key (signal_id, pattern_id)
);
create index signal_patterns_pattern on signal_patterns (pattern_id);

create table improvements (
  id uuid primary key default loopwork_uuid(),
  loop_id uuid not null references loops,
  title text not null,
  why text not null default '',
  what text not null default '',
  how text not null default '',
  owner_id uuid references users,
  status text not null default 'proposed'
    check (status in ('proposed', 'approved', 'in_progress', 'completed', 'rejected')),
  completed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index improvements_loop on improvements (loop_id, id);

create table improvement_products (
  improvement_id uuid not null references improvements on delete cascade,
  product_id uuid not null references products,
  primary key (improvement_id, product_id)
);

create table improvement_patterns (
  improvement_id uuid not null references improvements on delete cascade,
  pattern_id uuid not null references patterns,
  primary key (improvement_id, pattern_id)
);
create index improvement_patterns_pattern on improvement_patterns (pattern_id);

create table issues (
  id uuid primary key default loopwork_uuid(),
  component_id uuid not null references components,
  improvement_id uuid references improvements,
  number integer,
  url text,
  title text not null,
  body text not null default '',
  status text not null default 'open' check (status in ('open', 'resolved', 'closed')),
  resolved_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index issues_improvement on issues (improvement_id);
create unique index issues_number on issues (component_id, number) where number is not null;

create table pull_requests (
  id uuid primary key default loopwork_uuid(),
  component_id uuid not null references components,
  number integer,
  url text,
  title text not null,
  status text not null default 'open' check (status in ('open', 'merged', 'closed', 'shipped')),
  merged_at timestamptz,
  shipped_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index pull_requests_component on pull_requests (component_id, status);
create unique index pull_requests_number on pull_requests (component_id, number) where number is not null;

create table pull_request_issues (
  pull_request_id uuid not null references pull_requests,
  issue_id uuid not null references issues,
  primary key (pull_request_id, issue_id)
);
create index pull_request_issues_issue on pull_request_issues (issue_id);

create table versions (
  id uuid primary key default loopwork_uuid(),
  component_id uuid not null references components,
  name text not null,
  created_at timestamptz not null default now(),
  unique (component_id, name)
);

create table version_pull_requests (
  version_id uuid not null references versions,
  pull_request_id uuid not null references pull_requests,
  primary key (version_id, pull_request_id)
);
create index version_pull_requests_pull_request on version_pull_requests (pull_request_id);

create table releases (
  id uuid primary key default loopwork_uuid(),
  product_id uuid not null references products,
  name text not null,
  created_at timestamptz not null default now(),
  unique (product_id, name)
);

create table release_versions (
  release_id uuid not null references releases,
  version_id uuid not null references versions,
  primary key (release_id, version_id)
);
create index release_versions_version on release_versions (version_id);

create table environments (
  name text primary key,
  production boolean not null default false,
  created_at timestamptz not null default now()
);
insert into environments (name, production) values ('production', true), ('staging', false);

create table deployments (
  id uuid primary key default loopwork_uuid(),
  release_id uuid not null references releases,
  environment text not null references environments,
  status text not null default 'pending'
    check (status in ('pending', 'running', 'success', 'failed', 'rolled_back')),
  -- The pipeline's own id for this deployment (a CI run): a repeated one is the same deployment.
  external_id text,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index deployments_release on deployments (release_id);
create unique index deployments_external on deployments (environment, external_id) where external_id is not null;

-- "Component version V is released in product P": written by snapback, first production time kept.
create table version_products (
  version_id uuid not null references versions,
  product_id uuid not null references products,
  deployment_id uuid not null references deployments,
  first_released_at timestamptz not null,
  primary key (version_id, product_id)
);
create index version_products_deployment on version_products (deployment_id);

create table brainstorm_sessions (
  id uuid primary key default loopwork_uuid(),
  loop_id uuid not null references loops,
  kind text not null check (kind in ('what', 'how')),
  scheduled_at timestamptz not null,
  agenda text not null default '',
  notes text not null default '',
  outcomes text not null default '',
  status text not null default 'planned' check (status in ('planned', 'held', 'cancelled')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index brainstorm_sessions_loop on brainstorm_sessions (loop_id, scheduled_at);

create table brainstorm_topics (
  id uuid primary key default loopwork_uuid(),
  loop_id uuid not null references loops,
  kind text not null check (kind in ('what', 'how')),
  title text not null,
  notes text not null default '',
  entity_type text check (entity_type in ('pattern', 'improvement', 'issue', 'signal')),
  entity_id uuid,
  status text not null default 'queued' check (status in ('queued', 'discussed', 'dropped')),
  session_id uuid references brainstorm_sessions,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index brainstorm_topics_loop on brainstorm_topics (loop_id, status, kind);

-- One notification per contact per pattern per generation: the idempotency of snapback.
create table notifications (
  id uuid primary key default loopwork_uuid(),
  pattern_id uuid not null references patterns,
  contact_id uuid not null references contacts,
  generation integer not null,
  -- The signal whose thread is answered (the contact's first signal on the pattern).
  signal_id uuid not null references signals,
  deployment_id uuid not null references deployments,
  first_signal_at timestamptz not null,
  status text not null default 'queued' check (status in ('queued', 'sent', 'failed')),
  sent_at timestamptz,
  answer text check (answer in ('works', 'still_broken')),
  answered_at timestamptz,
  created_at timestamptz not null default now(),
  unique (pattern_id, contact_id, generation)
);
create index notifications_deployment on notifications (deployment_id);
create index notifications_contact on notifications (contact_id);

create table outbox (
  id uuid primary key default loopwork_uuid(),
  kind text not null check (kind in ('notification', 'webhook')),
  idempotency_key text not null unique,
  notification_id uuid references notifications,
  payload jsonb not null default '{}',
  status text not null default 'pending' check (status in ('pending', 'sending', 'delivered', 'dead')),
  attempts integer not null default 0,
  max_attempts integer not null default 8,
  next_attempt_at timestamptz not null default now(),
  locked_until timestamptz,
  last_error text,
  transport text,
  created_at timestamptz not null default now(),
  delivered_at timestamptz
);
create index outbox_due on outbox (next_attempt_at) where status = 'pending';
create index outbox_stale on outbox (locked_until) where status = 'sending';
create index outbox_dead on outbox (id) where status = 'dead';

create table timeline_events (
  id bigserial primary key,
  at timestamptz not null default now(),
  actor text not null,
  entity_type text not null,
  entity_id text not null,
  verb text not null,
  before jsonb,
  after jsonb,
  -- The writing transaction: live subscribers are told its id (NOTIFY) and read its events by it.
  tx_id bigint not null default txid_current()
);
create index timeline_entity on timeline_events (entity_type, entity_id, id);
create index timeline_tx on timeline_events (tx_id);
