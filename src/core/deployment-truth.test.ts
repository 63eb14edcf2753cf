import { describe, expect, it } from "vitest";
import {
  type EnvironmentFacts,
  environmentsFor,
  type NotificationFacts,
  type PersonFacts,
  type Place,
  reconcileTruth,
  type TruthGraph,
} from "./deployment-truth.js";

// One chain, computed by hand in each case: pull request pr → issue is → improvement imp → pattern pat,
// in component c, which products web and desk are both built from.
const env = (name: string, production: boolean, pinned = false, productId: string | null = null): EnvironmentFacts => ({
  name,
  production,
  pinned,
  productId,
});
const at = (productId: string, environment: string, deploymentId: string, when: number): Place => ({
  productId,
  environment,
  deploymentId,
  at: when,
});
const person = (contactId: string, pinned: string[] = [], productId: string | null = null): PersonFacts => ({
  patternId: "pat",
  contactId,
  signalId: `s-${contactId}`,
  firstSignalAt: 1,
  productId,
  pinned,
});
const told = (contactId: string, status: NotificationFacts["status"] = "sent"): NotificationFacts => ({
  id: `n-${contactId}`,
  patternId: "pat",
  contactId,
  status,
});

type State = "before" | "shipped";
function chain(options: {
  state: State;
  live: Place[];
  environments?: EnvironmentFacts[];
  targets?: string[];
  people?: PersonFacts[];
  notifications?: NotificationFacts[];
}): TruthGraph {
  const shipped = options.state === "shipped";
  return {
    environments: options.environments ?? [env("production", true), env("staging", false)],
    productComponents: { web: ["c"], desk: ["c"] },
    pullRequests: [{ id: "pr", status: shipped ? "shipped" : "merged", componentId: "c", live: options.live }],
    issues: [{ id: "is", status: shipped ? "resolved" : "open", pullRequestIds: ["pr"] }],
    improvements: [
      {
        id: "imp",
        status: shipped ? "completed" : "in_progress",
        targetProductIds: options.targets ?? ["web"],
        issueIds: ["is"],
      },
    ],
    patterns: [
      { id: "pat", status: shipped ? "addressed" : "open", generation: shipped ? 1 : 0, improvementIds: ["imp"] },
    ],
    people: options.people ?? [person("ana")],
    notifications: options.notifications ?? [],
  };
}
const forward = {
  pullRequests: [{ id: "pr", from: "merged", to: "shipped" }],
  issues: [{ id: "is", from: "open", to: "resolved" }],
  improvements: [{ id: "imp", from: "in_progress", to: "completed" }],
  patterns: [{ id: "pat", from: "open", to: "addressed" }],
};
const backward = {
  pullRequests: [{ id: "pr", from: "shipped", to: "merged" }],
  issues: [{ id: "is", from: "resolved", to: "open" }],
  improvements: [{ id: "imp", from: "completed", to: "in_progress" }],
  patterns: [{ id: "pat", from: "addressed", to: "open" }],
};
const nothing = { pullRequests: [], issues: [], improvements: [], patterns: [], tell: [], withdraw: [] };
const tell = (contactId: string, deploymentId: string) => ({
  patternId: "pat",
  contactId,
  signalId: `s-${contactId}`,
  firstSignalAt: 1,
  deploymentId,
});

describe("reconcileTruth: one production environment", () => {
  it("ships the chain and tells everyone when the fix first runs in production", () => {
    const changes = reconcileTruth(chain({ state: "before", live: [at("web", "production", "d1", 10)] }));
    expect(changes).toEqual({ ...forward, tell: [tell("ana", "d1")], withdraw: [] });
  });

  it("ships nothing that runs only in staging", () => {
    expect(reconcileTruth(chain({ state: "before", live: [at("web", "staging", "d1", 10)] }))).toEqual(nothing);
  });

  it("takes it all back after a rollback, and withdraws what was sent (a follow-up follows)", () => {
    const changes = reconcileTruth(chain({ state: "shipped", live: [], notifications: [told("ana")] }));
    expect(changes).toEqual({ ...backward, tell: [], withdraw: [told("ana")] });
  });

  it("withdraws a notification not sent yet the same way (the service cancels it)", () => {
    const changes = reconcileTruth(chain({ state: "shipped", live: [], notifications: [told("ana", "queued")] }));
    expect(changes.withdraw).toEqual([told("ana", "queued")]);
    expect(changes.patterns).toEqual(backward.patterns);
  });

  it("tells people again when the fix is live again after a rollback", () => {
    // After the rollback: everything back, the withdrawn notification no longer counts.
    const changes = reconcileTruth(chain({ state: "before", live: [at("web", "production", "d3", 30)] }));
    expect(changes).toEqual({ ...forward, tell: [tell("ana", "d3")], withdraw: [] });
  });

  it("changes nothing on a replay: the same release still runs", () => {
    const graph = chain({ state: "shipped", live: [at("web", "production", "d1", 10)], notifications: [told("ana")] });
    expect(reconcileTruth(graph)).toEqual(nothing);
  });
});

describe("reconcileTruth: where people are", () => {
  const regions = [env("eu-production", true, true), env("us-production", true, true)];
  const people = [person("eve", ["eu-production"]), person("uma", ["us-production"]), person("nat")];

  it("tells those pinned to the environment that runs the fix, and those pinned nowhere", () => {
    const changes = reconcileTruth(
      chain({ state: "before", live: [at("web", "eu-production", "d1", 10)], environments: regions, people }),
    );
    // Every production environment has pins: someone pinned nowhere is reached by the first of them.
    expect(changes.tell).toEqual([tell("eve", "d1"), tell("nat", "d1")]);
    expect(changes.patterns).toEqual(forward.patterns);
  });

  it("tells the others when their region runs it, once", () => {
    const changes = reconcileTruth(
      chain({
        state: "shipped",
        live: [at("web", "eu-production", "d1", 10), at("web", "us-production", "d2", 20)],
        environments: regions,
        people,
        notifications: [told("eve"), told("nat")],
      }),
    );
    expect(changes).toEqual({ ...nothing, tell: [tell("uma", "d2")] });
  });

  it("rolls back one region: its people hear it, the pattern stays addressed where the fix still runs", () => {
    const changes = reconcileTruth(
      chain({
        state: "shipped",
        live: [at("web", "us-production", "d2", 20)],
        environments: regions,
        people,
        notifications: [told("eve"), told("nat"), told("uma")],
      }),
    );
    expect(changes).toEqual({ ...nothing, withdraw: [told("eve")] });
  });

  it("tells a canary group first, everyone else when production runs it", () => {
    const environments = [env("canary", true, true), env("production", true)];
    const group = [person("cara", ["canary"]), person("nat")];
    const first = reconcileTruth(
      chain({ state: "before", live: [at("web", "canary", "d1", 10)], environments, people: group }),
    );
    expect(first.tell).toEqual([tell("cara", "d1")]);
    const second = reconcileTruth(
      chain({
        state: "shipped",
        live: [at("web", "canary", "d1", 10), at("web", "production", "d2", 20)],
        environments,
        people: group,
        notifications: [told("cara")],
      }),
    );
    expect(second).toEqual({ ...nothing, tell: [tell("nat", "d2")] });
  });

  it("counts only environments that serve the product", () => {
    const environments = [env("web-production", true, false, "web"), env("desk-production", true, false, "desk")];
    expect(environmentsFor({ pinned: [] }, "web", environments)).toEqual(["web-production"]);
    expect(environmentsFor({ pinned: ["desk-production"] }, "web", environments)).toEqual(["web-production"]);
    expect(environmentsFor({ pinned: ["desk-production"] }, "desk", environments)).toEqual(["desk-production"]);
  });
});

describe("reconcileTruth: a component shared by two products", () => {
  // The improvement targets component c: both products built from it (computed by the service).
  const both = ["web", "desk"];

  it("completes the improvement only when the fix runs in production of every product", () => {
    const half = reconcileTruth(chain({ state: "before", live: [at("web", "production", "d1", 10)], targets: both }));
    expect(half).toEqual({
      ...nothing,
      pullRequests: forward.pullRequests,
      issues: forward.issues,
    });
    const graph = chain({
      state: "before",
      live: [at("web", "production", "d1", 10), at("desk", "production", "d2", 20)],
      targets: both,
      people: [person("ana"), person("dan", [], "desk")],
    });
    // ana runs both: the later deployment completed it for her; dan said desk: desk's answered him.
    expect(reconcileTruth(graph).tell).toEqual([tell("ana", "d2"), tell("dan", "d2")]);
  });

  it("answers someone who named a product by that product's deployment", () => {
    const graph = chain({
      state: "before",
      live: [at("web", "production", "d1", 30), at("desk", "production", "d2", 20)],
      targets: both,
      people: [person("dan", [], "desk"), person("wes", [], "web")],
    });
    expect(reconcileTruth(graph).tell).toEqual([tell("dan", "d2"), tell("wes", "d1")]);
  });

  it("rolls back one product: the improvement is no longer shipped everywhere it was promised", () => {
    const graph = chain({
      state: "shipped",
      live: [at("web", "production", "d1", 10)],
      targets: both,
      notifications: [told("ana")],
    });
    expect(reconcileTruth(graph)).toEqual({
      ...nothing,
      improvements: backward.improvements,
      patterns: backward.patterns,
      withdraw: [told("ana")],
    });
  });
});

describe("reconcileTruth: what moves a pattern", () => {
  it("addresses a pattern when the improvement that held it back was rejected just now", () => {
    const graph = chain({ state: "shipped", live: [at("web", "production", "d1", 10)] });
    graph.improvements.push({ id: "alt", status: "rejected", targetProductIds: ["web"], issueIds: [] });
    graph.patterns = [{ id: "pat", status: "open", generation: 1, improvementIds: ["imp", "alt"] }];
    expect(reconcileTruth(graph).patterns).toEqual([]);
    expect(reconcileTruth({ ...graph, touchedImprovementIds: ["alt"] })).toEqual({
      ...nothing,
      patterns: forward.patterns,
      tell: [tell("ana", "d1")],
    });
  });

  it("leaves a pattern reopened as a regression open when nothing of it changed", () => {
    const graph = chain({ state: "shipped", live: [at("web", "production", "d1", 10)] });
    graph.patterns = [{ id: "pat", status: "open", generation: 1, improvementIds: ["imp"] }];
    expect(reconcileTruth(graph)).toEqual(nothing);
  });

  it("ignores closed issues and needs at least one that is not", () => {
    const graph = chain({ state: "before", live: [at("web", "production", "d1", 10)] });
    graph.issues.push({ id: "wontfix", status: "closed", pullRequestIds: [] });
    graph.improvements[0]?.issueIds.push("wontfix");
    expect(reconcileTruth(graph).improvements).toEqual(forward.improvements);
    const onlyClosed = chain({ state: "before", live: [] });
    onlyClosed.issues = [{ id: "wontfix", status: "closed", pullRequestIds: [] }];
    onlyClosed.improvements[0] = { id: "imp", status: "in_progress", targetProductIds: ["web"], issueIds: ["wontfix"] };
    expect(reconcileTruth(onlyClosed).improvements).toEqual([]);
  });
});

describe("reconcileTruth: a rollback withdraws only where the fix no longer runs for the person", () => {
  // The improvement targets web and desk; web's people and desk's people said which they run.
  const both = ["web", "desk"];
  const people = [person("wes", [], "web"), person("dan", [], "desk"), person("ana")];
  const fixed = { fixImprovementIds: ["imp"] };
  const cases: {
    name: string;
    live: Place[];
    pattern: { status: "open" | "addressed"; reopenedByRollback?: boolean };
    improvement: "completed" | "in_progress";
    told: string[];
    expected: Record<string, unknown>;
  }[] = [
    {
      name: "desk rolled back: the pattern reopens, web's person keeps theirs, desk's and the unnamed are withdrawn",
      live: [at("web", "production", "d1", 10)],
      pattern: { status: "addressed" },
      improvement: "completed",
      told: ["wes", "dan", "ana"],
      expected: {
        improvements: backward.improvements,
        patterns: backward.patterns,
        tell: [],
        withdraw: [told("dan"), told("ana")],
      },
    },
    {
      name: "web rolled back too, later: now web's person is withdrawn",
      live: [],
      pattern: { status: "open", reopenedByRollback: true },
      improvement: "in_progress",
      told: ["wes"],
      expected: {
        pullRequests: backward.pullRequests,
        issues: backward.issues,
        improvements: [],
        patterns: [],
        tell: [],
        withdraw: [told("wes")],
      },
    },
    {
      name: "desk runs it again: addressed in the same generation, only those withdrawn are told again",
      live: [at("web", "production", "d1", 10), at("desk", "production", "d3", 30)],
      pattern: { status: "open", reopenedByRollback: true },
      improvement: "in_progress",
      told: ["wes"],
      expected: {
        improvements: forward.improvements,
        patterns: [{ id: "pat", from: "open", to: "addressed", sameGeneration: true }],
        tell: [tell("dan", "d3"), tell("ana", "d3")],
        withdraw: [],
      },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const graph = chain({
        state: "shipped",
        live: c.live,
        targets: both,
        people,
        notifications: c.told.map((contactId) => told(contactId)),
      });
      graph.patterns = [{ id: "pat", generation: 1, improvementIds: ["imp"], ...fixed, ...c.pattern }];
      graph.improvements[0] = {
        ...(graph.improvements[0] as TruthGraph["improvements"][number]),
        status: c.improvement,
      };
      expect(reconcileTruth(graph)).toEqual({ ...nothing, ...c.expected });
    });
  }
});

describe("reconcileTruth: a pattern someone said is still broken waits for new work", () => {
  // Reopened by an answer (or a regression, or by hand): not by a rollback.
  const disputed = { status: "open" as const, generation: 1, fixImprovementIds: ["imp"], reopenedByRollback: false };
  const cases: { name: string; extra?: "new-done" | "new-rejected"; addressed: boolean }[] = [
    { name: "the same fix running again (a rollback, then the release again) leaves it open", addressed: false },
    { name: "an improvement outside the fix it had, done, addresses it", extra: "new-done", addressed: true },
    { name: "rejecting other work does not address it with the old fix", extra: "new-rejected", addressed: false },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const graph = chain({ state: "before", live: [at("web", "production", "d3", 30)] });
      graph.patterns = [{ id: "pat", ...disputed, improvementIds: ["imp"] }];
      if (c.extra) {
        graph.improvements.push({
          id: "new",
          status: c.extra === "new-done" ? "completed" : "rejected",
          targetProductIds: ["web"],
          issueIds: [],
        });
        graph.patterns[0]?.improvementIds.push("new");
      }
      const changes = reconcileTruth(graph);
      expect(changes.improvements).toEqual(forward.improvements);
      expect(changes.patterns).toEqual(c.addressed ? forward.patterns : []);
      expect(changes.tell).toEqual(c.addressed ? [tell("ana", "d3")] : []);
    });
  }

  it("a pattern never addressed is addressed by its first fix as before", () => {
    const graph = chain({ state: "before", live: [at("web", "production", "d1", 10)] });
    graph.patterns = [{ id: "pat", status: "open", generation: 0, improvementIds: ["imp"], fixImprovementIds: [] }];
    expect(reconcileTruth(graph).patterns).toEqual(forward.patterns);
  });
});

describe("reconcileTruth: a fix made of work in two components, one per product", () => {
  // imp targets web and desk; issue isw's prw is in cw (web only), isd's prd in cd (desk only).
  function twoComponents(live: { web: Place[]; desk: Place[] }): TruthGraph {
    return {
      environments: [env("production", true)],
      productComponents: { web: ["cw"], desk: ["cd"] },
      pullRequests: [
        { id: "prw", status: "shipped", componentId: "cw", live: live.web },
        { id: "prd", status: "shipped", componentId: "cd", live: live.desk },
      ],
      issues: [
        { id: "isw", status: "resolved", pullRequestIds: ["prw"] },
        { id: "isd", status: "resolved", pullRequestIds: ["prd"] },
      ],
      improvements: [{ id: "imp", status: "completed", targetProductIds: ["web", "desk"], issueIds: ["isw", "isd"] }],
      patterns: [
        { id: "pat", status: "addressed", generation: 1, improvementIds: ["imp"], fixImprovementIds: ["imp"] },
      ],
      people: [person("wes", [], "web"), person("dan", [], "desk"), person("ana")],
      notifications: [told("wes"), told("dan"), told("ana")],
    };
  }
  const cases: { name: string; live: { web: Place[]; desk: Place[] }; withdrawn: string[] }[] = [
    {
      name: "web rolled back: only web's person and the unnamed are withdrawn, desk's keeps theirs",
      live: { web: [], desk: [at("desk", "production", "d2", 20)] },
      withdrawn: ["wes", "ana"],
    },
    {
      name: "desk rolled back: only desk's person and the unnamed are withdrawn",
      live: { web: [at("web", "production", "d1", 10)], desk: [] },
      withdrawn: ["dan", "ana"],
    },
    { name: "both rolled back: everyone is withdrawn", live: { web: [], desk: [] }, withdrawn: ["wes", "dan", "ana"] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const changes = reconcileTruth(twoComponents(c.live));
      expect(changes.patterns).toEqual(backward.patterns);
      expect(changes.withdraw.map((n) => n.contactId).sort()).toEqual([...c.withdrawn].sort());
    });
  }
});
