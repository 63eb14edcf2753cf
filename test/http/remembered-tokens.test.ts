import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken } from "../../src/services/api-tokens.js";
import { inTransaction } from "../../src/services/transaction.js";
import { makeAdmin, startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";

// Each process remembers the principal of a token for seconds (src/services/principal-cache.ts). These
// tests use a token (so it is remembered), change what its person may do, and use it again at once.

let app: TestApp;
let loopId: string;
beforeAll(async () => {
  app = await startTestApp();
  loopId = (
    (await app.call<{ id: string }>("POST", "/loops", { slug: "tokens", name: "Tokens" })).body as { id: string }
  ).id;
});
afterAll(async () => app?.stop());

/** A person invited by the administrator, a builder of the loop, with a write token of their own. */
async function builderWithToken(email: string): Promise<{ userId: string; token: string; tokenId: string }> {
  const made = await app.call<{ user: { id: string } }>("POST", "/users", { email, name: email });
  const userId = made.body.user.id;
  expect((await app.call("PUT", `/loops/${loopId}/members/${userId}`, { role: "builder" })).status).toBe(200);
  const principal = {
    userId,
    admin: false,
    roles: { [loopId]: "builder" as const },
    scope: "admin" as const,
    loopId: null,
    actor: `user:${userId}`,
  };
  const { token, id } = await inTransaction(app.db, principal.actor, (tx) =>
    createToken(tx, principal, { name: "integration", scope: "write" }),
  );
  return { userId, token, tokenId: id };
}

const newPattern = (token: string, title: string) => app.call("POST", "/patterns", { loopId, title }, {}, { token });

describe(`remembered tokens (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("refuse at once a token whose role is taken away, and accept it at once when it is given back", async () => {
    const builder = await builderWithToken("builder@example.com");
    expect((await newPattern(builder.token, "First")).status).toBe(201);
    expect((await app.call("DELETE", `/loops/${loopId}/members/${builder.userId}`)).status).toBe(200);
    expect((await newPattern(builder.token, "Second")).status).toBe(403);
    expect((await app.call("PUT", `/loops/${loopId}/members/${builder.userId}`, { role: "viewer" })).status).toBe(200);
    expect((await newPattern(builder.token, "Third")).status).toBe(403);
    expect((await app.call("PUT", `/loops/${loopId}/members/${builder.userId}`, { role: "builder" })).status).toBe(200);
    expect((await newPattern(builder.token, "Fourth")).status).toBe(201);
  });

  it("refuse at once a revoked token, and an administrator's token once they are not one", async () => {
    const builder = await builderWithToken("revoked@example.com");
    expect((await newPattern(builder.token, "Before")).status).toBe(201);
    expect((await app.call("DELETE", `/tokens/${builder.tokenId}`)).status).toBe(200);
    expect(await newPattern(builder.token, "After")).toMatchObject({
      status: 401,
      body: { error: { code: "unauthenticated" } },
    });

    const second = await makeAdmin(app.db, "second-admin@example.com");
    const asSecond = { token: second.token };
    const invite = (email: string) => app.call("POST", "/users", { email, name: email }, {}, asSecond);
    expect((await invite("invited-by-second@example.com")).status).toBe(201);
    expect((await app.call("PATCH", `/users/${second.admin.id}`, { admin: false })).status).toBe(200);
    expect((await invite("refused@example.com")).status).toBe(403);
  });

  it("hear of changes made by another process, or with SQL, within moments", async () => {
    const builder = await builderWithToken("elsewhere@example.com");
    expect((await newPattern(builder.token, "Before")).status).toBe(201);
    // What another Loopwork process (or an operator with psql) would do: the triggers announce it.
    await app.db.query("update memberships set role = 'viewer' where user_id = $1", [builder.userId]);
    await expect.poll(async () => (await newPattern(builder.token, "Meanwhile")).status, { timeout: 2000 }).toBe(403);
    await app.db.query("update memberships set role = 'builder' where user_id = $1", [builder.userId]);
    await expect.poll(async () => (await newPattern(builder.token, "Again")).status, { timeout: 2000 }).toBe(201);
    await app.db.query("update api_tokens set revoked_at = now() where id = $1", [builder.tokenId]);
    await expect.poll(async () => (await newPattern(builder.token, "Revoked")).status, { timeout: 2000 }).toBe(401);
  });

  it("answer a token used moments ago from memory, stamping its last use at most once a minute", async () => {
    const builder = await builderWithToken("stamped@example.com");
    // The role given above is announced to every process (NOTIFY): heard after the token is remembered,
    // it would make this process forget it. Let it arrive first.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await newPattern(builder.token, "Stamped")).status).toBe(201);
    const stamp = async () =>
      (
        await app.db.query<{ last_used_at: Date | null }>("select last_used_at from api_tokens where id = $1", [
          builder.tokenId,
        ])
      )[0]?.last_used_at;
    const first = await stamp();
    expect(first).toBeInstanceOf(Date);
    // Moved an hour back (last_used_at is not something the triggers announce): the remembered token
    // writes it again only when its own note of the last write is a minute old, so not now.
    await app.db.query("update api_tokens set last_used_at = now() - interval '1 hour' where id = $1", [
      builder.tokenId,
    ]);
    expect((await newPattern(builder.token, "Remembered")).status).toBe(201);
    expect((await stamp())?.getTime()).toBeLessThan((first?.getTime() ?? 0) - 30 * 60_000);
  });
});
