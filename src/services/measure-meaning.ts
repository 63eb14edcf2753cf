import { createHash } from "node:crypto";
import { cosine, type Meaning } from "../core/matching.js";
import type { Queryable } from "../db/connect.js";
import { type EmbeddingsProvider, EmbeddingsUnavailable } from "../integrations/embeddings/openai-embeddings.js";

/** Texts one suggestion may have embedded at most when nothing is stored yet; the rest wait for the next. */
export const textsPerSuggestion = 320;
/** Patterns looked at by meaning alone (the highest priorities), besides those the text search found. */
export const patternsByMeaning = 100;

/** A text the matcher wants a vector of: a signal's (title and body) or a pattern's (title and description). */
export interface TextItem {
  kind: "signal" | "pattern";
  id: string;
  text: string;
}

/** Whether this suggestion used embeddings, and if not, why not (shown with the suggestions). */
export interface EmbeddingsUse {
  state: "off" | "used" | "unavailable";
  model: string | null;
  reason: string | null;
}

export const embeddingsOffUse: EmbeddingsUse = { state: "off", model: null, reason: null };

const digestOf = (text: string) => createHash("sha256").update(text).digest("hex");
const keyOf = (item: { kind: string; id: string }) => `${item.kind}:${item.id}`;
const tables = {
  signal: { table: "signal_embeddings", column: "signal_id" },
  pattern: { table: "pattern_embeddings", column: "pattern_id" },
} as const;

/** The stored vectors of these texts under the provider's model, those whose text has not changed since. */
async function storedVectors(q: Queryable, model: string, items: TextItem[]): Promise<Map<string, number[]>> {
  const found = new Map<string, number[]>();
  for (const kind of ["signal", "pattern"] as const) {
    const wanted = items.filter((item) => item.kind === kind);
    if (wanted.length === 0) continue;
    const { table, column } = tables[kind];
    const rows = await q.query<{ id: string; digest: string; vector: number[] }>(
      `select ${column} as id, digest, vector from ${table} where model = $1 and ${column} = any($2::uuid[])`,
      [model, wanted.map((item) => item.id)],
    );
    const digests = new Map(wanted.map((item) => [item.id, digestOf(item.text)]));
    for (const row of rows) {
      if (digests.get(row.id) === row.digest) found.set(keyOf({ kind, id: row.id }), row.vector.map(Number));
    }
  }
  return found;
}

/** Keeps vectors the provider gave (a text embedded again replaces its old vector). */
async function storeVectors(q: Queryable, model: string, items: TextItem[], vectors: number[][]): Promise<void> {
  for (const kind of ["signal", "pattern"] as const) {
    const rows = items.flatMap((item, i) => (item.kind === kind && vectors[i] ? [{ item, vector: vectors[i] }] : []));
    if (rows.length === 0) continue;
    const { table, column } = tables[kind];
    // As text literals: a uuid[] and a real[][] do not unnest row by row on both drivers.
    await q.query(
      `insert into ${table} (${column}, model, digest, vector)
       select x.id, $1, x.digest, x.vector::real[] from unnest($2::uuid[], $3::text[], $4::text[]) as x(id, digest, vector)
        where exists (select 1 from ${kind === "signal" ? "signals" : "patterns"} t where t.id = x.id)
       on conflict (${column}, model) do update set digest = excluded.digest, vector = excluded.vector, created_at = now()`,
      [
        model,
        rows.map((r) => r.item.id),
        rows.map((r) => digestOf(r.item.text)),
        rows.map((r) => `{${r.vector.join(",")}}`),
      ],
    );
  }
}

/**
 * Vectors of these texts: stored ones when their text is unchanged, the rest asked of the provider in one
 * call (in order, up to textsPerSuggestion) within its timeout, and kept. A provider that fails, or rests
 * after a failure, leaves the missing ones out and says why; what is stored is used all the same.
 */
export async function vectorsOf(
  q: Queryable,
  provider: EmbeddingsProvider,
  items: TextItem[],
): Promise<{ vectors: Map<string, number[]>; failure: string | null }> {
  const unique = [...new Map(items.map((item) => [keyOf(item), item])).values()];
  const vectors = await storedVectors(q, provider.model, unique);
  const missing = unique.filter((item) => !vectors.has(keyOf(item))).slice(0, textsPerSuggestion);
  if (missing.length === 0) return { vectors, failure: null };
  const resting = provider.resting();
  if (resting) return { vectors, failure: resting };
  let made: number[][];
  try {
    made = await provider.embed(
      missing.map((item) => item.text),
      AbortSignal.timeout(provider.timeoutMs),
    );
  } catch (error) {
    if (error instanceof EmbeddingsUnavailable) return { vectors, failure: error.message };
    throw error;
  }
  await storeVectors(q, provider.model, missing, made);
  missing.forEach((item, i) => {
    const vector = made[i];
    if (vector) vectors.set(keyOf(item), vector);
  });
  return { vectors, failure: null };
}

/** A pattern as the meaning of a signal is compared with it: its own text and the attached signals shown. */
export interface PatternTexts {
  patternId: string;
  title: string;
  text: string;
  signals: { id: string; title: string; text: string }[];
}

/**
 * How close in meaning each pattern is to the signal (its best cosine: its own text or an attached
 * signal). `found` are the text search's candidates, `pool` patterns looked at by meaning alone. Used
 * only when the signal and every candidate of `found` have a vector: otherwise the matcher goes on text
 * only (scores of some candidates with and some without meaning would not compare), saying why.
 */
export async function measureMeaning(
  q: Queryable,
  provider: EmbeddingsProvider,
  signal: TextItem,
  found: PatternTexts[],
  pool: PatternTexts[],
): Promise<{ use: EmbeddingsUse; meanings: Map<string, Meaning> }> {
  const itemsOf = (p: PatternTexts): TextItem[] => [
    { kind: "pattern", id: p.patternId, text: p.text },
    ...p.signals.map((s) => ({ kind: "signal" as const, id: s.id, text: s.text })),
  ];
  const needed = [signal, ...found.flatMap(itemsOf)];
  const { vectors, failure } = await vectorsOf(q, provider, [...needed, ...pool.flatMap(itemsOf)]);
  const meanings = new Map<string, Meaning>();
  const lacking = needed.filter((item) => !vectors.has(keyOf(item)));
  if (lacking.length > 0) {
    const reason =
      failure ??
      `${lacking.length} text(s) wait for a vector (at most ${textsPerSuggestion} are embedded per suggestion)`;
    return { use: { state: "unavailable", model: provider.model, reason: `Text only: ${reason}.` }, meanings };
  }
  const own = vectors.get(keyOf(signal)) ?? [];
  for (const p of [...found, ...pool]) {
    let best: Meaning | null = null;
    const mine = vectors.get(keyOf({ kind: "pattern", id: p.patternId }));
    if (mine) best = { cosine: cosine(own, mine), closest: { kind: "pattern", title: p.title } };
    for (const s of p.signals) {
      const theirs = vectors.get(keyOf({ kind: "signal", id: s.id }));
      if (!theirs) continue;
      const value = cosine(own, theirs);
      if (!best || value > best.cosine) best = { cosine: value, closest: { kind: "signal", title: s.title } };
    }
    if (best && !meanings.has(p.patternId)) meanings.set(p.patternId, best);
  }
  return { use: { state: "used", model: provider.model, reason: null }, meanings };
}
