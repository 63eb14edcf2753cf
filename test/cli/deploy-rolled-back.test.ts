import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeploymentOutcome } from "../../src/cli/commands/deploy.js";
import { ok } from "../helpers/api.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { cliJson, runCli } from "./run-cli.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

describe("loopwork deploy --status rolled_back", { timeout: 120_000 }, () => {
  it("marks the release's newest successful deployment there rolled back; twice is a replay", async () => {
    const stamp = Date.now();
    const loopId = (await ok(app, "POST", "/loops", { slug: `l-${stamp}`, name: "Loop" })).id;
    const componentId = (await ok(app, "POST", "/components", { slug: `c-${stamp}`, name: "Core" })).id;
    const productId = (
      await ok(app, "POST", "/products", { loopId, slug: `web-${stamp}`, name: "Web", componentIds: [componentId] })
    ).id;
    await ok(app, "POST", "/versions", { componentId, name: "1.0.0" });
    await ok(app, "POST", "/releases", { productId, name: "1.0.0" });
    await ok(app, "POST", "/releases", { productId, name: "1.1.0" });
    const token = app.adminToken;
    const deploy = (release: string, status: string, ...more: string[]) =>
      cliJson<DeploymentOutcome>(
        app.url,
        ["deploy", "--release", `web-${stamp}@${release}`, "--env", "production", "--status", status, ...more],
        { token },
      );

    const older = await deploy("1.0.0", "success", "--external-id", `run-1-${stamp}`);
    // What its snapback recorded, as the deployment page shows it: the version it released.
    const recorded = await cliJson<{ items: { entityType: string; verb: string }[] }>(
      app.url,
      ["timeline", "--deployment", older.deployment.id],
      { token },
    );
    expect(recorded.items).toContainEqual(expect.objectContaining({ entityType: "version", verb: "released" }));
    expect(
      recorded.items.every(
        (e) => (e as { after?: { deploymentId?: string } }).after?.deploymentId === older.deployment.id,
      ),
    ).toBe(true);
    const newer = await deploy("1.0.0", "success", "--external-id", `run-2-${stamp}`);
    const rolledBack = await runCli(
      app.url,
      ["deploy", "--release", `web-${stamp}@1.0.0`, "--env", "production", "--status", "rolled_back"],
      { token },
    );
    expect(rolledBack.code, rolledBack.stderr).toBe(0);
    expect(rolledBack.stdout).toContain(
      `Deployment ${newer.deployment.id} of web-${stamp}@1.0.0 to production: rolled back`,
    );
    const status = async (id: string) => (await app.call<{ status: string }>("GET", `/deployments/${id}`)).body.status;
    expect(await status(newer.deployment.id)).toBe("rolled_back");
    expect(await status(older.deployment.id)).toBe("success");
    // What runs where: 1.0.0 was rolled back there, so neither of its deployments is current — then 1.1.0 is.
    const current = () =>
      cliJson<{ items: { id: string }[] }>(app.url, ["deploy", "list", "--current", "true", "--env", "production"], {
        token,
      }).then((page) => page.items.map((d) => d.id));
    expect(await current()).not.toContain(older.deployment.id);
    expect(await current()).not.toContain(newer.deployment.id);

    // A pipeline retrying its rollback step: the same deployment, nothing more done.
    const again = await deploy("1.0.0", "rolled_back");
    expect(again).toMatchObject({ deployment: { id: newer.deployment.id }, snapback: { replay: true } });

    // A release that never ran there: nothing to roll back, and nothing recorded.
    const never = await runCli(
      app.url,
      ["deploy", "--release", `web-${stamp}@1.1.0`, "--env", "production", "--status", "rolled_back"],
      { token },
    );
    expect(never.code).toBe(1);
    expect(never.stderr).toMatch(/^error invalid_transition: No deployment of this release to production succeeded/);
    const listed = await app.call<{ items: unknown[] }>("GET", `/deployments?productId=${productId}`);
    expect(listed.body.items).toHaveLength(2);
    const running = await deploy("1.1.0", "success");
    expect(await current()).toContain(running.deployment.id);
    const table = await runCli(app.url, ["deploy", "list", "--current", "true", "--env", "production"], { token });
    expect(table.stdout).toContain(running.deployment.id);
    expect(table.stdout).not.toContain(older.deployment.id);

    const help = await runCli(app.url, ["deploy", "--help"]);
    expect(help.stdout).toContain("--env production --status rolled_back\n");
  });
});
