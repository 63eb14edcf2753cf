-- Merge and split patterns (issue #11 item 4), reversible. A merge moves the source's attachments and
-- improvement links to the target and leaves the source as status 'merged' (merged_into_id says where);
-- a split moves chosen attachments to a new pattern. Each move is recorded with every attachment it
-- moved as it was (who attached it, when, with what score), so that an undo puts back exactly that.
alter table patterns drop constraint patterns_status_check;
alter table patterns add constraint patterns_status_check check (status in ('open', 'addressed', 'dismissed', 'merged'));
alter table patterns add column merged_into_id uuid references patterns;

-- Where an attachment came from when a merge or split moved it (null: attached here directly). The
-- original attached_by, attached_at and score are kept as they were.
alter table signal_patterns add column moved_from uuid references patterns;
alter table signal_patterns add column moved_at timestamptz;

create table pattern_moves (
  id uuid primary key default loopwork_uuid(),
  kind text not null check (kind in ('merge', 'split')),
  source_id uuid not null references patterns,
  target_id uuid not null references patterns,
  actor text not null,
  created_at timestamptz not null default now(),
  undone_at timestamptz,
  undone_by text
);
create index pattern_moves_source on pattern_moves (source_id, created_at desc);
create index pattern_moves_target on pattern_moves (target_id, created_at desc);

-- One row per attachment a move took from the source: as it was before the move. already_there: the
-- target held the signal before (the source's row was dropped, the target's kept, and an undo must not
-- take it from the target).
create table pattern_move_signals (
  move_id uuid not null references pattern_moves,
  signal_id uuid not null references signals,
  attached_by text not null,
  score real not null,
  attached_at timestamptz not null,
  moved_from uuid,
  moved_at timestamptz,
  already_there boolean not null,
  primary key (move_id, signal_id)
);

-- Improvement links a merge took from the source, the same way.
create table pattern_move_improvements (
  move_id uuid not null references pattern_moves,
  improvement_id uuid not null references improvements on delete cascade,
  already_there boolean not null,
  primary key (move_id, improvement_id)
);
