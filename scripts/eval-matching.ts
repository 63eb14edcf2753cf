/**
 * `npm run eval:matching`: scores the matcher on real public bug reports (data/matching-eval/*.json),
 * on a fresh in-memory PGlite, with fingerprint rules off and no embeddings. For each cluster, its first
 * report becomes the pattern (its title) and the next `history` reports are attached to it; every other
 * report is then received and asked for suggestions. Prints top-1 and top-3 recall, automatic-attachment
 * precision and recall at several thresholds (and whether a report of no cluster would be attached), and
 * a plain TF-IDF cosine baseline on the same split. One JSON object per line on stdout.
 */
import { readdirSync, readFileSync } from "node:fs";
import { connect } from "../src/db/connect.js";
import { migrate } from "../src/db/migrate.js";
import { createSignals } from "../src/services/create-signals.js";
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
const thresholds = [0.2, 0.25, 0.3, 0.4, 0.5];

const db = await connect({ dataFolder: "memory" });
await migrate(db);
const [loop] = await db.query<{ id: string }>("insert into loops (slug, name) values ('eval', 'Eval') returning id");
const [channel] = await db.query<{ id: string }>(
  "insert into channels (loop_id, slug, name, kind) values ($1, 'issues', 'Issues', 'github') returning id",
  [loop?.id],
);
const channelId = channel?.id ?? "";

type Asked = { expected: string | null; ranked: { patternId: string; score: number }[]; baseline: string[] };
const asked: Asked[] = [];
const docs = new Map<string, string[]>(); // pattern → lexemes of its title and attached reports (baseline)
const lexemes = async (text: string) =>
  (await db.query<{ l: string }>("select lexeme as l from unnest(to_tsvector('english', $1))", [text])).map((r) => r.l);

for (const file of readdirSync(folder).filter((f) => f.endsWith(".json"))) {
  const data = JSON.parse(readFileSync(new URL(file, folder), "utf8")) as DataSet;
  const patternOf = new Map<string, string>();
  const byCluster = new Map<string, Report[]>();
  for (const r of data.reports) if (r.cluster) byCluster.set(r.cluster, [...(byCluster.get(r.cluster) ?? []), r]);
  const queries: Report[] = data.reports.filter((r) => !r.cluster);
  for (const cluster of data.clusters) {
    const reports = byCluster.get(cluster.id) ?? [];
    const [p] = await db.query<{ id: string }>("insert into patterns (loop_id, title) values ($1, $2) returning id", [
      loop?.id,
      cluster.title,
    ]);
    const patternId = p?.id ?? "";
    patternOf.set(cluster.id, patternId);
    // The first report is the pattern itself (attached too); the next `history` are what it already holds.
    const known = reports.slice(0, 1 + history);
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
    docs.set(patternId, await lexemes([cluster.title, ...known.map((r) => `${r.title} ${r.body}`)].join("\n")));
    queries.push(...reports.slice(1 + history));
  }
  for (const r of queries) {
    const [signal] = await createSignals(db, "system:eval", [
      { channelId, title: r.title, body: r.body, urgency: "normal", patternIds: [], score: 1 },
    ]);
    const found = await suggestPatterns(db, signal?.id ?? "");
    asked.push({
      expected: r.cluster ? (patternOf.get(r.cluster) ?? null) : null,
      ranked: found.suggestions.map((s) => ({ patternId: s.patternId, score: s.score })),
      baseline: baselineRank(await lexemes(`${r.title} ${r.body}`)),
    });
  }
}

/** TF-IDF cosine between the report and each pattern's text (title + attached reports): the baseline. */
function baselineRank(query: string[]): string[] {
  const n = docs.size;
  const df = new Map<string, number>();
  for (const terms of docs.values()) for (const t of new Set(terms)) df.set(t, (df.get(t) ?? 0) + 1);
  const vector = (terms: string[]) => {
    const tf = new Map<string, number>();
    for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
    return new Map([...tf].map(([t, c]) => [t, c * Math.log((n + 1) / ((df.get(t) ?? 0) + 1))]));
  };
  const norm = (v: Map<string, number>) => Math.sqrt([...v.values()].reduce((s, x) => s + x * x, 0)) || 1;
  const q = vector(query);
  return [...docs]
    .map(([id, terms]) => {
      const d = vector(terms);
      let dot = 0;
      for (const [t, w] of q) dot += w * (d.get(t) ?? 0);
      return { id, cos: dot / (norm(q) * norm(d)) };
    })
    .filter((x) => x.cos > 0)
    .sort((a, b) => b.cos - a.cos)
    .map((x) => x.id);
}

const matching = asked.filter((a) => a.expected);
const none = asked.filter((a) => !a.expected);
const recall = (k: number, rank: (a: Asked) => string[]) =>
  matching.filter((a) =>
    rank(a)
      .slice(0, k)
      .includes(a.expected ?? ""),
  ).length / Math.max(1, matching.length);
const round = (x: number) => Math.round(x * 1000) / 1000;
const matcherRank = (a: Asked) => a.ranked.map((s) => s.patternId);
console.log(
  JSON.stringify({
    eval: "matching",
    reports: asked.length + docs.size * (1 + history),
    asked: asked.length,
    matchingSomething: matching.length,
    matchingNothing: none.length,
    patterns: docs.size,
    historyPerPattern: 1 + history,
    matcher: { top1: round(recall(1, matcherRank)), top3: round(recall(3, matcherRank)) },
    tfidfBaseline: { top1: round(recall(1, (a) => a.baseline)), top3: round(recall(3, (a) => a.baseline)) },
  }),
);
for (const threshold of thresholds) {
  const attached = asked.filter((a) => (a.ranked[0]?.score ?? 0) >= threshold);
  const right = attached.filter((a) => a.expected && a.ranked[0]?.patternId === a.expected).length;
  console.log(
    JSON.stringify({
      eval: "auto-attach",
      threshold,
      attached: attached.length,
      precision: attached.length ? round(right / attached.length) : null,
      recall: round(right / Math.max(1, matching.length)),
      matchingNothingAttached: attached.filter((a) => !a.expected).length,
    }),
  );
}
await db.close();
