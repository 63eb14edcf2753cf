import { afterEach, describe, expect, it } from "vitest";
import { freshDb, serverUrl } from "../../test/helpers/db.js";
import type { Principal } from "../core/access.js";
import type { Db } from "../db/connect.js";
import {
  accessChannel,
  forgetPrincipals,
  principalGeneration,
  principalTtlMs,
  recallPrincipal,
  rememberPrincipal,
} from "./principal-cache.js";

const principal = (tokenExpiresAt: Date | null = null): Principal => ({
  userId: "u",
  admin: false,
  roles: {},
  scope: "write",
  loopId: null,
  actor: "token:t",
  tokenExpiresAt,
});
// Only the identity of the database matters to the cache.
const dbA = {} as Db;
const dbB = {} as Db;

describe("principal cache", () => {
  afterEach(forgetPrincipals);

  it("recalls a principal for its own database only, until its time is up or the token expires", () => {
    const now = 1_000_000;
    rememberPrincipal(dbA, "hash", { principal: principal(), usedAt: now, lookedUpIn: principalGeneration() }, now);
    expect(recallPrincipal(dbA, "hash", now + 1)?.principal.userId).toBe("u");
    expect(recallPrincipal(dbB, "hash", now + 1)).toBeUndefined();
    expect(recallPrincipal(dbA, "other", now + 1)).toBeUndefined();
    expect(recallPrincipal(dbA, "hash", now + principalTtlMs)).toBeUndefined();

    const expires = new Date(now + 1_000);
    rememberPrincipal(
      dbA,
      "short",
      { principal: principal(expires), usedAt: now, lookedUpIn: principalGeneration() },
      now,
    );
    expect(recallPrincipal(dbA, "short", now + 999)).toBeDefined();
    expect(recallPrincipal(dbA, "short", now + 1_000)).toBeUndefined();
  });

  it("forgets everything on a change, and does not keep what a lookup begun before the change read", () => {
    const now = 1_000_000;
    rememberPrincipal(dbA, "hash", { principal: principal(), usedAt: now, lookedUpIn: principalGeneration() }, now);
    const lookedUpIn = principalGeneration();
    forgetPrincipals();
    expect(recallPrincipal(dbA, "hash", now)).toBeUndefined();
    // The lookup read the database before the change committed: what it read may be out of date.
    rememberPrincipal(dbA, "hash", { principal: principal(), usedAt: now, lookedUpIn }, now);
    expect(recallPrincipal(dbA, "hash", now)).toBeUndefined();
  });
});

describe(`access change announcements (${serverUrl ? "postgres" : "pglite"})`, () => {
  let db: Db;
  afterEach(async () => db?.close());

  /** What listeners on the access channel hear while `change` runs (a new listener each time). */
  async function heardDuring(change: () => Promise<unknown>): Promise<number> {
    let heard = 0;
    const stop = await db.listen(accessChannel, () => heard++);
    await change();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await stop();
    return heard;
  }

  it("are sent when roles, tokens or administrators change, not when a token's last use is stamped", async () => {
    db = await freshDb();
    const [user] = await db.query<{ id: string }>(
      "insert into users (email, name, admin) values ('p@example.com', 'P', false) returning id",
    );
    const [loop] = await db.query<{ id: string }>("insert into loops (slug, name) values ('l', 'L') returning id");
    const [token] = await db.query<{ id: string }>(
      `insert into api_tokens (user_id, name, scope, token_hash, prefix)
       values ($1, 't', 'write', 'hash', 'lw_x') returning id`,
      [user?.id],
    );
    const run =
      (sql: string, params: unknown[] = []) =>
      () =>
        db.query(sql, params);
    expect(await heardDuring(run("update api_tokens set last_used_at = now() where id = $1", [token?.id]))).toBe(0);
    expect(await heardDuring(run("update users set name = 'Q' where id = $1", [user?.id]))).toBe(0);

    const changes: [string, unknown[]][] = [
      ["insert into memberships (loop_id, user_id, role) values ($1, $2, 'builder')", [loop?.id, user?.id]],
      ["update memberships set role = 'viewer' where user_id = $1", [user?.id]],
      ["delete from memberships where user_id = $1", [user?.id]],
      ["update api_tokens set scope = 'read' where id = $1", [token?.id]],
      ["update api_tokens set revoked_at = now() where id = $1", [token?.id]],
      ["update users set admin = true where id = $1", [user?.id]],
      ["truncate memberships", []],
      ["delete from loops where id = $1", [loop?.id]],
      ["delete from users where id = $1", [user?.id]],
    ];
    for (const [sql, params] of changes) {
      expect({ sql, heard: await heardDuring(run(sql, params)) }).toEqual({ sql, heard: 1 });
    }
  });
});
