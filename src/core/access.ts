/**
 * Who may do what: the pure rules of access. A person holds a role per loop; an administrator owns
 * every loop; a token acts for its person, capped by its scope and, when bound, to one loop.
 * docs/SECURITY.md explains the model; these functions are its only implementation.
 */

/** A person's role in one loop: viewers read, builders change the loop's work, owners manage the loop. */
export type Role = "viewer" | "builder" | "owner";
export const roles: readonly Role[] = ["viewer", "builder", "owner"];

/** What a token may do for its person: read; write (as a builder); deploy (pipeline steps only); admin (all). */
export type Scope = "read" | "write" | "deploy" | "admin";
export const scopes: readonly Scope[] = ["read", "write", "deploy", "admin"];

/** The signed-in person (by session or token) a request acts for. */
export interface Principal {
  userId: string;
  /** An administrator of the installation: owner of every loop, manages people and environments. */
  admin: boolean;
  /** loop id → the person's role there. */
  roles: Record<string, Role>;
  /** "admin" for a browser session: everything the person may do. */
  scope: Scope;
  /** A token bound to one loop acts only there. */
  loopId: string | null;
  /** How the timeline names it: "user:<id>" for a session, "token:<id>" for a token. */
  actor: string;
  /** The session's id, when signed in with a cookie. */
  sessionId?: string;
  /** When the token acting expires (null: never; undefined: not a token). */
  tokenExpiresAt?: Date | null;
}

/** The route levels these rules decide (see AccessLevel in src/http/route.ts). */
export type Level = "public" | "signed_in" | "read" | "change" | "manage" | "admin";

const rank: Record<Role, number> = { viewer: 1, builder: 2, owner: 3 };
const scopeCap: Record<Scope, Role> = { read: "viewer", write: "builder", deploy: "builder", admin: "owner" };

/** Whether role a is at least role b. */
export function atLeast(a: Role | undefined, b: Role): boolean {
  return a !== undefined && rank[a] >= rank[b];
}

/**
 * The highest role the principal holds in any of these loops, capped by its scope. An empty list is
 * something no loop owns yet (a component no product uses): it counts the principal's highest role
 * anywhere. A token bound to a loop holds nothing outside it.
 */
export function roleIn(principal: Principal, loopIds: readonly string[]): Role | undefined {
  let within: readonly string[] | null = loopIds.length > 0 ? loopIds : null;
  if (principal.loopId) {
    if (within && !within.includes(principal.loopId)) return undefined;
    within = [principal.loopId];
  }
  let best: Role | undefined = principal.admin ? "owner" : undefined;
  for (const loopId of principal.admin ? [] : (within ?? Object.keys(principal.roles))) {
    const role = principal.roles[loopId];
    if (role && (!best || rank[role] > rank[best])) best = role;
  }
  if (!best) return undefined;
  const cap = scopeCap[principal.scope];
  return rank[best] > rank[cap] ? cap : best;
}

/** The outcome of the coarse check every request passes before its route's own object-level check. */
export type Decision = "allow" | "unauthenticated" | "forbidden";

/**
 * May this principal call a route of this level at all? Object-level checks (which loop owns the
 * target) come after, in the route's authorize. `pipeline` routes also admit deploy-only tokens.
 */
export function decide(principal: Principal | undefined, level: Level, pipeline = false): Decision {
  if (level === "public") return "allow";
  if (!principal) return "unauthenticated";
  if (level === "signed_in") return "allow";
  if (principal.scope === "deploy" && !pipeline) return "forbidden";
  switch (level) {
    case "read":
      return roleIn(principal, []) ? "allow" : "forbidden";
    case "change":
      return atLeast(roleIn(principal, []), "builder") ? "allow" : "forbidden";
    case "manage":
      return atLeast(roleIn(principal, []), "owner") ? "allow" : "forbidden";
    case "admin":
      return principal.admin && principal.scope === "admin" && !principal.loopId ? "allow" : "forbidden";
    default: {
      const never: never = level;
      throw new Error(`unknown access level ${never}`);
    }
  }
}

/**
 * The object-level check: "allow", "forbidden" (the principal lacks the role in the owning loops), or
 * "hidden" when a loop-bound token reaches outside its loop for a loop's own work (for it, the target
 * does not exist). A target every reader may read (`readable`: the shared knowledge base) is never
 * hidden: the token sees it, so a change it may not make is forbidden.
 */
export function decideOn(
  principal: Principal,
  loopIds: readonly string[],
  needed: Role,
  readable = false,
): "allow" | "forbidden" | "hidden" {
  if (!readable && outsideItsLoop(principal, loopIds)) return "hidden";
  return atLeast(roleIn(principal, loopIds), needed) ? "allow" : "forbidden";
}

/** Whether a token bound to a loop reaches outside it (what no loop owns is inside every loop). */
export function outsideItsLoop(principal: Principal, loopIds: readonly string[]): boolean {
  return principal.loopId !== null && loopIds.length > 0 && !loopIds.includes(principal.loopId);
}
