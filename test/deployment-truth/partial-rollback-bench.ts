// Review measurement (not a test): reconcileTruth when one of two regions is rolled back, so the pattern
// stays addressed and each person of the rolled-back region is withdrawn one by one.
import { reconcileTruth, type TruthGraph } from "../../src/core/deployment-truth.js";

function graph(n: number): TruthGraph {
  const people = Array.from({ length: n }, (_, i) => ({
    patternId: "pat",
    contactId: `c${i}`,
    signalId: `s${i}`,
    firstSignalAt: i,
    productId: null,
    pinned: [i % 2 === 0 ? "eu-production" : "us-production"],
  }));
  return {
    environments: [
      { name: "eu-production", productId: "web", production: true, pinned: true },
      { name: "us-production", productId: "web", production: true, pinned: true },
    ],
    productComponents: { web: ["c"] },
    // eu was rolled back: the fix runs only in us-production now.
    pullRequests: [
      {
        id: "pr",
        status: "shipped",
        componentId: "c",
        live: [{ productId: "web", environment: "us-production", deploymentId: "us", at: 1 }],
      },
    ],
    issues: [{ id: "is", status: "resolved", pullRequestIds: ["pr"] }],
    improvements: [{ id: "imp", status: "completed", targetProductIds: ["web"], issueIds: ["is"] }],
    patterns: [{ id: "pat", status: "addressed", generation: 1, improvementIds: ["imp"] }],
    people,
    notifications: people.map((p) => ({
      id: `n-${p.contactId}`,
      patternId: "pat",
      contactId: p.contactId,
      status: "sent" as const,
    })),
  };
}
for (const n of [5_000, 10_000, 20_000]) {
  const g = graph(n);
  const start = performance.now();
  const changes = reconcileTruth(g);
  console.log(
    `${n} people, half withdrawn: ${(performance.now() - start).toFixed(0)} ms (withdraw ${changes.withdraw.length})`,
  );
}
