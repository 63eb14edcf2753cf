import type { Principal, Role, Scope } from "../core/access.js";
import { hashToken } from "../core/secrets.js";
import type { Db } from "../db/connect.js";
import { queryPrepared } from "../db/prepared.js";
import { principalGeneration, recallPrincipal, rememberPrincipal } from "./principal-cache.js";

/** The cookie that carries a browser session. */
export const sessionCookie = "loopwork_session";
/** How long a session lives without being used. */
export const sessionIdleMs = 14 * 24 * 60 * 60_000;
/** How long a session lives at most from sign-in, unless configured (LOOPWORK_SESSION_MAX_AGE_DAYS). */
export const sessionMaxAgeMs = 30 * 24 * 60 * 60_000;

interface Found {
  id: string;
  user_id: string;
  admin: boolean;
  roles: Record<string, Role>;
  stale: boolean;
}

// Every membership of the person, as {loop id: role}: read with the credential, in the same statement.
const rolesOf = `coalesce((select jsonb_object_agg(m.loop_id, m.role) from memberships m where m.user_id = u.id), '{}')`;

/** The person behind a session cookie, with the session's CSRF token; undefined when ended or expired. */
export async function principalFromSession(
  db: Db,
  token: string,
): Promise<(Principal & { csrfToken: string }) | undefined> {
  const [found] = await queryPrepared<Found & { csrf_token: string }>(
    db,
    "loopwork_session_principal",
    `select s.id, s.csrf_token, u.id as user_id, u.admin, ${rolesOf} as roles,
            s.last_seen_at < now() - interval '1 hour' as stale
       from sessions s join users u on u.id = s.user_id
      where s.token_hash = $1 and s.ended_at is null and s.expires_at > now() and s.absolute_expires_at > now()`,
    ["text"],
    [hashToken(token)],
  );
  if (!found) return undefined;
  // Sliding expiry, written at most once an hour per session: a busy page does not write on every request.
  // Never past the absolute expiry set at sign-in.
  if (found.stale) {
    await db.query(
      `update sessions set last_seen_at = now(),
              expires_at = least(now() + $2::int * interval '1 millisecond', absolute_expires_at)
        where id = $1`,
      [found.id, sessionIdleMs],
    );
  }
  return {
    userId: found.user_id,
    admin: found.admin,
    roles: found.roles,
    scope: "admin",
    loopId: null,
    actor: `user:${found.user_id}`,
    sessionId: found.id,
    csrfToken: found.csrf_token,
  };
}

/** "Last used" is written to the minute: enough to spot an unused token, without a write per request. */
const lastUsedEveryMs = 60_000;

/**
 * The person and limits behind an API token; undefined when unknown, revoked or expired. A token used
 * in the last seconds is answered from this process's memory (src/services/principal-cache.ts).
 */
export async function principalFromToken(db: Db, token: string): Promise<Principal | undefined> {
  const tokenHash = hashToken(token);
  const now = Date.now();
  const stamp = () => db.query("update api_tokens set last_used_at = now() where token_hash = $1", [tokenHash]);
  const remembered = recallPrincipal(db, tokenHash, now);
  if (remembered) {
    if (now - remembered.usedAt >= lastUsedEveryMs) {
      remembered.usedAt = now;
      await stamp();
    }
    return remembered.principal;
  }
  const lookedUpIn = principalGeneration();
  const [found] = await queryPrepared<
    Omit<Found, "stale"> & { scope: Scope; loop_id: string | null; expires_at: Date | null; last_used_at: Date | null }
  >(
    db,
    "loopwork_token_principal",
    `select t.id, t.scope, t.loop_id, t.expires_at, t.last_used_at, u.id as user_id, u.admin, ${rolesOf} as roles
       from api_tokens t join users u on u.id = t.user_id
      where t.token_hash = $1 and t.revoked_at is null and (t.expires_at is null or t.expires_at > now())`,
    ["text"],
    [tokenHash],
  );
  if (!found) return undefined;
  let usedAt = found.last_used_at?.getTime() ?? 0;
  if (now - usedAt >= lastUsedEveryMs) {
    usedAt = now;
    await stamp();
  }
  const principal: Principal = {
    userId: found.user_id,
    admin: found.admin,
    roles: found.roles,
    scope: found.scope,
    loopId: found.loop_id,
    actor: `token:${found.id}`,
    tokenExpiresAt: found.expires_at,
  };
  rememberPrincipal(db, tokenHash, { principal, usedAt, lookedUpIn }, now);
  return principal;
}
