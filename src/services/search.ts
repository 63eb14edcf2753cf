import { z } from "zod";
import { AppError } from "../core/errors.js";
import { type EarlierWords, prefixQuery, queryWords } from "../core/search-query.js";
import type { Db, Queryable } from "../db/connect.js";
import { type Resource, resources, type Searchable } from "./resources.js";

/**
 * Matches ranked per search, the newest first: the index finds every match cheaply, but ranking reads
 * each one's text again (the tsvector is an index expression, not a stored column: issue #13's bytes),
 * so a word in thousands of signals ranks its newest 500 (docs/API.md "Search").
 */
export const rankedAtMost = 500;

/** What a list's `q` and GET /search accept: a search box's text. */
export const searchText = () => z.string().trim().min(1, "Give at least one letter or digit to search for.").max(200);

/**
 * How much a title alike the query adds to a hit's rank (pg_trgm's word similarity, 0–1, times this): a
 * title found only as alike (a typo) ranks at most this, below a body that holds a one-word query once
 * (ts_rank 0.243: weight B 0.4 over 1.645) and below every title that holds the words (0.6 and more).
 */
const likenessWeight = 0.2;

/**
 * The tsquery of prefixQuery's text in `param`: English (stemmed, stop words dropped) — or, when English
 * leaves no word, the words as typed ('simple'). Every word of "up", "off", "no" or "a" is a stop word,
 * and English alone found nothing while "upload", "offline" or "notes" was being typed ("u" and "upl"
 * found them, "up" nothing). Only for one word (the one being typed): "how to" or "to do" would begin half
the words there are ("however", "tomorrow"), and after other words a stop word is dropped as before
("sign in").
 * The configuration is chosen from constants, so a query's plan holds one tsquery, as before.
 */
function tsqueryOf(param: string): string {
  return `to_tsquery(case when numnode(to_tsquery('english', ${param})) = 0 and numnode(to_tsquery('simple', ${param})) = 1
                          then 'simple'::regconfig else 'english'::regconfig end, ${param})`;
}

/**
 * The condition and rank of a search for `q` over resource r (a page of `page` hits), its parameters
 * pushed onto `params`:
 * every word as a prefix in the weighted document (title A over body B) — `where` — or, for typos, the
 * query alike a word of the title (pg_trgm's `<%`, threshold set per session in src/db/connect.ts) —
 * `typos`, a second way to match read through its own index, given the search's other conditions (a
 * filter, a token's loop): tried only when no row they allow holds every word (newestMatches' `orElse`).
 * With earlier words whole (a first try, `wholeWordsFirst`) typos are not tried: a title alike the query
 * must not answer before the titles that hold its words as prefixes were looked for.
 */
export function searchSql(
  search: Searchable,
  q: string,
  params: unknown[],
  page: number,
  table?: string,
  earlier: EarlierWords = "prefix",
): { where: string; typos?: (conditions: string[]) => string; rank: string; tsquery: string } {
  const tsquery = prefixQuery(q, earlier);
  if (!tsquery) {
    throw new AppError("invalid_input", "query.q: Give at least one letter or digit to search for.", {
      path: "query.q",
    });
  }
  params.push(tsquery);
  const query = tsqueryOf(`$${params.length}`);
  const matches = `${search.document} @@ ${query}`;
  const where = search.scope ? `${search.scope} and ${matches}` : matches;
  // The newest `page` matches rank by their whole document, the body's words weighing less (B) than the
  // title's (A); older ones, where the resource says so, by their title alone: each body is parsed again
  // to rank it, so the page bounds that work (docs/BENCHMARKS.md "Body matches ranked").
  let ranked = search.rank ?? search.document;
  if (search.titleDocument) {
    params.push(page);
    ranked = `case when row_number() over (order by t.id desc) <= $${params.length}::int
                   then ${search.document} else ${search.titleDocument} end`;
  }
  const rank = `ts_rank(${ranked}, ${query})`;
  if (!search.trigram) return { where, rank, tsquery: query };
  params.push(q);
  const alike = `$${params.length} <% ${search.trigram}`;
  const typoRank = `(${rank} + word_similarity($${params.length}, ${search.trigram}) * ${likenessWeight})`;
  if (earlier === "whole") return { where, rank: typoRank, tsquery: query };
  // Without a table of its own (a source joining others), one condition: either way.
  if (!table) return { where: `(${where} or ${alike})`, rank: typoRank, tsquery: query };
  // Each way to match is its own statement's branch, read through its own index: as one condition, an
  // OR rechecked every row of either index against both, parsing the document again for each (0.2–0.5 s
  // over 50,000 patterns for a common word), and ids gathered into `id in (…)` read every row or probed
  // the primary key for each (40–70 ms; docs/BENCHMARKS.md "Scale"). The typo path only when no row
  // holds every word: it compares the whole query with every title that shares a trigram with it
  // (~300 ms for "login after the update" over 50,000 patterns).
  return {
    where,
    typos: (conditions) => [alike, ...conditions].join(" and "),
    rank: typoRank,
    tsquery: query,
  };
}

/**
 * A search's answer, for a resource searched whole words first (signals: `Searchable.wholeWordsFirst`),
 * with its earlier words whole ("login after the upd": "login", "after", "the"), and — only when that
 * finds fewer than `limit`, and the query has earlier words — with every word as a prefix and typos
 * tried ("exp csv" finds "Export to CSV"). Whole words are read from their own postings, prefixes into a
 * bitmap of every word they begin: at a million signals a query of finished words costs a third less
 * (docs/BENCHMARKS.md). Any other resource, every word a prefix at once: where a search finds fewer than
 * `limit` (few rows, or none that match) the first try only doubled its cost. `found` counts an
 * answer's items.
 */
export async function wholeWordsFirst<T>(
  search: Searchable,
  q: string,
  limit: number,
  run: (earlier: EarlierWords) => Promise<T>,
  found: (answer: T) => number,
): Promise<T> {
  if (!search.wholeWordsFirst || prefixQuery(q, "whole") === prefixQuery(q, "prefix")) return run("prefix");
  const whole = await run("whole");
  return found(whole) >= limit ? whole : run("prefix");
}

/** A query that most rows match (by the index's statistics) reads the newest rows in order. */
const commonShare = 0.3;

/**
 * How many of the newest rows a search's words are read among first (newestFirst: band by band, each
 * older band only while the newer ones hold fewer than `rankedAtMost` matches), from a resource's
 * `window` and the share of rows that match the words by the statistics: none where they expect fewer
 * than `rankedAtMost` in the window (a rare word: the window would only have the index read twice);
 * else the window, and before it — unless `narrower` is false — the smallest of its eighth, quarter and
 * half that they expect to hold four times as many: a prefix in a fifth of a million signals (`0x8007`)
 * has its newest 500 among the newest 25,000, where the window fetched and sorted 20,000 matches to keep
 * 500. Four times, as the statistics overrate a query of several words (the least of its words' shares:
 * `err sync timeout` 3.3 % by them, 0.8 % in fact), and a band that falls short has the index read again.
 */
export function windowSizes(window: number, share: number, narrower = true): number[] {
  if (share * window < rankedAtMost) return [];
  if (!narrower) return [window];
  const band = [8, 4, 2].map((part) => Math.ceil(window / part)).find((size) => share * size >= 4 * rankedAtMost);
  return band ? [band, window] : [window];
}

/**
 * Runs fn with the subquery of a search's candidates — the newest `rankedAtMost` rows of `source`
 * (alias t) that satisfy `where` (or, when none does, `orElse`) — written as a large table needs it
 * (docs/BENCHMARKS.md "Scale"). The planner underrates parsing a document again (~25 µs a row) and, for
 * a query of middling frequency, walks the primary key backwards parsing every row: 0.3–1.5 s at
 * 1,000,000 signals, 150 ms at 50,000 patterns. So: a query most rows match keeps that walk (it stops
 * early); any other is answered from the GIN indexes alone (bitmap scans), where a resource has a
 * `window` band by band from the newest (newestFirst): the words in the bands windowSizes gives, a typo
 * among the window first (and older titles only when the window holds fewer than `rankedAtMost`), and
 * only once the words' rows are known to be none. `withFilters`: the words are limited by a filter too.
 */
export async function newestMatches<T>(
  q: Queryable,
  r: Resource,
  text: string,
  where: string,
  params: unknown[],
  fn: (tx: Queryable, candidates: string) => Promise<T>,
  { source = r.table, orElse, withFilters = false }: { source?: string; orElse?: string; withFilters?: boolean } = {},
): Promise<T> {
  const newest = (condition: string) =>
    `(select t.* from ${source} t where ${condition} order by t.${r.key} desc limit ${rankedAtMost})`;
  // The second way to match (searchSql's `typos`) answers only when no row satisfies the first.
  const plain = orElse
    ? `(select * from (${newest(where)} union all
                       ${newest(`not exists (select 1 from ${source} t where ${where}) and ${orElse}`)}) t)`
    : newest(where);
  const searchable = r.search;
  if (source !== r.table || !searchable?.large) return fn(q, plain);
  const share = await shareMatching(q, `${r.table}_search`, text);
  if (share >= commonShare) return fn(q, plain);
  const window = searchable.window;
  if (!window) return withoutIndexWalks(q, (tx) => fn(tx, plain));
  // Each band's start as a parameter, pushed once however many ways read it.
  const named = new Map<string, string>();
  const param = (start: string) => {
    const name = named.get(start) ?? `$${params.push(start)}`;
    named.set(start, name);
    return name;
  };
  const starts = async (sizes: number[]) =>
    bandStarts(await Promise.all(sizes.map((size) => windowBound(q, r, size)))).map(param);
  // A filter (a loop, a channel, a date) leaves fewer matches than the statistics count: its words are
  // read among the window, never a narrower band that would fall short and have the index read again.
  const [words, typos] = await Promise.all([
    starts(windowSizes(window, share, !withFilters)),
    orElse ? starts([window]) : [],
  ]);
  if (words.length === 0 && typos.length === 0) return withoutIndexWalks(q, (tx) => fn(tx, plain));
  const way = (name: string, condition: string, bounds: string[]) =>
    bounds.length
      ? newestFirst(r, name, condition, bounds)
      : { ctes: `${name} as materialized ${newest(condition)}`, rows: name };
  const found = way("w", where, words);
  // Typos have no statistics: a title alike the query is looked for among the window first, once the
  // words' own rows (above) are known to be none.
  const alike = orElse ? way("o", `not exists (select 1 from ${found.rows}) and ${orElse}`, typos) : undefined;
  const ways = alike ? [found, alike] : [found];
  const candidates = `(with ${ways.map((way) => way.ctes).join(", ")}
                        select * from (${ways.map((way) => `select * from ${way.rows}`).join(" union all ")}) t
                         order by t.${r.key} desc limit ${rankedAtMost})`;
  return withoutIndexWalks(q, (tx) => fn(tx, candidates));
}

/**
 * The bands' starts, newest first, each once: each start is kept on its own for a while (windowBound), so
 * a narrow band's may be older than the window's read after many rows arrived — out of order, the last band
 * (everything below the window's start) would read again rows the first band holds, and show them twice.
 */
export function bandStarts(starts: readonly (string | null)[]): string[] {
  const known = starts.filter((start): start is string => start !== null);
  // Keys are uuids: as text in their canonical form they sort as PostgreSQL orders them.
  return [...new Set(known)].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
}

/**
 * The common table expressions that hold the newest `rankedAtMost` rows of r's table satisfying
 * `condition` (with at most as many older ones after them: take the newest of `rows`), read band by band:
 * the rows at or above bounds[0] (key parameters, newest first), then each older band — the last one
 * everything older — only while the bands before hold fewer than `rankedAtMost`. Each band is the search
 * index's bitmap ANDed with the primary key's range, so only a band's matches are fetched and rechecked:
 * a word in a fifth of a million signals, or a typo alike 3,000 pattern titles (each compared again,
 * 6–9 µs), costs what the newest of them cost (docs/BENCHMARKS.md "Typos and common prefixes").
 */
export function newestFirst(
  r: Resource,
  name: string,
  condition: string,
  bounds: string[],
): { ctes: string; rows: string } {
  const key = `t.${r.key}`;
  const band = (range: string) =>
    `select t.* from ${r.table} t where ${condition} and ${range} order by ${key} desc limit ${rankedAtMost}`;
  const ctes = [`${name}0 as materialized (${band(`${key} >= ${bounds[0]}`)})`];
  for (let i = 1; i <= bounds.length; i++) {
    const range =
      i < bounds.length ? `${key} < ${bounds[i - 1]} and ${key} >= ${bounds[i]}` : `${key} < ${bounds[i - 1]}`;
    const before = `${name}${i - 1}`;
    ctes.push(
      `${name}${i} as materialized (select * from ${before} union all
         (${band(`${range} and (select count(*) from ${before}) < ${rankedAtMost}`)}))`,
    );
  }
  return { ctes: ctes.join(", "), rows: `${name}${bounds.length}` };
}

/**
 * Runs fn where the search indexes are read as bitmaps, never by walking the primary key backwards and
 * parsing each row's document until enough match: the planner underrates that parse, and for a word in
 * a tenth of the patterns the walk cost 150 ms, the bitmap 20 (docs/BENCHMARKS.md).
 */
function withoutIndexWalks<T>(q: Queryable, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  const run = async (tx: Queryable) => {
    await tx.query("set local enable_indexscan = off");
    // `set local` ends with the transaction: nothing to set back.
    return fn(tx);
  };
  return "transaction" in q ? (q as Db).transaction(run) : run(q);
}

/**
 * The share of rows whose document holds every word of `text` as a prefix, as the search index's
 * statistics tell it (ANALYZE's most common lexemes; a word none of them begins counts as rare): the
 * least of the words' shares. The statistics are kept by commonLexemes; only the words are stemmed here.
 */
async function shareMatching(q: Queryable, index: string, text: string): Promise<number> {
  const [stats, [row]] = await Promise.all([
    commonLexemes(q, index),
    // Stemmed as tsqueryOf reads the words: as typed when English keeps none of one word ("up").
    q.query<{ lexemes: string[] }>(
      `select coalesce(nullif(array(select lexeme from unnest(to_tsvector('english', $1))), '{}'),
                       array(select lexeme from unnest(to_tsvector('simple', $1)) where $2)) as lexemes`,
      [queryWords(text).join(" "), queryWords(text).length === 1],
    ),
  ]);
  const words = row?.lexemes ?? [];
  if (words.length === 0) return 0;
  let least = 1;
  for (const word of words) {
    // A number is also sought with a minus ("AUTH-401" is read 'auth', '-401'; prefixQuery).
    const signed = /^\p{N}+$/u.test(word) ? `-${word}` : undefined;
    let share = 0;
    for (const [lexeme, freq] of stats)
      if (lexeme.startsWith(word) || (signed && lexeme.startsWith(signed))) share += freq;
    least = Math.min(least, share);
  }
  return least;
}

/** How long a database handle keeps what search reads of the database's shape (below). */
const keptMs = 30_000;
const kept = new WeakMap<Queryable, Map<string, { value: Promise<unknown>; at: number }>>();

/**
 * load's answer, kept per database handle and key for `keptMs` (a failed one is asked again): for what
 * changes slowly and costs milliseconds to read on every search.
 */
function keptFor<T>(q: Queryable, key: string, load: () => Promise<T>): Promise<T> {
  const byKey = kept.get(q) ?? new Map();
  kept.set(q, byKey);
  const known = byKey.get(key);
  if (known && Date.now() - known.at < keptMs) return known.value as Promise<T>;
  const value = load();
  byKey.set(key, { value, at: Date.now() });
  value.catch(() => byKey.delete(key));
  return value;
}

/**
 * The most common lexemes of a search index with the share of rows holding each (pg_stats), kept: they
 * change only when ANALYZE runs, and reading them (unnesting a few thousand elements) cost ~4 ms of every
 * search at a million signals.
 */
function commonLexemes(q: Queryable, index: string): Promise<[string, number][]> {
  return keptFor(q, `lexemes ${index}`, async () => {
    const [row] = await q.query<{ lexemes: string[] | null; freqs: number[] | null }>(
      `select s.most_common_elems::text::text[] as lexemes, s.most_common_elem_freqs as freqs from pg_stats s
        where s.schemaname = current_schema() and s.tablename = $1`,
      [index],
    );
    return (row?.lexemes ?? []).map((lexeme, i): [string, number] => [lexeme, Number(row?.freqs?.[i] ?? 0)]);
  });
}

/**
 * The key of the row `rows` places from the newest of r's table (null while there are fewer): where
 * newestMatches' window of the newest rows starts. Finding it walks that many index entries (~7 ms for
 * 100,000 signals), so it is kept. Any bound gives the same matches (the newest `rankedAtMost` of them
 * either way): a stale one only moves where the index is read first, by the rows that arrived meanwhile.
 */
function windowBound(q: Queryable, r: Resource, rows: number): Promise<string | null> {
  return keptFor(q, `window bound ${r.table} ${rows}`, async () => {
    const [row] = await q.query<{ key: string }>(
      `select ${r.key} as key from ${r.table} order by ${r.key} desc offset ${rows} limit 1`,
    );
    return row?.key ?? null;
  });
}

/** The types GET /search looks through. */
export const searchTypes = ["signal", "pattern", "improvement", "contact", "release", "deployment"] as const;
export type SearchType = (typeof searchTypes)[number];

/** The filters of GET /search; a filter that does not apply to a type leaves that type out. */
export interface SearchFilters {
  loopId?: string;
  status?: string;
  channelId?: string;
  productId?: string;
  from?: Date;
  to?: Date;
}

/** One hit of GET /search. */
export interface SearchHit {
  type: SearchType;
  id: string;
  title: string;
  /** A few words of the body around the matched words, each match between « and ». */
  snippet: string;
  rank: number;
  at: string;
  status: string | null;
}

/** Each filter as SQL over one type's row, or undefined where the filter means nothing for it. */
const filterSql: Record<SearchType, Partial<Record<keyof SearchFilters, (param: string) => string>>> = {
  signal: {
    loopId: (p) => `exists (select 1 from channels c where c.id = t.channel_id and c.loop_id = ${p})`,
    channelId: (p) => `t.channel_id = ${p}`,
    productId: (p) => `t.product_id = ${p}`,
  },
  pattern: { loopId: (p) => `t.loop_id = ${p}`, status: (p) => `t.status = ${p}` },
  improvement: {
    loopId: (p) => `t.loop_id = ${p}`,
    status: (p) => `t.status = ${p}`,
    productId: (p) =>
      `exists (select 1 from improvement_products l where l.improvement_id = t.id and l.product_id = ${p})`,
  },
  contact: {},
  release: {
    loopId: (p) => `exists (select 1 from products p where p.id = t.product_id and p.loop_id = ${p})`,
    productId: (p) => `t.product_id = ${p}`,
  },
  deployment: {
    loopId: (p) => `exists (select 1 from products p where p.id = t.product_id and p.loop_id = ${p})`,
    productId: (p) => `t.product_id = ${p}`,
  },
};

/**
 * The best `limit` hits for `q` across the asked types, ranked together. One statement per type, each
 * taking its own best `limit` from its GIN indexes; snippets (ts_headline reads the text) only for those.
 */
export async function search(
  q: Queryable,
  options: { q: string; types: readonly SearchType[]; filters: SearchFilters; limit: number; withinLoop?: string },
): Promise<{ items: SearchHit[] }> {
  // The types are independent statements: on a server each runs on its own pooled connection, at once.
  const found = await Promise.all(options.types.map((type) => searchType(q, type, options)));
  const hits = found.flat();
  hits.sort((a, b) => b.rank - a.rank || (a.id < b.id ? 1 : -1));
  return { items: hits.slice(0, options.limit) };
}

/** One type's best `options.limit` hits (none when a filter does not apply to it). */
async function searchType(
  q: Queryable,
  type: SearchType,
  options: { q: string; filters: SearchFilters; limit: number; withinLoop?: string },
): Promise<SearchHit[]> {
  const searchable = resources[type].search;
  if (!searchable) return [];
  return wholeWordsFirst(
    searchable,
    options.q,
    options.limit,
    (earlier) => searchTypeWith(q, type, options, earlier),
    (hits) => hits.length,
  );
}

async function searchTypeWith(
  q: Queryable,
  type: SearchType,
  options: { q: string; filters: SearchFilters; limit: number; withinLoop?: string },
  earlier: EarlierWords,
): Promise<SearchHit[]> {
  const { from, to, ...exact } = options.filters;
  const r: Resource = resources[type];
  const searchable = r.search;
  if (!searchable) return [];
  const params: unknown[] = [];
  const { where, typos, rank, tsquery } = searchSql(searchable, options.q, params, options.limit, r.table, earlier);
  const conditions: string[] = [];
  let applies = true;
  for (const [name, value] of Object.entries(exact)) {
    if (value === undefined) continue;
    const sql = filterSql[type][name as keyof SearchFilters];
    if (!sql) applies = false;
    else {
      params.push(value);
      conditions.push(sql(`$${params.length}`));
    }
  }
  if (!applies) return [];
  if (from) {
    params.push(from);
    conditions.push(`${searchable.at} >= $${params.length}`);
  }
  if (to) {
    params.push(to);
    conditions.push(`${searchable.at} < $${params.length}`);
  }
  // A token bound to a loop finds only that loop's own work (as lists show it).
  if (options.withinLoop && r.privateToLoop) {
    params.push(options.withinLoop);
    conditions.push(`$${params.length} = any(${r.owners})`);
  }
  const status = r.machine ? "t.status" : "null::text";
  const orElse = typos?.(conditions);
  const rows = await newestMatches(
    q,
    r,
    options.q,
    [where, ...conditions].join(" and "),
    params,
    (tx, candidates) => {
      params.push(options.limit);
      return tx.query<Omit<SearchHit, "type" | "at"> & { at: Date | string }>(
        `select best.id, best.title, best.rank, best.at, best.status,
              ts_headline('english', best.body, ${tsquery},
                          'MaxFragments=1, MaxWords=24, MinWords=8, StartSel=«, StopSel=»') as snippet
         from (select t.id, ${searchable.title} as title, ${searchable.body} as body, ${rank} as rank,
                      ${searchable.at} as at, ${status} as status
                 from ${candidates} t
                order by 4 desc, t.id desc limit $${params.length}) best
        order by best.rank desc, best.id desc`,
        params,
      );
    },
    { orElse, withFilters: conditions.length > 0 },
  );
  return rows.map((row) => ({ ...row, type, rank: Number(row.rank), at: new Date(row.at).toISOString() }));
}
