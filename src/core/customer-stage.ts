/**
 * What became of a customer's signal, in the plain words of the customers' own view (issue #3). Pure:
 * the service reads the facts, these rules name the stage.
 */
export type CustomerStage = "received" | "attached" | "planned" | "shipped" | "confirmed" | "still_broken";
export const customerStages: readonly CustomerStage[] = [
  "received",
  "attached",
  "planned",
  "shipped",
  "confirmed",
  "still_broken",
];

/** What is known of one pattern a signal is attached to, as seen from the signal's contact. */
export interface PatternFacts {
  status: "open" | "addressed" | "dismissed";
  /** A linked improvement is approved or in progress. */
  planned: boolean;
  /**
   * The contact's latest notification about this pattern whose deployment was not rolled back
   * (a rolled-back fix is no longer live, so nobody is asked about it), with their answer if any.
   */
  notification: { answer: "works" | "still_broken" | null } | null;
}

/**
 * The stage of a signal on one pattern. The contact's own answer wins: they said it works, or that it
 * is still broken (which reopened the pattern) until a newer fix notifies them again. Otherwise an
 * addressed pattern has shipped, an open one is planned when an improvement for it is approved or in
 * progress, and attached when not. A dismissed pattern stays "attached": nothing is planned for it.
 */
export function stageOnPattern(facts: PatternFacts): CustomerStage {
  const answer = facts.notification?.answer;
  if (answer === "works") return "confirmed";
  if (answer === "still_broken") return "still_broken";
  if (facts.status === "addressed") return "shipped";
  if (facts.status === "open" && facts.planned) return "planned";
  return "attached";
}

// How far along each stage is: a signal on several patterns shows the furthest of them.
const progress: Record<CustomerStage, number> = {
  received: 0,
  attached: 1,
  planned: 2,
  still_broken: 3,
  shipped: 4,
  confirmed: 5,
};

/** The stage of a signal: "received" on no pattern, else the furthest stage among its patterns. */
export function signalStage(stages: readonly CustomerStage[]): CustomerStage {
  let best: CustomerStage = "received";
  for (const stage of stages) if (progress[stage] > progress[best]) best = stage;
  return best;
}
