import type { Principal } from "../core/access.js";
import type { Db } from "../db/connect.js";

/**
 * The principals of recently used API tokens, per process, so that a busy integration does not pay a
 * database round trip per request to say who it is (docs/SECURITY.md, "Tokens"). Kept correct by
 * forgetting everything whenever access changes anywhere:
 * - in this process, at once: services that change access call forgetPrincipals() after they commit;
 * - in every process: triggers on memberships, api_tokens and users NOTIFY `accessChannel` at commit
 *   (migration 0007), and each web process forgets when it hears it (also changes made with SQL);
 * - when the listening connection is lost and when it is back (db.listen's onGap), and in any case
 *   after `principalTtlMs`.
 * Only found tokens are kept: an unknown token is looked up every time (and rate-limited).
 */

/** The NOTIFY channel on which a change of access (a role, a token, an administrator) is announced. */
export const accessChannel = "loopwork_access";

/** How long a token's principal is reused without asking the database. */
export const principalTtlMs = 10_000;

/** At most this many tokens are remembered; the oldest is forgotten first. */
const maxEntries = 10_000;

interface Entry {
  db: Db;
  principal: Principal;
  /** When the entry stops being used (ms since the epoch). */
  until: number;
  /** When the token's last_used_at was last known to be written. */
  usedAt: number;
}

// One map for the process, keyed by the token's hash; each entry names its database, so that two
// Loopwork instances in one process (tests) never answer for each other.
const entries = new Map<string, Entry>();
// Counts forgetPrincipals() calls: a lookup that began before one must not store what it read, which
// may predate the change (a token revoked while its lookup was on the way).
let generation = 0;

/** Call before looking a token up; pass the result to rememberPrincipal. */
export function principalGeneration(): number {
  return generation;
}

/** The remembered principal of a token (by its hash), if still fresh and the token has not expired. */
export function recallPrincipal(db: Db, tokenHash: string, now = Date.now()): Entry | undefined {
  const entry = entries.get(tokenHash);
  if (!entry || entry.db !== db) return undefined;
  const expiresAt = entry.principal.tokenExpiresAt;
  if (entry.until <= now || (expiresAt && expiresAt.getTime() <= now)) {
    entries.delete(tokenHash);
    return undefined;
  }
  return entry;
}

/** Remembers a token's principal for principalTtlMs, unless access changed since its lookup began. */
export function rememberPrincipal(
  db: Db,
  tokenHash: string,
  entry: { principal: Principal; usedAt: number; lookedUpIn: number },
  now = Date.now(),
): void {
  if (entry.lookedUpIn !== generation) return;
  if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
  entries.set(tokenHash, { db, principal: entry.principal, until: now + principalTtlMs, usedAt: entry.usedAt });
}

/** Forgets every remembered principal: called whenever access may have changed. */
export function forgetPrincipals(): void {
  generation++;
  entries.clear();
}

/**
 * Forgets every remembered principal whenever any process announces a change of access, and whenever
 * the listening connection is lost or back (a change may have gone unheard); returns the stop.
 */
export function forgetOnAccessChange(db: Db): Promise<() => Promise<void>> {
  return db.listen(accessChannel, forgetPrincipals, forgetPrincipals);
}
