import { afterAll, beforeAll, expect, test } from "vitest";
import { ok } from "../helpers/api.js";
import { mergedFixOnSharedComponent, uniqueSlug } from "../helpers/factories.js";
import {
  describeInBrowser,
  expectAccessible,
  screenshots,
  signInBySession,
  startWorkspace,
  type Workspace,
} from "./workspace.js";
import { member } from "./world.js";

describeInBrowser("the steps of delivery, taken from the workspace in Chromium", () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await startWorkspace();
  });
  afterAll(async () => ws?.stop());

  test("a builder cuts a version and a release, sees what a production deployment will do, records it, and snapback tells people", {
    timeout: 90_000,
  }, async () => {
    const { world, pattern, status } = await mergedFixOnSharedComponent(ws.app.db);
    const product = world.productA;
    const builder = await member(ws.app, world.loop.id as string, "builder");
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url, builder.email, builder.password);
    await page.goto(`${ws.app.url}/app/delivery`);
    await page.getByRole("heading", { name: "Products and their components" }).waitFor();
    // A product is an owner's to make: a builder is not offered it.
    await page.getByRole("button", { name: "New component" }).waitFor();
    expect(await page.getByRole("button", { name: "New product" }).count()).toBe(0);

    // A version cut with no merged pull request waiting says it ships no fix.
    await page.getByRole("button", { name: "New version" }).click();
    const versionDialog = page.getByRole("dialog", { name: "New version" });
    await versionDialog.getByLabel("Component").selectOption({ label: `Sync engine (${world.component.slug})` });
    await versionDialog.getByLabel("Version name").fill("1.0.1");
    await versionDialog.getByRole("button", { name: "Make the version" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `Made the version ${world.component.slug}@1.0.1 with no pull request` })
      .waitFor();

    // The release holds the version with the fix, chosen over the newest.
    await page.getByRole("button", { name: "New release" }).click();
    const releaseDialog = page.getByRole("dialog", { name: "New release" });
    await releaseDialog.getByLabel("Product").selectOption({ label: `Web (${product.slug})` });
    await releaseDialog.getByLabel("Release name").fill("2026.11");
    const version = releaseDialog.getByLabel("Version of Sync engine");
    await expect.poll(() => version.locator("option:checked").textContent()).toBe("1.0.1");
    await version.selectOption({ label: "1.0.0" });
    await releaseDialog.getByRole("button", { name: "Make the release" }).click();
    await page.getByRole("heading", { name: "Release 2026.11" }).waitFor();
    await expect.poll(() => page.getByRole("region", { name: "Versions" }).textContent()).toContain("1.0.0");

    // Before recording a production deployment: what it will do, and whom snapback tells.
    await page.getByRole("button", { name: "Record a deployment" }).click();
    const deployDialog = page.getByRole("dialog", { name: "Record a deployment" });
    await deployDialog.getByLabel("Environment").selectOption("production");
    await deployDialog.getByRole("button", { name: "See what it will do" }).click();
    await deployDialog.getByRole("heading", { name: `Deploy ${product.slug} 2026.11 to production` }).waitFor();
    const preview = deployDialog.getByRole("region", { name: "What recording it will do" });
    await expect.poll(() => preview.locator(".counts").textContent()).toContain("1 Patterns addressed");
    await expect.poll(() => preview.locator(".counts").textContent()).toContain("1 People told");
    await preview
      .getByText(/^Snapback will tell 1 person in the thread of their own report that their fix is live/)
      .waitFor();
    await preview.getByRole("link", { name: "Sync loses edits" }).waitFor();
    // Nothing is recorded by looking.
    expect(await status("pattern", pattern.id)).toBe("open");
    await screenshots(page, "deployment-preview");
    await expectAccessible(page, "a production deployment's preview");

    await deployDialog.getByRole("button", { name: "Record the deployment" }).click();
    await page.getByRole("heading", { name: `Deployment of ${product.slug} 2026.11 to production` }).waitFor();
    // The product by its name, as the release's page says it: before, only its slug.
    await expect.poll(() => page.locator(".facts").textContent()).toContain(`Product${product.name} (${product.slug})`);
    const did = page.getByRole("region", { name: "What this deployment's snapback did" });
    await expect.poll(() => did.locator(".counts").textContent()).toContain("1 Patterns addressed");
    await expect.poll(() => did.locator(".counts").textContent()).toContain("1 People told");
    await expect
      .poll(() => page.getByRole("region", { name: "Who was told" }).textContent())
      .toContain("ana@example.com");
    expect(await status("pattern", pattern.id)).toBe("addressed");
    expect(problems).toEqual([]);
  });

  test("a pending production deployment marked succeeded from its page shows what it will do first", async () => {
    const { world, pattern, status } = await mergedFixOnSharedComponent(ws.app.db);
    const release = await ok(ws.app, "POST", "/releases", { productId: world.productA.id, name: "3.0.0" });
    const recorded = await ok<{ deployment: { id: string } }>(ws.app, "POST", "/deployments", {
      releaseId: release.id,
      environment: "production",
      status: "running",
    });
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/deployments/${recorded.deployment.id}`);
    await page.getByRole("button", { name: "Mark success" }).click();
    const dialog = page.getByRole("dialog", { name: "Mark the deployment succeeded" });
    await dialog.getByText(/^Snapback will tell 1 person/).waitFor();
    expect(await status("pattern", pattern.id)).toBe("open");
    await dialog.getByRole("button", { name: "Mark succeeded" }).click();
    await expect.poll(() => page.locator(".facts").textContent()).toContain("success");
    await expect
      .poll(() => page.getByRole("region", { name: "Who was told" }).textContent())
      .toContain("ana@example.com");
    expect(await status("pattern", pattern.id)).toBe("addressed");
    expect(problems).toEqual([]);
  });

  test("a viewer is offered none of these steps; a refused step shows the API's reason", async () => {
    const { world } = await mergedFixOnSharedComponent(ws.app.db);
    const release = await ok(ws.app, "POST", "/releases", { productId: world.productA.id, name: "1.0.0" });
    const viewer = await member(ws.app, world.loop.id as string, "viewer");
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url, viewer.email, viewer.password);
    const controls = page.locator("main button, main input:not([type=search]), main select, main textarea");
    await page.goto(`${ws.app.url}/app/delivery`);
    await page.getByRole("heading", { name: "Products and their components" }).waitFor();
    await page.waitForLoadState("networkidle");
    expect(await controls.count()).toBe(0);
    await page.goto(`${ws.app.url}/app/releases/${release.id}`);
    await page.getByRole("heading", { name: "Where it was deployed" }).waitFor();
    await page.waitForLoadState("networkidle");
    expect(await controls.count()).toBe(0);

    // A builder made a viewer while the form is open: the API refuses, and the dialog says why (and stays open).
    const builder = await member(ws.app, world.loop.id as string, "builder");
    const asBuilder = await ws.newPage();
    await signInBySession(asBuilder.page, ws.app.url, builder.email, builder.password);
    await asBuilder.page.goto(`${ws.app.url}/app/releases/${release.id}`);
    await asBuilder.page.getByRole("button", { name: "Record a deployment" }).click();
    const dialog = asBuilder.page.getByRole("dialog", { name: "Record a deployment" });
    await dialog.getByLabel("Environment").selectOption("staging");
    await ok(ws.app, "PUT", `/loops/${world.loop.id}/members/${builder.id}`, { role: "viewer" });
    // A success runs snapback even in staging (for the people pinned there): its preview is refused first.
    await dialog.getByRole("button", { name: "See what it will do" }).click();
    await dialog
      .getByRole("alert")
      .filter({ hasText: "POST /deployments/preview is for a builder of a loop (a write token)." })
      .waitFor();
    expect(problems).toEqual([]);
    expect(asBuilder.problems).toEqual([]);
  });

  test("an administrator makes a product and a component; the forms fit a phone and pass axe in the dark", async () => {
    const { world } = await mergedFixOnSharedComponent(ws.app.db);
    const { page, problems } = await ws.newPage("dark");
    await page.setViewportSize({ width: 375, height: 740 });
    await signInBySession(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/delivery`);
    await page.getByRole("heading", { name: "Products and their components" }).waitFor();
    const wide = () => page.evaluate(() => document.scrollingElement?.scrollWidth ?? 0);

    const slug = uniqueSlug("ledger");
    await page.getByRole("button", { name: "New component" }).click();
    const componentDialog = page.getByRole("dialog", { name: "New component" });
    await componentDialog.getByLabel("Name").fill("Ledger");
    await componentDialog.getByLabel("Slug").fill(slug);
    await expectAccessible(page, "the new component form");
    const box = await componentDialog.boundingBox();
    expect(box && box.x + box.width).toBeLessThanOrEqual(375);
    await componentDialog.getByRole("button", { name: "Make the component" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `Made the component Ledger (${slug}).` })
      .waitFor();

    // The same slug again: the API refuses it, and the form says so.
    await page.getByRole("button", { name: "New component" }).click();
    await componentDialog.getByLabel("Name").fill("Ledger again");
    await componentDialog.getByLabel("Slug").fill(slug);
    await componentDialog.getByRole("button", { name: "Make the component" }).click();
    await componentDialog.getByRole("alert").waitFor();
    await componentDialog.getByRole("button", { name: "Cancel" }).click();

    const productSlug = uniqueSlug("books");
    await page.getByRole("button", { name: "New product" }).click();
    const productDialog = page.getByRole("dialog", { name: "New product" });
    await productDialog.getByLabel("Loop").selectOption({ label: world.loop.name as string });
    await productDialog.getByLabel("Name").fill("Books");
    await productDialog.getByLabel("Slug").fill(productSlug);
    await productDialog.getByRole("checkbox", { name: `Ledger (${slug})` }).check();
    await screenshots(page, "new-product");
    await productDialog.getByRole("button", { name: "Make the product" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `Made the product Books (${productSlug}).` })
      .waitFor();
    const table = page.getByRole("table", { name: "Books: components per environment" });
    await expect.poll(() => table.textContent()).toContain("Ledger");
    expect(await wide()).toBeLessThanOrEqual(376);
    await screenshots(page, "delivery-phone");
    await expectAccessible(page, "the delivery page with its actions");
    expect(problems).toEqual([]);
  });
});
