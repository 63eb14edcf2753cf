import { AppError } from "../core/errors.js";
import type { Db } from "../db/connect.js";
import type { EmbeddingsProvider } from "../integrations/embeddings/openai-embeddings.js";
import { attachSignals } from "./attach-signals.js";
import { vectorsOf } from "./measure-meaning.js";
import type { Presented } from "./records.js";
import { currentMatcher, suggestPatterns } from "./suggest-patterns.js";

/**
 * Who an automatic attachment names: the matcher and the version of its configuration, and the
 * embeddings model when the score used one (`matcher:v3+embeddings:text-embedding-3-small`).
 */
export const matcherActor = (version: number, embeddingsModel?: string | null) =>
  embeddingsModel ? `matcher:v${version}+embeddings:${embeddingsModel}` : `matcher:v${version}`;

/**
 * Attaches each new report to the matcher's best pattern when the score reaches its channel's
 * `autoAttachThreshold` (not set: nothing happens, the signal waits in triage). Runs after the
 * signals committed, one attachment (and timeline event) each, by `matcher:v<version>` with the score:
 * undone in one step by detaching it (DELETE /patterns/:id/signals/:signalId). With an embeddings
 * provider, the batch's texts are embedded in one call first, and an attachment whose score used them
 * names the model too; a provider that fails leaves the scores text only and never fails the intake.
 * Answers the signals as they are now, with the patterns they were attached to.
 */
export async function autoAttach(db: Db, signals: Presented[], embeddings?: EmbeddingsProvider): Promise<Presented[]> {
  const channelIds = [...new Set(signals.map((s) => String(s.channelId)))];
  const rows = await db.query<{ id: string; threshold: number }>(
    `select id, (config->>'autoAttachThreshold')::float8 as threshold from channels
      where id = any($1::uuid[]) and config ? 'autoAttachThreshold'`,
    [channelIds],
  );
  if (rows.length === 0) return signals;
  const threshold = new Map(rows.map((row) => [row.id, Number(row.threshold)]));
  const matcher = await currentMatcher(db);
  // A repeated externalId answers the signal stored before: it is not new, and is never re-filed.
  const waiting = (signal: Presented) =>
    threshold.has(String(signal.channelId)) &&
    Date.now() - Date.parse(String(signal.createdAt)) < 60_000 &&
    signal.kind === "report" &&
    ((signal.patternIds as string[] | undefined) ?? []).length === 0;
  // The batch's own texts in one call to the provider (each suggestion then asks only for what it lacks).
  if (embeddings) {
    const texts = signals.filter(waiting).map((s) => ({
      kind: "signal" as const,
      id: String(s.id),
      text: `${String(s.title)}\n\n${String(s.body ?? "")}`,
    }));
    if (texts.length > 0) await vectorsOf(db, embeddings, texts);
  }
  const out: Presented[] = [];
  for (const signal of signals) {
    const bar = threshold.get(String(signal.channelId));
    if (bar === undefined || !waiting(signal)) {
      out.push(signal);
      continue;
    }
    const found = await suggestPatterns(db, signal.id, matcher, embeddings);
    const [best] = found.suggestions;
    if (!best || best.score < bar) {
      out.push(signal);
      continue;
    }
    try {
      await attachSignals(
        db,
        matcherActor(matcher.version, found.embeddings.state === "used" ? found.embeddings.model : null),
        best.patternId,
        {
          signalIds: [signal.id],
          score: best.score,
        },
      );
    } catch (error) {
      // Merged away since it was suggested: the signal is stored, so it waits in triage rather than
      // failing a request whose signals are already in.
      if (error instanceof AppError && error.code === "pattern_merged") {
        out.push(signal);
        continue;
      }
      throw error;
    }
    out.push({ ...signal, patternIds: [best.patternId] });
  }
  return out;
}
