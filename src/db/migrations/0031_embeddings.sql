-- The matcher's optional embeddings (docs/MATCHING.md "Embeddings"): one vector per signal and per
-- pattern and model, as the provider gave it for the text it was given. PGlite has no pgvector, so the
-- vectors are plain real[] and the cosine is computed in TypeScript over the bounded candidate set the
-- text search finds (plus the top patterns by priority): nothing here is searched by vector.
-- digest: the SHA-256 of the text embedded; a retitled pattern or an edited signal no longer matches
-- it and is embedded again when next needed. Rows of another model are simply not read.
create table signal_embeddings (
  signal_id uuid not null references signals on delete cascade,
  model text not null,
  digest text not null,
  vector real[] not null,
  created_at timestamptz not null default now(),
  primary key (signal_id, model)
);

create table pattern_embeddings (
  pattern_id uuid not null references patterns on delete cascade,
  model text not null,
  digest text not null,
  vector real[] not null,
  created_at timestamptz not null default now(),
  primary key (pattern_id, model)
);
