import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok } from "../helpers/api.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { uniqueSlug } from "../helpers/factories.js";
import { cliJson, runCli } from "./run-cli.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

const cli = (...args: string[]) => runCli(app.url, args, { token: app.adminToken });

type Product = { id: string; slug: string; name: string; description: string | null; componentIds: string[] };
type Component = { id: string; slug: string; name: string; repositoryUrl: string | null };

describe("loopwork product set, component set", { timeout: 120_000 }, () => {
  it("renames a product, describes it, and adds an existing component to it or replaces its list", async () => {
    const loop = await ok(app, "POST", "/loops", { slug: uniqueSlug("notes"), name: "Notes" });
    const sync = await ok<Component>(app, "POST", "/components", { slug: uniqueSlug("sync"), name: "Sync" });
    const search = await ok<Component>(app, "POST", "/components", { slug: uniqueSlug("search"), name: "Search" });
    const slug = uniqueSlug("web");
    const product = await ok<Product>(app, "POST", "/products", {
      loopId: loop.id,
      slug,
      name: "Web",
      componentIds: [sync.id],
    });

    const renamed = await cli("product", "set", slug, "--name", "Notes for the web", "--add-component", search.slug);
    expect(renamed).toMatchObject({
      code: 0,
      stdout: `Changed product ${slug}: “Notes for the web”, built from 2 components.\n`,
    });
    const after = await ok<Product>(app, "GET", `/products/${product.id}`);
    expect(after).toMatchObject({ slug, name: "Notes for the web" });
    expect(new Set(after.componentIds)).toEqual(new Set([sync.id, search.id]));

    // --component replaces the list; --description alone leaves name and components as they are.
    const replaced = await cliJson<Product>(app.url, ["product", "set", product.id, "--component", search.slug], {
      token: app.adminToken,
    });
    expect(replaced.componentIds).toEqual([search.id]);
    const described = await cliJson<Product>(app.url, ["product", "set", slug, "--description", "Notes, online."], {
      token: app.adminToken,
    });
    expect(described).toMatchObject({
      name: "Notes for the web",
      description: "Notes, online.",
      componentIds: [search.id],
    });

    expect(await cli("product", "set", slug)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("Nothing to change"),
    });
    expect(await cli("product", "set", slug, "--name", " ")).toMatchObject({ code: 2 });
    expect(await cli("product", "set", slug, "--add-component", "no-such-component")).toMatchObject({
      code: 1,
      stderr: 'error not_found: No component with slug "no-such-component". (--add-component)\n',
    });
  });

  it("renames a component and sets or clears its repository", async () => {
    const slug = uniqueSlug("sync");
    const component = await ok<Component>(app, "POST", "/components", { slug, name: "Sync" });
    const changed = await cli(
      "component",
      "set",
      slug,
      "--name",
      "Sync engine",
      "--repo",
      "https://github.com/acme/sync-engine",
    );
    expect(changed).toMatchObject({
      code: 0,
      stdout: `Changed component ${slug}: “Sync engine”, repository https://github.com/acme/sync-engine.\n`,
    });
    expect(await ok<Component>(app, "GET", `/components/${component.id}`)).toMatchObject({
      name: "Sync engine",
      repositoryUrl: "https://github.com/acme/sync-engine",
    });
    const cleared = await cliJson<Component>(app.url, ["component", "set", component.id, "--repo", "off"], {
      token: app.adminToken,
    });
    expect(cleared).toMatchObject({ name: "Sync engine", repositoryUrl: null });
    // An empty or blank --repo clears it too, as off does, rather than sending "" to be refused.
    for (const blank of ["", "  "]) {
      await ok(app, "PATCH", `/components/${component.id}`, { repositoryUrl: "https://github.com/acme/sync" });
      expect(await cli("component", "set", slug, "--repo", blank)).toMatchObject({
        code: 0,
        stdout: `Changed component ${slug}: “Sync engine”, no repository.\n`,
      });
      expect((await ok<Component>(app, "GET", `/components/${component.id}`)).repositoryUrl).toBeNull();
    }
    expect(await cli("component", "set", slug)).toMatchObject({ code: 2 });
    expect(await cli("component", "set", slug, "--repo", "ftp://example.com/x")).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^error invalid_input: .*http/),
    });
  });
});
