-- A message deleted where it was written (a GitHub comment) stays deleted: its channel's id is kept here,
-- so a late `edited` or a `created` delivered again after the `deleted` does not bring the message back.
create table deleted_messages (
  channel_kind text not null,
  external_id text not null,
  deleted_at timestamptz not null default now(),
  primary key (channel_kind, external_id)
);
