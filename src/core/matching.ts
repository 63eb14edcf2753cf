/**
 * The matcher's rules, pure (docs/MATCHING.md): which patterns a new signal most likely belongs to, with
 * a score from 0 to 1 and reasons a person can read. Fingerprint rules a team wrote apply first; then
 * every candidate pattern is compared through its own text and the signals attached to it, terms
 * weighted by how rare they are (BM25's idf) and where they stand (a title's and an error code's count
 * more). The store finds the candidates and the terms' frequencies (src/services/suggest-patterns.ts).
 */

import { RE2JS } from "re2js";
import { percent } from "./percent.js";
import { ruleWhere } from "./rule-words.js";
import { Comparison, type Terms } from "./text-comparison.js";

/** A rule a team wrote: a regex or an error code on a signal's title, body or channel → that pattern. */
export interface FingerprintRule {
  id: string;
  patternId: string;
  field: "title" | "body" | "channel" | "any";
  kind: "regex" | "error_code";
  expression: string;
}

/** What the matcher runs with; every change makes a new version, and attachments name theirs. */
export interface MatcherConfig {
  version: number;
  rules: FingerprintRule[];
  /** Suggestions below this score are not shown. */
  minScore: number;
  /** How many suggestions at most. */
  limit: number;
}

/** The configuration before anyone changed it (version 1, migration 0020). */
export const defaultMatcherConfig: MatcherConfig = { version: 1, rules: [], minScore: 0.05, limit: 5 };

/**
 * The automatic-attachment threshold to start from when an owner switches it on for a channel (it stays
 * off until then); `npm run eval:matching` reports precision and recall at it (docs/MATCHING.md).
 */
export const recommendedAutoAttachThreshold = 0.35;

export type { Terms } from "./text-comparison.js";

/** A pattern that might fit, with what it is compared through. */
export interface Candidate {
  patternId: string;
  title: string;
  /** The pattern's own title and description. */
  own: Terms;
  /** Signals already attached to it that resemble the new one most (the store picks them). */
  signals: { id: string; title: string; terms: Terms }[];
}

/** One suggestion: a pattern, how sure, and why. */
export interface Suggestion {
  patternId: string;
  title: string;
  score: number;
  /** Sentences a person can read. */
  reasons: string[];
  /** The distinctive terms the signal shares with the pattern, rarest first. */
  sharedTerms: string[];
  similarSignals: { id: string; title: string; similarity: number }[];
  ruleId: string | null;
}

const errorCode = /\b(?:[A-Z][A-Z0-9]*_[A-Z0-9_]{2,}|[A-Z]{1,6}-?\d{3,}|0x[0-9a-fA-F]{4,}|E[A-Z]{3,})\b/g;
const version = /\bv?\d+\.\d+(?:\.\d+)?(?:-[0-9A-Za-z.]+)?\b/g;
// Each run bounded, and a file path found only from the start of its run: unbounded, `[\w/.-]+\.js:\d+`
// tried every start inside a long token (a JWT, a base64 blob pasted into a report), quadratic — 96,000
// characters held the server for 90 s. A path of over 300 characters is no frame.
const frame =
  /(?:\bat\s+[\w$.<>]{1,300}\s*\(|\bFile\s+"[^"]{1,300}",\s+line\s+\d+|(?<![\w/.-])[\w/.-]{1,300}\.(?:js|ts|py|java|go|rs|rb|cs|cpp|c|kt|swift):\d+)/g;

/**
 * The strong features of a text: error codes (ERR_CONNECTION_REFUSED, ORA-00942, 0x80070005, ENOENT),
 * versions (1.4.2) and stack-trace frames (at foo.bar (…), File "x.py", line 3, sync.ts:42), normalised.
 */
export function strongFeatures(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(errorCode)) found.add(`code:${m[0].toUpperCase()}`);
  for (const m of text.matchAll(version)) found.add(`version:${m[0].replace(/^v/, "")}`);
  for (const m of text.matchAll(frame)) found.add(`frame:${m[0].replace(/\s+/g, " ").replace(/:\d+$/, "")}`);
  return [...found];
}

/**
 * Why a rule's regex may not be used, or undefined when it may. Rules run on every text a stranger sends
 * (the widget, email) in the server's one thread, so they run on RE2 (the `re2js` port), whose matching
 * takes time linear in the text whatever the regex: `(a+)+$` or `(a|a)*$` cannot hold the server, as
 * JavaScript's backtracking engine let them (minutes on a title of 34 `a`s). RE2's syntax is JavaScript's
 * without lookaround and backreferences; a regex it cannot read is refused with its reason.
 */
export function regexRefusal(expression: string): string | undefined {
  try {
    RE2JS.compile(expression, RE2JS.CASE_INSENSITIVE);
    return undefined;
  } catch (error) {
    // RE2 quotes some regexes with the case-insensitive flag it was given ("`(?i)(a+`"): say what was written.
    const reason = (error as Error).message.replace("`(?i)", "`");
    return `Not a regular expression a rule can run (RE2 syntax: no lookbehind, lookahead or backreferences): ${reason}`;
  }
}

/** Compiled rule regexes by expression (null: refused), so a batch compiles each once. */
const compiled = new Map<string, RE2JS | null>();
function ruleRegex(expression: string): RE2JS | null {
  let re = compiled.get(expression);
  if (re === undefined) {
    re = regexRefusal(expression) === undefined ? RE2JS.compile(expression, RE2JS.CASE_INSENSITIVE) : null;
    if (compiled.size > 1000) compiled.clear();
    compiled.set(expression, re);
  }
  return re;
}

/**
 * Whether a rule matches a signal. A regex refused by regexRefusal matches nothing: rules are checked
 * when written, and one written before the check (or into the database by hand) is not run.
 */
export function ruleMatches(rule: FingerprintRule, signal: { title: string; body: string; channel: string }): boolean {
  const fields = rule.field === "any" ? [signal.title, signal.body, signal.channel] : [signal[rule.field]];
  if (rule.kind === "error_code") {
    const code = rule.expression.toUpperCase();
    return fields.some((text) => strongFeatures(text).includes(`code:${code}`) || text.toUpperCase().includes(code));
  }
  const re = ruleRegex(rule.expression);
  return re !== null && fields.some((text) => re.matcher(text).find());
}

/**
 * The fewest terms a report counts as when it is matched (rankSuggestions; issue #11): a report of fewer
 * distinct terms weighs as if it had this many of its own mean weight, the missing ones shared with
 * nothing. A title-only report that shares one generic phrase ("Permission denied") with a pattern would
 * otherwise be mostly that phrase, and score as if it matched; a report of 7 terms or more is untouched.
 * Chosen on the development set (docs/MATCHING.md "Evaluation"): the largest floor that keeps the recall
 * of automatic attachment at 0.35 there.
 */
export const shortReportTerms = 7;

/**
 * Weighted Dice similarity of two texts (0–1), and the terms they share: each term weighs its idf, twice
 * in a title, three times for a feature. With `floor`, text a (the new report) weighs at least that many
 * terms (shortReportTerms): a short report's similarity shrinks.
 */
export function similarity(
  a: Terms,
  b: Terms,
  idf: (term: string) => number,
  floor = 0,
): { value: number; shared: string[] } {
  const compare = new Comparison(a, idf, floor);
  return { value: compare.similarity(b), shared: compare.shared(b) };
}

/**
 * How much of signal a (0–1) a group of texts explains: each term of a counts its weight times the square
 * root of the share of the texts that hold it. A term every report of a pattern carries explains all of
 * its weight; one a single report of four happens to share, half. Unlike "any of the texts holds it", this
 * does not grow just because a pattern holds more reports, so one threshold fits small and large patterns.
 * With `floor`, a weighs at least that many terms (shortReportTerms): a short report is explained less.
 */
export function coverage(a: Terms, texts: Terms[], idf: (term: string) => number, floor = 0): number {
  const [first, ...rest] = texts;
  if (!first) return 0;
  return new Comparison(a, idf, floor).coverageAndSignature(
    first,
    rest.map((terms) => ({ terms })),
  ).coverage;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/**
 * How much of a pattern's signature signal a holds (0–1): the signature is the terms at least half of the
 * pattern's texts hold, each weighing its idf times that share. coverage asks how much of the report the
 * pattern explains; this asks the reverse — a report that shares a pattern's generic words but lacks what
 * every report of it says ("kubectl" beside "connection … localhost:8080 … refused") holds little of it.
 */
export function signatureHeld(a: Terms, texts: Terms[], idf: (term: string) => number, minShare = 0.5): number {
  const [first, ...rest] = texts;
  if (!first) return 0;
  return new Comparison(a, idf).coverageAndSignature(
    first,
    rest.map((terms) => ({ terms })),
    minShare,
  ).signature;
}

/**
 * The ranked suggestions for one signal. A rule's pattern scores 1 (first, whatever else matches);
 * every other candidate scores 0.4 from its nearest texts — ¾ of its best similarity (its own text or
 * one attached signal) and ¼ of the mean of its best three: a pattern many similar signals already
 * joined is surer than one with a single lookalike — 0.4 from its coverage: how much of the signal's
 * weight the pattern's texts consistently hold (see coverage), and 0.2 from how much of the pattern's
 * signature the signal holds (signatureHeld). The first two count the signal as at least
 * shortReportTerms terms: a short report sharing one generic phrase is not taken for a match.
 */
export function rankSuggestions(
  signal: {
    terms: Terms;
    title: string;
    body: string;
    channel: string;
    /** The report's own word for each of its terms (a lexeme is a stem: "larg" for "large"). */
    words?: ReadonlyMap<string, string>;
  },
  candidates: Candidate[],
  idf: (term: string) => number,
  config: MatcherConfig,
): Suggestion[] {
  const ruled = new Map<string, FingerprintRule>();
  for (const rule of config.rules)
    if (!ruled.has(rule.patternId) && ruleMatches(rule, signal)) ruled.set(rule.patternId, rule);
  // The signal compared with every candidate's texts: its weights, and each term's idf, computed once.
  const compare = new Comparison(signal.terms, idf, shortReportTerms);
  const scored: Scored[] = [];
  for (const candidate of candidates) {
    const own = compare.similarity(candidate.own);
    const bySignal =
      candidate.signals.length === 0
        ? noSignals
        : candidate.signals
            .map((s) => ({ id: s.id, title: s.title, terms: s.terms, value: compare.similarity(s.terms) }))
            .sort((x, y) => y.value - x.value);
    const rule = ruled.get(candidate.patternId);
    let score = 1;
    if (!rule) {
      // How much of the signal's weight the pattern's texts (its own and the signals shown) consistently
      // hold, and how much of what they hold in common the signal holds.
      const { coverage, signature } = compare.coverageAndSignature(candidate.own, candidate.signals);
      score = 0.4 * nearestOf(own, bySignal) + 0.4 * coverage + 0.2 * signature;
    }
    if (score >= config.minScore || rule) scored.push({ candidate, score: round(score), bySignal, rule });
  }
  // Only those shown are explained: a signal has ~100 candidates at a million signals, and 5 are shown.
  return scored
    .sort((a, b) => b.score - a.score || (a.candidate.patternId < b.candidate.patternId ? -1 : 1))
    .slice(0, config.limit)
    .map((s) => explained(s, signal, idf, compare));
}

/**
 * How near a pattern's texts come: ¾ of the best similarity, its own text's or an attached signal's, and
 * ¼ of the mean of the best three (a missing one counts 0), the three summed best first. `bySignal` is
 * sorted best first, so the best three are among `own` and its first three.
 */
function nearestOf(own: number, bySignal: readonly { value: number }[]): number {
  const best = [own, -1, -1];
  for (let k = 0; k < 3 && k < bySignal.length; k++) {
    let value = (bySignal[k] as { value: number }).value;
    for (let i = 0; i < 3; i++) {
      const held = best[i] as number;
      if (value > held) {
        best[i] = value;
        value = held;
      }
    }
  }
  const [first = 0, second = -1, third = -1] = best;
  let sum = first;
  if (second >= 0) sum += second;
  if (third >= 0) sum += third;
  return 0.75 * first + 0.25 * (sum / 3);
}

/** A candidate scored, with the signals shown beside it, best first. */
type Scored = {
  candidate: Candidate;
  score: number;
  bySignal: readonly { id: string; title: string; terms: Terms; value: number }[];
  rule: FingerprintRule | undefined;
};
const noSignals: Scored["bySignal"] = [];

/** A scored candidate as a suggestion: the rule, the words it shares, the signals most like the report. */
function explained(
  { candidate, score, bySignal, rule }: Scored,
  signal: { words?: ReadonlyMap<string, string> },
  idf: (term: string) => number,
  compare: Comparison,
): Suggestion {
  const shared = [compare.shared(candidate.own), ...bySignal.slice(0, 3).map((s) => compare.shared(s.terms))];
  const sharedTerms = [...new Set(shared.flat())].sort((x, y) => idf(y) - idf(x)).slice(0, 8);
  const similarSignals = bySignal
    .filter((s) => s.value > 0)
    .slice(0, 3)
    .map((s) => ({ id: s.id, title: s.title, similarity: round(s.value) }));
  const reasons: string[] = [];
  // In the words Settings › Matcher lists the rule with (the rule's id is the suggestion's ruleId).
  if (rule) {
    const kind = rule.kind === "error_code" ? "the error code" : "the regex";
    reasons.push(`Fingerprint rule: ${kind} “${rule.expression}” ${ruleWhere[rule.field]}.`);
  }
  // Each word once: a feature and its lexemes ("version:2.4.1" and "2.4.1") read as the same word, in the
  // feature's letters (the report's "SQLITE_CORRUPT"; the words a lexeme is read from are lower case).
  const words = new Map<string, string>();
  for (const t of sharedTerms) {
    const feature = /^\w+:/.test(t);
    const word = feature ? t.replace(/^\w+:/, "") : (signal.words?.get(t) ?? t);
    if (feature || !words.has(word.toLowerCase())) words.set(word.toLowerCase(), word);
  }
  const said = [...words.values()];
  if (said.length > 0) reasons.push(`Shares ${said.map((word) => `“${word}”`).join(", ")}.`);
  if (similarSignals.length > 0) {
    reasons.push(
      `Most like ${similarSignals.map((s) => `“${s.title}” (${percent(s.similarity)})`).join(", ")}, already attached.`,
    );
  }
  return {
    patternId: candidate.patternId,
    title: candidate.title,
    score,
    reasons,
    sharedTerms,
    similarSignals,
    ruleId: rule?.id ?? null,
  };
}

/**
 * Terms as the reports wrote them, for people to read: a feature without its kind ("code:ENOENT" →
 * "ENOENT"), a stem as the first word of the texts it starts ("applic" → "application"), or that starts
 * it with the y the stemmer made an i ("everi" → "every", "appli" → "apply"); each once.
 */
export function readableTerms(terms: readonly string[], texts: readonly string[]): string[] {
  const lower = texts.map((t) => t.toLowerCase());
  const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}_]/u.test(c);
  const read = (term: string): string => {
    const feature = /^(?:code|version|frame):(.*)$/.exec(term);
    if (feature) return feature[1] ?? term;
    for (const start of term.endsWith("i") ? [term, `${term.slice(0, -1)}y`] : [term]) {
      for (const [i, text] of lower.entries()) {
        for (let at = text.indexOf(start); at >= 0; at = text.indexOf(start, at + 1)) {
          if (isWordChar(text[at - 1])) continue;
          let end = at + start.length;
          while (isWordChar(text[end])) end++;
          return texts[i]?.slice(at, end).toLowerCase() ?? term;
        }
      }
    }
    return term;
  };
  const words = new Map<string, string>();
  for (const word of terms.map(read)) if (!words.has(word.toLowerCase())) words.set(word.toLowerCase(), word);
  return [...words.values()];
}

/** A group of unattached signals that resemble each other: a pattern nobody has written yet. */
export interface Proposal {
  /** The title of the signal most like the others. */
  title: string;
  signalIds: string[];
  /** The terms most of them share, rarest first. */
  sharedTerms: string[];
  /** Mean similarity of each signal to the one the title comes from (0–1). */
  cohesion: number;
}

/**
 * Average-linkage grouping: starting from one group per item, merges the two groups whose items are on
 * average the most similar, while that average reaches `threshold`. Unlike single linkage, a chain of
 * lookalikes (a like b, b like c) does not pull unrelated items into one group. `sim` is symmetric; each
 * step updates the groups' mean similarities in place (Lance–Williams), so n items cost O(n³) additions.
 */
export function averageLinkGroups(sim: number[][], threshold: number): number[][] {
  const members = sim.map((_, i) => [i]);
  const mean = sim.map((row) => [...row]);
  const alive = new Set(sim.map((_, i) => i));
  for (;;) {
    let best = -1;
    let x = -1;
    let y = -1;
    for (const i of alive)
      for (const j of alive)
        if (j > i && (mean[i]?.[j] ?? 0) > best) {
          best = mean[i]?.[j] ?? 0;
          x = i;
          y = j;
        }
    if (x < 0 || best < threshold) break;
    const nx = members[x]?.length ?? 0;
    const ny = members[y]?.length ?? 0;
    for (const k of alive) {
      if (k === x || k === y) continue;
      const merged = ((mean[x]?.[k] ?? 0) * nx + (mean[y]?.[k] ?? 0) * ny) / (nx + ny);
      (mean[x] as number[])[k] = merged;
      (mean[k] as number[])[x] = merged;
    }
    members[x] = [...(members[x] ?? []), ...(members[y] ?? [])];
    alive.delete(y);
  }
  return [...alive].map((i) => members[i] ?? []);
}

/**
 * Groups signals whose similarity, on average over the group, reaches `threshold` (average linkage), and
 * proposes each group of `minSize` or more as a new pattern titled after its most central signal.
 * Quadratic in memory, cubic in time: for the newest few hundred signals of the triage queue, not for the
 * whole history.
 */
export function proposePatterns(
  signals: { id: string; title: string; terms: Terms }[],
  idf: (term: string) => number,
  options: { threshold: number; minSize: number },
): Proposal[] {
  const sim: number[][] = signals.map(() => signals.map(() => 0));
  for (let i = 0; i < signals.length; i++) {
    const a = signals[i];
    if (!a) continue;
    const compare = new Comparison(a.terms, idf);
    for (let j = i + 1; j < signals.length; j++) {
      const b = signals[j];
      if (!b) continue;
      const value = compare.similarity(b.terms);
      (sim[i] as number[])[j] = value;
      (sim[j] as number[])[i] = value;
    }
  }
  const groups = averageLinkGroups(sim, options.threshold);
  const out: Proposal[] = [];
  for (const members of groups) {
    if (members.length < options.minSize) continue;
    const centrality = (i: number) => members.reduce((s, j) => s + (i === j ? 0 : (sim[i]?.[j] ?? 0)), 0);
    const center = members.reduce((best, i) => (centrality(i) > centrality(best) ? i : best), members[0] ?? 0);
    const counts = new Map<string, number>();
    for (const i of members) {
      const s = signals[i];
      if (s)
        for (const t of new Set([...s.terms.title, ...s.terms.body, ...s.terms.features]))
          counts.set(t, (counts.get(t) ?? 0) + 1);
    }
    const sharedTerms = [...counts]
      .filter(([, n]) => n * 2 > members.length)
      .sort((x, y) => idf(y[0]) - idf(x[0]))
      .slice(0, 8)
      .map(([t]) => t);
    out.push({
      title: signals[center]?.title ?? "",
      signalIds: members.map((i) => signals[i]?.id ?? ""),
      sharedTerms,
      cohesion: round(centrality(center) / (members.length - 1)),
    });
  }
  return out.sort((a, b) => b.signalIds.length - a.signalIds.length || b.cohesion - a.cohesion);
}

/** Cosine similarity of two vectors (−1–1); 0 when either is empty or all zeros, or their lengths differ. */
export function cosine(a: number[], b: number[]): number {
  if (a.length === 0 || a.length !== b.length) return 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/**
 * How embeddings weigh in (docs/MATCHING.md "Embeddings"): a cosine at or below `floor` means nothing
 * (unrelated texts of most models still score 0.1–0.3), at or above `ceiling` it counts fully; between,
 * linearly. The blended score is (1 − weight) × the text score + weight × that.
 */
export const meaningScale = { floor: 0.3, ceiling: 0.85, weight: 0.4 };

/** A cosine as the 0–1 share the blend takes (meaningScale). */
export function meaningOf(cos: number, scale = meaningScale): number {
  return Math.min(1, Math.max(0, (cos - scale.floor) / (scale.ceiling - scale.floor)));
}

/** How close in meaning a pattern is to the signal: its best cosine, and the text that gave it. */
export interface Meaning {
  cosine: number;
  /** The pattern's own text, or the title of the attached signal nearest in meaning. */
  closest: { kind: "pattern" | "signal"; title: string };
}

/**
 * Blends embeddings into suggestions ranked by text (rankSuggestions with minScore 0 and no limit): each
 * suggestion's score becomes (1 − weight) × its text score + weight × meaningOf(its cosine), a pattern
 * without a cosine keeping its text share only; a fingerprint rule's pattern stays at 1. Then the
 * configuration's minScore and limit apply, as they do without embeddings. Reasons say how close.
 */
export function blendMeaning(
  ranked: Suggestion[],
  meanings: Map<string, Meaning>,
  config: Pick<MatcherConfig, "minScore" | "limit">,
  scale = meaningScale,
): (Suggestion & { meaning: number | null })[] {
  const out: (Suggestion & { meaning: number | null })[] = [];
  for (const suggestion of ranked) {
    const meaning = meanings.get(suggestion.patternId);
    const share = meaning ? meaningOf(meaning.cosine, scale) : 0;
    const score = suggestion.ruleId ? 1 : round((1 - scale.weight) * suggestion.score + scale.weight * share);
    const reasons = [...suggestion.reasons];
    if (meaning && share > 0) {
      const what = meaning.closest.kind === "pattern" ? "the pattern's own text" : "already attached";
      reasons.push(`Close in meaning to “${meaning.closest.title}” (${what}): cosine ${meaning.cosine.toFixed(2)}.`);
    }
    if (score >= config.minScore || suggestion.ruleId)
      out.push({ ...suggestion, score, reasons, meaning: meaning ? round(meaning.cosine) : null });
  }
  return out.sort((a, b) => b.score - a.score || (a.patternId < b.patternId ? -1 : 1)).slice(0, config.limit);
}
