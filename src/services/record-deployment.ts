import { AppError, notFound } from "../core/errors.js";
import type { Db } from "../db/connect.js";
import { createRecord, getRecord, type Presented, updateRecord } from "./records.js";
import { resources } from "./resources.js";
import { nothingChanged, runningRelease, type SnapbackResult, snapback, snapbackLock } from "./snapback.js";
import { type Actor, inTransaction, type Tx } from "./transaction.js";

/**
 * A deployment as the API returns it after a change: the record and what snapback (or the rollback) did;
 * the same shape for a replay, which changed nothing and says so.
 */
export interface DeploymentOutcome {
  deployment: Presented;
  snapback: SnapbackResult;
}

/** What recordDeployment did: a new deployment (created), or a change or replay of one it knew. */
export type RecordedDeployment = DeploymentOutcome & { created: boolean };

/**
 * Records a deployment or a change of its status. A pipeline's externalId makes it idempotent: the same
 * run reported again updates (or leaves) that deployment instead of creating another. Reaching success
 * in a production environment runs snapback in the same transaction. rolled_back of a run it does not
 * know rolls back the release's newest successful deployment to the environment (rollbackTarget).
 * `created` says whether a deployment was created (the API answers 201) or one it knew changed (200).
 */
export async function recordDeployment(db: Db, actor: Actor, input: DeploymentInput): Promise<RecordedDeployment> {
  return inTransaction(db, actor, (tx) => record(tx, input));
}

/** A deployment as a pipeline reports it. */
export interface DeploymentInput {
  releaseId: string;
  environment: string;
  status: string;
  externalId?: string;
}

/** Carries a preview's outcome out of its transaction, which throwing it rolls back. */
class Preview extends Error {
  constructor(readonly outcome: RecordedDeployment) {
    super("preview");
  }
}

/** A preview of recording a deployment: a new one has no id (null), since nothing of it is kept. */
export interface DeploymentPreview {
  deployment: Omit<Presented, "id"> & { id: string | null };
  snapback: SnapbackResult;
}

/**
 * What recordDeployment would do with this input, writing nothing: the same use-case run in a transaction
 * that is then rolled back (its timeline events, notifications and outbox rows with it), so the preview
 * is what recording it now would do, snapback's counts and the people it would tell included. A new
 * deployment is answered with id null: the id it had in the rolled-back transaction never exists, and a
 * client that followed it would find nothing. One it knew (a run's externalId again, a rollback) keeps its
 * id. It holds snapbackLock while it runs, as a real one does.
 */
export async function previewDeployment(db: Db, actor: Actor, input: DeploymentInput): Promise<DeploymentPreview> {
  const { created, deployment, snapback } = await preview(db, actor, (tx) => record(tx, input));
  return { deployment: created ? { ...deployment, id: null } : deployment, snapback };
}

/** What updateDeploymentStatus would do, writing nothing (as previewDeployment). */
export async function previewDeploymentStatus(
  db: Db,
  actor: Actor,
  id: string,
  status: string,
): Promise<DeploymentOutcome> {
  const { created: _created, ...outcome } = await preview(db, actor, async (tx) => {
    await tx.query("select pg_advisory_xact_lock($1)", [snapbackLock]);
    return { ...(await changeStatus(tx, id, status)), created: false };
  });
  return outcome;
}

/** Runs a use-case in a transaction, then rolls it back: its outcome, and nothing written. */
async function preview(db: Db, actor: Actor, run: (tx: Tx) => Promise<RecordedDeployment>) {
  try {
    await inTransaction(db, actor, async (tx) => {
      throw new Preview(await run(tx));
    });
  } catch (error) {
    if (error instanceof Preview) return error.outcome;
    throw error;
  }
  throw new Error("A deployment's preview ended without its outcome.");
}

/** recordDeployment's work, in the caller's transaction. */
async function record(tx: Tx, input: DeploymentInput): Promise<RecordedDeployment> {
  // First: a pipeline retrying while its first report is still being recorded waits here, then finds
  // that deployment and is a replay (not a duplicate externalId).
  await tx.query("select pg_advisory_xact_lock($1)", [snapbackLock]);
  const [release] = await tx.query("select id from releases where id = $1", [input.releaseId]);
  if (!release) throw notFound("release", input.releaseId, "body.releaseId");
  const [environment] = await tx.query<{ product_id: string | null; serves: boolean }>(
    `select e.product_id, e.product_id is null or e.product_id = r.product_id as serves
       from environments e, releases r where e.name = $1 and r.id = $2`,
    [input.environment, input.releaseId],
  );
  if (!environment) {
    throw new AppError("not_found", `No environment named ${input.environment} (loopwork env list shows them).`, {
      path: "body.environment",
    });
  }
  if (!environment.serves) {
    throw new AppError(
      "invalid_input",
      `Environment ${input.environment} serves another product than this release's: deploy to one of its product's environments.`,
      { path: "body.environment" },
    );
  }
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
    if (existing) return { ...(await changeStatus(tx, existing.id, input.status)), created: false };
  }
  // A rollback is of something that ran: never a new deployment (it would start pending, which cannot roll back).
  if (input.status === "rolled_back") {
    return { ...(await changeStatus(tx, await rollbackTarget(tx, input), input.status)), created: false };
  }
  const deployment = await createRecord(tx, resources.deployment, {
    releaseId: input.releaseId,
    environment: input.environment,
    externalId: input.externalId,
  });
  if (input.status === "pending") return { deployment, snapback: nothingChanged(false), created: true };
  return { ...(await changeStatus(tx, deployment.id, input.status)), created: true };
}

/**
 * What "release R rolled back in environment E" names: R's newest deployment to E that succeeded (by when
 * it finished, as currentDeployments orders them). Its newest rolled back one instead makes the report a
 * replay (a pipeline retrying its rollback step). Neither: invalid_transition, nothing recorded.
 */
async function rollbackTarget(tx: Tx, input: { releaseId: string; environment: string }): Promise<string> {
  const [newest] = await tx.query<{ id: string }>(
    `select id from deployments where release_id = $1 and environment = $2 and status in ('success', 'rolled_back')
      order by finished_at desc nulls last, id desc limit 1`,
    [input.releaseId, input.environment],
  );
  if (!newest) {
    throw new AppError(
      "invalid_transition",
      `No deployment of this release to ${input.environment} succeeded: there is nothing to roll back.`,
      { path: "body.status" },
    );
  }
  return newest.id;
}

/** Moves a deployment to status (through its state machine); success in production runs snapback. */
export async function updateDeploymentStatus(db: Db, actor: Actor, id: string, status: string) {
  return inTransaction(db, actor, async (tx) => {
    // Before reading the deployment: the same change sent twice at once is then a replay the second time.
    await tx.query("select pg_advisory_xact_lock($1)", [snapbackLock]);
    return changeStatus(tx, id, status);
  });
}

/** What follows a status in a deployment's life: a report of an earlier one again is a replay. */
const lifecycle: Record<string, number> = { pending: 0, running: 1, failed: 1, success: 2, rolled_back: 3 };

/**
 * Changes a deployment's status; the caller holds snapbackLock (what runs where changes one deployment at
 * a time, each seeing the others' releases).
 */
async function changeStatus(tx: Tx, id: string, status: string): Promise<DeploymentOutcome> {
  const current = await getRecord(tx, resources.deployment, id);
  // The same report again, or an earlier one arriving late (a pipeline retrying "success" after the
  // deployment was rolled back): nothing to do, and the answer says so.
  const replay = current.status === status || (lifecycle[status] ?? 0) < (lifecycle[String(current.status)] ?? 0);
  if (replay) return { deployment: current, snapback: nothingChanged(true) };
  const before = await runningRelease(tx, String(current.productId), String(current.environment));
  const { after, event } = await updateRecord(tx, resources.deployment, id, { status });
  if (event === "roll_back") {
    await tx.query("update deployments set rolled_back_at = now() where id = $1", [id]);
  }
  const reason = event === "roll_back" ? "rolled_back" : "deployed";
  const result =
    event === "succeed" || event === "roll_back"
      ? await snapback(tx, before, id, { deploymentId: id, reason })
      : nothingChanged(false);
  const deployment = event === "roll_back" ? await getRecord(tx, resources.deployment, id) : after;
  return { deployment, snapback: result };
}
