-- The bodies of the GitHub deliveries a channel took, by their SHA-256. GitHub signs the body but not
-- X-GitHub-Delivery: a captured delivery sent again under a fresh delivery id verifies, and would apply
-- again (an old `edited` comment reverting the message). Its body is the same bytes, so it is found here
-- and answered as a duplicate. GitHub's own redelivery keeps its id and its body: a duplicate either way.
create table github_delivery_bodies (
  channel_id uuid not null references channels,
  body_sha256 bytea not null,
  received_at timestamptz not null default now(),
  primary key (channel_id, body_sha256)
);
