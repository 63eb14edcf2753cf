import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allRoutes } from "../../src/http/routes/index.js";
import { type AccessFixture, accessFixture } from "../helpers/access-fixture.js";
import { type Credential, startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";
import { snapshotTables } from "../helpers/snapshot.js";
import { subscribe } from "../helpers/sse.js";

let app: TestApp;
let fx: AccessFixture;
beforeAll(async () => {
  app = await startTestApp({ signInLimit: 10_000 });
  fx = await accessFixture(app);
});
afterAll(async () => app?.stop());

const as = (who: keyof AccessFixture["as"]) => fx.as[who];

describe(`access to objects (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("refuses a builder of another loop, and hides another loop from a token bound to one", async () => {
    const { ids } = fx;
    const patch = await app.call(
      "PATCH",
      `/improvements/${ids.improvement}`,
      { how: "mine now" },
      {},
      as("otherBuilder"),
    );
    expect(patch).toMatchObject({ status: 403, body: { error: { code: "forbidden" } } });
    // Loop A's deploy token: loop B's release and product do not exist for it.
    const deploy = await app.call(
      "POST",
      "/deployments",
      { releaseId: ids.releaseB, environment: "production" },
      {},
      as("deployToken"),
    );
    expect(deploy).toMatchObject({ status: 404, body: { error: { code: "not_found", path: "body.releaseId" } } });
    const improve = await app.call("PATCH", `/improvements/${ids.improvementB}`, { how: "x" }, {}, as("writeToken"));
    expect(improve.status).toBe(404);
    // A viewer of loop B (A's owner) cannot change B's pattern: their token bound to A even less.
    expect((await app.call("PATCH", `/patterns/${ids.patternB}`, { description: "x" }, {}, as("owner"))).status).toBe(
      403,
    );
    expect((await app.call("GET", `/improvements/${ids.improvement}`)).body).toMatchObject({ how: "" });
  });

  it("refuses a token bound to a loop with 403 where it may read the target, 404 where it may not", async () => {
    const { ids } = fx;
    const write = as("writeToken");
    // Loop B's pattern, signal and component are the shared knowledge base: loop A's token reads them.
    for (const path of [`/patterns/${ids.patternB}`, `/signals/${ids.signalB}`, `/components/${ids.componentB}`]) {
      expect({ path, status: (await app.call("GET", path, undefined, {}, write)).status }).toEqual({
        path,
        status: 200,
      });
    }
    const before = await snapshotTables(app.db);
    const readable = [
      ["PATCH", `/patterns/${ids.patternB}`, { description: "mine now" }, undefined],
      ["POST", `/patterns/${ids.patternB}/signals`, { signalIds: [ids.signal] }, undefined],
      ["POST", `/patterns/${ids.pattern}/signals`, { signalIds: [ids.signalB] }, "body.signalIds.0"],
      ["DELETE", `/patterns/${ids.patternB}/signals/${ids.signalB}`, undefined, undefined],
      ["POST", `/patterns/${ids.patternB}/merge`, { targetId: ids.pattern }, undefined],
      ["POST", "/matcher/rules", { patternId: ids.patternB, kind: "regex", expression: "x" }, undefined],
      ["POST", `/signals/${ids.signalB}/replies`, { body: "Thanks" }, undefined],
      ["POST", "/issues", { componentId: ids.componentB, title: "Theirs" }, undefined],
      ["PATCH", `/components/${ids.componentB}`, { name: "Mine" }, undefined],
      ["POST", "/improvements", { loopId: ids.loopA, title: "I", patternIds: [ids.patternB] }, "body.patternIds.0"],
    ] as const;
    for (const [method, path, body, field] of readable) {
      const response = await app.call<{ error: { code: string; path?: string } }>(method, path, body, {}, write);
      expect({
        method,
        path,
        status: response.status,
        code: response.body.error?.code,
        field: response.body.error?.path,
      }).toEqual({ method, path, status: 403, code: "forbidden", field });
    }
    // Loop B's own work does not exist for it, reading or writing.
    const hidden = [
      ["PATCH", `/improvements/${ids.improvementB}`, { how: "x" }],
      ["POST", "/releases", { productId: ids.productB, name: "9.9.9" }],
      ["POST", "/signals", { channelId: ids.channelB, contact: { email: "x@example.com" }, title: "x" }],
      ["POST", "/issues", { componentId: ids.component, improvementId: ids.improvementB, title: "x" }],
    ] as const;
    for (const [method, path, body] of hidden) {
      const response = await app.call<{ error: { code: string } }>(method, path, body, {}, write);
      expect({ method, path, status: response.status, code: response.body.error?.code }).toEqual({
        method,
        path,
        status: 404,
        code: "not_found",
      });
    }
    const { api_tokens: _, ...after } = await snapshotTables(app.db);
    const { api_tokens: __, ...rest } = before;
    expect(after).toEqual(rest);
  });

  it("shows a token bound to a loop only that loop's own work, and nothing that spans every loop", async () => {
    const { ids } = fx;
    const read = as("readToken");
    const improvements = await app.call<{ items: { id: string }[] }>(
      "GET",
      "/improvements?limit=500",
      undefined,
      {},
      read,
    );
    expect(improvements.body.items.map((i) => i.id)).toContain(ids.improvement);
    expect(improvements.body.items.map((i) => i.id)).not.toContain(ids.improvementB);
    expect((await app.call("GET", `/improvements/${ids.improvementB}`, undefined, {}, read)).status).toBe(404);
    expect((await app.call("GET", `/loops/${ids.loopB}/members`, undefined, {}, read)).status).toBe(404);
    const loops = await app.call<{ items: { id: string }[] }>("GET", "/loops", undefined, {}, read);
    expect(loops.body.items.map((l) => l.id)).toEqual([ids.loopA]);
    expect((await app.call("GET", "/timeline", undefined, {}, read)).status).toBe(403);
    // The shared knowledge base stays readable: another loop's pattern.
    expect((await app.call("GET", `/patterns/${ids.patternB}`, undefined, {}, read)).status).toBe(200);
    // A person (not a bound token) reads every loop.
    expect((await app.call("GET", `/improvements/${ids.improvementB}`, undefined, {}, as("viewer"))).status).toBe(200);
  });

  it("hides other people's tokens (404) and never lets a token mint another", async () => {
    const own = await app.call<{ id: string; token: string }>(
      "POST",
      "/tokens",
      { name: "mine", scope: "read" },
      {},
      as("builder"),
    );
    expect(own.status).toBe(201);
    expect(own.body.token).toMatch(/^lw_[A-Za-z0-9_-]{43}$/);
    // Listed without its secret, by everyone allowed to see it.
    const listed = await app.call<{ items: Record<string, unknown>[] }>("GET", "/tokens", undefined, {}, as("builder"));
    expect(listed.body.items.find((t) => t.id === own.body.id)).toMatchObject({
      name: "mine",
      prefix: own.body.token.slice(0, 10),
    });
    expect(JSON.stringify(listed.body)).not.toContain(own.body.token);
    expect((await app.call("DELETE", `/tokens/${own.body.id}`, undefined, {}, as("otherBuilder"))).status).toBe(404);
    expect((await app.call("DELETE", `/tokens/${own.body.id}`, undefined, {}, as("viewer"))).status).toBe(404);
    // A leaked write token cannot make an admin token for its person.
    const minted = await app.call("POST", "/tokens", { name: "escalate", scope: "admin" }, {}, as("writeToken"));
    expect(minted).toMatchObject({ status: 403, body: { error: { code: "forbidden" } } });
    expect((await app.call("DELETE", `/tokens/${own.body.id}`, undefined, {}, as("builder"))).status).toBe(200);
    const revoked = await app.call("GET", "/session", undefined, {}, { token: own.body.token });
    expect(revoked).toMatchObject({ status: 401, body: { error: { code: "unauthenticated" } } });
  });

  it("stops an expired token with the same answer as an unknown one", async () => {
    const made = await app.call<{ id: string; token: string }>(
      "POST",
      "/tokens",
      { name: "short", scope: "read", expiresInDays: 1 },
      {},
      as("viewer"),
    );
    expect((await app.call("GET", "/loops", undefined, {}, { token: made.body.token })).status).toBe(200);
    await app.db.query("update api_tokens set expires_at = now() - interval '1 second' where id = $1", [made.body.id]);
    // Changed with SQL, as another process would: every process hears of it within moments (NOTIFY).
    await expect
      .poll(async () => (await app.call("GET", "/loops", undefined, {}, { token: made.body.token })).status)
      .toBe(401);
    const expired = await app.call("GET", "/loops", undefined, {}, { token: made.body.token });
    const unknown = await app.call("GET", "/loops", undefined, {}, { token: `lw_${"x".repeat(43)}` });
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual(unknown.body);
  });
});

describe("mass assignment", () => {
  it("refuses fields a role may not set, and writes nothing", async () => {
    const { ids } = fx;
    const fresh = await app.call<{ id: string }>("POST", "/improvements", { loopId: ids.loopA, title: "Proposed" });
    // Each credential once first: a token's first use stamps its last_used_at (bookkeeping, not a change).
    for (const credential of Object.values(fx.as)) await app.call("GET", "/session", undefined, {}, credential);
    const before = await snapshotTables(app.db);
    const moves = [
      // A builder of A moving A's pattern into loop B, where they have no role.
      ["PATCH", `/patterns/${ids.pattern}`, { loopId: ids.loopB }, as("builder"), 403, "body.loopId"],
      // A's owner is only a viewer of B: they cannot hand A's product to B.
      ["PATCH", `/products/${ids.product}`, { loopId: ids.loopB }, as("owner"), 403, "body.loopId"],
      ["PATCH", `/channels/${ids.channel}`, { loopId: ids.loopB }, as("owner"), 403, "body.loopId"],
      // Hanging A's issue under B's improvement would move it into loop B.
      ["PATCH", `/issues/${ids.issue}`, { improvementId: ids.improvementB }, as("builder"), 403, "body.improvementId"],
      // Fields nobody sets by hand: refused by name, whoever asks.
      ["PATCH", `/patterns/${ids.pattern}`, { priority: 1e9 }, as("builder"), 400, "body.priority"],
      ["PATCH", `/patterns/${ids.pattern}`, { generation: 7 }, as("admin"), 400, "body.generation"],
      ["PATCH", `/users/${ids.spare}`, { passwordHash: "scrypt$1$1$1$x$y" }, as("admin"), 400, "body.passwordHash"],
      ["POST", "/tokens", { name: "t", scope: "read", userId: ids.owner }, as("builder"), 400, "body.userId"],
      ["PATCH", `/improvements/${fresh.body.id}`, { status: "completed" }, as("owner"), 409, "body.status"],
      // Only an administrator makes administrators.
      ["PATCH", `/users/${ids.builder}`, { admin: true }, as("owner"), 403, undefined],
      ["PATCH", `/users/${ids.builder}`, { admin: true }, as("adminToken"), 403, undefined],
    ] as const;
    for (const [method, path, body, credential, status, field] of moves) {
      const response = await app.call<{ error: { path?: string } }>(method, path, body, {}, credential as Credential);
      expect({ method, path, body, status: response.status }).toEqual({ method, path, body, status });
      if (field) expect(response.body.error.path).toBe(field);
    }
    expect(await snapshotTables(app.db)).toEqual(before);
  });
});

describe("sessions", () => {
  it("needs the CSRF token for a change made with the cookie, and signing out ends the session", async () => {
    const session = await app.signIn("vera@team.example", fx.password);
    if (session === "anonymous" || "token" in session) throw new Error("expected a browser session");
    const withoutCsrf = await app.call(
      "POST",
      "/tokens",
      { name: "x", scope: "read" },
      { cookie: session.cookie },
      "anonymous",
    );
    expect(withoutCsrf).toMatchObject({ status: 403, body: { error: { code: "csrf_failed" } } });
    const wrongCsrf = await app.call(
      "POST",
      "/tokens",
      { name: "x", scope: "read" },
      { cookie: session.cookie, "x-csrf-token": `${session.csrfToken}x` },
      "anonymous",
    );
    expect(wrongCsrf.status).toBe(403);
    expect((await app.call("POST", "/tokens", { name: "x", scope: "read" }, {}, session)).status).toBe(201);
    const out = await app.call("DELETE", "/session", undefined, {}, session);
    expect(out.status).toBe(200);
    expect(out.headers.get("set-cookie")).toMatch(/loopwork_session=;/);
    // The old cookie, replayed after sign-out, is worthless.
    expect((await app.call("GET", "/session", undefined, {}, session)).status).toBe(401);
  });

  it("answers every failed sign-in the same way and audits sign-ins without secrets", async () => {
    const wrongPassword = await app.call(
      "POST",
      "/session",
      { email: "vera@team.example", password: "not it at all" },
      {},
      "anonymous",
    );
    const stranger = await app.call(
      "POST",
      "/session",
      { email: "nobody@team.example", password: "not it at all" },
      {},
      "anonymous",
    );
    expect(wrongPassword.status).toBe(401);
    expect(wrongPassword.body).toEqual(stranger.body);
    expect(wrongPassword.body).toMatchObject({ error: { code: "sign_in_failed" } });
    const audit = await app.call<{ items: { verb: string; actor: string; entityId: string }[] }>(
      "GET",
      "/timeline?entityType=user&order=desc&limit=200",
    );
    const verbs = audit.body.items.map((e) => e.verb);
    expect(verbs).toEqual(
      expect.arrayContaining(["signed_in", "sign_in_failed", "signed_out", "password_set", "made_admin"]),
    );
    expect(audit.body.items.find((e) => e.verb === "sign_in_failed" && e.entityId === fx.ids.viewer)?.actor).toBe(
      `user:${fx.ids.viewer}`,
    );
    const tokens = await app.call<{ items: { verb: string }[] }>("GET", "/timeline?entityType=api_token&limit=500");
    expect(tokens.body.items.map((e) => e.verb)).toEqual(expect.arrayContaining(["created", "revoked"]));
    const roles = await app.call<{ items: { verb: string; actor: string }[] }>(
      "GET",
      "/timeline?entityType=membership",
    );
    expect(roles.body.items.map((e) => e.verb)).toEqual(expect.arrayContaining(["added"]));
    // No password, password hash, token or token hash anywhere in the timeline.
    const [everything] = await app.db.query<{ text: string }>(
      "select string_agg(before::text || after::text, ' ') as text from timeline_events",
    );
    const hashes = await app.db.query<{ h: string }>(
      "select token_hash as h from api_tokens union all select password_hash from users where password_hash is not null",
    );
    for (const secret of [
      fx.password,
      ...hashes.map((row) => row.h),
      ...Object.values(fx.as).flatMap((c) => (typeof c === "object" && "token" in c ? [c.token] : [])),
    ]) {
      expect(everything?.text ?? "").not.toContain(secret);
    }
  });
});

describe("a new password", () => {
  it("comes through a one-time link from an administrator, and ends the person's other sessions", async () => {
    const before = await app.signIn("sam@team.example", fx.password);
    const link = await app.call<{ url: string }>(
      "POST",
      `/users/${fx.ids.spare}/invitation`,
      undefined,
      {},
      as("admin"),
    );
    expect(link.status).toBe(201);
    const path = new URL(link.body.url).pathname;
    expect((await app.call("GET", path, undefined, {}, "anonymous")).status).toBe(200);
    const set = await app.call("POST", path, { password: "a brand new password" }, {}, "anonymous");
    expect(set.status).toBe(200);
    expect((await app.call("POST", path, { password: "and once more please" }, {}, "anonymous")).status).toBe(410);
    expect((await app.call("GET", "/session", undefined, {}, before)).status).toBe(401);
    await expect(app.signIn("sam@team.example", fx.password)).rejects.toThrow(/401/);
    expect(await app.signIn("sam@team.example", "a brand new password")).toHaveProperty("csrfToken");
  });
});

describe("random requests", () => {
  it("never get a 500 from any route, whoever sends them", { timeout: 120_000 }, async () => {
    // Not the stream (it never ends) nor signing out (it would end the sessions later tests use).
    const routes = allRoutes().filter(
      (r) => r.url !== "/timeline/stream" && !(r.method === "DELETE" && r.url === "/session"),
    );
    const credentials: Credential[] = [as("admin"), as("builder"), as("deployToken"), "anonymous"];
    const json = fc.oneof(
      fc.jsonValue(),
      fc.dictionary(fc.constantFrom("loopId", "title", "status", "name", "email", "scope", "id"), fc.jsonValue()),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.constantFrom(...credentials),
        json,
        fc.constantFrom(fx.ids.pattern, fx.ids.loopA, "not-a-uuid", "00000000-0000-7000-8000-000000000000"),
        async (r, credential, body, id) => {
          const path = r.url.replace(/:[a-zA-Z]+/g, id);
          const response = await app.call(
            r.method,
            path,
            r.method === "GET" ? undefined : JSON.stringify(body),
            {},
            credential,
          );
          return response.status < 500;
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("rate limits", () => {
  // 22 password checks, each a deliberately slow hash: ~7 s alone, 30 s on a loaded 2-core machine.
  it("stop guessing one account's password from any number of addresses", { timeout: 90_000 }, async () => {
    const guessed = await startTestApp({ signInLimit: 1000 });
    try {
      const signIn = (email: string, password: string) =>
        guessed.call("POST", "/session", { email, password }, {}, "anonymous");
      for (let i = 0; i < 20; i++) expect((await signIn("admin@loopwork.test", `guess number ${i}`)).status).toBe(401);
      // Now even the right password waits; another account and an unknown one are not affected.
      const right = await signIn("admin@loopwork.test", "correct horse battery");
      expect(right).toMatchObject({ status: 429, body: { error: { code: "rate_limited" } } });
      expect(Number(right.headers.get("retry-after"))).toBeGreaterThan(0);
      expect((await signIn("nobody@example.com", "a wrong password")).status).toBe(401);
    } finally {
      await guessed.stop();
    }
  });

  it("answer 429 with Retry-After on sign-in and on changes", async () => {
    const limited = await startTestApp({ signInLimit: 3, writeLimit: 5 });
    try {
      const attempts = [];
      for (let i = 0; i < 4; i++) {
        attempts.push(
          await limited.call(
            "POST",
            "/session",
            { email: "admin@loopwork.test", password: "wrong password" },
            {},
            "anonymous",
          ),
        );
      }
      expect(attempts.map((a) => a.status)).toEqual([401, 401, 401, 429]);
      expect(attempts[3]?.body).toMatchObject({ error: { code: "rate_limited" } });
      expect(Number(attempts[3]?.headers.get("retry-after"))).toBeGreaterThan(0);
      const writes = [];
      for (let i = 0; i < 6; i++)
        writes.push((await limited.call("POST", "/loops", { slug: `l${i}`, name: "L" })).status);
      expect(writes).toEqual([201, 201, 201, 201, 201, 429]);
      // Reads are not limited by the write limit.
      expect((await limited.call("GET", "/loops")).status).toBe(200);
    } finally {
      await limited.stop();
    }
  });
});

describe("what the review found", () => {
  it("keeps a token bound to a loop inside it: no unbound or longer-lived token minted, only its loop's tokens seen", async () => {
    const { ids } = fx;
    const unbound = await app.call("POST", "/tokens", { name: "free", scope: "admin" }, {}, as("adminToken"));
    expect(unbound).toMatchObject({ status: 403, body: { error: { code: "forbidden", path: "body.loopId" } } });
    const parent = await app.call<{ token: string; expiresAt: string }>(
      "POST",
      "/tokens",
      { name: "short", scope: "admin", loopId: ids.loopA, expiresInDays: 1 },
      {},
      as("owner"),
    );
    const child = await app.call<{ expiresAt: string }>(
      "POST",
      "/tokens",
      { name: "child", scope: "read", loopId: ids.loopA, expiresInDays: 365 },
      {},
      { token: parent.body.token },
    );
    expect(child.status).toBe(201);
    expect(Date.parse(child.body.expiresAt)).toBeLessThanOrEqual(Date.parse(parent.body.expiresAt));
    const seen = await app.call<{ items: { loopId: string | null }[] }>(
      "GET",
      "/tokens",
      undefined,
      {},
      as("adminToken"),
    );
    expect(new Set(seen.body.items.map((t) => t.loopId))).toEqual(new Set([ids.loopA]));
  });

  it("refuses links to another loop's patterns, issues, components and sessions, and writes nothing", async () => {
    const { ids } = fx;
    const topicB = await app.call<{ id: string }>("POST", "/brainstorm-topics", {
      loopId: ids.loopB,
      kind: "what",
      title: "B",
    });
    await app.call(
      "PUT",
      `/loops/${ids.loopB}/members/${(await app.call<{ user: { id: string } }>("GET", "/session", undefined, {}, as("otherBuilder"))).body.user.id}`,
      { role: "owner" },
    );
    const before = await snapshotTables(app.db);
    const links = [
      ["POST", "/signals", { channelId: ids.channelB, title: "x", patternIds: [ids.pattern] }, "body.patternIds.0"],
      [
        "POST",
        "/signals/batch",
        { signals: [{ channelId: ids.channelB, title: "x", patternIds: [ids.pattern] }] },
        "body.signals.0.patternIds.0",
      ],
      ["POST", "/improvements", { loopId: ids.loopB, title: "x", patternIds: [ids.pattern] }, "body.patternIds.0"],
      ["PATCH", `/improvements/${ids.improvementB}`, { productIds: [ids.product] }, "body.productIds.0"],
      ["POST", "/pull-requests", { componentId: ids.componentB, title: "x", issueIds: [ids.issue] }, "body.issueIds.0"],
      ["PATCH", `/products/${ids.productB}`, { componentIds: [ids.componentB, ids.component] }, "body.componentIds.1"],
      ["PATCH", `/brainstorm-topics/${topicB.body.id}`, { sessionId: ids.session }, "body.sessionId"],
    ] as const;
    for (const [method, path, body, field] of links) {
      const response = await app.call<{ error: { code: string; path: string } }>(
        method,
        path,
        body,
        {},
        as("otherBuilder"),
      );
      expect({
        path,
        status: response.status,
        code: response.body.error?.code,
        field: response.body.error?.path,
      }).toEqual({
        path,
        status: 403,
        code: "forbidden",
        field,
      });
    }
    expect(await snapshotTables(app.db)).toEqual(before);
  });

  it("refuses a change that leaves the target in a loop where the caller has no role (and rolls it back)", async () => {
    const { ids } = fx;
    // An issue of loop B on loop A's component: taken off B's improvement it would become A's.
    const issue = await app.call<{ id: string }>("POST", "/issues", {
      componentId: ids.component,
      improvementId: ids.improvementB,
      title: "B's work on A's engine",
    });
    const moved = await app.call("PATCH", `/issues/${issue.body.id}`, { improvementId: null }, {}, as("otherBuilder"));
    expect(moved).toMatchObject({ status: 403, body: { error: { path: "body.improvementId" } } });
    expect((await app.call("GET", `/issues/${issue.body.id}`)).body).toMatchObject({ improvementId: ids.improvementB });
  });

  it("refuses a url-encoded form on a route whose page posts none (no sign-in from another site)", async () => {
    const response = await app.call(
      "POST",
      "/session",
      `email=vera%40team.example&password=${encodeURIComponent(fx.password)}`,
      { "content-type": "application/x-www-form-urlencoded" },
      "anonymous",
    );
    expect(response).toMatchObject({ status: 415, body: { error: { code: "unsupported_media_type" } } });
    expect(response.headers.get("set-cookie")).toBeNull();
    // The media type in another case is the same media type (RFC 9110): refused the same.
    const mixedCase = await app.call(
      "POST",
      "/session",
      `email=vera%40team.example&password=${encodeURIComponent(fx.password)}`,
      { "content-type": "Application/X-WWW-Form-Urlencoded" },
      "anonymous",
    );
    expect(mixedCase).toMatchObject({ status: 415, body: { error: { code: "unsupported_media_type" } } });
    expect(mixedCase.headers.get("set-cookie")).toBeNull();
  });

  it("shows the access audit (tokens, sign-ins) to administrators only", async () => {
    const viewer = await app.call<{ items: { entityType: string; verb: string }[] }>(
      "GET",
      "/timeline?limit=1000",
      undefined,
      {},
      as("viewer"),
    );
    expect(viewer.body.items.filter((e) => e.entityType === "api_token" || e.verb === "signed_in")).toEqual([]);
    const admin = await app.call<{ items: { entityType: string }[] }>(
      "GET",
      "/timeline?entityType=api_token&limit=5",
      undefined,
      {},
      as("admin"),
    );
    expect(admin.status, JSON.stringify(admin.body)).toBe(200);
    expect(admin.body.items.length).toBeGreaterThan(0);
  });

  it("takes the Authorization scheme in any case (bearer, BEARER), as HTTP says", async () => {
    const made = await app.call<{ token: string }>("POST", "/tokens", { name: "any case", scope: "read" });
    for (const scheme of ["bearer", "BEARER", "Bearer"]) {
      const response = await fetch(`${app.url}/loops`, { headers: { authorization: `${scheme} ${made.body.token}` } });
      expect(response.status, scheme).toBe(200);
    }
  });

  it("ends a live timeline whose token is revoked", async () => {
    const streaming = await startTestApp({ streamHeartbeatMs: 100 });
    try {
      const made = await streaming.call<{ id: string; token: string }>("POST", "/tokens", {
        name: "stream",
        scope: "read",
      });
      const stream = await subscribe(`${streaming.url}/timeline/stream`, {
        authorization: `Bearer ${made.body.token}`,
      });
      expect(stream.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(stream.ended()).toBe(false);
      await streaming.call("DELETE", `/tokens/${made.body.id}`);
      await expect.poll(() => stream.ended(), { timeout: 5_000 }).toBe(true);
      await stream.close();
    } finally {
      await streaming.stop();
    }
  });
});

describe("what the hardening review found", () => {
  it("shows a delivery's last error only to those who manage its channel (owners of its loop, administrators)", async () => {
    const { ids } = fx;
    const error = "HTTP 500 from http://10.0.0.7/internal: <title>Jenkins</title>";
    await app.db.query("update outbox set last_error = $2 where id = $1", [ids.delivery, error]);
    const [link] = await app.db.query<{ id: string }>(
      `insert into outbox (kind, idempotency_key, payload, status, last_error)
       values ('customer_link', $1, '{}', 'dead', $2) returning id`,
      [`customer-link-${Date.now()}`, error],
    );
    await app.db.query(
      `insert into timeline_events (actor, entity_type, entity_id, verb, before, after)
       values ('system:worker', 'outbox', $1, 'dead', '{"status":"sending"}', jsonb_build_object('status', 'dead', 'error', $2::text))`,
      [ids.delivery, error],
    );
    const errorsSeenBy = async (who: keyof AccessFixture["as"]) => {
      const outbox = await app.call<{ items: { id: string; lastError: string | null }[] }>(
        "GET",
        "/outbox?limit=500",
        undefined,
        {},
        as(who),
      );
      expect(outbox.status).toBe(200);
      const timeline = await app.call<{ items: { after: { error?: string } | null }[] }>(
        "GET",
        `/timeline?entityType=outbox&entityId=${ids.delivery}`,
        undefined,
        {},
        as(who),
      );
      return {
        delivery: outbox.body.items.find((o) => o.id === ids.delivery)?.lastError ?? null,
        customerLink: outbox.body.items.find((o) => o.id === link?.id)?.lastError ?? null,
        timeline: timeline.body.items.some((e) => e.after?.error === error),
      };
    };
    const hidden = { delivery: null, customerLink: null, timeline: false };
    expect(await errorsSeenBy("viewer")).toEqual(hidden);
    expect(await errorsSeenBy("builder")).toEqual(hidden);
    expect(await errorsSeenBy("otherBuilder")).toEqual(hidden);
    expect(await errorsSeenBy("owner")).toEqual({ delivery: error, customerLink: null, timeline: false });
    expect(await errorsSeenBy("admin")).toEqual({ delivery: error, customerLink: error, timeline: true });
  });

  it("lets a signal onto another loop's pattern only with the builder role on both sides; either side may take it off", async () => {
    const { ids } = fx;
    // A token's "last used" stamp is no write of the request's (it is written once a minute).
    const tables = async () => {
      const { api_tokens: _, ...rest } = await snapshotTables(app.db);
      return rest;
    };
    const before = await tables();
    for (const who of ["builder", "writeToken", "otherBuilder"] as const) {
      const [pattern, signal] = who === "otherBuilder" ? [ids.patternB, ids.signal] : [ids.pattern, ids.signalB];
      const attached = await app.call<{ error: { code: string; path: string } }>(
        "POST",
        `/patterns/${pattern}/signals`,
        { signalIds: [signal] },
        {},
        as(who),
      );
      expect({ who, status: attached.status, path: attached.body.error?.path }).toEqual({
        who,
        // A token bound to loop A reads loop B's signal (the shared knowledge base): refused, not hidden.
        status: 403,
        path: "body.signalIds.0",
      });
    }
    expect(await tables()).toEqual(before);
    // An administrator (a builder everywhere) may; then loop B's builder may take B's customer back.
    expect((await app.call("POST", `/patterns/${ids.pattern}/signals`, { signalIds: [ids.signalB] })).status).toBe(200);
    const detached = await app.call(
      "DELETE",
      `/patterns/${ids.pattern}/signals/${ids.signalB}`,
      undefined,
      {},
      as("otherBuilder"),
    );
    expect(detached.status).toBe(200);
    const viewed = await app.call<{ patternIds: string[] }>("GET", `/signals/${ids.signalB}`);
    expect(viewed.body.patternIds).not.toContain(ids.pattern);
  });

  it("refuses a common password, only spaces, or the person's own email or name, and keeps the link", async () => {
    const { ids } = fx;
    const link = await app.call<{ url: string }>("POST", `/users/${ids.spare}/invitation`);
    const path = new URL(link.body.url).pathname;
    const before = await snapshotTables(app.db);
    for (const password of ["password1234", " ".repeat(12), "sam@team.example", "qwertyuiop123"]) {
      const refused = await app.call<{ error: { code: string; path: string } }>(
        "POST",
        path,
        { password },
        {},
        "anonymous",
      );
      expect({ password, status: refused.status, error: refused.body.error }).toMatchObject({
        password,
        status: 400,
        error: { code: "invalid_input", path: "body.password" },
      });
    }
    expect(await snapshotTables(app.db)).toEqual(before);
    const setup = await app.call<{ error: { path: string } }>(
      "POST",
      "/setup/lwl_unknown",
      { email: "x@y.example", name: "X", password: "password1234" },
      {},
      "anonymous",
    );
    // A used or unknown link says so first: nothing is said about a password it would never take.
    expect(setup.status).toBe(410);
    expect((await app.call("POST", path, { password: "sam's very own words" }, {}, "anonymous")).status).toBe(200);
  });
});
