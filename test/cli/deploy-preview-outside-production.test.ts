import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRelease } from "../../src/services/create-release.js";
import { ok } from "../helpers/api.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { mergedFixOnSharedComponent } from "../helpers/factories.js";
import { cliJson, runCli } from "./run-cli.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

describe("loopwork deploy --preview names no deployment it would make; deploy rollback --preview outside production", {
  timeout: 90_000,
}, () => {
  it("answers a new deployment's preview with id null (--json): nothing to follow", async () => {
    const chain = await mergedFixOnSharedComponent(app.db);
    const product = chain.world.productA;
    await createRelease(app.db, "test", { productId: product.id, name: "1.0.0" });
    const preview = await cliJson<{ deployment: { id: string | null; status: string } }>(
      app.url,
      ["deploy", "--release", `${product.slug}@1.0.0`, "--env", "staging", "--preview"],
      { token: app.adminToken },
    );
    expect(preview.deployment).toMatchObject({ id: null, status: "success" });
  });

  it("says what rolling back a staging deployment would take back from the people pinned there, taking nothing back", async () => {
    const chain = await mergedFixOnSharedComponent(app.db);
    const product = chain.world.productA;
    const [ana] = await app.db.query<{ id: string }>("select id from contacts where email = 'ana@example.com'");
    await ok(app, "PATCH", `/contacts/${ana?.id}`, { environments: ["staging"] });
    const shipped = await chain.ship(product.id, "1.0.0");
    const staging = await ok<{ deployment: { id: string } }>(app, "POST", "/deployments", {
      releaseId: shipped.deployment.releaseId,
      environment: "staging",
      status: "success",
    });
    const id = staging.deployment.id;

    const preview = await runCli(app.url, ["deploy", "rollback", id, "--preview"], { token: app.adminToken });
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toContain(
      `Preview: nothing was recorded. Deployment ${id} of ${product.slug}@1.0.0 to staging, marked rolled back, would do this.`,
    );
    expect(preview.stdout).toMatch(/notifications cancelled\s+1/);
    expect((await ok<{ status: string }>(app, "GET", `/deployments/${id}`)).status).toBe("success");
  });
});
