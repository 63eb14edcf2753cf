import { createHash } from "node:crypto";
import { decide, decideOn, outsideItsLoop, type Principal, type Role } from "../core/access.js";
import { AppError, notFound } from "../core/errors.js";
import type { Queryable } from "../db/connect.js";
import { type Resource, resources } from "../services/resources.js";

/** The role each route level needs in the loops that own its target. */
export const levelRole: Record<"change" | "manage", Role> = { change: "builder", manage: "owner" };

const title = (r: Resource) => r.name.replace("_", " ");

/**
 * Refuses unless the principal holds at least `role` in one of the loops (an empty list: shared, any
 * builder). A loop-bound token reaching outside its loop is told the target does not exist (`hidden`)
 * where it is a loop's own work; where the token may read it (`hidden` null, see hiddenFrom) it is
 * refused 403: a 404 would deny what the token has just read.
 */
export function requireRole(
  principal: Principal,
  loopIds: readonly string[],
  role: Role,
  hidden: (() => AppError) | null,
  path?: string,
): void {
  const decision = decideOn(principal, loopIds, role, hidden === null);
  if (decision === "hidden" && hidden) throw hidden();
  if (decision !== "allow") {
    throw new AppError(
      "forbidden",
      outsideItsLoop(principal, loopIds)
        ? "This token is bound to another loop: it may read this, not change it."
        : `You need to be ${role === "owner" ? "an owner" : `a ${role}`} of the loop that owns this to do that.`,
      path ? { path } : {},
    );
  }
}

/**
 * How a refusal about r/id answers a token bound to another loop: not_found for a loop's own work
 * (privateToLoop: for that token it does not exist), null (403) for the shared knowledge base it reads.
 */
export function hiddenFrom(r: Resource, id: string, path?: string): (() => AppError) | null {
  return r.privateToLoop ? () => notFound(title(r), id, path) : null;
}

/**
 * Refuses a body that grants what only an installation administrator may grant (r.adminFields, dotted
 * paths), whatever the caller's role in the loop. Absent, null or false grants nothing: anyone who may
 * change the entity may take the grant back.
 */
export function requireAdminFields(principal: Principal, r: Resource, body: Record<string, unknown>): void {
  if (decide(principal, "admin") === "allow") return;
  for (const field of r.adminFields ?? []) {
    let value: unknown = body;
    for (const key of field.split(".")) value = (value as Record<string, unknown> | undefined)?.[key];
    if (value !== undefined && value !== null && value !== false) {
      throw new AppError("forbidden", `Only an administrator of the installation may set ${field}.`, {
        path: `body.${field}`,
      });
    }
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

/** Entities of one resource whose owning loops an authorization needs, named by a body field. */
interface Lookup {
  field: string;
  target: Resource;
  ids: unknown[];
  /** A link list: an error names the id's place in it (body.patternIds.2). */
  list?: boolean;
}

/**
 * The owners of every entity the lookups name, in one statement (one round trip however many links a
 * body has): rows of [lookup index, id, owners]; unknown ids have no row.
 */
async function ownersOfAll(
  q: Queryable,
  lookups: Lookup[],
): Promise<{ lookup: number; id: string; owners: string[] }[]> {
  if (lookups.length === 0) return [];
  const text = lookups
    .map(
      ({ target: t }, i) =>
        `select ${i} as lookup, t.${t.key}::text as id, ${t.owners} as owners from ${t.table} t where t.${t.key} = any($${i + 1})`,
    )
    .join(" union all ");
  // Named: on a server each connection plans it once. One name per text (names are cut at 63 bytes).
  const name = `loopwork_owners_${createHash("sha256").update(text).digest("hex").slice(0, 16)}`;
  const rows = await q.query<{ lookup: number; id: string; owners: string[] }>(
    text,
    lookups.map((lookup) => lookup.ids),
    name,
  );
  return rows.sort((a, b) => a.lookup - b.lookup);
}

/** The links of a body to other entities (link lists and single references), as lookups. */
function linksOf(r: Resource, body: Record<string, unknown>): Lookup[] {
  const lookups: Lookup[] = [];
  for (const [field, link] of Object.entries(r.links ?? {})) {
    const ids = body[field];
    if (Array.isArray(ids) && ids.length > 0) lookups.push({ field, target: byName(link.resource), ids, list: true });
  }
  for (const [field, name] of Object.entries(r.references ?? {})) {
    const id = body[field];
    if (typeof id === "string") lookups.push({ field, target: byName(name), ids: [id] });
  }
  return lookups;
}

/**
 * Refuses links to things the principal could not change themselves: a builder of one loop must not
 * hang another loop's pattern on their improvement, its issue on their pull request or its component
 * on their product — a snapback of theirs would then resolve, address and notify for that loop.
 * Unknown ids are left to the write, which refuses them with not_found.
 */
function requireLinkable(
  principal: Principal,
  links: Lookup[],
  rows: { lookup: number; id: string; owners: string[] }[],
  offset: number,
): void {
  for (const row of rows) {
    const link = links[row.lookup - offset];
    if (!link) continue;
    const path = link.list ? `body.${link.field}.${link.ids.indexOf(row.id)}` : `body.${link.field}`;
    requireRole(principal, row.owners, "builder", hiddenFrom(link.target, row.id, path), path);
  }
}

/**
 * May the principal create an entity of r with this body: `role` in the loop it will belong to (named
 * by its loop field or its parent's), builder wherever its links point. One statement. A parent that
 * does not exist, or that a token bound to another loop may not see, is not_found.
 */
export async function requireCreatable(
  q: Queryable,
  principal: Principal,
  r: Resource,
  body: Record<string, unknown>,
  role: Role,
): Promise<void> {
  const owner = (r.ownedBy ?? []).find(({ field }) => typeof body[field] === "string");
  const value = owner ? String(body[owner.field]) : "";
  const parent = owner?.parent ? byName(owner.parent) : undefined;
  const links = linksOf(r, body);
  const parentLookups = owner && parent ? [{ field: owner.field, target: parent, ids: [value] }] : [];
  const rows = await ownersOfAll(q, [...parentLookups, ...links]);
  if (owner) {
    const path = `body.${owner.field}`;
    const missing = () => notFound(parent ? title(parent) : "loop", value, path);
    const loops = parent ? rows.find((row) => row.lookup === 0)?.owners : [value];
    if (!loops) throw missing();
    // A parent the token reads (another loop's component) refuses; a loop, or a loop's own parent, hides.
    requireRole(principal, loops, role, parent ? hiddenFrom(parent, value, path) : missing);
  } else {
    requireRole(principal, [], role, () => notFound(title(r), ""));
  }
  requireLinkable(principal, links, rows, parentLookups.length);
}

/**
 * May the principal change the stored entity r/id with this body: `role` in the loops that own it,
 * builder wherever the body's links point. One statement; not_found when there is no such entity, at
 * `path` when the id is a body's (`body.patternId`): an id in the path is found there by itself.
 */
export async function requireChangeable(
  q: Queryable,
  principal: Principal,
  r: Resource,
  id: string,
  body: Record<string, unknown>,
  role: Role,
  path?: string,
): Promise<void> {
  const links = linksOf(r, body);
  const rows = await ownersOfAll(q, [{ field: "id", target: r, ids: [id] }, ...links]);
  const owners = rows.find((row) => row.lookup === 0)?.owners;
  if (!owners) throw notFound(title(r), id, path);
  requireRole(principal, owners, role, hiddenFrom(r, id));
  requireLinkable(principal, links, rows, 1);
}

/**
 * Refuses unless the principal is a builder where each of these entities of r belongs (ids a body's
 * `field` names, outside the resource's own link table: a pattern's signals). One statement.
 */
export async function requireLinkTargets(
  q: Queryable,
  principal: Principal,
  r: Resource,
  field: string,
  ids: string[],
): Promise<void> {
  const links = [{ field, target: r, ids, list: true }];
  requireLinkable(principal, links, await ownersOfAll(q, links), 0);
}

const byName = (name: string) => (resources as Record<string, Resource>)[name] as Resource;
