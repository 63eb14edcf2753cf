import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliJson, runCli } from "../cli/run-cli.js";
import { makeAdmin, startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";

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
    // The CLI: a loop by its slug; these filters list, they do not follow.
    const cli = await cliJson<{ items: { entityId: string }[] }>(app.url, ["timeline", "--loop", "tf-a", "--latest"], {
      token: app.adminToken,
    });
    expect(cli.items.map((e) => e.entityId)).toEqual([a.body.id, inA.body.id, inA.body.id]);
    const following = await runCli(app.url, ["timeline", "--loop", "tf-a", "--follow"], { token: app.adminToken });
    expect([following.code, following.stderr]).toEqual([2, expect.stringContaining("--follow")]);
    const bad = await app.call<{ error: { code: string; path: string } }>("GET", "/timeline?loopId=nope");
    expect([bad.status, bad.body.error.code, bad.body.error.path]).toEqual([400, "invalid_input", "query.loopId"]);
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
