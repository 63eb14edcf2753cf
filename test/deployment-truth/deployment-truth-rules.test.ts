import { describe, expect, it } from "vitest";
import { reconcileTruth, type TruthGraph } from "../../src/core/deployment-truth.js";

// Review findings on the pure rules (src/core/deployment-truth.ts), computed by hand.
describe("deployment truth rules", () => {
  it("does not take back an improvement completed by hand (no issues) when an unrelated fix of its pattern ships", () => {
    // Pattern pat has two improvements: docs (completed by hand, no issues: a help-centre article) and
    // code (its pull request now runs in production). Shipping code must complete code and address pat;
    // docs stays completed: no deployment ever made it live, so none can take it back.
    const graph: TruthGraph = {
      environments: [{ name: "production", productId: null, production: true, pinned: false }],
      productComponents: { web: ["c"] },
      pullRequests: [
        {
          id: "pr",
          status: "merged",
          componentId: "c",
          live: [{ productId: "web", environment: "production", deploymentId: "d1", at: 1 }],
        },
      ],
      issues: [{ id: "is", status: "open", pullRequestIds: ["pr"] }],
      improvements: [
        { id: "docs", status: "completed", targetProductIds: [], issueIds: [] },
        { id: "code", status: "in_progress", targetProductIds: ["web"], issueIds: ["is"] },
      ],
      patterns: [{ id: "pat", status: "open", generation: 0, improvementIds: ["docs", "code"] }],
      people: [{ patternId: "pat", contactId: "ana", signalId: "s", firstSignalAt: 0, productId: null, pinned: [] }],
      notifications: [],
    };
    const changes = reconcileTruth(graph);
    expect(changes.improvements).toEqual([{ id: "code", from: "in_progress", to: "completed" }]);
    expect(changes.patterns).toEqual([{ id: "pat", from: "open", to: "addressed" }]);
    expect(changes.tell.map((t) => t.contactId)).toEqual(["ana"]);
  });
});

describe("a fix that targets no product", () => {
  it("is not withdrawn from a person when another product runs it in staging", () => {
    const graph: TruthGraph = {
      environments: [
        { name: "production", productId: null, production: true, pinned: false },
        { name: "staging", productId: null, production: false, pinned: false },
      ],
      productComponents: { web: ["c"], desk: ["c"] },
      pullRequests: [
        {
          id: "pr",
          status: "shipped",
          componentId: "c",
          live: [
            { productId: "web", environment: "production", deploymentId: "web-prod", at: 1 },
            { productId: "desk", environment: "staging", deploymentId: "desk-staging", at: 2 },
          ],
        },
      ],
      issues: [{ id: "is", status: "resolved", pullRequestIds: ["pr"] }],
      improvements: [{ id: "imp", status: "completed", targetProductIds: [], issueIds: ["is"] }],
      patterns: [{ id: "pat", status: "addressed", generation: 1, improvementIds: ["imp"] }],
      people: [{ patternId: "pat", contactId: "ana", signalId: "s", firstSignalAt: 0, productId: null, pinned: [] }],
      notifications: [{ id: "n-ana", patternId: "pat", contactId: "ana", status: "sent" }],
    };
    expect(reconcileTruth(graph).withdraw).toEqual([]);
  });
});
