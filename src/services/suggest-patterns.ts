import { bestByScore } from "../core/best-scores.js";
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
import { UuidNumbers } from "../core/uuid-numbers.js";
import type { Queryable } from "../db/connect.js";
import type { EmbeddingsProvider } from "../integrations/embeddings/openai-embeddings.js";
import {
  type Kept,
  type KeptPattern,
  keepPattern,
  keepSignal,
  keptPostings,
  lookAgain,
  type Text,
  type TextRow,
} from "./matcher-kept.js";
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
    [],
    "matcher_current",
  );
  return row ? { ...defaultMatcherConfig, ...row.config, version: row.version } : defaultMatcherConfig;
}

/** Query terms used to find candidates: the rarest this many of the signal's. */
const candidateTerms = 24;
/**
 * Bounds that keep a suggestion's cost independent of the number of signals (docs/BENCHMARKS.md
 * "Scale"): attached signals are looked up only through terms held by at most `rareAtMost` signals, at
 * most `perTerm` per term, and the `similarSignals` holding the most of them (by summed idf) are read;
 * their patterns are candidates in the order of their best signal, the first `patternsBySignals` kept
 * (a big pattern's many signals take one place, so a small one's single lookalike still counts); patterns
 * by their own text through terms that at most `sharedAtMost` of the signals hold (a word in every other
 * report names no pattern, and its postings cost milliseconds), at most `perTermPatterns` per term, the
 * `similarPatterns` best kept. Each candidate costs a comparison with its text and its five signals
 * shown, each signal found a read of its patterns: 50 signals, 20 and 10 patterns (not 100 signals, every
 * pattern of them, ~55, and 50) scored the same on the evaluation and at scale for ~½ of the matcher's
 * CPU (docs/MATCHING.md "Candidates").
 */
const rareAtMost = 1000;
const sharedAtMost = 0.1;
/** Terms patterns are looked up by: the rarest this many of those. */
const namingTerms = 12;
const perTerm = 100;
const similarSignals = 50;
const perTermPatterns = 2000;
const similarPatterns = 10;
const patternsBySignals = 20;

/** The text an embeddings provider is given for a signal or a pattern (its stored vectors are keyed by it). */
export const textOf = (row: { title: string; body?: unknown }) => `${row.title}\n\n${String(row.body ?? "")}`;
export const termsSql = (title: string, body: string) =>
  `to_json(array(select lexeme from unnest(to_tsvector('english', ${title})))) as title_terms,
   to_json(array(select lexeme from unnest(to_tsvector('english', ${body})))) as body_terms`;
export const termsOf = (row: TextRow): Terms => ({
  title: row.title_terms,
  body: row.body_terms,
  features: strongFeatures(`${row.title}\n${row.body}`),
});

/** How many signals hold each term (capped: see rarity), and how many signals there are. */
type Counts = { df: ReadonlyMap<string, number>; n: number };

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
  return rarityAmong(await countTerms(q, all), all);
}

/**
 * Counts of at least `keptCountAtLeast` kept per database handle for `countKeptMs`: counting such a term
 * through the index reads hundreds of rows (5–40 ms a term at a million signals, most of a batch's count),
 * and a minute's new signals move its idf by a fraction of a percent. Smaller counts, which move with
 * every signal, are always counted.
 */
const keptCountAtLeast = 200;
const countKeptMs = 60_000;
const countsKeptAtMost = 100_000;
const keptCounts = new WeakMap<Queryable, Map<string, { df: number; at: number }>>();

/** The counts of rarity, for any number of terms in one round trip (a batch counts its terms once). */
async function countTerms(q: Queryable, all: string[]): Promise<Counts> {
  const kept = keptCounts.get(q) ?? new Map<string, { df: number; at: number }>();
  keptCounts.set(q, kept);
  const now = Date.now();
  const df = new Map<string, number>();
  const ask: string[] = [];
  for (const term of all) {
    const known = kept.get(term);
    if (known && now - known.at < countKeptMs) df.set(term, known.df);
    else ask.push(term);
  }
  const counted = await countTermsNow(q, ask);
  if (kept.size > countsKeptAtMost) kept.clear();
  for (const [term, count] of counted.df) {
    df.set(term, count);
    if (count >= keptCountAtLeast) kept.set(term, { df: count, at: now });
  }
  return { df, n: counted.n };
}

async function countTermsNow(q: Queryable, all: string[]): Promise<Counts> {
  // The number of signals (the planner's estimate, or counted while small) and each term's count (the
  // statistics read once and joined: as a lookup per term they cost ~0.4 ms a term).
  const rows = await q.query<{ term: string | null; df: number }>(
    `with common as materialized (
       select e.lexeme, e.freq from pg_stats s
        cross join lateral unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) as e(lexeme, freq)
        where s.schemaname = current_schema() and s.tablename = 'signals_search' and e.lexeme = any($1::text[])
     ), estimate as (
       select reltuples from pg_class where oid = 'signals'::regclass
     ), total as (
       -- Counted only while the estimate is small (counting 10,000 rows costs ~4 ms a call at scale).
       select (case when e.reltuples >= 10000 then e.reltuples
                    else greatest(e.reltuples, (select count(*) from (select 1 from signals limit 10000) x)) end)::float8 as n
         from estimate e
     )
     select null as term, n as df from total
     union all
     select t.term, case when c.lexeme is not null then greatest(1, round(c.freq * total.n))
                         else (select count(*) from (select 1 from signals s
                                where loopwork_document(s.title, s.body) @@ quote_literal(t.term)::tsquery limit 1000) x)
                    end::float8
       from unnest($1::text[]) as t(term) cross join total left join common c on c.lexeme = t.term`,
    [all],
    // Named: planning it (the pg_stats view) cost ~3 ms a call.
    "suggest_count_terms",
  );
  const n = Number(rows.find((row) => row.term === null)?.df ?? 0);
  const df = new Map(rows.flatMap((row) => (row.term === null ? [] : [[row.term, Number(row.df)] as const])));
  return { df, n };
}

/**
 * The idf of rarity for one text's terms `all`: a term outside them (a candidate's own) weighs the
 * median of theirs, so a text's scores depend on its own terms only, whatever else was counted with it.
 */
function rarityAmong(counts: Counts, all: string[]) {
  const { n } = counts;
  const df = new Map(all.map((term) => [term, counts.df.get(term) ?? 0]));
  // Never below 0: a count kept a minute (countTerms) may exceed a number of signals read since a purge,
  // and a negative weight would make a shared term count against a match.
  const idfOf = (d: number) => Math.log(1 + Math.max(0, (n - d + 0.5) / (d + 0.5)));
  // Each idf computed once: the matcher asks for a term's idf once for every text it compares (~100,000
  // times a signal at a million signals).
  const known = new Map([...df].map(([term, d]) => [term, idfOf(d)]));
  const sorted = [...known.values()].sort((a, b) => a - b);
  const typical = sorted[Math.floor(sorted.length / 2)] ?? 1;
  const feature = idfOf(1);
  const idf = (term: string) => (term.includes(":") ? feature : (known.get(term) ?? typical));
  return { idf, df, n };
}

/** A signal being matched: its text and terms, the reporter's word for each lexeme, its channel and patterns. */
type Asked = TextRow & { channel: string; words: string[]; pattern_ids: string[] };

/**
 * The signals asked about, in one statement, in the order asked; not_found names the first missing.
 * `words`: each lexeme with the reporter's word for it, for reasons people read ("Shares “large”", not
 * "larg"); splitting and stemming every word of a batch is half the time of reading it, and the matcher
 * acting on its own (autoAttach) reads no reason.
 */
async function readAsked(q: Queryable, signalIds: string[], words: boolean): Promise<Asked[]> {
  const columns = `s.id, s.title, s.body, c.slug as channel, ${termsSql("s.title", "s.body")},
            to_json(array(select sp.pattern_id from signal_patterns sp where sp.signal_id = s.id)) as pattern_ids`;
  const rows = words
    ? await q.query<Asked>(
        `with split as (
           select s.id, w.word, w.ord from signals s
            cross join lateral regexp_split_to_table(left(s.title || ' ' || s.body, 5000), '[^[:alnum:]_]+')
                  with ordinality as w(word, ord)
            where s.id = any($1::uuid[]) and w.word <> ''
         ), stems as (
           -- Each distinct word of the batch stemmed once.
           select d.word, unnest(tsvector_to_array(to_tsvector('english', d.word))) as lexeme
             from (select distinct word from split) d
         ), words as (
           -- Each lexeme with the first word of the report it comes from ("larg large"), so that reasons
           -- name the reporter's words, not stems (the first 5,000 characters: a reason names a few).
           select id, to_json(array_agg(pair)) as words from (
             select distinct on (x.id, st.lexeme) x.id, st.lexeme || ' ' || lower(x.word) as pair
               from split x join stems st on st.word = x.word order by x.id, st.lexeme, x.ord) p
            group by id
         )
         select ${columns}, coalesce(w.words, '[]'::json) as words
           from signals s join channels c on c.id = s.channel_id left join words w on w.id = s.id
          where s.id = any($1::uuid[])`,
        [signalIds],
        "suggest_read_asked",
      )
    : await q.query<Asked>(
        `select ${columns}, '[]'::json as words
           from signals s join channels c on c.id = s.channel_id where s.id = any($1::uuid[])`,
        [signalIds],
        "suggest_read_asked_without_words",
      );
  const byId = new Map(rows.map((row) => [row.id, row]));
  return signalIds.map((id) => {
    const row = byId.get(id);
    if (!row) throw notFound("signal", id);
    return row;
  });
}

/** What one signal looks candidates up by: its terms, their idf, and the rarest of them for each lookup. */
function lookupsOf(signal: Asked, counts: Counts) {
  const terms = termsOf(signal);
  const all = [...new Set([...terms.title, ...terms.body])];
  const { idf, df, n } = rarityAmong(counts, all);
  const rarest = all
    .filter((t) => (df.get(t) ?? 0) > 0)
    .sort((a, b) => idf(b) - idf(a))
    .slice(0, candidateTerms);
  // Attached signals through the terms rare enough to matter (a common term's postings name nothing).
  const rare = rarest.filter((t) => (df.get(t) ?? 0) <= rareAtMost);
  // Patterns through their own title and description: the rarest terms that at most a tenth of signals hold.
  const naming = rarest.filter((t) => (df.get(t) ?? 0) <= Math.max(rareAtMost, sharedAtMost * n)).slice(0, namingTerms);
  return { signal, terms, idf, rare, naming };
}

/**
 * A batch's postings: each term's postings as numbers of `numbers` (each id read once into a number,
 * however many terms and signals share it), and the scratch that `bestPostings` adds scores into: a
 * number's score counts for the call whose stamp it bears, and the numbers it touched are listed (`scratch`
 * is bestByScore's).
 */
type Postings = {
  numbers: UuidNumbers;
  of: Map<string, Int32Array>;
  score: Float64Array;
  stamp: Int32Array;
  touched: Int32Array;
  calls: number;
  scratch: Float64Array;
};

/**
 * Patterns are numbered for as long as the process runs: a batch at a million signals names most of the
 * 50,000 patterns, and the next batch the same ones. A new table when this many are numbered (a batch
 * still holding the old one keeps it).
 */
const patternsNumberedAtMost = 200_000;
let patternNumbers = new UuidNumbers();

/** A batch's postings: each term's numbers, and the scratch bestPostings scores in (sized when all are numbered). */
function postingsOf(numbers: UuidNumbers, of: Map<string, Int32Array>): Postings {
  const size = numbers.size;
  return {
    numbers,
    of,
    score: new Float64Array(size),
    stamp: new Int32Array(size),
    touched: new Int32Array(size),
    calls: 0,
    scratch: new Float64Array(size),
  };
}

/**
 * Each term's first `limit` postings among patterns by their own text (pattern_terms of migration 0037,
 * oldest pattern first, from the index alone): a term's few postings read, not ranked over every match.
 * Read once per term for a whole batch, and kept until a pattern holding the term changes (matcher-kept.ts).
 */
async function patternPostings(
  q: Queryable,
  kept: Kept,
  at: number,
  terms: string[],
  limit: number,
): Promise<Postings> {
  if (patternNumbers.size > patternsNumberedAtMost) patternNumbers = new UuidNumbers();
  const numbers = patternNumbers;
  const known = keptPostings(kept, numbers, at);
  const byTerm = new Map<string, Int32Array>();
  const read: string[] = [];
  for (const term of terms) {
    const list = known.of.get(term);
    if (list) byTerm.set(term, list);
    else read.push(term);
  }
  if (read.length === 0) return postingsOf(numbers, byTerm);
  const rows = await readPostings(
    q,
    "select pt.pattern_id as id from pattern_terms pt where pt.term = t.term order by pt.pattern_id",
    "uuid_send(h.id)",
    read,
    limit,
    "suggest_pattern_postings",
  );
  for (const row of rows) {
    const list = numbers.numbersOf(row.ids ?? new Uint8Array(0));
    byTerm.set(row.term, list);
    known.keep(row.term, list);
  }
  return postingsOf(numbers, byTerm);
}

/**
 * Each term's first `limit` postings among signals attached to some pattern (the GIN index of migration
 * 0016, in the order it gives them), read every time (they change with every attachment), with the
 * patterns each signal met is attached to: read with its postings, through the index on signal_id, not
 * asked again for the ~40,000 signals a batch meets (a third statement over all their ids: ~120 ms a
 * batch on PGlite). A signal attached to several patterns is one posting.
 */
async function signalPostings(
  q: Queryable,
  terms: string[],
  limit: number,
): Promise<{ postings: Postings; patternsOf: Map<string, string[]> }> {
  // Attached signals differ from batch to batch (and are a million): numbered for this batch only.
  const numbers = new UuidNumbers();
  const byTerm = new Map<string, Int32Array>();
  const patternsOf = new Map<string, string[]>();
  if (terms.length === 0) return { postings: postingsOf(numbers, byTerm), patternsOf };
  // The lateral subquery: a nested loop, each signal's attachments right after it, in the index's order.
  const rows = await readPostings(
    q,
    `select s.id, sp.pattern_id from signals s
       cross join lateral (select a.pattern_id from signal_patterns a where a.signal_id = s.id) sp
      where loopwork_document(s.title, s.body) @@ quote_literal(t.term)::tsquery`,
    "uuid_send(h.id) || uuid_send(h.pattern_id)",
    terms,
    limit,
    "suggest_signal_postings",
  );
  const patternNumbersHere = new UuidNumbers();
  // The term a signal was last listed for: once a term, however many patterns it is attached to.
  const listedFor: number[] = [];
  for (const [t, row] of rows.entries()) {
    const bytes = row.ids ?? new Uint8Array(0);
    const signals = numbers.numbersOf(bytes, 32, 0);
    const patterns = patternNumbersHere.numbersOf(bytes, 32, 16);
    const list = new Int32Array(signals.length);
    let count = 0;
    for (let k = 0; k < signals.length; k++) {
      const signal = signals[k] as number;
      if (listedFor[signal] !== t) {
        listedFor[signal] = t;
        list[count++] = signal;
      }
      const signalId = numbers.ids[signal] as string;
      const patternId = patternNumbersHere.ids[patterns[k] as number] as string;
      const known = patternsOf.get(signalId);
      if (!known) patternsOf.set(signalId, [patternId]);
      else if (!known.includes(patternId)) known.push(patternId);
    }
    byTerm.set(row.term, list.subarray(0, count));
  }
  return { postings: postingsOf(numbers, byTerm), patternsOf };
}

/**
 * For each of `terms`, the rows of `holding` (a subquery of `t.term`) limited to `limit`, as one string of
 * bytes a term: `bytes` of each row (uuid_send of its ids, 16 bytes each) in the order the limited
 * subquery gives them (nothing between it and the aggregate reorders them), numbered in UuidNumbers
 * without a string made or hashed for each: thousands of ids a term, and as JSON text each was a new
 * string and map key (docs/BENCHMARKS.md "Intake CPU").
 */
function readPostings(q: Queryable, holding: string, bytes: string, terms: string[], limit: number, name: string) {
  return q.query<{ term: string; ids: Uint8Array | null }>(
    `select t.term, (select string_agg(${bytes}, ''::bytea) from (${holding} limit $2) h) as ids
       from unnest($1::text[]) as t(term)`,
    [terms, limit],
    name,
  );
}

/**
 * The `keep` postings holding the most of `terms` by summed idf (ties: the newer id first), each term's
 * first `perTerm` counted, `self` left out: what one signal's lookup finds in the batch's postings.
 */
function bestPostings(
  terms: string[],
  idf: (term: string) => number,
  postings: Postings,
  bounds: { perTerm: number; keep: number; self?: string },
): string[] {
  const { numbers, of, score, stamp, touched } = postings;
  const call = ++postings.calls;
  const self = bounds.self === undefined ? -1 : numbers.numberOf(bounds.self);
  let count = 0;
  for (const term of terms) {
    const w = idf(term);
    const list = of.get(term);
    if (!list) continue;
    // Indexed, not for…of: this loop runs ~16,000 times a signal at a million signals.
    let counted = 0;
    for (let k = 0; k < list.length; k++) {
      const i = list[k] as number;
      if (i === self) continue;
      if (counted++ === bounds.perTerm) break;
      if (stamp[i] !== call) {
        stamp[i] = call;
        score[i] = w;
        touched[count++] = i;
      } else score[i] = (score[i] as number) + w;
    }
  }
  return bestByScore(touched.subarray(0, count), score, numbers.ids, bounds.keep, postings.scratch);
}

const withTerms = (row: TextRow): Text => ({ ...row, terms: termsOf(row) });

/**
 * Uuids the database gave as one array literal (`{a,b,…}`) for a `uuid[]` parameter: node-postgres
 * writes an array parameter element by element, escaping each (~25,000 pattern ids a batch); a uuid holds
 * nothing to escape. Only for ids read from the database, never for ids a caller sent.
 */
const uuidArray = (ids: readonly string[]) => `{${ids.join(",")}}`;

/** Signals' texts and terms (those a batch shows beside their patterns): those kept as they were, the others read. */
async function readTexts(q: Queryable, kept: Kept, at: number, ids: string[]): Promise<Map<string, Text>> {
  const out = new Map<string, Text>();
  const missing: string[] = [];
  for (const id of ids) {
    const known = kept.signals.get(id);
    if (known) out.set(id, known);
    else missing.push(id);
  }
  if (missing.length === 0) return out;
  const read = await q.query<TextRow>(
    `select id, title, body, ${termsSql("title", "body")} from signals where id = any($1::uuid[])`,
    [uuidArray(missing)],
    "suggest_signal_texts",
  );
  for (const row of read) {
    const text = withTerms(row);
    out.set(row.id, text);
    keepSignal(kept, text, at);
  }
  return out;
}

/**
 * The patterns that may be suggested for what led to them: a pattern merged away is never suggested,
 * whatever led to it (its own text, an attached signal, a fingerprint rule) leads to the pattern that
 * survived it, following merged_into_id (migration 0017) to the end; a dismissed one leads nowhere.
 * Each id that leads somewhere, with the pattern it leads to. Patterns are kept as read until they change
 * (matcher-kept.ts); those not kept are read by primary key, the chains of the few merged ones followed a
 * step at a time (a recursive statement over every id a batch found, ~25,000 at a million signals, took
 * three times as long, docs/BENCHMARKS.md).
 */
async function resolvePatterns(q: Queryable, kept: Kept, at: number, ids: string[]): Promise<Map<string, Text>> {
  type Row = TextRow & { status: string; merged_into_id: string | null };
  // What this batch resolves by, apart from what is kept (which may be cleared at its bound meanwhile).
  const batch = new Map<string, KeptPattern>();
  for (const id of new Set(ids)) {
    const known = kept.patterns.get(id);
    if (known) batch.set(id, known);
  }
  let asked = [...new Set(ids)].filter((id) => !batch.has(id));
  for (let depth = 0; asked.length > 0 && depth <= 32; depth++) {
    // The text only of those that may be suggested (a merged or dismissed one is never shown).
    const rows = await q.query<Row>(
      `select id, status, merged_into_id, ${shown("title")} as title, ${shown("description")} as body,
              ${termsSql(shown("title"), shown("description"))}
         from patterns where id = any($1::uuid[])`,
      [uuidArray(asked)],
      "suggest_read_patterns",
    );
    const next = new Set<string>();
    for (const row of rows) {
      const { status, merged_into_id } = row;
      const pattern = { id: row.id, status, merged_into_id, text: leadsNowhere(status) ? null : withTerms(row) };
      batch.set(row.id, pattern);
      keepPattern(kept, pattern, at);
    }
    for (const row of rows) {
      const target = row.merged_into_id;
      if (row.status === "merged" && target && !batch.has(target)) {
        const known = kept.patterns.get(target);
        if (known) batch.set(target, known);
        else next.add(target);
      }
    }
    asked = [...next];
  }
  const leadsTo = new Map<string, Text>();
  // Loops, not flatMap: ~25,000 ids a batch, and a pair array for each was garbage.
  for (const id of ids) {
    let pattern = batch.get(id);
    for (let depth = 0; pattern?.status === "merged" && depth < 32; depth++)
      pattern = pattern.merged_into_id ? batch.get(pattern.merged_into_id) : undefined;
    if (pattern?.text && !leadsNowhere(pattern.status)) leadsTo.set(id, pattern.text);
  }
  return leadsTo;
}

const leadsNowhere = (status: string) => status === "merged" || status === "dismissed";
const shown = (column: string) => `case when status in ('merged', 'dismissed') then '' else ${column} end`;

/** A signal's text candidates before scoring: the patterns, each pattern's five most alike attached signals. */
type Matched = {
  signal: Asked;
  ranked: Parameters<typeof rankSuggestions>[0];
  idf: (term: string) => number;
  patterns: Text[];
  /** The attached signals shown beside each of `patterns`. */
  attached: Text[][];
  candidates: Candidate[];
  rules: MatcherConfig["rules"];
};

/**
 * The ranked pattern suggestions for one signal, with scores and reasons: `suggestionsFor` with one id.
 */
export async function suggestPatterns(
  q: Queryable,
  signalId: string,
  config?: MatcherConfig,
  embeddings?: EmbeddingsProvider,
): Promise<Suggestions> {
  const [found] = await suggestionsFor(q, [signalId], config, embeddings);
  if (!found) throw notFound("signal", signalId);
  return found;
}

/**
 * The ranked pattern suggestions for each of a batch of signals, with scores and reasons, in the order
 * asked; each the same as asking for it alone. PostgreSQL finds the candidates — patterns whose own text,
 * or whose attached signals, share the signal's rarest terms (the GIN indexes of migration 0016), and the
 * patterns of fingerprint rules — and counts how many signals hold each term; src/core/matching.ts scores
 * them. What signals share is read once for the batch (docs/MATCHING.md "A batch"): their terms, the
 * counts, each term's postings, the candidates' texts. Patterns the signal is attached to, and dismissed
 * ones, are left out; one merged away stands for the pattern it was merged into. `words: false` (the
 * matcher acting alone, which reads no reason): reasons name the terms as stems ("larg"), scores the same.
 */
export async function suggestionsFor(
  q: Queryable,
  signalIds: string[],
  config?: MatcherConfig,
  embeddings?: EmbeddingsProvider,
  options: { words?: boolean } = {},
): Promise<Suggestions[]> {
  // Side by side on a server's pool (each a round trip of its own); one after the other on PGlite.
  const [matcher, asked, kept] = await Promise.all([
    config ?? currentMatcher(q),
    readAsked(q, signalIds, options.words ?? true),
    lookAgain(q),
  ]);
  const at = kept.generation;
  const counts = await countTerms(q, [...new Set(asked.flatMap((s) => [...s.title_terms, ...s.body_terms]))]);
  const lookups = asked.map((signal) => lookupsOf(signal, counts));
  // One extra posting a term: a signal leaves itself out of its own lookup and still counts `perTerm`.
  // Independent statements run side by side (a server's pool gives each a connection and a core).
  const [bySignals, byPatterns] = await Promise.all([
    signalPostings(q, union(lookups.map((l) => l.rare)), perTerm + 1),
    patternPostings(q, kept, at, union(lookups.map((l) => l.naming)), perTermPatterns),
  ]);
  const hits = lookups.map((l) => ({
    signals: bestPostings(l.rare, l.idf, bySignals.postings, { perTerm, keep: similarSignals, self: l.signal.id }),
    patterns: bestPostings(l.naming, l.idf, byPatterns, { perTerm: perTermPatterns, keep: similarPatterns }),
  }));
  // Each found signal counts for every pattern it is attached to; each pattern shows its five best.
  const { patternsOf } = bySignals;
  const shown = hits.map((h) => shownBeside(h.signals, patternsOf));
  const ruleIds = matcher.rules.map((rule) => rule.patternId);
  const found = shown.map((byPattern, i) => union([[...byPattern.keys()], ruleIds, hits[i]?.patterns ?? []]));
  const [texts, leadsTo] = await Promise.all([
    readTexts(q, kept, at, union(shown.flatMap((byPattern) => [...byPattern.values()]))),
    resolvePatterns(q, kept, at, union(found)),
  ]);
  const alone = new Map<string, Candidate>();
  const out: Suggestions[] = [];
  for (const [i, l] of lookups.entries()) {
    const m = candidatesOf(l, matcher, shown[i] ?? new Map(), texts, found[i] ?? [], leadsTo, alone);
    const signalId = m.signal.id;
    if (!embeddings) {
      const suggestions = rankSuggestions(m.ranked, m.candidates, m.idf, { ...matcher, rules: m.rules });
      out.push({ signalId, matcherVersion: matcher.version, embeddings: embeddingsOffUse, suggestions });
    } else {
      // Meaning is measured one signal after another: a provider that fails rests before the next asks.
      out.push({ signalId, matcherVersion: matcher.version, ...(await withMeaning(q, embeddings, m, matcher)) });
    }
  }
  return out;
}

/** Every item of the lists, once (in loops: a batch's lists hold ~100,000 ids at a million signals). */
function union(lists: readonly (readonly string[])[]): string[] {
  const all = new Set<string>();
  for (const list of lists) for (const item of list) all.add(item);
  return [...all];
}

/**
 * The patterns of the attached signals found (best first), the first `patternsBySignals` of them in the
 * order of their best signal, each with its five most alike; grouped once for both ways of scoring.
 */
function shownBeside(signals: string[], patternsOf: ReadonlyMap<string, string[]>): Map<string, string[]> {
  const shown = new Map<string, string[]>();
  for (const id of signals) {
    for (const patternId of patternsOf.get(id) ?? []) {
      if (!shown.has(patternId) && shown.size >= patternsBySignals) continue;
      const ids = shown.get(patternId) ?? [];
      if (ids.length < 5) ids.push(id);
      shown.set(patternId, ids);
    }
  }
  return shown;
}

/**
 * One signal's candidates from what the batch read: the patterns its lookups led to (merged ones
 * followed to their survivor; dismissed ones and those it is attached to left out), each with its
 * attached signals shown, and the fingerprint rules pointed at the survivors. Built as the signal is
 * ranked, not for the whole batch beforehand: what a signal's ranking alone uses dies young.
 */
function candidatesOf(
  lookup: ReturnType<typeof lookupsOf>,
  matcher: MatcherConfig,
  shown: ReadonlyMap<string, string[]>,
  texts: ReadonlyMap<string, Text>,
  found: string[],
  leadsTo: ReadonlyMap<string, Text>,
  alone: Map<string, Candidate>,
): Matched {
  const { signal, terms, idf } = lookup;
  const patterns: Text[] = [];
  const attached: Text[][] = [];
  const candidates: Candidate[] = [];
  const taken = new Set<string>();
  const survivor = new Map<string, string>();
  for (const id of found) {
    const pattern = leadsTo.get(id);
    if (!pattern || signal.pattern_ids.includes(pattern.id)) continue;
    if (pattern.id !== id) survivor.set(id, pattern.id);
    if (taken.has(pattern.id)) continue;
    taken.add(pattern.id);
    const signals = (shown.get(pattern.id) ?? []).flatMap((s) => texts.get(s) ?? []);
    patterns.push(pattern);
    attached.push(signals);
    candidates.push(signals.length > 0 ? candidateOf(pattern, signals) : aloneOf(pattern, alone));
  }
  const rules = matcher.rules.map((rule) => ({ ...rule, patternId: survivor.get(rule.patternId) ?? rule.patternId }));
  const words = new Map(signal.words.map((pair) => pair.split(" ") as [string, string]));
  const ranked = { terms, title: signal.title, body: signal.body, channel: signal.channel, words };
  return { signal, ranked, idf, patterns, attached, candidates, rules };
}

const candidateOf = (pattern: Text, signals: Text[]): Candidate => ({
  patternId: pattern.id,
  title: pattern.title,
  own: pattern.terms,
  signals,
});

/** A pattern shown with no attached signal: the same candidate for every signal of a batch, made once. */
function aloneOf(pattern: Text, alone: Map<string, Candidate>): Candidate {
  let candidate = alone.get(pattern.id);
  if (candidate?.own !== pattern.terms) {
    candidate = candidateOf(pattern, []);
    alone.set(pattern.id, candidate);
  }
  return candidate;
}

/**
 * With embeddings, for one signal: the same candidates, and the top patterns by priority looked at by
 * meaning alone (docs/MATCHING.md "Embeddings"); text only, and saying why, when the provider fails.
 */
async function withMeaning(
  q: Queryable,
  embeddings: EmbeddingsProvider,
  m: Matched,
  matcher: MatcherConfig,
): Promise<Pick<Suggestions, "embeddings" | "suggestions">> {
  const found: PatternTexts[] = m.patterns.map((p, i) => ({
    patternId: p.id,
    title: p.title,
    text: textOf(p),
    signals: (m.attached[i] ?? []).map((row) => ({ id: row.id, title: row.title, text: textOf(row) })),
  }));
  const pool = await q.query<TextRow>(
    `select p.id, p.title, p.description as body, ${termsSql("p.title", "p.description")}
       from patterns p
      where p.status in ('open', 'addressed') and p.id <> all($1::uuid[])
        and not exists (select 1 from signal_patterns sp where sp.signal_id = $2 and sp.pattern_id = p.id)
      order by p.priority desc, p.id limit $3`,
    [m.patterns.map((p) => p.id), m.signal.id, patternsByMeaning],
  );
  const { use, meanings } = await measureMeaning(
    q,
    embeddings,
    { kind: "signal", id: m.signal.id, text: textOf(m.signal) },
    found,
    pool.map((p) => ({ patternId: p.id, title: p.title, text: textOf(p), signals: [] })),
  );
  if (use.state !== "used") {
    return {
      embeddings: use,
      suggestions: rankSuggestions(m.ranked, m.candidates, m.idf, { ...matcher, rules: m.rules }),
    };
  }
  // Patterns that share no rare term but are close in meaning join as candidates (the ten closest).
  const near = pool
    .filter((p) => meaningOf(meanings.get(p.id)?.cosine ?? 0) > 0)
    .sort((a, b) => (meanings.get(b.id)?.cosine ?? 0) - (meanings.get(a.id)?.cosine ?? 0))
    .slice(0, 10)
    .map((p) => ({ patternId: p.id, title: p.title, own: termsOf(p), signals: [] }));
  const byText = rankSuggestions(m.ranked, [...m.candidates, ...near], m.idf, {
    ...matcher,
    rules: m.rules,
    minScore: 0,
    limit: Number.MAX_SAFE_INTEGER,
  });
  return { embeddings: use, suggestions: blendMeaning(byText, meanings, matcher) };
}
