import { atLeast, type Principal, roleIn, type Scope } from "../core/access.js";
import { AppError, notFound } from "../core/errors.js";
import { hashToken, newToken } from "../core/secrets.js";
import { camelize } from "../db/columns.js";
import type { Queryable } from "../db/connect.js";
import { forgetPrincipals } from "./principal-cache.js";
import type { Tx } from "./transaction.js";

/** A token as lists show it: never the token itself, nor its hash. */
export interface TokenView {
  id: string;
  userId: string;
  loopId: string | null;
  name: string;
  scope: Scope;
  prefix: string;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
}

const columns = "id, user_id, loop_id, name, scope, prefix, expires_at, revoked_at, last_used_at, created_at";

/** Only a browser session or an admin-scoped token may make or revoke tokens: a leaked token cannot mint more. */
function requireTokenManager(principal: Principal): void {
  if (principal.scope !== "admin") {
    throw new AppError("forbidden", "Only a signed-in person or an admin-scoped token can make or revoke tokens.");
  }
}

/**
 * Makes a token for the signed-in person: the secret is in this answer only (it is stored hashed).
 * Bound to a loop, it needs the person's membership there; it never does more than its person can.
 */
export async function createToken(
  tx: Tx,
  principal: Principal,
  input: { name: string; scope: Scope; loopId?: string | null; expiresInDays?: number },
): Promise<TokenView & { token: string }> {
  requireTokenManager(principal);
  // A token bound to a loop makes only tokens bound to the same loop, expiring no later than itself:
  // otherwise it could mint its way out of its loop or past its own end.
  if (principal.loopId && input.loopId !== principal.loopId) {
    throw new AppError("forbidden", "A token bound to a loop can only make tokens bound to the same loop.", {
      path: "body.loopId",
    });
  }
  if (input.loopId) {
    const [loop] = await tx.query("select 1 from loops where id = $1", [input.loopId]);
    if (!loop) throw notFound("loop", input.loopId, "body.loopId");
    if (!roleIn(principal, [input.loopId])) {
      throw new AppError("forbidden", "You can bind a token only to a loop you are a member of.", {
        path: "body.loopId",
      });
    }
  }
  const token = newToken("lw");
  const [row] = await tx.query<Record<string, unknown>>(
    `insert into api_tokens (user_id, loop_id, name, scope, token_hash, prefix, expires_at)
     values ($1, $2, $3, $4, $5, $6,
             least(case when $7::int is null then null else now() + $7::int * interval '1 day' end, $8::timestamptz))
     returning ${columns}`,
    [
      principal.userId,
      input.loopId ?? null,
      input.name,
      input.scope,
      hashToken(token),
      token.slice(0, 10),
      input.expiresInDays ?? null,
      principal.tokenExpiresAt ?? null,
    ],
  );
  const view = camelize(row ?? {}) as unknown as TokenView;
  tx.record({ entityType: "api_token", entityId: view.id, verb: "created", after: view });
  return { ...view, token };
}

// Whose tokens a person may see and revoke: their own; an owner's, those bound to the loops they own;
// an administrator's, all of them. Everyone else's do not exist for them (404, not 403). A token bound
// to a loop sees only tokens bound to that loop ($4).
const visibleTo = `((t.user_id = $1 or $2::boolean or t.loop_id = any($3::uuid[])) and ($4::uuid is null or t.loop_id = $4))`;

function visibility(principal: Principal): unknown[] {
  const owned = Object.keys(principal.roles).filter((loopId) => atLeast(principal.roles[loopId], "owner"));
  // A bound token counts as an administrator or owner only inside its loop.
  const bound = principal.loopId;
  return [
    principal.userId,
    principal.admin && !bound,
    bound ? (principal.admin || owned.includes(bound) ? [bound] : []) : owned,
    bound,
  ];
}

/** The tokens this person may see, newest first (revoked ones too, marked). */
export async function listTokens(q: Queryable, principal: Principal): Promise<{ items: TokenView[] }> {
  const rows = await q.query<Record<string, unknown>>(
    `select ${columns} from api_tokens t where ${visibleTo} order by id desc limit 500`,
    visibility(principal),
  );
  return { items: rows.map((row) => camelize(row) as unknown as TokenView) };
}

/** Revokes a token at once; revoking it again changes nothing. */
export async function revokeToken(tx: Tx, principal: Principal, id: string): Promise<TokenView> {
  requireTokenManager(principal);
  const [row] = await tx.query<Record<string, unknown>>(
    `update api_tokens t set revoked_at = coalesce(revoked_at, now()) where id = $5 and ${visibleTo}
     returning ${columns}, (select revoked_at from api_tokens where id = $5) as was`,
    [...visibility(principal), id],
  );
  if (!row) throw notFound("token", id);
  tx.afterCommit(forgetPrincipals);
  const { was, ...rest } = row;
  const view = camelize(rest) as unknown as TokenView;
  if (was === null)
    tx.record({ entityType: "api_token", entityId: id, verb: "revoked", after: { revokedAt: view.revokedAt } });
  return view;
}
