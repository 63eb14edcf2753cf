import { AppError } from "../core/errors.js";
import type { Db } from "../db/connect.js";
import { attachSignals } from "./attach-signals.js";
import type { Presented } from "./records.js";
import { currentMatcher, suggestPatterns } from "./suggest-patterns.js";

/** Who an automatic attachment names: the matcher and the version of its configuration. */
export const matcherActor = (version: number) => `matcher:v${version}`;

/**
 * Attaches each new report to the matcher's best pattern when the score reaches its channel's
 * `autoAttachThreshold` (not set: nothing happens, the signal waits in triage). Runs after the
 * signals committed, one attachment (and timeline event) each, by `matcher:v<version>` with the score:
 * undone in one step by detaching it (DELETE /patterns/:id/signals/:signalId). Answers the signals as
 * they are now, with the patterns they were attached to.
 */
export async function autoAttach(db: Db, signals: Presented[]): Promise<Presented[]> {
  const channelIds = [...new Set(signals.map((s) => String(s.channelId)))];
  const rows = await db.query<{ id: string; threshold: number }>(
    `select id, (config->>'autoAttachThreshold')::float8 as threshold from channels
      where id = any($1::uuid[]) and config ? 'autoAttachThreshold'`,
    [channelIds],
  );
  if (rows.length === 0) return signals;
  const threshold = new Map(rows.map((row) => [row.id, Number(row.threshold)]));
  const matcher = await currentMatcher(db);
  const out: Presented[] = [];
  for (const signal of signals) {
    const bar = threshold.get(String(signal.channelId));
    // A repeated externalId answers the signal stored before: it is not new, and is never re-filed.
    const fresh = Date.now() - Date.parse(String(signal.createdAt)) < 60_000;
    const waiting =
      fresh && signal.kind === "report" && ((signal.patternIds as string[] | undefined) ?? []).length === 0;
    if (bar === undefined || !waiting) {
      out.push(signal);
      continue;
    }
    const [best] = (await suggestPatterns(db, signal.id, matcher)).suggestions;
    if (!best || best.score < bar) {
      out.push(signal);
      continue;
    }
    try {
      await attachSignals(db, matcherActor(matcher.version), best.patternId, {
        signalIds: [signal.id],
        score: best.score,
      });
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
