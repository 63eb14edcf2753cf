import type { ApiClient, Entity } from "../cli/client.js";
import type { DeploymentOutcome } from "../cli/commands/deploy.js";
import { demoLoopSlug } from "./demo-model.js";
import { chores } from "./demo-work.js";

/** The ids the demo created, by `<kind>:<key>` (e.g. `component:sync`, `pull_request:web-ui#88`). */
export type Ids = Map<string, string>;

/** What shipping the demo created, and what each deployment's snapback did. */
export interface ShipResult {
  chores: number;
  versions: number;
  releases: number;
  /**
   * Each deployment with what its snapback did (`notificationsQueued`: the notifications it made) and `told`:
   * the people it made the fix live for, as its page counts them (GET /notifications?deploymentId=). They
   * differ when an improvement waits for a second product: whoever runs the first is told when the last
   * ships it, and counted on the page of the deployment that made it live for them.
   */
  deployments: {
    release: string;
    environment: string;
    status: string;
    snapback: DeploymentOutcome["snapback"];
    told: number;
  }[];
}

/** Component versions: which merged pull requests each includes. */
const versions = [
  { component: "sync", name: "3.2.0", pullRequests: ["sync#240", "sync#244"] },
  { component: "web-ui", name: "5.4.0", pullRequests: ["web-ui#88"] },
  { component: "desktop-shell", name: "5.2.0", pullRequests: ["desktop-shell#141"] },
  { component: "api-gateway", name: "1.8.1", pullRequests: ["api-gateway#59"] },
  { component: "api-gateway", name: "1.9.0", pullRequests: ["api-gateway#63"] },
];

/** Product releases: which component versions each bundles. */
const releases = [
  { product: "web-app", name: "2024.7", versions: ["sync@3.2.0", "web-ui@5.4.0"] },
  { product: "desktop-app", name: "5.2.0", versions: ["sync@3.2.0", "desktop-shell@5.2.0"] },
  { product: "public-api", name: "1.8.1", versions: ["api-gateway@1.8.1"] },
  { product: "public-api", name: "1.9.0", versions: ["api-gateway@1.9.0"] },
];

/**
 * Deployments in the order a week of pipelines would report them. The web app ships the sync fix first
 * (not complete: the improvement also targets the desktop app), the desktop deployment fails once, and
 * its second run completes the improvement: snapback addresses the pattern and queues notifications.
 */
const deployments = [
  { release: "web-app@2024.7", environment: "staging", status: "success", externalId: "ci-web-4411" },
  { release: "web-app@2024.7", environment: "production", status: "success", externalId: "ci-web-4412" },
  { release: "desktop-app@5.2.0", environment: "production", status: "failed", externalId: "ci-desktop-2071" },
  { release: "desktop-app@5.2.0", environment: "production", status: "success", externalId: "ci-desktop-2072" },
  { release: "public-api@1.8.1", environment: "production", status: "success", externalId: "ci-api-981" },
  { release: "public-api@1.9.0", environment: "staging", status: "success", externalId: "ci-api-990" },
];

const need = (ids: Ids, key: string) => {
  const found = ids.get(key);
  if (!found) throw new Error(`The demo data names an unknown ${key}.`);
  return found;
};

/** Merges the chores, cuts versions, creates releases and reports the deployments (running snapback). */
export async function ship(api: ApiClient, ids: Ids): Promise<ShipResult> {
  for (const chore of chores) {
    const pr = await api.post("/pull-requests", {
      componentId: need(ids, `component:${chore.component}`),
      number: chore.number,
      url: `https://github.com/inkwell/${chore.component}/pull/${chore.number}`,
      title: chore.title,
    });
    await api.patch(`/pull-requests/${pr.id}`, { status: "merged" });
    ids.set(`pull_request:${chore.component}#${chore.number}`, pr.id);
  }
  for (const v of versions) {
    const created = await api.post("/versions", {
      componentId: need(ids, `component:${v.component}`),
      name: v.name,
      pullRequestIds: v.pullRequests.map((pr) => need(ids, `pull_request:${pr}`)),
    });
    ids.set(`version:${v.component}@${v.name}`, created.id);
  }
  for (const r of releases) {
    const created = await api.post("/releases", {
      productId: need(ids, `product:${r.product}`),
      name: r.name,
      versionIds: r.versions.map((v) => need(ids, `version:${v}`)),
    });
    ids.set(`release:${r.product}@${r.name}`, created.id);
  }
  const reported: { d: (typeof deployments)[number]; outcome: DeploymentOutcome }[] = [];
  for (const d of deployments) {
    const outcome = await api.post<DeploymentOutcome>("/deployments", {
      releaseId: need(ids, `release:${d.release}`),
      environment: d.environment,
      status: d.status,
      externalId: d.externalId,
    });
    reported.push({ d, outcome });
  }
  // Counted once every deployment is in: a later snapback may tell people an earlier deployment reached.
  const results: ShipResult["deployments"] = [];
  for (const { d, outcome } of reported) {
    const told = await api.list("/notifications", { deploymentId: outcome.deployment.id, limit: 500 });
    results.push({
      release: d.release,
      environment: d.environment,
      status: d.status,
      snapback: outcome.snapback,
      told: told.items.length,
    });
  }
  return { chores: chores.length, versions: versions.length, releases: releases.length, deployments: results };
}

/** Queues brainstorm topics and plans the next "what" session of the product loop. */
export async function planBrainstorm(
  api: ApiClient,
  ids: Ids,
  now: number,
): Promise<{ topics: number; sessions: number }> {
  const loopId = need(ids, `loop:${demoLoopSlug}`);
  const nextTuesday = new Date(now + ((9 - new Date(now).getUTCDay()) % 7 || 7) * 86_400_000);
  nextTuesday.setUTCHours(15, 0, 0, 0);
  const session = await api.post("/brainstorm-sessions", {
    loopId,
    kind: "what",
    scheduledAt: nextTuesday.toISOString(),
    agenda:
      "1. Login loop after a password reset: who takes it?\n2. Search on attachments: in or out for the index work?",
  });
  const topics: {
    kind: "what" | "how";
    title: string;
    notes: string;
    entityType: string;
    entity: string;
    session: boolean;
  }[] = [
    {
      kind: "what",
      title: "Login loop after a password reset — who takes it?",
      notes: "Four reports in five days, two of them high and one critical (Umbrella Health).",
      entityType: "pattern",
      entity: "pattern:login",
      session: true,
    },
    {
      kind: "what",
      title: "Should search cover text inside PDF attachments?",
      notes: "Asked twice in the search threads; it changes the size of the index work.",
      entityType: "improvement",
      entity: "improvement:fast-search",
      session: true,
    },
    {
      kind: "how",
      title: "Markdown export: one zip or a folder per note?",
      notes: "Decide before anyone starts on the export improvement.",
      entityType: "improvement",
      entity: "improvement:markdown-export",
      session: false,
    },
  ];
  for (const t of topics) {
    const topic: Entity = await api.post("/brainstorm-topics", {
      loopId,
      kind: t.kind,
      title: t.title,
      notes: t.notes,
      entityType: t.entityType,
      entityId: need(ids, t.entity),
    });
    if (t.session) await api.patch(`/brainstorm-topics/${topic.id}`, { sessionId: session.id });
  }
  return { topics: topics.length, sessions: 1 };
}
