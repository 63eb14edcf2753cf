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
});
