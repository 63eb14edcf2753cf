import { z } from "zod";
import { notFound } from "../../core/errors.js";
import { uuid } from "../../core/uuid.js";
import { pageOf } from "../../services/presented.js";
import { createRecord, getRecord, listRecords, updateRecord } from "../../services/records.js";
import { listQuery, type Resource, resources } from "../../services/resources.js";
import { searchText } from "../../services/search.js";
import { settleImprovements } from "../../services/settle-improvements.js";
import { snapbackLock } from "../../services/snapback.js";
import { inTransaction } from "../../services/transaction.js";
import {
  levelRole,
  ownersOf,
  requireAdminFields,
  requireChangeable,
  requireCreatable,
  requireRole,
} from "../authorize.js";
import { type Route, route } from "../route.js";

const byId = z.object({ id: uuid() });
const byName = z.object({ id: z.string().min(1).max(80) });

/** Resources whose create or update is a use-case of its own (see the other route files; snapback queues notifications). */
const ownCreate = new Set(["signal", "version", "release", "deployment", "user", "notification"]);
const ownUpdate = new Set(["deployment"]);
/** Resources whose list has options of its own (patterns.ts: include=signals). */
const ownList = new Set(["pattern"]);
/** What a CI pipeline looks up on its way to `loopwork version`, `release` and `deploy`: deploy-only tokens read these. */
const pipelineReads = new Set([
  "component",
  "product",
  "pull_request",
  "version",
  "release",
  "environment",
  "deployment",
]);

const title = (r: Resource) => r.name.replace("_", " ");
/** "an improvement", "an issue", "a user": the article by the sound, which the first letter tells here. */
const aOrAn = (noun: string) => `${/^([aeio]|u(?!s|ni))/i.test(noun) ? "an" : "a"} ${noun}`;

/** List, read, create and update for every entity, straight over the generic record services. */
export function resourceRoutes(): Route[] {
  return Object.values(resources as Record<string, Resource>).flatMap((r) => {
    const params = r.key === "id" ? byId : byName;
    const tag = r.path;
    const level = r.level ?? "change";
    const createLevel = r.createLevel ?? level;
    const routes: Route[] = [
      route({
        method: "GET",
        url: `/${r.path}`,
        summary: `List ${r.path.replace("-", " ")}, newest first${r.search ? "; with q, the best matches of a full text search" : ""}`,
        tag,
        access: "read",
        pipeline: pipelineReads.has(r.name),
        response: r.response && pageOf(r.response),
        query: listQuery.extend({
          ...r.filters.shape,
          ...(r.sorts ? { sort: z.enum(["newest", ...r.sorts]).default("newest") } : {}),
          ...(r.search ? { q: searchText().optional() } : {}),
        }),
        handler: async ({ query, principal }, { db }) => {
          const { cursor, limit, sort, q, ...filters } = query as {
            cursor?: string;
            limit: number;
            sort?: string;
            q?: string;
          } & Record<string, unknown>;
          return listRecords(db, r, { filters, cursor, limit, sort, q, withinLoop: principal?.loopId ?? undefined });
        },
      }),
      route({
        method: "GET",
        url: `/${r.path}/:id`,
        summary: `Read one ${title(r)}`,
        tag,
        access: "read",
        pipeline: pipelineReads.has(r.name),
        params,
        response: r.response,
        // Another loop's own work does not exist for a token bound to a loop.
        authorize: async ({ params, principal }, db) => {
          const id = String(params.id);
          if (principal.loopId && r.privateToLoop && !(await ownersOf(db, r, id)).includes(principal.loopId)) {
            throw notFound(title(r), id);
          }
        },
        handler: async ({ params }, { db }) => getRecord(db, r, params.id),
      }),
    ];
    if (!ownCreate.has(r.name)) {
      routes.push(
        route({
          method: "POST",
          url: `/${r.path}`,
          summary: `Create ${aOrAn(title(r))}`,
          tag,
          access: createLevel,
          body: r.create,
          status: 201,
          response: r.response,
          authorize: async ({ body, principal }, db) => {
            if (createLevel === "admin") return;
            await requireCreatable(db, principal, r, body as Record<string, unknown>, levelRole[createLevel]);
            requireAdminFields(principal, r, body as Record<string, unknown>);
          },
          handler: async ({ body, actor }, { db }) =>
            inTransaction(db, actor, (tx) => createRecord(tx, r, body as Record<string, unknown>)),
        }),
      );
    }
    const update = r.update;
    if (update && !ownUpdate.has(r.name)) {
      routes.push(
        route({
          method: "PATCH",
          url: `/${r.path}/:id`,
          summary: `Change ${aOrAn(title(r))}${r.machine ? " (a new status must be a valid transition)" : ""}`,
          tag,
          access: level,
          params,
          body: update,
          response: r.response,
          authorize: async ({ params, body, principal }, db) => {
            if (level === "admin") return;
            await requireChangeable(
              db,
              principal,
              r,
              String(params.id),
              body as Record<string, unknown>,
              levelRole[level],
            );
            requireAdminFields(principal, r, body as Record<string, unknown>);
          },
          handler: async ({ params, body, actor, principal }, { db }) =>
            inTransaction(db, actor, async (tx) => {
              const id = String(params.id);
              const settling = r.settles && (body as { status?: string }).status === r.settles.status;
              // Settling (below) must not interleave with a snapback: each would miss the other's half.
              // Taken before the row lock of the update, in the order snapback takes them.
              if (settling) await tx.query("select pg_advisory_xact_lock($1)", [snapbackLock]);
              const { after, event } = await updateRecord(tx, r, id, body as Record<string, unknown>);
              // A rejected improvement, or a closed issue, no longer holds back what snapback completes.
              const improvementId = r.settles && after[r.settles.improvementField];
              if (settling && event && typeof improvementId === "string") await settleImprovements(tx, [improvementId]);
              // Moved (a new loop, a new parent, or none): the same standing is needed where it goes.
              // Refusing here rolls the change back.
              const moved = r.ownedBy?.find(({ field }) => field in (body as object));
              if (moved && principal && level !== "admin") {
                const path = `body.${moved.field}`;
                requireRole(
                  principal,
                  await ownersOf(tx, r, id),
                  levelRole[level],
                  () => notFound(title(r), id, path),
                  path,
                );
              }
              return after;
            }),
        }),
      );
    }
    // A list of its own replaces the generic one.
    return ownList.has(r.name) ? routes.filter((x) => !(x.method === "GET" && x.url === `/${r.path}`)) : routes;
  });
}
