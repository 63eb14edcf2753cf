import { type ComponentVersion, versionsBetween } from "../core/component-versions.js";
import { currentDeployments } from "./load-truth-graph.js";
import { type Cause, settleTruth, type TruthResult } from "./settle-truth.js";
import type { Tx } from "./transaction.js";

/**
 * The advisory lock snapback holds: anything else that completes improvements or addresses patterns
 * (settle-improvements, late signals) takes it too, so the two never each miss the other's half.
 */
export const snapbackLock = 7468757;

/** What one change of a deployment did, both ways (snapback forwards, rollback backwards). */
export interface SnapbackResult extends TruthResult {
  versionsReleased: number;
  /** Nothing changed: the same report again (a replayed deployment or status). */
  replay: boolean;
}

/** The all-zero result: what a replay, or a deployment that changes nothing that runs, did. */
export function nothingChanged(replay: boolean): SnapbackResult {
  return {
    versionsReleased: 0,
    pullRequestsShipped: 0,
    pullRequestsUnshipped: 0,
    issuesResolved: 0,
    issuesReopened: 0,
    improvementsCompleted: [],
    improvementsReopened: [],
    patternsAddressed: [],
    patternsReopened: [],
    notificationsQueued: 0,
    notificationsCancelled: 0,
    followUpsQueued: 0,
    replay,
  };
}

/** A product's environment and the release that runs there (none yet: null). */
export interface Running {
  productId: string;
  environment: string;
  releaseId: string | null;
}

/** The release that runs in a product's environment now: its latest successful deployment's. */
export async function runningRelease(tx: Tx, productId: string, environment: string): Promise<Running> {
  const [row] = await tx.query<{ release_id: string }>(
    `select release_id from (${currentDeployments}) c where c.product_id = $1 and c.environment = $2`,
    [productId, environment],
  );
  return { productId, environment, releaseId: row?.release_id ?? null };
}

/**
 * Walks the chain after what runs in one product's environment changed (DESIGN §2), inside the caller's
 * transaction, which holds snapbackLock: a newer release there ships what it brings (snapback); an older
 * one, or none after a rollback, takes back what only the release before had made live. Only the pull
 * requests between the two releases' versions of each component can have changed; settleTruth does
 * the rest. Idempotent: the same release again changes nothing.
 */
export async function snapback(tx: Tx, before: Running, deploymentId: string, cause: Cause): Promise<SnapbackResult> {
  const after = await runningRelease(tx, before.productId, before.environment);
  const result = nothingChanged(false);
  if (cause.reason === "deployed" && after.releaseId) {
    result.versionsReleased = await releaseVersions(
      tx,
      after.releaseId,
      before.productId,
      before.environment,
      deploymentId,
    );
  }
  if (after.releaseId === before.releaseId) return result;
  const changed = await pullRequestsBetween(tx, before.releaseId, after.releaseId);
  const settled = await settleTruth(tx, { pullRequestIds: changed }, cause);
  return { ...result, ...settled };
}

/**
 * The pull requests whose liveness moving from one release to another (either may be none) can change:
 * for each component either holds, those of the versions between the two releases' versions of it
 * (versionsBetween: by version number where both are one, else by when they were cut).
 */
async function pullRequestsBetween(tx: Tx, beforeId: string | null, afterId: string | null): Promise<string[]> {
  const running = await tx.query<{
    release_id: string;
    component_id: string;
    id: string;
    name: string;
    created_at: Date;
  }>(
    `select rv.release_id, v.component_id, v.id, v.name, v.created_at
       from release_versions rv join versions v on v.id = rv.version_id
      where rv.release_id = any($1::uuid[])`,
    [[beforeId, afterId].filter((id) => id !== null)],
  );
  const components = [...new Set(running.map((row) => row.component_id))];
  if (components.length === 0) return [];
  const all = await tx.query<{ component_id: string; id: string; name: string; created_at: Date }>(
    "select component_id, id, name, created_at from versions where component_id = any($1::uuid[])",
    [components],
  );
  const version = (row: { id: string; name: string; created_at: Date }): ComponentVersion => ({
    id: row.id,
    name: row.name,
    createdAt: new Date(row.created_at),
  });
  const moved: string[] = [];
  for (const component of components) {
    const of = (releaseId: string | null) => {
      const row = running.find((r) => r.release_id === releaseId && r.component_id === component);
      return row ? version(row) : undefined;
    };
    const versions = all.filter((row) => row.component_id === component).map(version);
    moved.push(...versionsBetween(versions, of(beforeId), of(afterId)).map((v) => v.id));
  }
  if (moved.length === 0) return [];
  const rows = await tx.query<{ id: string }>(
    "select distinct pull_request_id as id from version_pull_requests where version_id = any($1::uuid[])",
    [moved],
  );
  return rows.map((row) => row.id);
}

/**
 * Marks the release's versions released in the product, the first time a production deployment runs
 * them (the time is kept: metrics and the trace read it).
 */
async function releaseVersions(
  tx: Tx,
  releaseId: string,
  productId: string,
  environment: string,
  deploymentId: string,
): Promise<number> {
  const released = await tx.query<{ version_id: string }>(
    `insert into version_products (version_id, product_id, deployment_id, first_released_at)
     select rv.version_id, $2, $3, now() from release_versions rv
      where rv.release_id = $1 and (select production from environments where name = $4)
     on conflict do nothing returning version_id`,
    [releaseId, productId, deploymentId, environment],
  );
  tx.record(
    ...released.map((row) => ({
      entityType: "version",
      entityId: row.version_id,
      verb: "released",
      after: { productId, deploymentId, environment },
    })),
  );
  return released.length;
}
