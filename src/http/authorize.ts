import { decideOn, type Principal, type Role } from "../core/access.js";
import { AppError, notFound } from "../core/errors.js";
import type { Queryable } from "../db/connect.js";
import { type Resource, resources } from "../services/resources.js";

/** The role each route level needs in the loops that own its target. */
export const levelRole: Record<"change" | "manage", Role> = { change: "builder", manage: "owner" };

const title = (r: Resource) => r.name.replace("_", " ");

/**
 * Refuses unless the principal holds at least `role` in one of the loops (an empty list: shared, any
 * builder). A loop-bound token reaching outside its loop is told the target does not exist.
 */
export function requireRole(
  principal: Principal,
  loopIds: readonly string[],
  role: Role,
  hidden: () => AppError,
  path?: string,
): void {
  const decision = decideOn(principal, loopIds, role);
  if (decision === "hidden") throw hidden();
  if (decision === "forbidden") {
    throw new AppError(
      "forbidden",
      `You need to be ${role === "owner" ? "an owner" : `a ${role}`} of the loop that owns this to do that.`,
      path ? { path } : {},
    );
  }
}

/** The loops that own one stored entity; not_found when there is no such entity. */
export async function ownersOf(q: Queryable, r: Resource, id: string, path?: string): Promise<string[]> {
  // Named: on a server each connection plans it once (it runs before most changes).
  const [row] = await q.query<{ owners: string[] }>(
    `select ${r.owners} as owners from ${r.table} t where t.${r.key} = $1`,
    [id],
    `loopwork_owners_of_${r.name}`,
  );
  if (!row) throw notFound(title(r), id, path);
  return row.owners;
}

/**
 * The loops a new entity will belong to, from the body field that names its loop or its parent, and
 * the error for a principal that may not know that parent exists.
 */
export async function ownersOfNew(
  q: Queryable,
  r: Resource,
  body: Record<string, unknown>,
): Promise<{ loops: string[]; hidden: () => AppError }> {
  for (const { field, parent } of r.ownedBy ?? []) {
    const value = body[field];
    if (typeof value !== "string") continue;
    const hidden = () => notFound(parent ? title(resources[parent] as Resource) : "loop", value, `body.${field}`);
    if (!parent) return { loops: [value], hidden };
    return { loops: await ownersOf(q, resources[parent] as Resource, value, `body.${field}`), hidden };
  }
  return { loops: [], hidden: () => notFound(title(r), "") };
}

/**
 * Refuses links to things the principal could not change themselves: a builder of one loop must not
 * hang another loop's pattern on their improvement, its issue on their pull request or its component
 * on their product — a snapback of theirs would then resolve, address and notify for that loop.
 */
export async function requireLinkable(
  q: Queryable,
  principal: Principal,
  r: Resource,
  body: Record<string, unknown>,
): Promise<void> {
  const targets: { field: string; target: Resource; ids: unknown[] }[] = [];
  for (const [field, link] of Object.entries(r.links ?? {})) {
    const ids = body[field];
    if (Array.isArray(ids) && ids.length > 0) targets.push({ field, target: byName(link.resource), ids });
  }
  for (const [field, name] of Object.entries(r.references ?? {})) {
    const id = body[field];
    if (typeof id === "string") targets.push({ field, target: byName(name), ids: [id] });
  }
  for (const { field, target, ids } of targets) {
    // Unknown ids are left to the write, which refuses them with not_found.
    const rows = await q.query<{ id: string; owners: string[] }>(
      `select t.${target.key}::text as id, ${target.owners} as owners from ${target.table} t where t.${target.key} = any($1)`,
      [ids],
      `loopwork_owners_of_any_${target.name}`,
    );
    for (const row of rows) {
      requireRole(
        principal,
        row.owners,
        "builder",
        () => notFound(title(target), row.id, `body.${field}`),
        `body.${field}`,
      );
    }
  }
}

const byName = (name: string) => (resources as Record<string, Resource>)[name] as Resource;
