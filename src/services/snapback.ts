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
  const changed = await tx.query<{ id: string }>(
    `with before as (select v.component_id, v.id from release_versions rv join versions v on v.id = rv.version_id
                      where rv.release_id = $1),
          after as (select v.component_id, v.id from release_versions rv join versions v on v.id = rv.version_id
                     where rv.release_id = $2),
          ranges as (
            select coalesce(b.component_id, a.component_id) as component_id,
                   least(b.id, a.id) as low, greatest(b.id, a.id) as high,
                   (b.id is null or a.id is null) as from_start
              from before b full join after a on a.component_id = b.component_id
          )
     select distinct vpr.pull_request_id as id
       from ranges r join versions v on v.component_id = r.component_id
       join version_pull_requests vpr on vpr.version_id = v.id
      where v.id <= r.high and (r.from_start or v.id > r.low)`,
    [before.releaseId, after.releaseId],
  );
  const settled = await settleTruth(tx, { pullRequestIds: changed.map((row) => row.id) }, cause);
  return { ...result, ...settled };
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
