import { AppError } from "../core/errors.js";
import type { Suggestion } from "../core/matching.js";
import type { Db } from "../db/connect.js";
import { installedEmbeddings } from "../integrations/embeddings/openai-embeddings.js";
import { attachSignals } from "./attach-signals.js";
import { vectorsOf } from "./measure-meaning.js";
import type { Presented } from "./records.js";
import { currentMatcher, suggestPatterns, textOf } from "./suggest-patterns.js";

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
 * arrived by; below the threshold the signal waits in triage). Runs after the signals committed, one
 * attachment (and timeline event) each, by `matcher:v<version>` with the score: undone in one step by
 * detaching it (DELETE /patterns/:id/signals/:signalId). The signals' `patternIds` then name the pattern.
 * With the process's embeddings provider (docs/MATCHING.md "Embeddings"), the batch's texts are embedded
 * in one call first and an attachment whose score used them names the model too; a provider that fails
 * leaves the scores text only and never fails the intake.
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
  for (const { signal, threshold } of waiting) {
    const found = await suggestPatterns(db, signal.id, matcher, embeddings);
    const best = await firstAttachable(db, String(signal.channelId), found.suggestions);
    if (!best || best.score < threshold) continue;
    const model = found.embeddings.state === "used" ? found.embeddings.model : null;
    try {
      await attachSignals(db, matcherActor(matcher.version, model), best.patternId, {
        signalIds: [signal.id],
        score: best.score,
      });
    } catch (error) {
      // Merged away since it was suggested: the signal is stored, so it waits in triage rather than
      // failing a request whose signals are already in.
      if (error instanceof AppError && error.code === "pattern_merged") continue;
      throw error;
    }
    signal.patternIds = [best.patternId];
  }
}

/**
 * The best suggestion the matcher may act on by itself: a pattern of the loop that owns the signal's
 * channel (a person attaching across loops must be a builder of both; the matcher acts for the channel's
 * owners only), and one it has evidence for in words — a fingerprint rule or distinctive terms shared.
 * Closeness in meaning alone (embeddings) is suggested to people, never acted on.
 */
async function firstAttachable(db: Db, channelId: string, suggestions: Suggestion[]): Promise<Suggestion | undefined> {
  const grounded = suggestions.filter((s) => s.ruleId !== null || s.sharedTerms.length > 0);
  if (grounded.length === 0) return undefined;
  const rows = await db.query<{ id: string }>(
    `select p.id from patterns p join channels c on c.loop_id = p.loop_id
      where c.id = $1 and p.id = any($2::uuid[])`,
    [channelId, grounded.map((s) => s.patternId)],
  );
  const sameLoop = new Set(rows.map((row) => row.id));
  return grounded.find((s) => sameLoop.has(s.patternId));
}
