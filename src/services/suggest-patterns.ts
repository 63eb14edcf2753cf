import { notFound } from "../core/errors.js";
import {
  blendMeaning,
  type Candidate,
  defaultMatcherConfig,
  type MatcherConfig,
  meaningOf,
  rankSuggestions,
  type Suggestion,
  strongFeatures,
  type Terms,
} from "../core/matching.js";
import type { Queryable } from "../db/connect.js";
import type { EmbeddingsProvider } from "../integrations/embeddings/openai-embeddings.js";
import {
  type EmbeddingsUse,
  embeddingsOffUse,
  measureMeaning,
  type PatternTexts,
  patternsByMeaning,
} from "./measure-meaning.js";

/** A signal's suggestions, the matcher version that made them, and whether embeddings were used. */
export interface Suggestions {
  signalId: string;
  matcherVersion: number;
  embeddings: EmbeddingsUse;
  suggestions: (Suggestion & { meaning?: number | null })[];
}

/** The matcher's configuration in force: the newest version. */
export async function currentMatcher(q: Queryable): Promise<MatcherConfig> {
  const [row] = await q.query<{ version: number; config: Omit<MatcherConfig, "version"> }>(
    "select version, config from matcher_versions order by version desc limit 1",
  );
  return row ? { ...defaultMatcherConfig, ...row.config, version: row.version } : defaultMatcherConfig;
}

/** Query terms used to find candidates: the rarest this many of the signal's. */
const candidateTerms = 24;
/** Attached signals read per suggestion, most alike first (by ts_rank), and patterns by their own text. */
const similarSignals = 200;
const similarPatterns = 50;

type TextRow = { id: string; title: string; body: string; title_terms: string[]; body_terms: string[] };
const termsSql = (title: string, body: string) =>
  `array(select lexeme from unnest(to_tsvector('english', ${title}))) as title_terms,
   array(select lexeme from unnest(to_tsvector('english', ${body}))) as body_terms`;
const termsOf = (row: TextRow): Terms => ({
  title: row.title_terms,
  body: row.body_terms,
  features: strongFeatures(`${row.title}\n${row.body}`),
});

/**
 * How rare each term is among all signals: BM25's idf from the number of signals holding it, counted
 * through the GIN index and capped at 1,000 (beyond, a term is common whatever the exact number). A
 * feature (an error code, a version) counts as the rarest; a term not counted here as a typical one.
 */
export async function rarity(
  q: Queryable,
  all: string[],
): Promise<{ idf: (term: string) => number; df: Map<string, number> }> {
  const [{ n } = { n: 0 }] = await q.query<{ n: number }>(
    `select greatest((select reltuples from pg_class where oid = 'signals'::regclass),
                     (select count(*) from (select 1 from signals limit 10000) x))::float8 as n`,
  );
  const dfRows = all.length
    ? await q.query<{ term: string; df: number }>(
        `select t as term, (select count(*) from (select 1 from signals s
                  where loopwork_document(s.title, s.body) @@ quote_literal(t)::tsquery limit 1000) x)::int as df
           from unnest($1::text[]) t`,
        [all],
      )
    : [];
  const df = new Map(dfRows.map((row) => [row.term, row.df]));
  const idfOf = (d: number) => Math.log(1 + (n - d + 0.5) / (d + 0.5));
  const known = [...df.values()].map(idfOf).sort((a, b) => a - b);
  const typical = known[Math.floor(known.length / 2)] ?? 1;
  const idf = (term: string) => {
    if (term.includes(":")) return idfOf(1);
    const d = df.get(term);
    return d === undefined ? typical : idfOf(d);
  };
  return { idf, df };
}

/**
 * The ranked pattern suggestions for one signal, with scores and reasons. PostgreSQL finds the
 * candidates — patterns whose own text, or whose attached signals, share the signal's rarest terms
 * (the GIN indexes of migration 0016), and the patterns of fingerprint rules — and counts how many
 * signals hold each term (capped: a term in over 1,000 signals is common whatever the exact number);
 * src/core/matching.ts scores them. Patterns the signal is attached to, and dismissed ones, are left out;
 * one merged away stands for the pattern it was merged into.
 */
export async function suggestPatterns(
  q: Queryable,
  signalId: string,
  config?: MatcherConfig,
  embeddings?: EmbeddingsProvider,
): Promise<Suggestions> {
  const matcher = config ?? (await currentMatcher(q));
  const [signal] = await q.query<TextRow & { channel: string }>(
    `select s.id, s.title, s.body, c.slug as channel, ${termsSql("s.title", "s.body")}
       from signals s join channels c on c.id = s.channel_id where s.id = $1`,
    [signalId],
  );
  if (!signal) throw notFound("signal", signalId);
  const terms = termsOf(signal);
  const all = [...new Set([...terms.title, ...terms.body])];
  const { idf, df } = await rarity(q, all);
  const rarest = all
    .filter((t) => (df.get(t) ?? 0) > 0)
    .sort((a, b) => idf(b) - idf(a))
    .slice(0, candidateTerms);
  const ruleIds = matcher.rules.map((rule) => rule.patternId);
  const orQuery = "array_to_string(array(select quote_literal(t) from unnest($1::text[]) t), ' | ')::tsquery";
  const attached = rarest.length
    ? await q.query<TextRow & { pattern_id: string }>(
        `select s.id, s.title, s.body, sp.pattern_id, ${termsSql("s.title", "s.body")}
           from (select s.id, s.title, s.body, ts_rank(loopwork_document(s.title, s.body), ${orQuery}) as rank
                   from signals s
                  where loopwork_document(s.title, s.body) @@ ${orQuery} and s.id <> $2
                    and exists (select 1 from signal_patterns sp where sp.signal_id = s.id)
                  order by rank desc limit $3) s
           join signal_patterns sp on sp.signal_id = s.id
          order by s.rank desc, s.id`,
        [rarest, signalId, similarSignals],
      )
    : [];
  // A pattern merged away is never suggested: whatever led to it (its own text, a fingerprint rule)
  // leads to the pattern that survived it, following merged_into_id (migration 0017) to the end.
  const patterns = await q.query<TextRow & { merged_ids: string[] }>(
    `with recursive found as (
       select unnest($2::uuid[]) as id
       union
       select id from (select p2.id from patterns p2 where cardinality($1::text[]) > 0
                          and loopwork_document(p2.title, p2.description) @@ ${orQuery}
                        order by ts_rank(loopwork_document(p2.title, p2.description), ${orQuery}) desc limit $3) t
     ), chain (start, id, status, next, depth) as (
       select p.id, p.id, p.status, p.merged_into_id, 0 from patterns p where p.id in (select id from found)
       union all
       select c.start, p.id, p.status, p.merged_into_id, c.depth + 1
         from chain c join patterns p on p.id = c.next where c.status = 'merged' and c.depth < 32
     )
     select p.id, p.title, p.description as body, ${termsSql("p.title", "p.description")},
            array(select c.start from chain c where c.id = p.id and c.start <> p.id) as merged_ids
       from patterns p
      where p.id in (select id from chain where status not in ('merged', 'dismissed'))
        and not exists (select 1 from signal_patterns sp where sp.signal_id = $4 and sp.pattern_id = p.id)`,
    [rarest, [...new Set([...attached.map((row) => row.pattern_id), ...ruleIds])], similarPatterns, signalId],
  );
  const survivor = new Map(patterns.flatMap((p) => p.merged_ids.map((id) => [id, p.id] as const)));
  const rules = matcher.rules.map((rule) => ({ ...rule, patternId: survivor.get(rule.patternId) ?? rule.patternId }));
  const candidates: Candidate[] = patterns.map((p) => ({
    patternId: p.id,
    title: p.title,
    own: termsOf(p),
    signals: attached
      .filter((row) => row.pattern_id === p.id)
      .slice(0, 5)
      .map((row) => ({ id: row.id, title: row.title, terms: termsOf(row) })),
  }));
  const ranked = { terms, title: signal.title, body: signal.body, channel: signal.channel };
  if (!embeddings) {
    const suggestions = rankSuggestions(ranked, candidates, idf, { ...matcher, rules });
    return { signalId, matcherVersion: matcher.version, embeddings: embeddingsOffUse, suggestions };
  }
  // With embeddings: the same candidates, and the top patterns by priority looked at by meaning alone.
  const textOf = (row: { title: string; body: string }) => `${row.title}\n\n${row.body}`;
  const found: PatternTexts[] = patterns.map((p) => ({
    patternId: p.id,
    title: p.title,
    text: textOf(p),
    signals: attached
      .filter((row) => row.pattern_id === p.id)
      .slice(0, 5)
      .map((row) => ({ id: row.id, title: row.title, text: textOf(row) })),
  }));
  const pool = await q.query<TextRow>(
    `select p.id, p.title, p.description as body, ${termsSql("p.title", "p.description")}
       from patterns p
      where p.status in ('open', 'addressed') and p.id <> all($1::uuid[])
        and not exists (select 1 from signal_patterns sp where sp.signal_id = $2 and sp.pattern_id = p.id)
      order by p.priority desc, p.id limit $3`,
    [patterns.map((p) => p.id), signalId, patternsByMeaning],
  );
  const { use, meanings } = await measureMeaning(
    q,
    embeddings,
    { kind: "signal", id: signalId, text: textOf(signal) },
    found,
    pool.map((p) => ({ patternId: p.id, title: p.title, text: textOf(p), signals: [] })),
  );
  if (use.state !== "used") {
    const suggestions = rankSuggestions(ranked, candidates, idf, { ...matcher, rules });
    return { signalId, matcherVersion: matcher.version, embeddings: use, suggestions };
  }
  // Patterns that share no rare term but are close in meaning join as candidates (the ten closest).
  const near = pool
    .filter((p) => meaningOf(meanings.get(p.id)?.cosine ?? 0) > 0)
    .sort((a, b) => (meanings.get(b.id)?.cosine ?? 0) - (meanings.get(a.id)?.cosine ?? 0))
    .slice(0, 10)
    .map((p) => ({ patternId: p.id, title: p.title, own: termsOf(p), signals: [] }));
  const byText = rankSuggestions(ranked, [...candidates, ...near], idf, {
    ...matcher,
    rules,
    minScore: 0,
    limit: Number.MAX_SAFE_INTEGER,
  });
  const suggestions = blendMeaning(byText, meanings, matcher);
  return { signalId, matcherVersion: matcher.version, embeddings: use, suggestions };
}
