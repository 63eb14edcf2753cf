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
  const [row] = await q.query<{ owners: string[] }>(
    `select ${r.owners} as owners from ${r.table} t where t.${r.key} = $1`,
    [id],
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
