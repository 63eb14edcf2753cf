/**
 * `npm run eval:matching`: scores the matcher on real public bug reports (data/matching-eval/*.json, all
 * files in one knowledge base) on a fresh in-memory PGlite, with fingerprint rules off and no embeddings.
 * For each cluster, its first report becomes the pattern (its title) and the next `history` reports are
 * attached to it; every other report is then received, unattached, and asked for suggestions. Then the
 * triage queue those reports form is asked for new-pattern proposals (`GET /patterns/proposals`).
 * Prints, for the matcher and beside it a plain TF-IDF cosine baseline on the same split: top-1 and top-3
 * recall, automatic attachment at the recommended threshold and at several others, and proposal quality.
 * One JSON object per line on stdout. Deterministic: no randomness, files and reports in a fixed order.
 * EVAL_DEV=1 leaves the held-out files (zz-holdout*.json) out: the development set, the only one the
 * scoring may be tuned on.
 */
import { readdirSync, readFileSync } from "node:fs";
import { averageLinkGroups, recommendedAutoAttachThreshold } from "../src/core/matching.js";
import {
  type Asked,
  autoAttachAt,
  bestThreshold,
  type ProposalQuality,
  proposalQuality,
  recallAt,
} from "../src/core/matching-quality.js";
import { connect } from "../src/db/connect.js";
import { migrate } from "../src/db/migrate.js";
import { createSignals } from "../src/services/create-signals.js";
import { listProposals, proposalThreshold } from "../src/services/propose-patterns.js";
import { suggestPatterns } from "../src/services/suggest-patterns.js";

interface Report {
  cluster: string | null;
  url: string;
  title: string;
  body: string;
}
interface DataSet {
  clusters: { id: string; title: string }[];
  reports: Report[];
}

const folder = new URL("../data/matching-eval/", import.meta.url);
const history = Number(process.env.EVAL_HISTORY ?? 2);
const developmentOnly = process.env.EVAL_DEV === "1";
/** EVAL_SKIP=a.json,b.json leaves those files out (a held-out file kept for checking a change). */
const skipped = (process.env.EVAL_SKIP ?? "").split(",").filter(Boolean);
const thresholds = [0.2, 0.25, 0.3, 0.35, 0.4, 0.5];
const started = Date.now();

const db = await connect({ dataFolder: "memory" });
await migrate(db);
const [loop] = await db.query<{ id: string }>("insert into loops (slug, name) values ('eval', 'Eval') returning id");
const [channel] = await db.query<{ id: string }>(
  "insert into channels (loop_id, slug, name, kind) values ($1, 'issues', 'Issues', 'github') returning id",
  [loop?.id],
);
const channelId = channel?.id ?? "";
const lexemes = async (text: string) =>
  (await db.query<{ l: string }>("select lexeme as l from unnest(to_tsvector('english', $1))", [text])).map((r) => r.l);

// 1. The knowledge base: every cluster of every file becomes a pattern holding its first 1 + history reports.
const files = readdirSync(folder)
  .filter((f) => f.endsWith(".json") && !(developmentOnly && f.startsWith("zz-holdout")) && !skipped.includes(f))
  .sort();
const patternOf = new Map<string, string>(); // cluster → pattern
const patternDocs = new Map<string, string[]>(); // pattern → lexemes of its title and attached reports (baseline)
const queries: (Report & { file: string })[] = [];
let reports = 0;
for (const file of files) {
  const data = JSON.parse(readFileSync(new URL(file, folder), "utf8")) as DataSet;
  reports += data.reports.length;
  for (const cluster of data.clusters) {
    const members = data.reports.filter((r) => r.cluster === cluster.id);
    const [p] = await db.query<{ id: string }>("insert into patterns (loop_id, title) values ($1, $2) returning id", [
      loop?.id,
      cluster.title,
    ]);
    const patternId = p?.id ?? "";
    patternOf.set(cluster.id, patternId);
    const known = members.slice(0, 1 + history);
    await createSignals(
      db,
      "system:eval",
      known.map((r) => ({
        channelId,
        title: r.title,
        body: r.body,
        urgency: "normal",
        patternIds: [patternId],
        score: 1,
      })),
    );
    patternDocs.set(patternId, await lexemes([cluster.title, ...known.map((r) => `${r.title} ${r.body}`)].join("\n")));
    queries.push(...members.slice(1 + history).map((r) => ({ ...r, file })));
  }
  queries.push(
    ...data.reports
      .filter((r) => !r.cluster || !data.clusters.some((c) => c.id === r.cluster))
      .map((r) => ({ ...r, file })),
  );
}

// 2. Every other report arrives and is asked for suggestions (matcher), and ranked by the baseline.
const asked: (Asked & { signalId: string; terms: string[]; file: string })[] = [];
const baseline: (Asked & { file: string })[] = [];
for (const r of queries) {
  const [signal] = await createSignals(db, "system:eval", [
    { channelId, title: r.title, body: r.body, urgency: "normal", patternIds: [], score: 1 },
  ]);
  const found = await suggestPatterns(db, signal?.id ?? "");
  const expected = r.cluster ? (patternOf.get(r.cluster) ?? null) : null;
  const terms = await lexemes(`${r.title} ${r.body}`);
  asked.push({
    expected,
    signalId: signal?.id ?? "",
    terms,
    file: r.file,
    ranked: found.suggestions.map((s) => ({ patternId: s.patternId, score: s.score })),
  });
  baseline.push({ expected, ranked: cosineRank(terms, patternDocs), file: r.file });
  // EVAL_VERBOSE=1: one line per report on stderr (its best suggestion, right or not, and score).
  if (process.env.EVAL_VERBOSE) {
    const best = found.suggestions[0];
    const mark = expected === null ? "none" : best?.patternId === expected ? "ok" : "MISS";
    const top = found.suggestions.slice(0, 3).map((s) => `${s.title.slice(0, 40)} (${s.score})`);
    process.stderr.write(`${mark}\t${best?.score ?? 0}\t${r.url}\t→ ${top.join(" | ") || "-"}\n`);
  }
}

/** TF-IDF vectors (raw term counts × ln((n+1)/(df+1)), idf over the given documents). */
function tfidf(docs: Map<string, string[]>): (terms: string[]) => Map<string, number> {
  const n = docs.size;
  const df = new Map<string, number>();
  for (const terms of docs.values()) for (const t of new Set(terms)) df.set(t, (df.get(t) ?? 0) + 1);
  return (terms) => {
    const tf = new Map<string, number>();
    for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
    return new Map([...tf].map(([t, c]) => [t, c * Math.log((n + 1) / ((df.get(t) ?? 0) + 1))]));
  };
}
function cosine(a: Map<string, number>, b: Map<string, number>): number {
  const norm = (v: Map<string, number>) => Math.sqrt([...v.values()].reduce((s, x) => s + x * x, 0)) || 1;
  let dot = 0;
  for (const [t, w] of a) dot += w * (b.get(t) ?? 0);
  return dot / (norm(a) * norm(b));
}
/** The baseline: TF-IDF cosine between the report and each pattern's text (title + attached reports). */
function cosineRank(query: string[], docs: Map<string, string[]>): { patternId: string; score: number }[] {
  const vector = tfidf(docs);
  const q = vector(query);
  return [...docs]
    .map(([patternId, terms]) => ({ patternId, score: Math.round(cosine(q, vector(terms)) * 1000) / 1000 }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || (a.patternId < b.patternId ? -1 : 1));
}

// 3. The triage queue (every asked report, none attached) is asked for new-pattern proposals.
const labelOf = new Map(asked.map((a) => [a.signalId, a.expected]));
const proposals = await listProposals(db, { channelId });
const matcherProposals = proposalQuality(
  proposals.items.map((p) => p.signalIds),
  labelOf,
  3,
);
// The matcher's proposals at other cuts than the default, to compare best with best.
const cuts = [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4];
let matcherBestProposals: (ProposalQuality & { threshold: number }) | null = null;
for (const cut of cuts) {
  const items = (await listProposals(db, { channelId, threshold: cut })).items;
  const q = {
    ...proposalQuality(
      items.map((p) => p.signalIds),
      labelOf,
      3,
    ),
    threshold: cut,
  };
  if (!matcherBestProposals || f1(q) > f1(matcherBestProposals)) matcherBestProposals = q;
}
// Baseline proposals: the same grouping (average linkage, groups of 3 or more) over TF-IDF cosine, at the
// cut that suits it best here.
const queueVector = tfidf(new Map(asked.map((a) => [a.signalId, a.terms])));
const vectors = asked.map((a) => queueVector(a.terms));
const cosines = vectors.map((a) => vectors.map((b) => cosine(a, b)));
let baselineProposals: (ProposalQuality & { threshold: number }) | null = null;
for (const cut of cuts) {
  const groups = averageLinkGroups(cosines, cut)
    .filter((g) => g.length >= 3)
    .map((g) => g.map((i) => asked[i]?.signalId ?? ""));
  const q = { ...proposalQuality(groups, labelOf, 3), threshold: cut };
  if (!baselineProposals || f1(q) > f1(baselineProposals)) baselineProposals = q;
}
function f1(q: ProposalQuality): number {
  return q.purity + q.recall > 0 ? (2 * q.purity * q.recall) / (q.purity + q.recall) : 0;
}

// 4. Results.
const round = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);
const rounded = <T extends object>(o: T) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === "number" ? round(v) : v]));
const matching = asked.filter((a) => a.expected !== null).length;
console.log(
  JSON.stringify({
    eval: "matching",
    set: developmentOnly ? "development (held-out files left out)" : "all files",
    files: files.length,
    reports,
    patterns: patternDocs.size,
    historyPerPattern: 1 + history,
    asked: asked.length,
    matchingSomething: matching,
    matchingNothing: asked.length - matching,
    matcher: { top1: round(recallAt(asked, 1)), top3: round(recallAt(asked, 3)) },
    tfidfBaseline: { top1: round(recallAt(baseline, 1)), top3: round(recallAt(baseline, 3)) },
  }),
);
console.log(
  JSON.stringify({
    eval: "auto-attach at the recommended threshold",
    matcher: rounded(autoAttachAt(asked, recommendedAutoAttachThreshold)),
    // The baseline has no threshold of its own: the one that suits it best on this very set (flatters it).
    tfidfBaselineBestThreshold: rounded(bestThreshold(baseline, 0.95) ?? { threshold: null }),
    matcherBestThreshold: rounded(bestThreshold(asked, 0.95) ?? { threshold: null }),
  }),
);
for (const threshold of thresholds)
  console.log(JSON.stringify({ eval: "auto-attach", ...rounded(autoAttachAt(asked, threshold)) }));
console.log(
  JSON.stringify({
    eval: "proposals",
    queue: asked.length,
    matcher: rounded({ ...matcherProposals, threshold: proposalThreshold }),
    matcherBestCut: matcherBestProposals ? rounded(matcherBestProposals) : null,
    tfidfBaselineBestCut: baselineProposals ? rounded(baselineProposals) : null,
  }),
);
// Per file (zz-holdout.json was gathered after the scoring and thresholds were fixed).
for (const file of files) {
  const mine = asked.filter((a) => a.file === file);
  const theirs = baseline.filter((a) => a.file === file);
  console.log(
    JSON.stringify({
      eval: "by file",
      file,
      asked: mine.length,
      matcher: { top1: round(recallAt(mine, 1)), top3: round(recallAt(mine, 3)) },
      tfidfBaseline: { top1: round(recallAt(theirs, 1)), top3: round(recallAt(theirs, 3)) },
      autoAttach: rounded(autoAttachAt(mine, recommendedAutoAttachThreshold)),
    }),
  );
}
console.log(JSON.stringify({ eval: "time", seconds: round((Date.now() - started) / 1000) }));
await db.close();
