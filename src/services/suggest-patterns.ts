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
/**
 * Bounds that keep a suggestion's cost independent of the number of signals (docs/BENCHMARKS.md
 * "Scale"): attached signals are looked up only through terms held by at most `rareAtMost` signals, at
 * most `perTerm` per term, and the `similarSignals` holding the most of them (by summed idf) are read;
 * patterns by their own text through terms that at most `sharedAtMost` of the signals hold (a word in
 * every other report names no pattern, and its postings cost milliseconds), at most `perTermPatterns`
 * per term, the `similarPatterns` best kept.
 */
const rareAtMost = 1000;
const sharedAtMost = 0.1;
/** Terms patterns are looked up by: the rarest this many of those. */
const namingTerms = 12;
const perTerm = 100;
const similarSignals = 100;
const perTermPatterns = 2000;
const similarPatterns = 50;

type TextRow = { id: string; title: string; body: string; title_terms: string[]; body_terms: string[] };
/** The text an embeddings provider is given for a signal or a pattern (its stored vectors are keyed by it). */
export const textOf = (row: { title: string; body?: unknown }) => `${row.title}\n\n${String(row.body ?? "")}`;
export const termsSql = (title: string, body: string) =>
  `array(select lexeme from unnest(to_tsvector('english', ${title}))) as title_terms,
   array(select lexeme from unnest(to_tsvector('english', ${body}))) as body_terms`;
export const termsOf = (row: TextRow): Terms => ({
  title: row.title_terms,
  body: row.body_terms,
  features: strongFeatures(`${row.title}\n${row.body}`),
});

/**
 * How rare each term is among all signals: BM25's idf from the number of signals holding it. A common
 * term's count comes from the statistics ANALYZE keeps on the search index (its most common lexemes and
 * their frequencies: no index scan, which for a term in half a million signals costs ~40 ms); any other
 * is counted through the GIN index, capped at 1,000 (beyond, a term is common whatever the exact
 * number). A feature (an error code, a version) counts as the rarest; a term not counted as a typical one.
 */
export async function rarity(
  q: Queryable,
  all: string[],
): Promise<{ idf: (term: string) => number; df: Map<string, number>; n: number }> {
  // One round trip: the number of signals (the planner's estimate, or counted while small) and each count.
  const rows = await q.query<{ term: string | null; df: number }>(
    `with common as (
       select e.lexeme, e.freq from pg_stats s
        cross join lateral unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) as e(lexeme, freq)
        where s.schemaname = current_schema() and s.tablename = 'signals_search' and e.lexeme = any($1::text[])
     ), total as (
       select greatest((select reltuples from pg_class where oid = 'signals'::regclass),
                       (select count(*) from (select 1 from signals limit 10000) x))::float8 as n
     )
     select null as term, n as df from total
     union all
     select t, coalesce((select greatest(1, round(c.freq * total.n)) from common c where c.lexeme = t),
                        (select count(*) from (select 1 from signals s
                          where loopwork_document(s.title, s.body) @@ quote_literal(t)::tsquery limit 1000) x))::float8
       from unnest($1::text[]) t, total`,
    [all],
  );
  const n = Number(rows.find((row) => row.term === null)?.df ?? 0);
  const dfRows = rows.filter((row): row is { term: string; df: number } => row.term !== null);
  const df = new Map(dfRows.map((row) => [row.term, Number(row.df)]));
  const idfOf = (d: number) => Math.log(1 + (n - d + 0.5) / (d + 0.5));
  const known = [...df.values()].map(idfOf).sort((a, b) => a - b);
  const typical = known[Math.floor(known.length / 2)] ?? 1;
  const idf = (term: string) => {
    if (term.includes(":")) return idfOf(1);
    const d = df.get(term);
    return d === undefined ? typical : idfOf(d);
  };
  return { idf, df, n };
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
  const [signal] = await q.query<TextRow & { channel: string; words: string[] }>(
    `select s.id, s.title, s.body, c.slug as channel, ${termsSql("s.title", "s.body")},
            -- Each lexeme with the first word of the report it comes from ("larg large"), so that reasons
            -- name the reporter's words, not stems (the first 5,000 characters: a reason names a few).
            array(select distinct on (x.lexeme) x.lexeme || ' ' || x.word from (
                    select lower(w.word) as word, w.ord,
                           unnest(tsvector_to_array(to_tsvector('english', w.word))) as lexeme
                      from regexp_split_to_table(left(s.title || ' ' || s.body, 5000), '[^[:alnum:]_]+')
                           with ordinality as w(word, ord)
                     where w.word <> '') x
                  order by x.lexeme, x.ord) as words
       from signals s join channels c on c.id = s.channel_id where s.id = $1`,
    [signalId],
  );
  if (!signal) throw notFound("signal", signalId);
  const words = new Map(signal.words.map((pair) => pair.split(" ") as [string, string]));
  const terms = termsOf(signal);
  const all = [...new Set([...terms.title, ...terms.body])];
  const { idf, df, n } = await rarity(q, all);
  const rarest = all
    .filter((t) => (df.get(t) ?? 0) > 0)
    .sort((a, b) => idf(b) - idf(a))
    .slice(0, candidateTerms);
  const ruleIds = matcher.rules.map((rule) => rule.patternId);
  // Attached signals holding the most of the signal's rare terms (each term's few postings read, not ranked
  // over every match: a common term's matches are read only when it is rare enough to matter).
  const rare = rarest.filter((t) => (df.get(t) ?? 0) <= rareAtMost);
  const attached = rare.length
    ? await q.query<TextRow & { pattern_id: string }>(
        `with hits as (
           select x.id, sum(t.w) as score
             from unnest($1::text[], $2::float8[]) as t(term, w)
            cross join lateral (select s.id from signals s
                                 where loopwork_document(s.title, s.body) @@ quote_literal(t.term)::tsquery and s.id <> $3
                                   and exists (select 1 from signal_patterns sp where sp.signal_id = s.id)
                                 limit $4) x
            group by x.id order by score desc, x.id desc limit $5
         )
         select s.id, s.title, s.body, sp.pattern_id, ${termsSql("s.title", "s.body")}
           from hits h join signals s on s.id = h.id join signal_patterns sp on sp.signal_id = s.id
          order by h.score desc, s.id desc`,
        [rare, rare.map(idf), signalId, perTerm, similarSignals],
      )
    : [];
  // Patterns by their own title and description: those holding the most of the rarest terms. A pattern
  // merged away is never suggested: whatever led to it (its own text, an attached signal, a fingerprint
  // rule) leads to the pattern that survived it, following merged_into_id (migration 0017) to the end.
  const naming = rarest.filter((t) => (df.get(t) ?? 0) <= Math.max(rareAtMost, sharedAtMost * n)).slice(0, namingTerms);
  const patterns = await q.query<TextRow & { merged_ids: string[] }>(
    `with recursive pattern_hits as (
       select x.id, sum(t.w) as score
         from unnest($1::text[], $2::float8[]) as t(term, w)
        cross join lateral (select p.id from patterns p
                             where loopwork_document(p.title, p.description) @@ quote_literal(t.term)::tsquery
                             limit $3) x
        group by x.id order by score desc, x.id desc limit $4
     ), found as (
       select unnest($5::uuid[]) as id
       union
       select id from pattern_hits
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
        and not exists (select 1 from signal_patterns sp where sp.signal_id = $6 and sp.pattern_id = p.id)`,
    [
      naming,
      naming.map(idf),
      perTermPatterns,
      similarPatterns,
      [...new Set([...attached.map((row) => row.pattern_id), ...ruleIds])],
      signalId,
    ],
  );
  const survivor = new Map(patterns.flatMap((p) => p.merged_ids.map((id) => [id, p.id] as const)));
  const rules = matcher.rules.map((rule) => ({ ...rule, patternId: survivor.get(rule.patternId) ?? rule.patternId }));
  // Each pattern's five most alike attached signals, grouped once for both ways of scoring.
  const attachedTo = new Map<string, typeof attached>();
  for (const row of attached) {
    const rows = attachedTo.get(row.pattern_id) ?? [];
    if (rows.length < 5) rows.push(row);
    attachedTo.set(row.pattern_id, rows);
  }
  const candidates: Candidate[] = patterns.map((p) => ({
    patternId: p.id,
    title: p.title,
    own: termsOf(p),
    signals: (attachedTo.get(p.id) ?? []).map((row) => ({ id: row.id, title: row.title, terms: termsOf(row) })),
  }));
  const ranked = { terms, title: signal.title, body: signal.body, channel: signal.channel, words };
  if (!embeddings) {
    const suggestions = rankSuggestions(ranked, candidates, idf, { ...matcher, rules });
    return { signalId, matcherVersion: matcher.version, embeddings: embeddingsOffUse, suggestions };
  }
  // With embeddings: the same candidates, and the top patterns by priority looked at by meaning alone.
  const found: PatternTexts[] = patterns.map((p) => ({
    patternId: p.id,
    title: p.title,
    text: textOf(p),
    signals: (attachedTo.get(p.id) ?? []).map((row) => ({ id: row.id, title: row.title, text: textOf(row) })),
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
