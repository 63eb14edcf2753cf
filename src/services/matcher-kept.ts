import type { Terms } from "../core/matching.js";
import type { UuidNumbers } from "../core/uuid-numbers.js";
import type { Db, Queryable } from "../db/connect.js";

/** A signal's or a pattern's text (a pattern's description as `body`) with its lexemes as PostgreSQL reads them. */
export type TextRow = { id: string; title: string; body: string; title_terms: string[]; body_terms: string[] };
/** A text with its terms, computed once however many signals of a batch compare with it. */
export type Text = TextRow & { terms: Terms };

/**
 * What the matcher keeps in this process between calls, for one database (docs/MATCHING.md "What the
 * matcher keeps"): a batch at a million signals meets ~28,000 candidate patterns and thousands of attached
 * signals, most of them the batch before's too, and reading and parsing a text again costs ~50–100 µs.
 * Kept true by the changes written down in matcher_revisions (migration 0059): before each call the
 * matcher reads the timeline's horizon, then the changes since the horizon it read last, and forgets
 * what they changed. Nothing is asked again about rows that did not change.
 */
export interface Kept {
  /** Patterns by id: where each leads, and its parsed text unless it was merged or dismissed. */
  patterns: Map<string, KeptPattern>;
  /** Attached signals' parsed texts by id, the least recently kept first (bounded by characters). */
  signals: Map<string, Text>;
  signalChars: number;
  /** Each term's first postings among patterns by their own text, as numbers of `numbers`. */
  postings: Map<string, Int32Array>;
  postingsHeld: number;
  numbers: UuidNumbers | null;
  /** The horizon read last (a bigint as text), and when; null: nothing read yet. */
  seen: string | null;
  lookedAt: number;
  /**
   * Bumped whenever anything is forgotten. A call keeps what it read only if nothing was forgotten since
   * its own look (`at`, the generation then): on a server's pool another call may look meanwhile, forget a
   * row changed since, and this call's read of the row as it was would otherwise be kept for good.
   */
  generation: number;
}

export type KeptPattern = { id: string; status: string; merged_into_id: string | null; text: Text | null };

/** Bounds of what one database's matcher keeps; beyond them it starts over (or drops its oldest texts). */
export const keptAtMost = { patterns: 200_000, signalChars: 20_000_000, postings: 20_000_000, changes: 10_000 };
/** Changes are kept a week (maintainDatabase); a process that last looked longer ago than this starts over. */
const lookedAtMostMs = 24 * 60 * 60 * 1000;

const kept = new WeakMap<Db, Kept>();

const empty = (): Kept => ({
  patterns: new Map(),
  signals: new Map(),
  signalChars: 0,
  postings: new Map(),
  postingsHeld: 0,
  numbers: null,
  seen: null,
  lookedAt: 0,
  generation: 0,
});

/**
 * What this process keeps for the database of `q`, brought up to date: what changed since the last look
 * forgotten (a changed pattern's postings with it: those of the terms it holds now and held before). Inside
 * a transaction (not a Db) nothing is kept: what it reads may be its own uncommitted changes.
 */
export async function lookAgain(q: Queryable): Promise<Kept> {
  if (!("transaction" in q)) return empty();
  const db = q as Db;
  const state = kept.get(db) ?? empty();
  kept.set(db, state);
  const [read] = await q.query<{ horizon: string }>(
    "select loopwork_timeline_horizon()::text as horizon",
    [],
    "matcher_horizon",
  );
  const horizon = read?.horizon ?? "0";
  const now = Date.now();
  if (state.seen === null || now - state.lookedAt > lookedAtMostMs) forgetAll(state);
  else {
    // Each row changed once, with every term a pattern holds now or held before a change since.
    const changes = await q.query<{ kind: "pattern" | "signal"; id: string; terms: string[] | null }>(
      `with changed as (
         select r.kind, r.id, array_agg(t.term) filter (where t.term is not null) as before
           from matcher_revisions r left join lateral unnest(r.terms) as t(term) on true
          where r.revision > $1::bigint group by r.kind, r.id limit $2)
       select c.kind, c.id,
              to_json(coalesce(c.before, '{}') || coalesce((
                select tsvector_to_array(loopwork_document(p.title, p.description)) from patterns p
                 where c.kind = 'pattern' and p.id = c.id), '{}')) as terms
         from changed c`,
      [state.seen, keptAtMost.changes + 1],
      "matcher_changes",
    );
    if (changes.length > keptAtMost.changes) forgetAll(state);
    else for (const change of changes) forget(state, change);
    if (changes.length > 0) state.generation++;
  }
  state.seen = horizon;
  state.lookedAt = now;
  return state;
}

function forgetAll(state: Kept) {
  state.generation++;
  state.patterns.clear();
  state.signals.clear();
  state.signalChars = 0;
  state.postings.clear();
  state.postingsHeld = 0;
}

function forget(state: Kept, change: { kind: "pattern" | "signal"; id: string; terms: string[] | null }) {
  if (change.kind === "signal") {
    const text = state.signals.get(change.id);
    if (text) {
      state.signals.delete(change.id);
      state.signalChars -= text.title.length + text.body.length;
    }
    return;
  }
  state.patterns.delete(change.id);
  // The terms it holds now and those its changes say it held before.
  for (const term of change.terms ?? []) {
    const list = state.postings.get(term);
    if (!list) continue;
    state.postings.delete(term);
    state.postingsHeld -= list.length;
  }
}

/** Keeps a pattern as read; beyond the bound, every kept pattern is forgotten first. */
export function keepPattern(state: Kept, pattern: KeptPattern, at: number) {
  if (state.generation !== at) return;
  if (state.patterns.size >= keptAtMost.patterns) state.patterns.clear();
  state.patterns.set(pattern.id, pattern);
}

/** Keeps a signal's text as the newest, dropping the oldest beyond the bound. */
export function keepSignal(state: Kept, text: Text, at: number) {
  if (state.generation !== at) return;
  const chars = (t: Text) => t.title.length + t.body.length;
  const before = state.signals.get(text.id);
  if (before) state.signalChars -= chars(before);
  state.signals.delete(text.id);
  state.signals.set(text.id, text);
  state.signalChars += chars(text);
  for (const [oldest, t] of state.signals) {
    if (state.signalChars <= keptAtMost.signalChars) break;
    state.signals.delete(oldest);
    state.signalChars -= chars(t);
  }
}

/**
 * Each term's kept postings among patterns, numbered by `numbers` (the process's pattern numbers: kept
 * postings of another numbering are forgotten), and a way to keep newly read ones.
 */
export function keptPostings(state: Kept, numbers: UuidNumbers, at: number) {
  if (state.numbers !== numbers) {
    state.postings.clear();
    state.postingsHeld = 0;
    state.numbers = numbers;
  }
  return {
    of: state.postings as ReadonlyMap<string, Int32Array>,
    keep(term: string, list: Int32Array) {
      if (state.generation !== at || state.numbers !== numbers) return;
      if (state.postingsHeld + list.length > keptAtMost.postings) {
        state.postings.clear();
        state.postingsHeld = 0;
      }
      state.postings.set(term, list);
      state.postingsHeld += list.length;
    },
  };
}

/** Days a change is kept in matcher_revisions: a process that looked less than a day ago finds its changes. */
const changesKeptDays = 7;

/** Forgets the changes written down more than a week ago (maintainDatabase), a thousand a statement; how many. */
export async function forgetMatcherChanges(q: Queryable): Promise<number> {
  let forgotten = 0;
  for (;;) {
    // Only below the horizon: a change of a transaction still open (whatever its start) stays to be read.
    const [row] = await q.query<{ n: number }>(
      `with gone as (
         delete from matcher_revisions where revision in (
           select revision from matcher_revisions
            where at < now() - $1::float8 * interval '1 day' and revision <= loopwork_timeline_horizon() limit 1000)
         returning 1)
       select count(*)::int as n from gone`,
      [changesKeptDays],
    );
    forgotten += row?.n ?? 0;
    if ((row?.n ?? 0) < 1000) return forgotten;
  }
}
