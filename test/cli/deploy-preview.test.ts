import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRelease } from "../../src/services/create-release.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { mergedFixOnSharedComponent } from "../helpers/factories.js";
import { runCli } from "./run-cli.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

describe("loopwork deploy --preview, deploy rollback --preview", { timeout: 60_000 }, () => {
  it("prints what snapback would do and whom it would tell, and records nothing", async () => {
    const chain = await mergedFixOnSharedComponent(app.db);
    const product = chain.world.productA;
    const release = await createRelease(app.db, "test", { productId: product.id, name: "1.0.0" });
    const args = ["deploy", "--release", `${product.slug}@1.0.0`, "--env", "production"];

    const preview = await runCli(app.url, [...args, "--preview"], { token: app.adminToken });
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toContain(
      `Preview: nothing was recorded. A deployment of ${product.slug}@1.0.0 to production, success, would do this.`,
    );
    expect(preview.stdout).toMatch(/patterns addressed\s+1\n\s+- Sync loses edits/);
    expect(preview.stdout).toMatch(/notifications queued\s+1/);
    const stored = await app.db.query("select id from deployments where release_id = $1", [release.id]);
    expect(stored).toEqual([]);
    expect(await chain.status("pattern", chain.pattern.id)).toBe("open");

    const recorded = await runCli(app.url, args, { token: app.adminToken });
    expect(recorded.code, recorded.stderr).toBe(0);
    expect(recorded.stdout).toMatch(/notifications queued\s+1/);
    expect(await chain.status("pattern", chain.pattern.id)).toBe("addressed");

    // A rollback's preview: what it would take back, and nothing taken back.
    const [deployment] = await app.db.query<{ id: string }>("select id from deployments where release_id = $1", [
      release.id,
    ]);
    const rollback = await runCli(app.url, ["deploy", "rollback", deployment?.id ?? "", "--preview"], {
      token: app.adminToken,
    });
    expect(rollback.code, rollback.stderr).toBe(0);
    expect(rollback.stdout).toContain(
      `Preview: nothing was recorded. Deployment ${deployment?.id} of ${product.slug}@1.0.0 to production, marked rolled back, would do this.`,
    );
    expect(rollback.stdout).toMatch(/patterns reopened\s+1/);
    expect(await chain.status("pattern", chain.pattern.id)).toBe("addressed");
  });

  it("deploy list filters by the --status and --env given after list (deploy has its own of both)", async () => {
    const chain = await mergedFixOnSharedComponent(app.db);
    const product = chain.world.productA;
    await createRelease(app.db, "test", { productId: product.id, name: "2.0.0" });
    const release = `${product.slug}@2.0.0`;
    for (const [env, status] of [
      ["production", "failed"],
      ["staging", "success"],
    ] as const) {
      const done = await runCli(app.url, ["deploy", "--release", release, "--env", env, "--status", status], {
        token: app.adminToken,
      });
      expect(done.code, done.stderr).toBe(0);
    }
    const list = async (...filters: string[]) => {
      const out = await runCli(app.url, ["deploy", "list", ...filters, "--json"], { token: app.adminToken });
      expect(out.code, out.stderr).toBe(0);
      return (JSON.parse(out.stdout) as { items: { environment: string; status: string }[] }).items;
    };
    const failed = await list("--status", "failed");
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((d) => d.status === "failed")).toBe(true);
    const staging = await list("--env", "staging");
    expect(staging.length).toBeGreaterThan(0);
    expect(staging.every((d) => d.environment === "staging")).toBe(true);
    // Without a filter, both.
    const all = await list();
    expect(new Set(all.map((d) => d.status))).toEqual(new Set(["failed", "success"]));
  });
});
