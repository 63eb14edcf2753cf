-- Accounts and access (docs/SECURITY.md): passwords, roles per loop, sessions, API tokens, one-time links.
-- Secrets are stored only as hashes: a scrypt hash for passwords, SHA-256 for random 256-bit tokens
-- (a KDF adds nothing to a secret that cannot be guessed).

alter table users add column password_hash text;
-- An administrator of the whole installation: owner of every loop, manages people and environments.
alter table users add column admin boolean not null default false;

create table memberships (
  loop_id uuid not null references loops on delete cascade,
  user_id uuid not null references users on delete cascade,
  role text not null check (role in ('owner', 'builder', 'viewer')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (loop_id, user_id)
);
create index memberships_user on memberships (user_id);

create table sessions (
  id uuid primary key default loopwork_uuid(),
  token_hash text not null unique,
  user_id uuid not null references users on delete cascade,
  -- Sent back in X-CSRF-Token by the browser on every change: a cross-site form cannot know it.
  csrf_token text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  ended_at timestamptz
);
create index sessions_user on sessions (user_id);

create table api_tokens (
  id uuid primary key default loopwork_uuid(),
  user_id uuid not null references users on delete cascade,
  -- A bound token acts only in this loop.
  loop_id uuid references loops on delete cascade,
  name text not null,
  scope text not null check (scope in ('read', 'write', 'deploy', 'admin')),
  token_hash text not null unique,
  -- The first characters of the token, to recognise it in a list; never enough to use it.
  prefix text not null,
  expires_at timestamptz,
  revoked_at timestamptz,
  last_used_at timestamptz,
  created_at timestamptz not null default now()
);
create index api_tokens_user on api_tokens (user_id, id);
create index api_tokens_loop on api_tokens (loop_id, id);

-- Links that work once: "setup" makes the first administrator, "invitation" lets a person set a password.
create table one_time_links (
  id uuid primary key default loopwork_uuid(),
  token_hash text not null unique,
  purpose text not null check (purpose in ('setup', 'invitation')),
  user_id uuid references users on delete cascade,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);

-- Patterns stay one knowledge base, but who may change one follows the loop that owns it. Existing
-- patterns go to the loop of their first improvement, else of their first signal's channel.
alter table patterns add column loop_id uuid references loops;
update patterns p set loop_id = coalesce(
  (select i.loop_id from improvement_patterns ip join improvements i on i.id = ip.improvement_id
    where ip.pattern_id = p.id order by i.id limit 1),
  (select c.loop_id from signal_patterns sp join signals s on s.id = sp.signal_id
     join channels c on c.id = s.channel_id where sp.pattern_id = p.id order by sp.attached_at limit 1));
create index patterns_loop on patterns (loop_id);
