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

describe("loopwork version", () => {
  it("says so when it took no merged pull request: cut before the merge, it ships no fix", async () => {
    const component = await ok<{ id: string; slug: string }>(app, "POST", "/components", {
      slug: uniqueSlug("sync"),
      name: "Sync",
    });
    await ok(app, "POST", "/pull-requests", { componentId: component.id, title: "Still open" });
    const cut = (name: string) =>
      runCli(app.url, ["version", "--component", component.slug, "--name", name], { token: app.adminToken });
    const empty = await cut("2.4.0");
    expect(empty.code).toBe(0);
    expect(empty.stdout).toMatch(/with 0 pull requests .*\nNo merged pull request was waiting for a version/);

    const [open] = (await ok<{ items: { id: string }[] }>(app, "GET", `/pull-requests?componentId=${component.id}`))
      .items;
    await ok(app, "PATCH", `/pull-requests/${open?.id}`, { status: "merged" });
    const taken = await cut("2.4.1");
    expect(taken.stdout).toMatch(/with 1 pull request /);
    expect(taken.stdout).not.toMatch(/No merged pull request/);
  });
});
