import { defaultMatcherConfig, type Suggestion } from "../core/matching.js";
import type { Db } from "../db/connect.js";
import { groupCommitOn } from "../db/group-commit.js";
import { installedEmbeddings } from "../integrations/embeddings/openai-embeddings.js";
import { attachMatched, type ScoredAttachment } from "./attach-signals.js";
import { vectorsOf } from "./measure-meaning.js";
import type { Presented } from "./records.js";
import { currentMatcher, suggestionsFor, textOf } from "./suggest-patterns.js";

/**
 * Who an automatic attachment names: the matcher and the version of its configuration, and the
 * embeddings model when the score used one (`matcher:v3+embeddings:text-embedding-3-small`).
 */
export const matcherActor = (version: number, embeddingsModel?: string | null) =>
  embeddingsModel ? `matcher:v${version}+embeddings:${embeddingsModel}` : `matcher:v${version}`;

/** A report just stored, attached to no pattern, of a channel whose owners set `autoAttachThreshold`. */
export type Waiting = { signal: Presented & { patternIds: string[] }; threshold: number };

/**
 * Attaches each new report to the matcher's best pattern when the score reaches its channel's
 * `autoAttachThreshold` (createSignals calls it for every new report of such a channel, whatever path it
 * arrived by; below the threshold the signal waits in triage). Runs after the signals committed: the
 * batch is matched at once (suggestionsFor: each signal as if asked alone, none seeing the others'
 * attachments), then attached in one transaction by `matcher:v<version>`, each with its score, one
 * timeline event per pattern and score: undone one signal at a time by detaching it (DELETE
 * /patterns/:id/signals/:signalId). The signals' `patternIds` then name the pattern. With the process's
 * embeddings provider (docs/MATCHING.md "Embeddings"), the batch's texts are embedded in one call first
 * and an attachment whose score used them names the model too; a provider that fails leaves the scores
 * text only and never fails the intake.
 */
export async function autoAttach(db: Db, waiting: Waiting[]): Promise<void> {
  const matcher = await currentMatcher(db);
  const embeddings = installedEmbeddings();
  if (embeddings) {
    // The batch's own texts in one call (each suggestion then asks only for what it still lacks).
    const texts = waiting.map(({ signal }) => ({
      kind: "signal" as const,
      id: signal.id,
      text: textOf({ title: String(signal.title), body: signal.body }),
    }));
    await vectorsOf(db, embeddings, texts);
  }
  // What people are shown (the administrators' minScore and limit, PATCH /matcher) does not decide what
  // is attached: each channel's threshold does, over the suggestions the matcher ranks by default.
  const ranking = { minScore: defaultMatcherConfig.minScore, limit: defaultMatcherConfig.limit };
  const found = await suggestionsFor(
    db,
    waiting.map(({ signal }) => signal.id),
    { ...matcher, ...ranking },
    embeddings,
    // Nobody reads these reasons: the reporter's words for them are not looked up.
    { words: false },
  );
  const ownLoop = await patternsOfChannelLoops(db, waiting, found);
  // What each signal is attached to, grouped by who attaches it (with or without embeddings).
  const chosen = new Map<string, (ScoredAttachment & { signal: Waiting["signal"] })[]>();
  waiting.forEach(({ signal, threshold }, i) => {
    const suggestions = found[i];
    const channelId = String(signal.channelId);
    const best = firstAttachable(suggestions?.suggestions ?? [], (patternId) =>
      ownLoop.has(`${channelId} ${patternId}`),
    );
    if (!suggestions || !best || best.score < threshold) return;
    const actor = matcherActor(
      matcher.version,
      suggestions.embeddings.state === "used" ? suggestions.embeddings.model : null,
    );
    const attachments = chosen.get(actor) ?? [];
    attachments.push({ signal, signalId: signal.id, patternId: best.patternId, score: best.score });
    chosen.set(actor, attachments);
  });
  for (const [actor, attachments] of chosen) {
    const attached = new Set((await attachMatched(db, actor, attachments)).map((a) => a.signalId));
    for (const { signal, patternId } of attachments) if (attached.has(signal.id)) signal.patternIds = [patternId];
  }
}

/**
 * autoAttach for the calls of createSignals, matched together when they arrive together: while two
 * matcher runs are in flight (one on PGlite), the reports of calls that arrive meanwhile wait and are
 * matched and attached as one batch by the next run (group-commit.ts, up to 1,000 reports). Each report
 * gets the suggestions it would get alone (suggestionsFor); as in any batch, reports matched together do
 * not see each other's attachments. A run that fails fails the calls it held (each leaves its reports in
 * triage and says so).
 */
const attachGrouped = groupCommitOn<Waiting[], void>({
  maxSize: 1000,
  size: (reports) => reports.length,
  write: async (db, calls) => {
    await autoAttach(db, calls.flat());
    return calls.map(() => ({ status: "fulfilled", value: undefined }));
  },
});
export const autoAttachTogether = (db: Db, waiting: Waiting[]): Promise<void> =>
  attachGrouped(db, "auto-attach", waiting);

/**
 * The best suggestion the matcher may act on by itself: a pattern of the loop that owns the signal's
 * channel (`ownLoop`: a person attaching across loops must be a builder of both; the matcher acts for the
 * channel's owners only), and one it has evidence for in words — a fingerprint rule or distinctive terms
 * shared. Closeness in meaning alone (embeddings) is suggested to people, never acted on.
 */
export function firstAttachable(
  suggestions: Suggestion[],
  ownLoop: (patternId: string) => boolean,
): Suggestion | undefined {
  return suggestions.find((s) => (s.ruleId !== null || s.sharedTerms.length > 0) && ownLoop(s.patternId));
}

/** Which suggested patterns belong to the loop of the channel each signal came by, as `channelId patternId`. */
async function patternsOfChannelLoops(
  db: Db,
  waiting: Waiting[],
  found: { suggestions: Suggestion[] }[],
): Promise<Set<string>> {
  const patternIds = [...new Set(found.flatMap((f) => f.suggestions.map((s) => s.patternId)))];
  if (patternIds.length === 0) return new Set();
  const rows = await db.query<{ channel_id: string; pattern_id: string }>(
    `select c.id as channel_id, p.id as pattern_id from channels c join patterns p on p.loop_id = c.loop_id
      where c.id = any($1::uuid[]) and p.id = any($2::uuid[])`,
    [[...new Set(waiting.map(({ signal }) => String(signal.channelId)))], patternIds],
  );
  return new Set(rows.map((row) => `${row.channel_id} ${row.pattern_id}`));
}
