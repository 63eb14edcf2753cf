import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok } from "../helpers/api.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { uniqueSlug } from "../helpers/factories.js";
import { runCli } from "./run-cli.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

describe("the CLI's timeline", { timeout: 60_000 }, () => {
  it("names each entity as people know it, with its id last", async () => {
    const loop = await ok(app, "POST", "/loops", { slug: uniqueSlug("notes"), name: "Notes" });
    const pattern = await ok(app, "POST", "/patterns", { loopId: loop.id, title: "Export to CSV times out" });
    await ok(app, "PATCH", `/loops/${loop.id}`, { name: "Notes app" }, 200);
    const run = await runCli(app.url, ["timeline", "--latest", "--limit", "3"], { token: app.adminToken });
    expect(run, run.stderr).toMatchObject({ code: 0 });
    const lines = run.stdout.trim().split("\n");
    expect(lines[1]).toMatch(new RegExp(`pattern created +“Export to CSV times out” {2}${pattern.id}$`));
    // The loop as it is called now, and what the change made it.
    expect(lines[2]).toMatch(new RegExp(`loop updated +Notes app {2}Notes app {2}${loop.id}$`));
    expect(lines[0]).toMatch(new RegExp(`loop created +Notes app {2}Notes {2}${loop.id}$`));
  });
});
