import examples from "@octokit/webhooks-examples";

/** Every example payload GitHub documents (@octokit/webhooks-examples), by event name. */
export const githubExamples = examples as unknown as { name: string; examples: Record<string, unknown>[] }[];

/** The objects whose `updated_at` names a delivery's change (src/integrations/github/payloads.ts `changedAtOf`). */
const changed = ["issue", "comment", "pull_request", "deployment_status"];

/**
 * The payload with the time of its change set to `at` (now unless told): the examples' own times are of
 * 2019, older than the replay window, and a delivery that old is refused as stale.
 */
export function changedAt<T extends Record<string, unknown>>(payload: T, at = new Date()): T {
  for (const key of changed) {
    const object = payload[key];
    if (object && typeof object === "object") Object.assign(object, { updated_at: at.toISOString() });
  }
  return payload;
}

/** A real payload from @octokit/webhooks-examples, a copy, changed now: the first of event (with action, if given). */
export function githubExample(event: string, action?: string): Record<string, unknown> {
  const definition = githubExamples.find((e) => e.name === event);
  const found = definition?.examples.find((x) => action === undefined || x.action === action);
  if (!found) throw new Error(`no example of ${event} ${action ?? ""}`);
  return changedAt(structuredClone(found));
}
