import type { QueryKey } from "@tanstack/react-query";

// No relative import: the tests import this module from Node as it is (test/web/live-keys.test.ts).

/**
 * Query keys start with the entity type they list or show ("signal", "pattern", …): an event about one
 * invalidates that type's queries, plus those whose numbers it moves (the home's metrics, a pattern's
 * signal count when a signal is attached; the people, since a person first seen with a signal has no
 * event of their own).
 */
const alsoMoves: Record<string, string[]> = {
  signal: ["pattern", "home", "contact"],
  pattern: ["home"],
  improvement: ["home", "pattern"],
  release: ["home"],
  deployment: ["home", "improvement", "pattern", "notification"],
  notification: ["home"],
};

/**
 * The query keys an event makes stale: its type's, the timeline's, those whose numbers it moves, and,
 * for an event a deployment's snapback (or its rollback) wrote, what that deployment's snapback did.
 */
export function keysMovedBy(event: { entityType: string; after: unknown }): QueryKey[] {
  const keys: QueryKey[] = [event.entityType, "timeline", ...(alsoMoves[event.entityType] ?? [])].map((type) => [type]);
  const deploymentId = (event.after as { deploymentId?: unknown } | null)?.deploymentId;
  if (typeof deploymentId === "string") keys.push(snapbackKey(deploymentId));
  return keys;
}

/**
 * What one deployment's snapback did: a key of its own (not under "deployment", which every deployment's
 * event makes stale), made stale only by the events that carry that deployment's id.
 */
export const snapbackKey = (deploymentId: string): QueryKey => ["snapback", deploymentId];
