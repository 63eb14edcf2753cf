import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliJson, runCli } from "../cli/run-cli.js";
import { ok } from "../helpers/api.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

interface Products {
  products: {
    productSlug: string;
    included: boolean;
    releasedIn: { name: string }[];
    firstIncludedIn: { name: string; versionName: string } | null;
  }[];
}
const summary = (body: Products) =>
  body.products.map((p) => [
    p.productSlug,
    p.included,
    p.releasedIn.map((r) => r.name),
    p.firstIncludedIn && `${p.firstIncludedIn.name}@${p.firstIncludedIn.versionName}`,
  ]);

describe(`which products have released a shared component's version (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("lists every product built from the component, with the releases that include it or a newer one", {
    timeout: 120_000,
  }, async () => {
    const loopA = await ok(app, "POST", "/loops", { slug: "team-a", name: "A" });
    const loopB = await ok(app, "POST", "/loops", { slug: "team-b", name: "B" });
    const sync = await ok(app, "POST", "/components", { slug: "sync", name: "Sync" });
    const ui = await ok(app, "POST", "/components", { slug: "ui", name: "UI" });
    const web = await ok(app, "POST", "/products", {
      loopId: loopA.id,
      slug: "web",
      name: "Web",
      componentIds: [sync.id],
    });
    const desktop = await ok(app, "POST", "/products", {
      loopId: loopB.id,
      slug: "desktop",
      name: "Desktop",
      componentIds: [sync.id, ui.id],
    });
    const v1 = await ok(app, "POST", "/versions", { componentId: sync.id, name: "1.0.0" });
    const uiV1 = await ok(app, "POST", "/versions", { componentId: ui.id, name: "1.0.0" });
    await ok(app, "POST", "/releases", { productId: web.id, name: "2026.1", versionIds: [v1.id] });
    await ok(app, "POST", "/releases", { productId: desktop.id, name: "5.0", versionIds: [v1.id, uiV1.id] });
    const v2 = await ok(app, "POST", "/versions", { componentId: sync.id, name: "1.1.0" });

    // A new version of the shared component: neither product has released it yet.
    expect(summary(await ok<Products>(app, "GET", `/versions/${v2.id}/products`))).toEqual([
      ["desktop", false, [], null],
      ["web", false, [], null],
    ]);
    expect(summary(await ok<Products>(app, "GET", `/versions/${v1.id}/products`))).toEqual([
      ["desktop", true, ["5.0"], "5.0@1.0.0"],
      ["web", true, ["2026.1"], "2026.1@1.0.0"],
    ]);

    // Web releases it; desktop skips it and releases a newer one, which includes it too.
    await ok(app, "POST", "/releases", { productId: web.id, name: "2026.2", versionIds: [v2.id] });
    const v3 = await ok(app, "POST", "/versions", { componentId: sync.id, name: "1.2.0" });
    await ok(app, "POST", "/releases", { productId: desktop.id, name: "5.1", versionIds: [v3.id, uiV1.id] });
    expect(summary(await ok<Products>(app, "GET", `/versions/${v2.id}/products`))).toEqual([
      ["desktop", true, [], "5.1@1.2.0"],
      ["web", true, ["2026.2"], "2026.2@1.1.0"],
    ]);
    expect(summary(await ok<Products>(app, "GET", `/versions/${v3.id}/products`))).toEqual([
      ["desktop", true, ["5.1"], "5.1@1.2.0"],
      ["web", false, [], null],
    ]);

    // A token bound to loop A does not see loop B's product.
    const bound = await ok<{ token: string }>(app, "POST", "/tokens", {
      name: "ci",
      scope: "deploy",
      loopId: loopA.id,
    });
    const asA = await app.call<Products>("GET", `/versions/${v3.id}/products`, undefined, {}, { token: bound.token });
    expect(summary(asA.body)).toEqual([["web", false, [], null]]);

    // The CLI names the version as component@name, in text and in JSON.
    const shown = await runCli(app.url, ["version", "show", "sync@1.2.0"], { token: app.adminToken });
    expect(shown.stderr).toBe("");
    expect(shown.stdout).toMatch(/^Version sync@1\.2\.0 {2}\S+/);
    expect(shown.stdout).toMatch(/desktop\s+yes\s+5\.1\s+5\.1 \(with 1\.2\.0\)/);
    expect(shown.stdout).toMatch(/web\s+no: needs a release/);
    const json = await cliJson<Products & { id: string; name: string }>(app.url, ["version", "show", v2.id], {
      token: app.adminToken,
    });
    expect(json.id).toBe(v2.id);
    expect(summary(json)).toEqual(summary(await ok<Products>(app, "GET", `/versions/${v2.id}/products`)));
    expect((await app.call("GET", "/versions/0190aaaa-0000-7000-8000-000000000000/products")).status).toBe(404);
  });
});
