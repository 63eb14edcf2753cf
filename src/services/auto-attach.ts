import type { Db } from "../db/connect.js";
import { attachSignals } from "./attach-signals.js";
import type { Presented } from "./records.js";
import { currentMatcher, suggestPatterns } from "./suggest-patterns.js";

/** Who an automatic attachment names: the matcher and the version of its configuration. */
export const matcherActor = (version: number) => `matcher:v${version}`;

/** A report just stored, attached to no pattern, of a channel whose owners set `autoAttachThreshold`. */
export type Waiting = { signal: Presented & { patternIds: string[] }; threshold: number };

/**
 * Attaches each new report to the matcher's best pattern when the score reaches its channel's
 * `autoAttachThreshold` (createSignals calls it for every new report of such a channel, whatever path it
 * arrived by; below the threshold the signal waits in triage). Runs after the signals committed, one
 * attachment (and timeline event) each, by `matcher:v<version>` with the score: undone in one step by
 * detaching it (DELETE /patterns/:id/signals/:signalId). The signals' `patternIds` then name the pattern.
 */
export async function autoAttach(db: Db, waiting: Waiting[]): Promise<void> {
  const matcher = await currentMatcher(db);
  for (const { signal, threshold } of waiting) {
    const [best] = (await suggestPatterns(db, signal.id, matcher)).suggestions;
    if (!best || best.score < threshold) continue;
    await attachSignals(db, matcherActor(matcher.version), best.patternId, {
      signalIds: [signal.id],
      score: best.score,
    });
    signal.patternIds = [best.patternId];
  }
}
