import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok, productWithComponent } from "../helpers/api.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { uniqueSlug } from "../helpers/factories.js";
import { runCliHere } from "./run-cli.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

describe("a pipeline's steps given ids", { timeout: 60_000 }, () => {
  it("name the component, product and release as people do, not `<id>@1.0.0`", async () => {
    const loop = await ok(app, "POST", "/loops", { slug: uniqueSlug("loop"), name: "Loop" });
    const { component, product } = await productWithComponent(app, loop.id);
    const token = app.adminToken;
    const cli = (...args: string[]) => runCliHere(app.url, args, { token });

    const version = await cli("version", "--component", component.id, "--name", "1.0.0");
    expect(version.stdout).toMatch(new RegExp(`^Version ${component.slug}@1\\.0\\.0 with 0 pull requests {2}\\S+\\n`));
    const release = await cli("release", "--product", product.id, "--name", "1");
    expect(release.stdout).toMatch(new RegExp(`^Release ${product.slug}@1 with 1 version {2}\\S+\\n$`));
    const releaseId = /(\S+)\n$/.exec(release.stdout)?.[1] ?? "";
    const deployed = await cli("deploy", "--release", releaseId, "--env", "staging");
    expect(deployed.stdout).toMatch(new RegExp(`^Deployment \\S+ of ${product.slug}@1 to staging: success\\n`));
  });
});

describe("improvement add --owner", { timeout: 60_000 }, () => {
  it("takes the builder's email, as member set does (an email was refused as no UUID)", async () => {
    const loop = await ok<{ id: string; slug: string }>(app, "POST", "/loops", { slug: uniqueSlug("loop"), name: "L" });
    const email = `${uniqueSlug("ben")}@example.com`;
    const ben = (await ok<{ user: { id: string } }>(app, "POST", "/users", { email, name: "Ben" })).user;
    const token = app.adminToken;
    const add = (owner: string) =>
      runCliHere(app.url, ["improvement", "add", "--loop", loop.slug, "--title", "Owned", "--owner", owner, "--json"], {
        token,
      });
    const made = await add(email);
    expect(made.code, made.stderr).toBe(0);
    expect(JSON.parse(made.stdout)).toMatchObject({ ownerId: ben.id });
    expect((await add("nobody@example.com")).stderr).toBe(
      "error not_found: No user with email nobody@example.com. (--owner)\n",
    );
  });
});
