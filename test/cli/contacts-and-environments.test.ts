import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok } from "../helpers/api.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { cliJson, runCli, runCliHere } from "./run-cli.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

// The first test runs the real binary; the second runs its entry, main(), in this process (runCliHere).
describe("contacts and environments by the names people know them by", { timeout: 120_000 }, () => {
  it("adds, pins, shows and unpins a contact by email, and shows an environment by name", async () => {
    const token = app.adminToken;
    const cli = (...args: string[]) => runCli(app.url, args, { token });
    const added = await cli("contact", "add", "ana@example.com", "--name", "Ana");
    expect(added.stdout).toMatch(/^Added contact ana@example\.com \([0-9a-f-]{36}\)\.\n$/);
    await cli("env", "add", "eu-production", "--production");

    const pinned = await cli("contact", "pin", "ana@example.com", "eu-production");
    expect(pinned).toMatchObject({ code: 0, stdout: "Ana is pinned to eu-production\n" });
    const contact = await cliJson<{ id: string; environments: string[] }>(
      app.url,
      ["contact", "show", "ana@example.com"],
      { token },
    );
    expect(contact.environments).toEqual(["eu-production"]);
    const env = await cliJson<{ contactIds: string[] }>(app.url, ["env", "show", "eu-production"], { token });
    expect(env.contactIds).toEqual([contact.id]);

    const unpinned = await cli("contact", "pin", "ana@example.com", "--none");
    expect(unpinned).toMatchObject({ code: 0, stdout: "Ana is pinned nowhere\n" });
    expect(
      (await cliJson<{ contactIds: string[] }>(app.url, ["env", "show", "eu-production"], { token })).contactIds,
    ).toEqual([]);
    // Neither environments nor --none: a usage error, nothing changed.
    expect((await cli("contact", "pin", "ana@example.com")).code).toBe(2);

    const byEnvironment = await cli("env", "pin", "eu-production", "--contact", "ana@example.com");
    expect(byEnvironment).toMatchObject({ code: 0, stdout: expect.stringContaining("; 1 contact\n") });
    const unknown = await cli("contact", "show", "nobody@example.com");
    expect(unknown).toMatchObject({ code: 1, stderr: expect.stringContaining("not_found") });
    // An environment is known by its name: the error says so, not "with id".
    const nowhere = await cli("env", "show", "eu-nowhere");
    expect(nowhere).toMatchObject({
      code: 1,
      stderr: "error not_found: No environment named eu-nowhere. (params.id)\n",
    });
  });

  it("lists environments, versions and releases with the product or component they belong to", async () => {
    const token = app.adminToken;
    const cli = async (...args: string[]) => (await runCliHere(app.url, args, { token })).stdout;
    const loop = await ok(app, "POST", "/loops", { slug: "lists", name: "Lists" });
    const component = await ok(app, "POST", "/components", { slug: "sync-engine", name: "Sync engine" });
    const product = await ok(app, "POST", "/products", {
      loopId: loop.id,
      slug: "desktop-app",
      name: "Desktop app",
      componentIds: [component.id],
    });
    const version = await ok(app, "POST", "/versions", { componentId: component.id, name: "4.2.0" });
    await ok(app, "POST", "/releases", { productId: product.id, name: "2026.12", versionIds: [version.id] });
    await ok(app, "POST", "/environments", { name: "desktop-beta", productId: product.id });

    expect(await cli("env", "list")).toMatch(/^desktop-beta +no +desktop-app /m);
    expect(await cli("version", "list", "--component", "sync-engine")).toMatch(/^sync-engine +4\.2\.0 +0 /m);
    expect(await cli("release", "list", "--product", "desktop-app")).toMatch(/^desktop-app +2026\.12 +1 /m);
  });
});
