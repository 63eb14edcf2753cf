import { AppError, notFound } from "../core/errors.js";
import type { Db } from "../db/connect.js";
import { createRecord, getRecord, type Presented, updateRecord } from "./records.js";
import { resources } from "./resources.js";
import { type SnapbackResult, snapback } from "./snapback.js";
import { type Actor, inTransaction, type Tx } from "./transaction.js";

/** A deployment as the API returns it after a change: the record and what snapback did. */
export interface DeploymentOutcome {
  deployment: Presented;
  snapback: SnapbackResult | null;
}

/**
 * Records a deployment or a change of its status. A pipeline's externalId makes it idempotent: the same
 * run reported again updates (or leaves) that deployment instead of creating another. Reaching success
 * in a production environment runs snapback in the same transaction.
 */
export async function recordDeployment(
  db: Db,
  actor: Actor,
  input: { releaseId: string; environment: string; status: string; externalId?: string },
): Promise<DeploymentOutcome> {
  return inTransaction(db, actor, async (tx) => {
    const [environment] = await tx.query("select name from environments where name = $1", [input.environment]);
    if (!environment) throw notFound("environment", input.environment, "body.environment");
    if (input.externalId) {
      const [existing] = await tx.query<{ id: string; release_id: string }>(
        "select id, release_id from deployments where environment = $1 and external_id = $2",
        [input.environment, input.externalId],
      );
      if (existing && existing.release_id !== input.releaseId) {
        throw new AppError(
          "conflict",
          `Run ${input.externalId} in ${input.environment} already deployed another release: use a new externalId.`,
          { path: "body.externalId" },
        );
      }
      if (existing) return changeStatus(tx, existing.id, input.status);
    }
    const deployment = await createRecord(tx, resources.deployment, {
      releaseId: input.releaseId,
      environment: input.environment,
      externalId: input.externalId,
    });
    if (input.status === "pending") return { deployment, snapback: null };
    return changeStatus(tx, deployment.id, input.status);
  });
}

/** Moves a deployment to status (through its state machine); success in production runs snapback. */
export async function updateDeploymentStatus(db: Db, actor: Actor, id: string, status: string) {
  return inTransaction(db, actor, (tx) => changeStatus(tx, id, status));
}

async function changeStatus(tx: Tx, id: string, status: string): Promise<DeploymentOutcome> {
  const current = await getRecord(tx, resources.deployment, id);
  if (current.status === status) return { deployment: current, snapback: null };
  // A pipeline may report success straight after pending; pass through running when it skips it.
  if (current.status === "pending" && status === "rolled_back") {
    throw new AppError("invalid_transition", "A deployment that never succeeded cannot be rolled back.", {
      path: "body.status",
    });
  }
  const { after, event } = await updateRecord(tx, resources.deployment, id, { status });
  const result = event === "succeed" ? await snapback(tx, id) : null;
  return { deployment: after, snapback: result };
}
