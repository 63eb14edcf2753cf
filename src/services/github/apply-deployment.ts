import type { Db } from "../../db/connect.js";
import type { GithubChannel } from "../../integrations/github/channel.js";
import { createRelease } from "../create-release.js";
import { recordDeployment } from "../record-deployment.js";
import type { Actor } from "../transaction.js";

/** Loopwork's status of a GitHub deployment state; undefined: nothing to record (inactive). */
const statuses: Record<string, string> = {
  queued: "pending",
  pending: "pending",
  waiting: "pending",
  in_progress: "running",
  success: "success",
  failure: "failed",
  error: "failed",
};

/**
 * A GitHub deployment of a component's repository, recorded through recordDeployment (so success in
 * production runs snapback). What it deploys: the component's version named by its ref (a tag), else
 * the component's newest version; for each product built from the component and served by the
 * environment, the newest release that includes that version, or a new one named after it. The
 * deployment's id makes it idempotent: `github:<id>:<product slug>` is the pipeline's externalId.
 */
export async function applyDeployment(
  db: Db,
  actor: Actor,
  channel: GithubChannel,
  deployment: { id: number; ref: string; environment: string },
  state: string,
): Promise<string> {
  const componentId = channel.componentId;
  if (!componentId) return "ignored: the channel names no componentId";
  const status = statuses[state];
  if (!status) return `ignored: deployment state ${state}`;
  const environment = deployment.environment.toLowerCase();
  const [known] = await db.query<{ product_id: string | null }>("select product_id from environments where name = $1", [
    environment,
  ]);
  if (!known) return `ignored: no environment named ${environment} (create it to record these deployments)`;
  const [version] = await db.query<{ id: string; name: string }>(
    `select id, name from versions where component_id = $1 order by (name = $2) desc, id desc limit 1`,
    [componentId, deployment.ref.replace(/^refs\/tags\//, "")],
  );
  if (!version) return "ignored: the component has no version yet (tag a release first)";
  const products = await db.query<{ id: string; slug: string }>(
    `select p.id, p.slug from products p join product_components pc on pc.product_id = p.id
      where pc.component_id = $1 and ($2::uuid is null or p.id = $2) order by p.id`,
    [componentId, known.product_id],
  );
  const done: string[] = [];
  for (const product of products) {
    const externalId = `github:${deployment.id}:${product.slug}`;
    // A deployment of a branch recorded already (its `deployment` event, an earlier status) keeps its
    // release: such a ref means the newest version, which a tag made since would move. A ref that names
    // a version is resolved again (it may have been recorded before its tag arrived).
    const [recorded] = await db.query<{ release_id: string }>(
      "select release_id from deployments where environment = $1 and external_id = $2",
      [environment, externalId],
    );
    const branch = version.name !== deployment.ref.replace(/^refs\/tags\//, "");
    const releaseId = recorded && branch ? recorded.release_id : await releaseWith(db, actor, product.id, version);
    const outcome = await recordDeployment(db, actor, { releaseId, environment, status, externalId });
    done.push(`${product.slug}: ${String(outcome.deployment.status)}`);
  }
  return done.length
    ? `deployment ${deployment.id} → ${done.join(", ")}`
    : "ignored: no product is built from the component";
}

/** The newest release of the product with this version, or a new one (the product's newest versions, this one for its component). */
async function releaseWith(db: Db, actor: Actor, productId: string, version: { id: string; name: string }) {
  const [existing] = await db.query<{ id: string }>(
    `select r.id from releases r join release_versions rv on rv.release_id = r.id
      where r.product_id = $1 and rv.version_id = $2 order by r.id desc limit 1`,
    [productId, version.id],
  );
  if (existing) return existing.id;
  const others = await db.query<{ id: string }>(
    `select distinct on (v.component_id) v.id from versions v
       join product_components pc on pc.component_id = v.component_id and pc.product_id = $1
      where v.component_id <> (select component_id from versions where id = $2)
      order by v.component_id, v.id desc`,
    [productId, version.id],
  );
  const [taken] = await db.query("select 1 from releases where product_id = $1 and name = $2", [
    productId,
    version.name,
  ]);
  const release = await createRelease(db, actor, {
    productId,
    name: taken ? `${version.name}+${version.id.slice(-8)}` : version.name,
    versionIds: [version.id, ...others.map((row) => row.id)],
  });
  return release.id;
}
