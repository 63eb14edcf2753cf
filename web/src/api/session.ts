import { queryOptions, useQuery } from "@tanstack/react-query";
import { ApiError, api, setCsrfToken, unwrap } from "./client";
import type { paths } from "./schema";

/** Who is signed in, as GET /session says. */
export type Session = paths["/session"]["get"]["responses"][200]["content"]["application/json"];
type Role = Session["roles"][string];

const rank: Record<Role, number> = { viewer: 0, builder: 1, owner: 2 };

/** GET /session as a query: null when nobody is signed in. Remembers the CSRF token for changes. */
export const sessionQuery = queryOptions({
  queryKey: ["session"],
  staleTime: 5 * 60_000,
  queryFn: async (): Promise<Session | null> => {
    try {
      const answer = await unwrap(api.GET("/session"));
      setCsrfToken(answer.csrfToken);
      return answer;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }
  },
});

/** The session: undefined while loading, null when nobody is signed in. */
export function useSession() {
  return useQuery(sessionQuery);
}

/**
 * What the signed-in person may do, the same rule as src/core/access.ts: an administrator everything;
 * otherwise their role in the loop that owns the thing. With no loop given, "in any loop".
 */
export function accessOf(session: Session | null | undefined) {
  const has = (needed: Role, loopId?: string | null) => {
    if (!session) return false;
    if (session.user.admin) return true;
    const roles = loopId ? [session.roles[loopId]] : Object.values(session.roles);
    return roles.some((role) => role !== undefined && rank[role] >= rank[needed]);
  };
  return {
    admin: Boolean(session?.user.admin),
    /** May change things (builder or owner) in the loop, or in some loop. */
    canChange: (loopId?: string | null) => has("builder", loopId),
    /** May manage the loop (owner): members, channels, settings. */
    canManage: (loopId?: string | null) => has("owner", loopId),
  };
}

/** The access of the signed-in person (see accessOf). */
export function useAccess() {
  return accessOf(useSession().data);
}
