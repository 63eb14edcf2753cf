import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok } from "../helpers/api.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { uniqueSlug } from "../helpers/factories.js";
import { cliJsonHere, runCli } from "./run-cli.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

describe("loopwork metrics", { timeout: 60_000 }, () => {
  it("says how fast the loop turns, for one loop or all, as GET /metrics counts it", async () => {
    const loop = await ok<{ id: string; slug: string }>(app, "POST", "/loops", { slug: uniqueSlug("loop"), name: "L" });
    const component = await ok(app, "POST", "/components", { slug: uniqueSlug("core"), name: "Core" });
    const product = await ok(app, "POST", "/products", {
      loopId: loop.id,
      slug: uniqueSlug("web"),
      name: "Web",
      componentIds: [component.id],
    });
    await ok(app, "POST", "/versions", { componentId: component.id, name: "1.0.0" });
    const release = await ok(app, "POST", "/releases", { productId: product.id, name: "1" });
    for (const status of ["failed", "success"]) {
      await ok(app, "POST", "/deployments", { releaseId: release.id, environment: "production", status });
    }
    const token = app.adminToken;
    const run = await runCli(app.url, ["metrics", "--loop", loop.slug, "--days", "30"], { token });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(
      [
        `The last 30 days, loop ${loop.slug}:`,
        "  signal to snapback   none yet (no notifications)",
        "  cycle time           none yet (no improvements completed)",
        "  throughput           0 improvements completed a week",
        "  deployments          0.233 successful production deployments a week",
        "  change failure rate  50% of finished production deployments failed or were rolled back",
        "",
      ].join("\n"),
    );
    expect(await cliJsonHere(app.url, ["metrics", "--loop", loop.id, "--days", "30"], { token })).toMatchObject({
      windowDays: 30,
      changeFailureRate: 0.5,
    });
    const unknown = await runCli(app.url, ["metrics", "--loop", "no-such-loop"], { token });
    expect(unknown).toMatchObject({ code: 1, stderr: 'error not_found: No loop with slug "no-such-loop". (--loop)\n' });
  });
});
