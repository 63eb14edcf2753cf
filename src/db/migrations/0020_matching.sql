-- The matcher's configuration, versioned (issue #11): fingerprint rules, the minimum score shown and how
-- many suggestions. Every change inserts a new version and never edits an old one; an automatic
-- attachment names the version that made it (attached_by 'matcher:v<version>'), so a change affects new
-- signals only and old ones are never re-filed. The newest version is the one in force.
create table matcher_versions (
  version integer primary key,
  config jsonb not null,
  created_by text not null,
  created_at timestamptz not null default now()
);
insert into matcher_versions (version, config, created_by)
values (1, '{"rules": [], "minScore": 0.05, "limit": 5}', 'system:migration');
