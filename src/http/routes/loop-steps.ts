import { z } from "zod";
import type { Principal } from "../../core/access.js";
import { AppError } from "../../core/errors.js";
import { uuid } from "../../core/uuid.js";
import type { Queryable } from "../../db/connect.js";
import { attachSignals, detachSignal } from "../../services/attach-signals.js";
import { checkSignals } from "../../services/check-signals.js";
import { createRelease } from "../../services/create-release.js";
import {
  attachmentScore,
  createSignal,
  createSignals,
  refuseRepeatsOfOthers,
  signalInput,
} from "../../services/create-signals.js";
import { createVersion } from "../../services/create-version.js";
import {
  previewDeployment,
  previewDeploymentStatus,
  recordDeployment,
  updateDeploymentStatus,
} from "../../services/record-deployment.js";
import type { Resource } from "../../services/resources.js";
import { resources } from "../../services/resources.js";
import { versionProducts } from "../../services/version-products.js";
import { routeAnswers as answers } from "../answers.js";
import { hiddenFrom, ownersOf, requireCreatable, requireLinkTargets, requireRole } from "../authorize.js";
import { type Route, route } from "../route.js";

const byId = z.object({ id: uuid() });
const deploymentStatus = z.enum(["pending", "running", "success", "failed", "rolled_back"]);
/** A deployment as a pipeline reports it (POST /deployments, and its preview). */
const deploymentInput = z.strictObject({
  releaseId: uuid(),
  environment: z.string().min(1).max(80),
  status: deploymentStatus.default("pending"),
  externalId: z.string().min(1).max(200).optional(),
});

/** A builder of the loop the new entity belongs to (through its loop or parent field) and where it links. */
function mayCreate(principal: Principal, db: Queryable, r: Resource, body: unknown): Promise<void> {
  return requireCreatable(db, principal, r, body as Record<string, unknown>, "builder");
}

/** A builder of the loop that owns an existing entity. */
async function mayChange(principal: Principal, db: Queryable, r: Resource, id: string): Promise<void> {
  requireRole(principal, await ownersOf(db, r, id), "builder", hiddenFrom(r, id));
}

/**
 * A builder of each channel's loop in a batch, and of the patterns its signals name: each channel checked
 * once. A refusal names the first signal it is about (body.signals.3.channelId).
 */
async function mayCreateSignals(
  principal: Principal,
  db: Queryable,
  signals: { channelId: string; patternIds: string[] }[],
): Promise<void> {
  const byChannel = new Map<string, number[]>();
  for (const [i, s] of signals.entries()) {
    const indexes = byChannel.get(s.channelId);
    if (indexes) indexes.push(i);
    else byChannel.set(s.channelId, [i]);
  }
  for (const [channelId, indexes] of byChannel) {
    const patternIds = [...new Set(indexes.flatMap((i) => signals[i]?.patternIds ?? []))];
    try {
      await mayCreate(principal, db, resources.signal, { channelId, patternIds });
    } catch (error) {
      throw inBatch(error, signals, indexes, patternIds);
    }
  }
}

/** A refusal of one channel's signals, its path moved to the first signal it is about. */
function inBatch(
  error: unknown,
  signals: { patternIds: string[] }[],
  indexes: number[],
  patternIds: string[],
): unknown {
  if (!(error instanceof AppError) || !error.details.path) return error;
  const path = error.details.path;
  const pattern = /^body\.patternIds\.(\d+)$/.exec(path);
  const id = pattern ? patternIds[Number(pattern[1])] : undefined;
  const signal = id ? indexes.find((i) => signals[i]?.patternIds.includes(id)) : indexes[0];
  if (signal === undefined) return error;
  const inSignal = id ? `patternIds.${signals[signal]?.patternIds.indexOf(id)}` : path.slice("body.".length);
  return new AppError(error.code, error.message, { ...error.details, path: `body.signals.${signal}.${inSignal}` });
}

/**
 * createSignals names a lone signal's fields as a single POST /signals body's (`body.receivedAt`); in a
 * batch of one it is `body.signals.0.receivedAt`, as in any other batch.
 */
function asFirstOfBatch(error: unknown): unknown {
  const path = error instanceof AppError ? error.details.path : undefined;
  if (!(error instanceof AppError) || !path?.startsWith("body.") || path.startsWith("body.signals.")) return error;
  return new AppError(error.code, error.message, { ...error.details, path: `body.signals.0.${path.slice(5)}` });
}

/** The steps of the loop that are more than storing a record: they have services of their own. */
export function loopStepRoutes(): Route[] {
  return [
    route({
      method: "POST",
      url: "/signals",
      summary: "Receive a signal (finds or creates its contact, attaches it to patterns)",
      tag: "signals",
      access: "change",
      body: signalInput,
      status: 201,
      operationId: "createSignal",
      response: resources.signal.response,
      authorize: ({ body, principal }, db) => mayCreate(principal, db, resources.signal, body),
      // Then the matcher, where the channel's owners switched automatic attachment on (createSignals).
      handler: async ({ body, actor }, { db }) => {
        await refuseRepeatsOfOthers(db, [body]);
        const { signal, duplicate } = await createSignal(db, actor, body);
        // Another person's report under this externalId may have been written between the check and the
        // write (two requests at once, on a server): the write kept theirs, so this one is refused too.
        if (duplicate) await refuseRepeatsOfOthers(db, [body]);
        return signal;
      },
    }),
    route({
      method: "POST",
      url: "/signals/batch",
      summary: "Receive up to 1,000 signals in one transaction",
      tag: "signals",
      access: "change",
      body: z.strictObject({ signals: z.array(signalInput).min(1).max(1000) }),
      status: 201,
      // Each signal is one change against the write limit (docs/SECURITY.md).
      cost: (body) => {
        const signals = (body as { signals?: unknown } | undefined)?.signals;
        return Array.isArray(signals) ? signals.length : 1;
      },
      operationId: "createSignals",
      response: answers.signals,
      authorize: ({ body, principal }, db) => mayCreateSignals(principal, db, body.signals),
      // Then the matcher, where the channel's owners switched automatic attachment on (createSignals).
      handler: async ({ body, actor }, { db }) => ({
        items: await refuseRepeatsOfOthers(db, body.signals)
          .then(() => createSignals(db, actor, body.signals))
          // Checked again once written, as POST /signals does: a repeat written meanwhile by another
          // request kept the other person's report (the rest of the batch is in: sent again, it is the same).
          .then(async (signals) => {
            await refuseRepeatsOfOthers(db, body.signals);
            return signals;
          })
          .catch((error: unknown) => {
            throw body.signals.length === 1 ? asFirstOfBatch(error) : error;
          }),
      }),
    }),
    route({
      method: "POST",
      url: "/signals/batch/check",
      summary:
        "What POST /signals/batch would do with these signals, writing nothing: how many are new, already there (same channel and externalId), and how many people are new (an import's dry run)",
      tag: "signals",
      access: "change",
      body: z.strictObject({ signals: z.array(signalInput).min(1).max(1000) }),
      operationId: "checkSignals",
      response: z.object({
        signals: z.number().int(),
        new: z.number().int(),
        duplicates: z.number().int(),
        duplicateIndexes: z.array(z.number().int()),
        newContacts: z.number().int(),
      }),
      authorize: ({ body, principal }, db) => mayCreateSignals(principal, db, body.signals),
      // What the batch refuses before writing (another person's externalId), the dry run refuses too,
      // at the same path: a batch of one's error is at body.signals.0.…, not at body.… (asFirstOfBatch).
      handler: async ({ body }, { db }) =>
        refuseRepeatsOfOthers(db, body.signals)
          .then(() => checkSignals(db, body.signals))
          .catch((error: unknown) => {
            throw body.signals.length === 1 ? asFirstOfBatch(error) : error;
          }),
    }),
    route({
      method: "POST",
      url: "/patterns/:id/signals",
      summary:
        "Attach signals to a pattern (idempotent); refreshes its priority. Answers the pattern with how many it attached and how many were attached already",
      tag: "patterns",
      access: "change",
      // A builder of the pattern's loop and of each signal's: the pattern's snapback notifies the
      // signal's customer, and a loop's customers are its own (docs/SECURITY.md).
      authorize: async ({ params, body, principal }, db) => {
        await mayChange(principal, db, resources.pattern, params.id);
        await requireLinkTargets(db, principal, resources.signal, "signalIds", body.signalIds);
      },
      params: byId,
      operationId: "attachSignals",
      response: answers.patternAttachment,
      body: z.strictObject({
        signalIds: z.array(uuid()).min(1).max(1000),
        score: attachmentScore().default(1),
      }),
      handler: async ({ params, body, actor }, { db }) => attachSignals(db, actor, params.id, body),
    }),
    route({
      method: "DELETE",
      url: "/patterns/:id/signals/:signalId",
      summary: "Detach a signal from a pattern (a builder of the pattern's loop or of the signal's)",
      tag: "patterns",
      access: "change",
      // Either side may take its own back: the pattern's loop its pattern, the signal's loop its customer.
      authorize: async ({ params, principal }, db) => {
        const patternLoops = await ownersOf(db, resources.pattern, params.id);
        const signalLoops = await ownersOf(db, resources.signal, params.signalId, "params.signalId");
        // A side no loop owns is shared: any builder may change it.
        const loops = patternLoops.length === 0 || signalLoops.length === 0 ? [] : [...patternLoops, ...signalLoops];
        // Both sides are the shared knowledge base: a token bound to a loop owning neither reads them, so 403.
        requireRole(principal, loops, "builder", null);
      },
      params: z.object({ id: uuid(), signalId: uuid() }),
      operationId: "detachSignal",
      response: resources.pattern.response,
      handler: async ({ params, actor }, { db }) => detachSignal(db, actor, params.id, params.signalId),
    }),
    route({
      method: "POST",
      url: "/versions",
      summary: "Create a component version; without pullRequestIds it takes every merged, unversioned pull request",
      tag: "versions",
      access: "change",
      pipeline: true,
      authorize: ({ body, principal }, db) => mayCreate(principal, db, resources.version, body),
      body: resources.version.create,
      status: 201,
      response: resources.version.response,
      handler: async ({ body, actor }, { db }) =>
        createVersion(db, actor, body as { componentId: string; name: string; pullRequestIds?: string[] }),
    }),
    route({
      method: "GET",
      url: "/versions/:id/products",
      operationId: "listVersionProducts",
      response: answers.versionProducts,
      summary:
        "Per product built from the version's component: whether a release includes this version (or a newer one) yet",
      tag: "versions",
      access: "read",
      pipeline: true,
      params: byId,
      // Another loop's products do not exist for a token bound to a loop.
      handler: async ({ params, principal }, { db }) => versionProducts(db, params.id, principal?.loopId ?? undefined),
    }),
    route({
      method: "POST",
      url: "/releases",
      summary: "Create a product release; without versionIds it takes the newest version of each component",
      tag: "releases",
      access: "change",
      pipeline: true,
      authorize: ({ body, principal }, db) => mayCreate(principal, db, resources.release, body),
      body: resources.release.create,
      status: 201,
      response: resources.release.response,
      handler: async ({ body, actor }, { db }) =>
        createRelease(db, actor, body as { productId: string; name: string; versionIds?: string[] }),
    }),
    route({
      method: "POST",
      url: "/deployments",
      summary: "Record a deployment; success in production runs snapback. A repeated externalId is the same deployment",
      tag: "deployments",
      access: "change",
      pipeline: true,
      authorize: ({ body, principal }, db) => mayCreate(principal, db, resources.deployment, body),
      body: deploymentInput,
      status: 201,
      existingStatus: 200,
      response: answers.deployment,
      // 201 for a new deployment; 200 when it changed (or replayed) one it knew: a run's externalId again, a rollback.
      handler: async ({ body, actor, reply }, { db }) => {
        const { created, ...outcome } = await recordDeployment(db, actor, body);
        return reply.code(created ? 201 : 200).send(outcome);
      },
    }),
    route({
      method: "POST",
      url: "/deployments/preview",
      summary:
        "What POST /deployments would do with this body, recording nothing: the deployment as it would be (id null when it would be new: nothing of it is kept) and what its snapback or rollback would do, the people it would tell included (a dry run)",
      tag: "deployments",
      access: "change",
      pipeline: true,
      // Who may record it may preview it: the preview runs the same use-case, then rolls it back.
      authorize: ({ body, principal }, db) => mayCreate(principal, db, resources.deployment, body),
      body: deploymentInput,
      operationId: "previewDeployment",
      response: answers.deploymentPreview,
      handler: async ({ body, actor }, { db }) => previewDeployment(db, actor, body),
    }),
    route({
      method: "POST",
      url: "/deployments/:id/preview",
      summary:
        "What PATCH /deployments/:id would do with this status, changing nothing: what its snapback or rollback would move on or take back, the people it would tell included (a dry run)",
      tag: "deployments",
      access: "change",
      pipeline: true,
      authorize: ({ params, principal }, db) => mayChange(principal, db, resources.deployment, params.id),
      params: byId,
      body: z.strictObject({ status: deploymentStatus }),
      operationId: "previewDeploymentStatus",
      response: answers.deployment,
      handler: async ({ params, body, actor }, { db }) => previewDeploymentStatus(db, actor, params.id, body.status),
    }),
    route({
      method: "PATCH",
      url: "/deployments/:id",
      summary: "Change a deployment's status; success in production runs snapback",
      tag: "deployments",
      access: "change",
      pipeline: true,
      authorize: ({ params, principal }, db) => mayChange(principal, db, resources.deployment, params.id),
      params: byId,
      body: z.strictObject({ status: deploymentStatus }),
      response: answers.deployment,
      handler: async ({ params, body, actor }, { db }) => updateDeploymentStatus(db, actor, params.id, body.status),
    }),
  ];
}
