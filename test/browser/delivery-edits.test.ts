import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createRelease } from "../../src/services/create-release.js";
import { ok } from "../helpers/api.js";
import { make, mergedFixOnSharedComponent, uniqueSlug } from "../helpers/factories.js";
import {
  describeInBrowser,
  expectAccessible,
  screenshots,
  signIn,
  signInBySession,
  startWorkspace,
  type Workspace,
} from "./workspace.js";
import { member } from "./world.js";

type Product = { name: string; description: string; componentIds: string[] };

/** The page's first request to `pathname` answers 500 "The preview could not be worked out."; later ones reach the server. */
async function failFirstPreview(page: Page, pathname: string): Promise<void> {
  let failures = 0;
  await page.route(
    (url) => url.pathname === pathname,
    (route) =>
      failures++ > 0
        ? route.fallback()
        : route.fulfill({
            status: 500,
            contentType: "application/json",
            body: JSON.stringify({ error: { code: "internal", message: "The preview could not be worked out." } }),
          }),
  );
}

describeInBrowser(
  "delivery's edits in Chromium: a product and a component, a pipeline's run, a rollback anywhere",
  () => {
    let ws: Workspace;
    beforeAll(async () => {
      ws = await startWorkspace();
    });
    afterAll(async () => ws?.stop());

    test("an owner renames a product, adds an existing component to it, and renames the component and sets its repository", {
      timeout: 90_000,
    }, async () => {
      const tag = uniqueSlug("x");
      const loop = await make(ws.app.db, "loop", { slug: uniqueSlug("loop"), name: "Notes" });
      const sync = await make(ws.app.db, "component", { slug: uniqueSlug("sync"), name: `Sync ${tag}` });
      const search = await make(ws.app.db, "component", { slug: uniqueSlug("search"), name: `Search ${tag}` });
      const product = await make(ws.app.db, "product", {
        loopId: loop.id,
        slug: uniqueSlug("web"),
        name: `Notes ${tag}`,
        componentIds: [sync.id],
      });
      const { page, problems } = await ws.newPage();
      await signIn(page, ws.app.url);
      await page.goto(`${ws.app.url}/app/delivery`);
      await page.getByRole("button", { name: `Edit product Notes ${tag}` }).click();

      const dialog = page.getByRole("dialog", { name: "Edit product" });
      await expect.poll(() => dialog.getByLabel("Name").inputValue()).toBe(`Notes ${tag}`);
      await dialog.getByText(`Slug ${product.slug}`).waitFor();
      expect(await dialog.getByLabel(`Sync ${tag}`).isChecked()).toBe(true);
      await dialog.getByLabel("Name").fill(`Notes for the web ${tag}`);
      await dialog.getByLabel("Description (Markdown)").fill("Notes, online.");
      await dialog.getByLabel(`Search ${tag}`).check();
      await screenshots(page, "edit-product");
      await expectAccessible(page, "the edit product dialog");
      await dialog.getByRole("button", { name: "Save the product" }).click();
      await page
        .getByRole("status")
        .filter({ hasText: `Changed the product Notes for the web ${tag} (${product.slug}).` })
        .waitFor();
      const changed = await ok<Product>(ws.app, "GET", `/products/${product.id}`);
      expect(changed).toMatchObject({ name: `Notes for the web ${tag}`, description: "Notes, online." });
      // The API lists them by id, not in the order given: compared as a set.
      expect(new Set(changed.componentIds)).toEqual(new Set([sync.id, search.id]));
      // The product's table lists the component it is built from now; its headers are just the names, the
      // Edits beside them and not inside (a header is read out with every cell under it).
      const table = page.getByRole("table", { name: `Notes for the web ${tag}: components per environment` });
      await table.getByRole("rowheader", { name: `Search ${tag}`, exact: true }).waitFor();
      expect(await table.locator("th button").count()).toBe(0);

      await table.getByRole("button", { name: `Edit component Search ${tag}` }).click();
      const edit = page.getByRole("dialog", { name: "Edit component" });
      await edit.getByLabel("Name").fill(`Search index ${tag}`);
      await edit.getByLabel("Repository (optional)").fill("https://github.com/acme/search-index");
      await edit.getByRole("button", { name: "Save the component" }).click();
      await page
        .getByRole("status")
        .filter({ hasText: `Changed the component Search index ${tag} (${search.slug}).` })
        .waitFor();
      expect(await ok(ws.app, "GET", `/components/${search.id}`)).toMatchObject({
        name: `Search index ${tag}`,
        repositoryUrl: "https://github.com/acme/search-index",
      });
      expect(problems).toEqual([]);
    });

    test("an Edit saved after others changed the product changes only what it changed, ticks applied to the product as it is now", {
      timeout: 90_000,
    }, async () => {
      const tag = uniqueSlug("x");
      const loop = await make(ws.app.db, "loop", { slug: uniqueSlug("loop"), name: "Notes" });
      const component = (name: string) =>
        make(ws.app.db, "component", { slug: uniqueSlug(name.toLowerCase()), name: `${name} ${tag}` });
      const sync = await component("Sync");
      const late = await component("Late");
      const more = await component("More");
      const product = await make(ws.app.db, "product", {
        loopId: loop.id,
        slug: uniqueSlug("web"),
        name: `Notes ${tag}`,
        componentIds: [sync.id],
      });
      const { page, problems } = await ws.newPage();
      await signIn(page, ws.app.url);
      await page.goto(`${ws.app.url}/app/delivery`);
      const dialog = page.getByRole("dialog", { name: "Edit product" });
      const read = () => ok<Product>(ws.app, "GET", `/products/${product.id}`);
      const open = async () => {
        const { name } = await read();
        await page.getByRole("button", { name: `Edit product ${name}` }).click();
        await expect.poll(() => dialog.getByLabel("Name").inputValue()).toBe(name);
      };
      const save = async (said: string) => {
        await dialog.getByRole("button", { name: "Save the product" }).click();
        await page.getByRole("status").filter({ hasText: said }).waitFor();
      };

      await open();
      // Behind the open dialog's back, as `loopwork product set web --add-component late` would.
      await ok(ws.app, "PATCH", `/products/${product.id}`, {
        componentIds: [sync.id, late.id],
        description: "Written meanwhile.",
      });
      await dialog.getByLabel("Name").fill(`Renamed ${tag}`);
      await save(`Changed the product Renamed ${tag}`);
      const renamed = await read();
      expect(renamed).toMatchObject({ name: `Renamed ${tag}`, description: "Written meanwhile." });
      expect(new Set(renamed.componentIds)).toEqual(new Set([sync.id, late.id]));

      // Unticking one takes off that one from the product as it is when saved, not as it was when opened.
      await open();
      await ok(ws.app, "PATCH", `/products/${product.id}`, { componentIds: [sync.id, late.id, more.id] });
      await dialog.getByLabel(`Sync ${tag}`).uncheck();
      await save(`Changed the product Renamed ${tag}`);
      expect(new Set((await read()).componentIds)).toEqual(new Set([late.id, more.id]));
      expect(problems).toEqual([]);
    });

    test("a builder who is no owner: no Edit of the product, an Edit of its component and of one no product uses yet", {
      timeout: 90_000,
    }, async () => {
      const tag = uniqueSlug("x");
      const loop = await make(ws.app.db, "loop", { slug: uniqueSlug("loop"), name: "Notes" });
      const used = await make(ws.app.db, "component", { slug: uniqueSlug("used"), name: `Used ${tag}` });
      const spare = await make(ws.app.db, "component", { slug: uniqueSlug("spare"), name: `Spare ${tag}` });
      const product = await make(ws.app.db, "product", {
        loopId: loop.id,
        slug: uniqueSlug("web"),
        name: `Notes ${tag}`,
        componentIds: [used.id],
      });
      const builder = await member(ws.app, loop.id, "builder");
      const { page, problems } = await ws.newPage();
      await signIn(page, ws.app.url, builder.email, builder.password);
      await page.goto(`${ws.app.url}/app/delivery`);
      const table = page.getByRole("table", { name: `Notes ${tag}: components per environment` });
      await table.getByRole("button", { name: `Edit component Used ${tag}` }).waitFor();
      expect(await page.getByRole("button", { name: `Edit product Notes ${tag}` }).count()).toBe(0);

      // A component no product is built from yet is listed, with its Edit, rather than nowhere.
      const unused = page.getByRole("region", { name: "Not in any product yet" });
      await unused.getByRole("button", { name: `Edit component Spare ${tag}` }).click();
      await expectAccessible(page, "the delivery page with its Edits");
      const edit = page.getByRole("dialog", { name: "Edit component" });
      await edit.getByLabel("Repository (optional)").fill("https://github.com/acme/spare");
      await edit.getByRole("button", { name: "Save the component" }).click();
      await page
        .getByRole("status")
        .filter({ hasText: `Changed the component Spare ${tag} (${spare.slug}).` })
        .waitFor();
      expect(await ok(ws.app, "GET", `/components/${spare.id}`)).toMatchObject({
        name: `Spare ${tag}`,
        repositoryUrl: "https://github.com/acme/spare",
      });

      // What the page does not offer, the API refuses: a product is an owner's to change.
      const asBuilder = await ws.app.signIn(builder.email, builder.password);
      await ok(ws.app, "PATCH", `/products/${product.id}`, { name: "Taken over" }, 403, asBuilder);
      expect((await ok<Product>(ws.app, "GET", `/products/${product.id}`)).name).toBe(`Notes ${tag}`);
      expect(problems).toEqual([]);
    });

    test("a deployment recorded from the form keeps its pipeline run id", { timeout: 90_000 }, async () => {
      const { world } = await mergedFixOnSharedComponent(ws.app.db);
      const release = await createRelease(ws.app.db, "test", { productId: world.productA.id, name: "4.0.0" });
      const run = uniqueSlug("ci-run");
      const { page, problems } = await ws.newPage();
      await signIn(page, ws.app.url);
      // The first preview cannot be read: the form says so and offers to try again, recording waiting for it.
      await failFirstPreview(page, "/deployments/preview");
      await page.goto(`${ws.app.url}/app/delivery`);
      await page.getByRole("button", { name: "Record a deployment" }).click();
      const dialog = page.getByRole("dialog", { name: "Record a deployment" });
      await dialog.getByLabel("Release").selectOption({ label: `${world.productA.slug} 4.0.0` });
      await dialog.getByLabel("Environment").selectOption("staging");
      await dialog.getByLabel("Pipeline run id (optional)").fill(run);
      // A success anywhere runs snapback (outside production for the people pinned there): seen first.
      await dialog.getByRole("button", { name: "See what it will do" }).click();
      await dialog.getByText(/^It succeeded in staging, which is not a production environment/).waitFor();
      await dialog.getByRole("alert").filter({ hasText: "The preview could not be worked out." }).waitFor();
      expect(await dialog.getByRole("button", { name: "Record the deployment" }).isDisabled()).toBe(true);
      await dialog.getByRole("button", { name: "Try again" }).click();
      await dialog.getByRole("region", { name: "What recording it will do" }).waitFor();
      await dialog.getByRole("button", { name: "Record the deployment" }).click();
      await page.getByRole("heading", { name: `Deployment of ${world.productA.slug} 4.0.0 to staging` }).waitFor();
      await expect.poll(() => page.locator(".facts").textContent()).toContain(`Pipeline run id${run}`);
      const recorded = await ok<{ items: { externalId: string | null }[] }>(
        ws.app,
        "GET",
        `/deployments?releaseId=${release.id}`,
      );
      expect(recorded.items.map((d) => d.externalId)).toEqual([run]);
      expect(problems).toEqual([]);
    });

    /**
     * A fix live in production, and a deployment of the same release to staging with this status, where Ana
     * (pinned to staging) runs it: snapback tells her there, and a rollback takes it back from her.
     */
    const stagingDeployment = async (status: "running" | "success") => {
      const chain = await mergedFixOnSharedComponent(ws.app.db);
      const [ana] = await ws.app.db.query<{ id: string }>("select id from contacts where email = 'ana@example.com'");
      await ok(ws.app, "PATCH", `/contacts/${ana?.id}`, { environments: ["staging"] });
      const shipped = await chain.ship(chain.world.productA.id, "1.0.0");
      const staging = await ok<{ deployment: { id: string } }>(ws.app, "POST", "/deployments", {
        releaseId: shipped.deployment.releaseId,
        environment: "staging",
        status,
      });
      return staging.deployment.id;
    };

    test("rolling back a staging deployment first shows what it will take back, as in production", {
      timeout: 90_000,
    }, async () => {
      const id = await stagingDeployment("success");
      const { page, problems } = await ws.newPage();
      await signIn(page, ws.app.url);
      // The first preview cannot be read: the dialog says so and offers to try again, Roll back waiting for it.
      await failFirstPreview(page, `/deployments/${id}/preview`);
      await page.goto(`${ws.app.url}/app/deployments/${id}`);
      await page.getByRole("button", { name: "Roll back" }).click();
      const dialog = page.getByRole("dialog", { name: "Roll the deployment back" });
      await dialog.getByRole("alert").filter({ hasText: "The preview could not be worked out." }).waitFor();
      expect(await dialog.getByRole("button", { name: "Roll back" }).isDisabled()).toBe(true);
      await dialog.getByRole("button", { name: "Try again" }).click();
      const preview = dialog.getByRole("region", { name: "What rolling it back will do" });
      await expect.poll(() => preview.locator(".counts").textContent()).toContain("1 Notifications cancelled");
      // Nothing is rolled back by looking.
      expect((await ok<{ status: string }>(ws.app, "GET", `/deployments/${id}`)).status).toBe("success");
      await dialog.getByRole("button", { name: "Roll back" }).click();
      await expect.poll(() => page.locator(".facts").textContent()).toContain("rolled back");
      expect((await ok<{ status: string }>(ws.app, "GET", `/deployments/${id}`)).status).toBe("rolled_back");
      expect(problems).toEqual([]);
    });
    test("marking a staging deployment succeeded first shows whom snapback tells there, as in production", {
      timeout: 90_000,
    }, async () => {
      // Live in production; Ana runs staging, where it is deploying now.
      const id = await stagingDeployment("running");
      const { page, problems } = await ws.newPage();
      await signInBySession(page, ws.app.url);
      await page.goto(`${ws.app.url}/app/deployments/${id}`);
      await page.getByRole("button", { name: "Mark success" }).click();
      // Ana runs it in staging: marking it succeeded tells her, so what it will do is shown first.
      const dialog = page.getByRole("dialog", { name: "Mark the deployment succeeded" });
      await dialog.getByText(/^Snapback will tell 1 person/).waitFor();
      expect((await ok<{ status: string }>(ws.app, "GET", `/deployments/${id}`)).status).toBe("running");
      await dialog.getByRole("button", { name: "Mark succeeded" }).click();
      await expect
        .poll(() => page.getByRole("region", { name: "Who was told" }).textContent())
        .toContain("ana@example.com");
      expect(problems).toEqual([]);
    });
  },
);
