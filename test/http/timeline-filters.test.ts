import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliJson, runCli } from "../cli/run-cli.js";
import { credentialHeaders, makeAdmin, startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";
import { subscribe } from "../helpers/sse.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

type Page = { items: { actor: string; entityType: string; entityId: string; verb: string }[] };

describe(`the timeline filtered by actor and loop (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("lists only what one actor did, and only what one loop owns", async () => {
    const a = await app.call<{ id: string }>("POST", "/loops", { slug: "tf-a", name: "A" });
    const b = await app.call<{ id: string }>("POST", "/loops", { slug: "tf-b", name: "B" });
    const inA = await app.call<{ id: string }>("POST", "/patterns", { loopId: a.body.id, title: "Slow export" });
    await app.call("POST", "/patterns", { loopId: b.body.id, title: "Login loops" });
    const other = await makeAdmin(app.db, "second@loopwork.test");
    await app.call("PATCH", `/patterns/${inA.body.id}`, { title: "Slow CSV export" }, {}, { token: other.token });

    const last = await app.call<Page>("GET", `/timeline?entityId=${inA.body.id}&order=desc&limit=1`);
    const actor = last.body.items[0]?.actor ?? "";
    expect(actor).toMatch(/^(user|token):/);
    const byOther = await app.call<Page>("GET", `/timeline?actor=${encodeURIComponent(actor)}&order=desc`);
    expect(byOther.body.items.map((e) => [e.entityType, e.verb])).toEqual([["pattern", "updated"]]);

    const ofA = await app.call<Page>("GET", `/timeline?loopId=${a.body.id}&order=desc`);
    expect(ofA.body.items.map((e) => [e.entityType, e.entityId, e.verb])).toEqual([
      ["pattern", inA.body.id, "updated"],
      ["pattern", inA.body.id, "created"],
      ["loop", a.body.id, "created"],
    ]);
    // The CLI: a loop by its slug.
    const cli = await cliJson<{ items: { entityId: string }[] }>(app.url, ["timeline", "--loop", "tf-a", "--latest"], {
      token: app.adminToken,
    });
    expect(cli.items.map((e) => e.entityId)).toEqual([a.body.id, inA.body.id, inA.body.id]);
    const bad = await app.call<{ error: { code: string; path: string } }>("GET", "/timeline?loopId=nope");
    expect([bad.status, bad.body.error.code, bad.body.error.path]).toEqual([400, "invalid_input", "query.loopId"]);
  });

  it("takes the ids of entityId and actor in any case, as every route takes ids, in a page and in the stream", async () => {
    const loop = await app.call<{ id: string }>("POST", "/loops", { slug: "tf-case", name: "Case" });
    const pattern = await app.call<{ id: string }>("POST", "/patterns", { loopId: loop.body.id, title: "Any case" });
    const lower = await app.call<Page>("GET", `/timeline?entityId=${pattern.body.id}`);
    expect(lower.body.items.map((e) => [e.entityId, e.verb])).toEqual([[pattern.body.id, "created"]]);
    const actor = lower.body.items[0]?.actor ?? "";
    expect(actor).toMatch(/^(user|token):[0-9a-f-]{36}$/);
    // 01A2… names what 01a2… names (RFC 9562): it matched nothing, an empty page as if there were no events.
    const upper = await app.call<Page>("GET", `/timeline?entityId=${pattern.body.id.toUpperCase()}`);
    expect(upper.body.items).toEqual(lower.body.items);
    const upperActor = `${actor.split(":")[0]}:${(actor.split(":")[1] ?? "").toUpperCase()}`;
    const byActor = await app.call<Page>(
      "GET",
      `/timeline?actor=${encodeURIComponent(upperActor)}&entityId=${pattern.body.id.toUpperCase()}`,
    );
    expect(byActor.body.items).toEqual(lower.body.items);
    const stream = await subscribe(
      `${app.url}/timeline/stream?entityId=${pattern.body.id.toUpperCase()}&actor=${encodeURIComponent(upperActor)}&after=0`,
      credentialHeaders(app.adminCredential),
    );
    try {
      await expect
        .poll(() => stream.events.filter((e) => e.event === "timeline").map((e) => e.data.entityId))
        .toEqual([pattern.body.id]);
    } finally {
      await stream.close();
    }
  });

  it("reads at most 10,000 events a request: a loop's page among many others is short, and its cursor goes on to the rest", async () => {
    const loop = await app.call<{ id: string }>("POST", "/loops", { slug: "tf-quiet", name: "Quiet" });
    const pattern = await app.call<{ id: string }>("POST", "/patterns", { loopId: loop.body.id, title: "Rare" });
    // Another loop's busy day after it: 12,000 events about a pattern the quiet loop does not own.
    const busy = await app.call<{ id: string }>("POST", "/loops", { slug: "tf-busy", name: "Busy" });
    const noisy = await app.call<{ id: string }>("POST", "/patterns", { loopId: busy.body.id, title: "Noisy" });
    await app.db.query(
      `insert into timeline_events (actor, entity_type, entity_id, verb, after)
       select 'system:test', 'pattern', $1, 'updated', jsonb_build_object('n', n) from generate_series(1, 12000) n`,
      [noisy.body.id],
    );
    const first = await app.call<Page & { nextCursor: string | null }>(
      "GET",
      `/timeline?loopId=${loop.body.id}&order=desc&limit=50`,
    );
    expect(first.status).toBe(200);
    expect(first.body.items).toEqual([]);
    expect(first.body.nextCursor).not.toBeNull();
    const rest = await app.call<Page & { nextCursor: string | null }>(
      "GET",
      `/timeline?loopId=${loop.body.id}&order=desc&limit=50&before=${first.body.nextCursor}`,
    );
    expect(rest.body.items.map((e) => [e.entityType, e.entityId, e.verb])).toEqual([
      ["pattern", pattern.body.id, "created"],
      ["loop", loop.body.id, "created"],
    ]);
    // The CLI reads on until it has what was asked for.
    const cli = await cliJson<{ items: { entityId: string }[] }>(
      app.url,
      ["timeline", "--loop", "tf-quiet", "--latest", "--limit", "2"],
      { token: app.adminToken },
    );
    expect(cli.items.map((e) => e.entityId)).toEqual([loop.body.id, pattern.body.id]);
  });
});

type Event = { id: number; actor: string; entityType: string; entityId: string; verb: string };

describe(`the live timeline filtered by actor and loop (${serverUrl ? "postgres" : "pglite"})`, () => {
  /** The last event's id: a stream opened with after= it catches up on what this test does only. */
  const lastId = async () =>
    String((await app.call<{ items: Event[] }>("GET", "/timeline?order=desc&limit=1")).body.items[0]?.id ?? 0);
  const ids = (events: { id: number }[]) => events.map((e) => e.id).sort((x, y) => x - y);

  it("streams what one loop owns, caught up and live, as GET /timeline?loopId= lists it", async () => {
    const start = await lastId();
    const a = await app.call<{ id: string }>("POST", "/loops", { slug: "ts-a", name: "A" });
    const b = await app.call<{ id: string }>("POST", "/loops", { slug: "ts-b", name: "B" });
    const inA = await app.call<{ id: string }>("POST", "/patterns", { loopId: a.body.id, title: "Slow export" });
    const inB = await app.call<{ id: string }>("POST", "/patterns", { loopId: b.body.id, title: "Login loops" });
    // Loop a's id in capitals: a uuid is a uuid however it is written (as on GET /timeline).
    const stream = await subscribe(
      `${app.url}/timeline/stream?loopId=${a.body.id.toUpperCase()}&after=${start}`,
      credentialHeaders(app.adminCredential),
    );
    expect(stream.status).toBe(200);
    const seen = () => stream.events.filter((e) => e.event === "timeline").map((e) => e.data as Event);
    try {
      // Live: loop b's pattern changes, then loop a's; a product of loop a is its own too (owners, not loopId).
      await app.call("PATCH", `/patterns/${inB.body.id}`, { title: "Login loops again" });
      await app.call("PATCH", `/patterns/${inA.body.id}`, { title: "Slow CSV export" });
      const product = await app.call<{ id: string }>("POST", "/products", {
        loopId: a.body.id,
        slug: "ts-shop",
        name: "Shop",
      });
      await expect
        .poll(() => seen().map((e) => [e.entityId, e.verb]))
        .toEqual(
          expect.arrayContaining([
            [a.body.id, "created"],
            [inA.body.id, "created"],
            [inA.body.id, "updated"],
            [product.body.id, "created"],
          ]),
        );
      const page = await app.call<{ items: Event[] }>("GET", `/timeline?loopId=${a.body.id}&after=${start}&limit=1000`);
      expect(ids(seen())).toEqual(ids(page.body.items));
      expect(seen().map((e) => e.entityId)).not.toContain(inB.body.id);
      expect(seen().map((e) => e.entityId)).not.toContain(b.body.id);
    } finally {
      await stream.close();
    }
  });

  it("streams what one actor did, caught up and live, as GET /timeline?actor= lists it", async () => {
    const start = await lastId();
    const loop = await app.call<{ id: string }>("POST", "/loops", { slug: "ts-actor", name: "Actor" });
    const pattern = await app.call<{ id: string }>("POST", "/patterns", { loopId: loop.body.id, title: "One" });
    const other = await makeAdmin(app.db, "third@loopwork.test");
    const asOther = { token: other.token };
    await app.call("PATCH", `/patterns/${pattern.body.id}`, { title: "Two" }, {}, asOther);
    const actor = (
      await app.call<{ items: Event[] }>("GET", `/timeline?entityId=${pattern.body.id}&order=desc&limit=1`)
    ).body.items[0]?.actor as string;
    const stream = await subscribe(
      `${app.url}/timeline/stream?actor=${encodeURIComponent(actor)}&after=${start}`,
      credentialHeaders(app.adminCredential),
    );
    const seen = () => stream.events.filter((e) => e.event === "timeline").map((e) => e.data as Event);
    try {
      await app.call("PATCH", `/patterns/${pattern.body.id}`, { title: "Three" });
      await app.call("PATCH", `/patterns/${pattern.body.id}`, { title: "Four" }, {}, asOther);
      await expect.poll(() => seen().length).toBe(2);
      const page = await app.call<{ items: Event[] }>(
        "GET",
        `/timeline?actor=${encodeURIComponent(actor)}&after=${start}&limit=1000`,
      );
      expect(ids(seen())).toEqual(ids(page.body.items));
      expect(new Set(seen().map((e) => e.actor))).toEqual(new Set([actor]));
    } finally {
      await stream.close();
    }
  });

  it("takes a uuid loopId and an actor of up to 80 characters, and refuses others with the page's code and path", async () => {
    const loop = await app.call<{ id: string }>("POST", "/loops", { slug: "ts-valid", name: "Valid" });
    const good = await subscribe(
      `${app.url}/timeline/stream?loopId=${loop.body.id}&actor=${"x".repeat(80)}`,
      credentialHeaders(app.adminCredential),
    );
    await good.close();
    expect(good.status).toBe(200);
    for (const [query, path] of [
      ["loopId=nope", "query.loopId"],
      [`actor=${"x".repeat(81)}`, "query.actor"],
      // Empty, each matched nothing on a page and was no filter at all on the stream.
      ["entityId=", "query.entityId"],
      ["entityType=", "query.entityType"],
      ["actor=", "query.actor"],
    ]) {
      for (const route of ["/timeline/stream", "/timeline"]) {
        const bad = await app.call<{ error: { code: string; path: string } }>("GET", `${route}?${query}`);
        expect([route, bad.status, bad.body.error.code, bad.body.error.path]).toEqual([
          route,
          400,
          "invalid_input",
          path,
        ]);
      }
    }
  });

  it("loopwork timeline --follow passes its filters to the stream: --loop by slug, a bad --deployment refused", {
    timeout: 90_000,
  }, async () => {
    const start = await lastId();
    const loop = await app.call<{ id: string }>("POST", "/loops", { slug: "ts-cli", name: "CLI" });
    await app.call("POST", "/loops", { slug: "ts-cli-other", name: "Other" });
    const bin = fileURLToPath(new URL("../../bin/loopwork.js", import.meta.url));
    const child = spawn(
      process.execPath,
      [bin, "timeline", "--follow", "--loop", "ts-cli", "--after", start, "--json", "--url", app.url],
      { env: { ...process.env, LOOPWORK_URL: undefined, LOOPWORK_TOKEN: app.adminToken }, stdio: "pipe" },
    );
    let printed = "";
    child.stdout.on("data", (chunk) => {
      printed += chunk;
    });
    try {
      const lines = () =>
        printed
          .split("\n")
          .filter(Boolean)
          .map((line) => JSON.parse(line) as Event);
      // The CLI is a process of its own: its start takes seconds on a loaded machine.
      await expect.poll(() => lines().map((e) => e.entityId), { timeout: 30_000 }).toEqual([loop.body.id]);
      await app.call("PATCH", `/loops/${loop.body.id}`, { name: "CLI loop" });
      await expect.poll(() => lines().map((e) => e.verb), { timeout: 10_000 }).toEqual(["created", "updated"]);
    } finally {
      child.kill();
      if (child.exitCode === null) await once(child, "exit");
    }
    // A filter the stream refuses is said with its code and path.
    const bad = await runCli(app.url, ["timeline", "--follow", "--deployment", "nope"], { token: app.adminToken });
    expect([bad.code, bad.stderr]).toEqual([1, expect.stringMatching(/invalid_input.*query\.deploymentId/)]);
  });
});
