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
  const { after, event } = await updateRecord(tx, resources.deployment, id, { status });
  if (event === "roll_back") await holdBackNotifications(tx, id);
  const result = event === "succeed" ? await snapback(tx, id) : null;
  return { deployment: after, snapback: result };
}

/**
 * A rolled-back deployment's fix is no longer live: its notifications not sent yet must not ask anyone
 * "does this work now?". They become dead letters with the reason (an operator may still retry them).
 * What was already released, shipped and addressed stays recorded.
 */
async function holdBackNotifications(tx: Tx, deploymentId: string): Promise<void> {
  const held = await tx.query<{ id: string }>(
    `update outbox set status = 'dead', last_error = 'The deployment was rolled back before this was sent.'
      where status = 'pending' and notification_id in (select id from notifications where deployment_id = $1)
      returning id`,
    [deploymentId],
  );
  tx.record(
    ...held.map((row) => ({
      entityType: "outbox",
      entityId: row.id,
      verb: "dead",
      before: { status: "pending" },
      after: { status: "dead", reason: "rolled_back", deploymentId },
    })),
  );
}
