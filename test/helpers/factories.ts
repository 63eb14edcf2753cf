import { randomUUID } from "node:crypto";
import type { Db } from "../../src/db/connect.js";
import { createRelease } from "../../src/services/create-release.js";
import { createSignals } from "../../src/services/create-signals.js";
import { createVersion } from "../../src/services/create-version.js";
import { recordDeployment } from "../../src/services/record-deployment.js";
import { createRecord, getRecord, type Presented, updateRecord } from "../../src/services/records.js";
import { type Resource, resources } from "../../src/services/resources.js";
import { inTransaction } from "../../src/services/transaction.js";

/** A short random slug, so tests never collide. */
export const uniqueSlug = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

/** Creates one entity through the same service the API uses. */
export function make(db: Db, name: keyof typeof resources, input: Record<string, unknown>): Promise<Presented> {
  return inTransaction(db, "test", (tx) => createRecord(tx, resources[name] as Resource, input));
}

type World = Awaited<ReturnType<typeof twoProductsSharingAComponent>>;

/** A loop with two products that share one component, and an email channel. */
export async function twoProductsSharingAComponent(db: Db) {
  const loop = await make(db, "loop", { slug: uniqueSlug("loop"), name: "Core" });
  const component = await make(db, "component", { slug: uniqueSlug("sync"), name: "Sync engine" });
  const productA = await make(db, "product", {
    loopId: loop.id,
    slug: uniqueSlug("web"),
    name: "Web",
    componentIds: [component.id],
  });
  const productB = await make(db, "product", {
    loopId: loop.id,
    slug: uniqueSlug("desktop"),
    name: "Desktop",
    componentIds: [component.id],
  });
  const channel = await make(db, "channel", {
    loopId: loop.id,
    slug: uniqueSlug("support"),
    name: "Support",
    kind: "email",
  });
  return { loop, component, productA, productB, channel };
}

/**
 * The starting point of the deployment-truth tests: one person (ana@example.com) on a pattern, an
 * improvement of it with `targets`, and its fix merged in the component two products share and taken by
 * version 1.0.0. With `beforeFix`, first a version 0.9.0 without the fix and a release of product A by
 * that name holding only it. `ship` releases a product (its newest versions) to production.
 */
export async function mergedFixOnSharedComponent(
  db: Db,
  targets: Record<string, unknown> | ((world: World) => Record<string, unknown>) = {},
  options: { beforeFix?: string } = {},
) {
  const world = await twoProductsSharingAComponent(db);
  const pattern = await make(db, "pattern", { loopId: world.loop.id, title: "Sync loses edits" });
  await createSignals(db, "test", [
    {
      channelId: world.channel.id,
      contact: { email: "ana@example.com" },
      title: "Edits lost",
      body: "",
      urgency: "normal",
      patternIds: [pattern.id],
      score: 1,
    },
  ]);
  const improvement = await make(db, "improvement", {
    loopId: world.loop.id,
    title: "Merge edits",
    patternIds: [pattern.id],
    ...(typeof targets === "function" ? targets(world) : targets),
  });
  const early = options.beforeFix
    ? await createVersion(db, "test", { componentId: world.component.id, name: "0.9.0", pullRequestIds: [] })
    : undefined;
  const beforeFix =
    early && options.beforeFix
      ? await createRelease(db, "test", {
          productId: world.productA.id,
          name: options.beforeFix,
          versionIds: [early.id],
        })
      : undefined;
  const issue = await make(db, "issue", {
    componentId: world.component.id,
    improvementId: improvement.id,
    title: "Merge",
  });
  const pr = await make(db, "pull_request", { componentId: world.component.id, title: "CRDT", issueIds: [issue.id] });
  await inTransaction(db, "test", (tx) => updateRecord(tx, resources.pull_request, pr.id, { status: "merged" }));
  await createVersion(db, "test", { componentId: world.component.id, name: "1.0.0" });
  const ship = async (productId: string, name: string) => {
    const release = await createRelease(db, "test", { productId, name });
    return recordDeployment(db, "test", { releaseId: release.id, environment: "production", status: "success" });
  };
  const status = async (r: "pattern" | "improvement", id: string) => (await getRecord(db, resources[r], id)).status;
  return { world, pattern, improvement, issue, pr, beforeFix, ship, status };
}
