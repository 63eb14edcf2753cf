import type { Route } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Role } from "../../src/core/access.js";
import { createRelease } from "../../src/services/create-release.js";
import { setMembership } from "../../src/services/memberships.js";
import { inTransaction } from "../../src/services/transaction.js";
import { ok } from "../helpers/api.js";
import { make, mergedFixOnSharedComponent, uniqueSlug } from "../helpers/factories.js";
import {
  describeInBrowser,
  expectAccessible,
  screenshots,
  signInBySession,
  startWorkspace,
  type Workspace,
  waitPastRetries,
} from "./workspace.js";

/** A person with a password and a role in a loop, made as an administrator would (invite, then role). */
async function person(ws: Workspace, email: string, loopId: string, role: Role) {
  const made = await ws.app.call<{ user: { id: string }; invitation: { url: string } }>("POST", "/users", {
    email,
    name: `The ${role}`,
  });
  const path = new URL(made.body.invitation.url).pathname;
  const accepted = await ws.app.call("POST", path, { password: "correct horse battery" }, {}, "anonymous");
  expect(accepted.status).toBe(200);
  await inTransaction(ws.app.db, "test", (tx) => setMembership(tx, loopId, made.body.user.id, role));
  return { ...made.body.user, email };
}

/** A fix merged and released to production through the API: a notification waits in the outbox. */
async function shippedFix(ws: Workspace) {
  const chain = await mergedFixOnSharedComponent(ws.app.db);
  const shipped = await chain.ship(chain.world.productA.id, "1.0.0");
  return { ...chain, deploymentId: shipped.deployment.id as string };
}

describeInBrowser("delivery, timeline, people, outbox and settings in Chromium", () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await startWorkspace();
  });
  afterAll(async () => ws?.stop());

  test("a deployment recorded through the API appears live; its page shows its snapback and who was told", {
    timeout: 90_000,
  }, async () => {
    const { world } = await mergedFixOnSharedComponent(ws.app.db);
    const release = await createRelease(ws.app.db, "test", { productId: world.productA.id, name: "2.0.0" });
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/delivery`);
    await page.getByRole("heading", { name: "Products and their components" }).waitFor();
    const recorded = await ws.app.call<{ deployment: { id: string } }>("POST", "/deployments", {
      releaseId: release.id,
      environment: "production",
      status: "running",
      externalId: uniqueSlug("ci"),
    });
    expect(recorded.status).toBe(201);
    const link = page.getByRole("link", { name: `${world.productA.slug} 2.0.0` });
    await link.waitFor();
    await screenshots(page, "delivery");
    await expectAccessible(page, "the delivery page");
    await link.click();
    await page.getByRole("heading", { name: /^Deployment of/ }).waitFor();
    const counts = page.locator(".counts");
    await expect.poll(() => counts.textContent()).toContain("0 Patterns addressed");
    await page.getByRole("heading", { name: "What this release holds" }).waitFor();
    await page
      .getByText("Its snapback has not run: that happens when a deployment succeeds, and this one is running.")
      .waitFor();

    const done = await ws.app.call("PATCH", `/deployments/${recorded.body.deployment.id}`, { status: "success" });
    expect(done.status).toBe(200);
    // No reload: the live stream refreshes the page.
    await expect.poll(() => counts.textContent(), { timeout: 10_000 }).toContain("1 Patterns addressed");
    await expect.poll(() => counts.textContent()).toContain("1 Improvements completed");
    const did = page.getByRole("region", { name: "What this deployment's snapback did" });
    await expect.poll(() => did.locator(".counts").textContent()).toContain("1 Versions released");
    await expect.poll(() => did.locator(".counts").textContent()).toContain("1 Issues resolved");
    await expect.poll(() => did.locator(".counts").textContent()).toContain("1 People told");
    // What it moved on, each linked to its own page.
    const addressed = did.getByRole("link", { name: "Sync loses edits" });
    await addressed.waitFor();
    expect(await addressed.getAttribute("href")).toMatch(/\/app\/patterns\/[0-9a-f-]{36}$/);
    const told = page.getByRole("region", { name: "Who was told" });
    await expect.poll(() => told.textContent()).toContain("ana@example.com");
    await expect.poll(() => told.textContent()).toContain("Sync loses edits");
    await screenshots(page, "deployment");
    await expectAccessible(page, "a deployment's page");

    await told.getByRole("link").first().click();
    await page.getByRole("heading", { name: "Their signals" }).waitFor();
    await expect.poll(() => page.locator("main").textContent()).toContain("Edits lost");
    await expect.poll(() => page.locator(".counts").textContent()).toContain("1 fixes shipped for them");
    // The deployment that made it live for them, by name: not "deployment 01a2b3c4".
    const madeLive = page.getByRole("link", { name: `${world.productA.slug} 2.0.0 to production`, exact: true });
    await madeLive.waitFor();
    expect(await madeLive.getAttribute("href")).toBe(`/app/deployments/${recorded.body.deployment.id}`);
    await screenshots(page, "contact");
    await expectAccessible(page, "a person's page");
    await page.goto(`${ws.app.url}/app/people`);
    await page.getByLabel("Search people").fill("ana");
    await page.getByRole("link", { name: /ana/ }).first().waitFor();
    await expectAccessible(page, "the people page");
    expect(problems).toEqual([]);
  });

  test("a later deployment of a release holding the same fix shows its own snapback moved nothing on", async () => {
    const chain = await mergedFixOnSharedComponent(ws.app.db);
    const first = await chain.ship(chain.world.productA.id, "1.0.0");
    // A second release of the product holds the same version: its deployment moves nothing on.
    const second = await chain.ship(chain.world.productA.id, "1.0.1");
    expect(second.snapback).toMatchObject({ improvementsCompleted: [], patternsAddressed: [] });
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url);

    // Its own snapback's events say it moved nothing on: the fix was live already.
    await page.goto(`${ws.app.url}/app/deployments/${second.deployment.id}`);
    const did = page.getByRole("region", { name: "What this deployment's snapback did" });
    await expect.poll(() => did.locator(".counts").textContent()).toContain("0 Improvements completed");
    await expect.poll(() => did.locator(".counts").textContent()).toContain("0 Patterns addressed");
    await expect.poll(() => did.locator(".counts").textContent()).toContain("0 People told");
    await did.getByText(/^Nothing new/).waitFor();
    // Nothing listed under any step: what the release holds was moved on by the first deployment.
    expect(await did.getByRole("heading", { level: 3 }).count()).toBe(0);
    const told = page.getByRole("region", { name: "Who was told" });
    await expect.poll(() => told.textContent()).toContain("Nobody was told.");

    await page.goto(`${ws.app.url}/app/deployments/${first.deployment.id}`);
    await expect
      .poll(() => page.getByRole("region", { name: "Who was told" }).textContent())
      .toContain("ana@example.com");
    const firstDid = page.getByRole("region", { name: "What this deployment's snapback did" });
    await expect.poll(() => firstDid.locator(".counts").textContent()).toContain("1 Improvements completed");
    await expect.poll(() => firstDid.locator(".counts").textContent()).toContain("1 Versions released");
    expect(problems).toEqual([]);
  });
  test("what runs where follows deployment truth: a release run twice, then rolled back, gives way to the one before", async () => {
    const chain = await mergedFixOnSharedComponent(ws.app.db);
    const product = chain.world.productA;
    const before = await chain.ship(product.id, "1.0.0");
    const release = await createRelease(ws.app.db, "test", { productId: product.id, name: "1.1.0" });
    const deploy = (status: string) =>
      ws.app.call<{ deployment: { id: string } }>("POST", "/deployments", {
        releaseId: release.id,
        environment: "production",
        status,
      });
    expect((await deploy("success")).status).toBe(201);
    const again = await deploy("success");
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/delivery`);
    // The product's component in production links to the deployment that runs there.
    const running = () =>
      page
        .getByRole("table", { name: `${product.name}: components per environment` })
        .filter({ hasText: `(${product.slug})` })
        .getByRole("link")
        .first()
        .getAttribute("href");
    await expect.poll(running).toBe(`/app/deployments/${again.body.deployment.id}`);
    // Rolled back (no reload: the live stream refreshes the page): 1.0.0 runs again, not 1.1.0's first run.
    expect((await deploy("rolled_back")).status).toBe(200);
    await expect.poll(running, { timeout: 10_000 }).toBe(`/app/deployments/${before.deployment.id}`);
    expect(problems).toEqual([]);
  });

  test("what runs where names the component's version, however many releases and versions came after", async () => {
    const chain = await mergedFixOnSharedComponent(ws.app.db);
    const product = chain.world.productA;
    // The release is named otherwise than the version it holds: the cell must say the version.
    const shipped = await chain.ship(product.id, "spring-train");
    // 500 releases and versions made since (another product's, another component's): the newest pages
    // of both lists no longer hold what runs in production.
    const other = await make(ws.app.db, "component", { slug: uniqueSlug("busy"), name: "Busy component" });
    await ws.app.db.query(
      "insert into releases (product_id, name) select $1, 'later-' || g from generate_series(1, 500) g",
      [chain.world.productB.id],
    );
    await ws.app.db.query(
      "insert into versions (component_id, name) select $1, '9.' || g from generate_series(1, 500) g",
      [other.id],
    );
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/delivery`);
    const running = page
      .getByRole("table", { name: `${product.name}: components per environment` })
      .filter({ hasText: `(${product.slug})` })
      .getByRole("row", { name: /^Sync engine/ })
      .locator(`a[href="/app/deployments/${shipped.deployment.id}"]`);
    await expect.poll(() => running.textContent()).toBe("1.0.0");
    expect(problems).toEqual([]);
  });

  test("what runs where says a component has no version in the release that runs, never the release's name", async () => {
    const { id: loopId } = await ws.app
      .call<{ id: string }>("POST", "/loops", { slug: uniqueSlug("l"), name: "L" })
      .then((r) => r.body);
    const made = async (slug: string) =>
      (await ws.app.call<{ id: string }>("POST", "/components", { slug: uniqueSlug(slug.toLowerCase()), name: slug }))
        .body.id;
    const engine = await made("Engine");
    const editor = await made("Editor");
    const product = (
      await ws.app.call<{ id: string; slug: string }>("POST", "/products", {
        loopId,
        slug: uniqueSlug("app"),
        name: "Two parts",
        componentIds: [engine, editor],
      })
    ).body;
    // Only the engine has a version: the release holds none of the editor.
    expect((await ws.app.call("POST", "/versions", { componentId: engine, name: "2.4.1" })).status).toBe(201);
    const release = await createRelease(ws.app.db, "test", { productId: product.id, name: "2026.11.1" });
    const deployed = await ws.app.call<{ deployment: { id: string } }>("POST", "/deployments", {
      releaseId: release.id,
      environment: "production",
      status: "success",
    });
    expect(deployed.status).toBe(201);
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/delivery`);
    const table = page
      .getByRole("table", { name: "Two parts: components per environment" })
      .filter({ hasText: `(${product.slug})` });
    const production = (component: string) =>
      table
        .getByRole("row", { name: new RegExp(`^${component}`) })
        .getByRole("cell")
        .nth(1)
        .textContent();
    await expect.poll(() => production("Engine")).toBe("2.4.1");
    await expect.poll(() => production("Editor")).toBe("no version in 2026.11.1");
    expect(problems).toEqual([]);
  });

  test("home counts only the people a deployment still told after its rollback, and a release's one version", async () => {
    const chain = await mergedFixOnSharedComponent(ws.app.db);
    const name = uniqueSlug("r");
    const shipped = await chain.ship(chain.world.productA.id, name);
    // No worker here: the notification waits, and the rollback cancels it before anyone is told.
    const back = await ws.app.call<{ snapback: { notificationsCancelled: number } }>(
      "PATCH",
      `/deployments/${shipped.deployment.id}`,
      { status: "rolled_back" },
    );
    expect(back.body.snapback.notificationsCancelled).toBe(1);
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/`);
    const deployed = page
      .getByRole("region", { name: "Deployments per environment" })
      .getByRole("listitem")
      .filter({ hasText: name });
    await expect.poll(() => deployed.textContent()).toContain("snapback told 0 people");
    const released = page
      .getByRole("region", { name: "Last releases" })
      .getByRole("listitem")
      .filter({ hasText: name });
    await expect.poll(() => released.textContent()).toMatch(/1 version ·/);
    expect(problems).toEqual([]);
  });

  test("the Releases table names each release's versions, however many versions came after them", async () => {
    const chain = await mergedFixOnSharedComponent(ws.app.db);
    const product = chain.world.productA;
    const release = await createRelease(ws.app.db, "test", { productId: product.id, name: uniqueSlug("r") });
    // 500 versions of another component made since: the newest page of versions no longer holds the release's.
    const other = await make(ws.app.db, "component", { slug: uniqueSlug("busy"), name: "Busy component" });
    await ws.app.db.query(
      "insert into versions (component_id, name) select $1, '8.' || g from generate_series(1, 500) g",
      [other.id],
    );
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/delivery`);
    const row = page
      .getByRole("row")
      .filter({ has: page.getByRole("link", { name: release.name as string, exact: true }) });
    await expect.poll(() => row.getByRole("cell").nth(2).textContent()).toMatch(/@1\.0\.0/);
    expect(problems).toEqual([]);
  });

  test("a deployment still running shows no finished time, nor does a failed one started again", async () => {
    const { world } = await mergedFixOnSharedComponent(ws.app.db);
    const canary = uniqueSlug("canary");
    expect((await ws.app.call("POST", "/environments", { name: canary, production: false })).status).toBe(201);
    const deploy = async (name: string, status: string) => {
      const release = await createRelease(ws.app.db, "test", { productId: world.productA.id, name });
      const made = await ws.app.call<{ deployment: { id: string } }>("POST", "/deployments", {
        releaseId: release.id,
        environment: canary,
        status,
      });
      expect(made.status).toBe(201);
      return made.body.deployment.id;
    };
    await deploy("3.0.0", "running");
    // Failed (its finish stamped), then run again: it is running, whatever time it failed at.
    const rerun = await deploy("3.0.1", "failed");
    expect((await ws.app.call("PATCH", `/deployments/${rerun}`, { status: "running" })).status).toBe(200);
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/delivery`);
    const finished = (release: string) =>
      page
        .getByRole("table", { name: `Deployments to ${canary}` })
        .getByRole("row")
        .filter({ has: page.getByRole("link", { name: `${world.productA.slug} ${release}`, exact: true }) })
        .getByRole("cell")
        .nth(3)
        .textContent();
    await expect.poll(() => finished("3.0.0")).toBe("still running");
    await expect.poll(() => finished("3.0.1")).toBe("still running");
    await page.goto(`${ws.app.url}/app/deployments/${rerun}`);
    const facts = page.locator(".facts");
    await expect.poll(() => facts.textContent()).toContain("Finishedstill running");
    // The release's page says the same of where it was deployed.
    const releaseId = (
      await ws.app.db.query<{ release_id: string }>("select release_id from deployments where id = $1", [rerun])
    )[0]?.release_id;
    await page.goto(`${ws.app.url}/app/releases/${releaseId}`);
    const where = page.getByRole("region", { name: "Where it was deployed" }).getByRole("listitem");
    await expect.poll(() => where.textContent()).toContain("still running");
    expect(problems).toEqual([]);
  });

  test("the deployment page says so when what decides its snapback section cannot be loaded", async () => {
    const chain = await mergedFixOnSharedComponent(ws.app.db);
    await chain.ship(chain.world.productA.id, "1.0.0");
    // A later deployment of the same fix moves nothing on: only its environment says its snapback ran.
    const later = await chain.ship(chain.world.productA.id, "1.0.1");
    // Outside production a snapback moves on only what people pinned there get: only its events say.
    const staging = uniqueSlug("staging");
    expect((await ws.app.call("POST", "/environments", { name: staging, production: false })).status).toBe(201);
    const release = await createRelease(ws.app.db, "test", { productId: chain.world.productA.id, name: "1.0.2" });
    const quiet = await ws.app.call<{ deployment: { id: string } }>("POST", "/deployments", {
      releaseId: release.id,
      environment: staging,
      status: "success",
    });
    expect(quiet.status).toBe(201);
    const failing = (message: string) => (route: Route) =>
      route.fulfill({
        status: 500,
        contentType: "application/json",
        body: JSON.stringify({ error: { code: "internal_error", message } }),
      });
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url);
    // The failed reads are tried again before the page says so: its clock is moved past those waits.
    await page.clock.install();
    const saysSo = (message: string) => waitPastRetries(page, page.getByRole("alert").filter({ hasText: message }));

    const environments = (url: URL) => url.pathname === "/environments";
    await page.route(environments, failing("The environments could not be read."));
    await page.goto(`${ws.app.url}/app/deployments/${later.deployment.id}`);
    await saysSo("The environments could not be read.");
    await page.unroute(environments);

    const snapback = (url: URL) => url.pathname === "/timeline" && url.searchParams.has("deploymentId");
    await page.route(snapback, failing("The snapback's events could not be read."));
    await page.goto(`${ws.app.url}/app/deployments/${quiet.body.deployment.id}`);
    await saysSo("The snapback's events could not be read.");
    expect(problems).toEqual([]);
  });

  test("the outbox's tab is in its URL: a reload, a link and Back show the same deliveries", async () => {
    const { deploymentId } = await shippedFix(ws);
    await ws.app.db.query(
      `update outbox set status = 'dead', last_error = 'Refused for the tab test'
        where notification_id in (select id from notifications where deployment_id = $1)`,
      [deploymentId],
    );
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/outbox`);
    const tabs = page.getByRole("navigation", { name: "Deliveries by status" });
    const current = () => tabs.locator('[aria-current="page"]').allTextContents();
    await expect.poll(current).toEqual(["All"]);
    await tabs.getByRole("link", { name: "Dead letters" }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("status")).toBe("dead");
    await expect.poll(current).toEqual(["Dead letters"]);
    // Before, the tab was the page's memory only: a reload (or its link, /app/outbox#dead) showed All.
    await page.reload();
    await expect.poll(() => page.locator("main").textContent()).toContain("Refused for the tab test");
    await expect.poll(current).toEqual(["Dead letters"]);
    expect(await page.getByRole("row").filter({ hasText: "delivered" }).count()).toBe(0);
    await page.goBack();
    await expect.poll(current).toEqual(["All"]);
    // Not a dead letter for the next test to find.
    await ws.app.db.query(
      `update outbox set status = 'cancelled'
        where notification_id in (select id from notifications where deployment_id = $1)`,
      [deploymentId],
    );
    expect(problems).toEqual([]);
  });

  test("a dead letter is sent again from the outbox; a deployment is rolled back from its page", async () => {
    const { deploymentId } = await shippedFix(ws);
    const [row] = await ws.app.db.query<{ id: string }>(
      `update outbox set status = 'dead', last_error = 'Gave up after 14 attempts over 24 h: 550 mailbox unavailable'
        where notification_id in (select id from notifications where deployment_id = $1) returning id`,
      [deploymentId],
    );
    expect(row).toBeDefined();
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/outbox`);
    await page.getByRole("link", { name: "Dead letters" }).click();
    await expect.poll(() => page.locator("main").textContent()).toContain("550 mailbox unavailable");
    await screenshots(page, "outbox");
    await expectAccessible(page, "the outbox");
    await page.getByRole("button", { name: /^Retry the delivery/ }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByRole("button", { name: /^Retry the delivery/ }).count()).toBe(0);
    // The row leaves the dead letters: the page says what happened, and the keyboard's place is kept there.
    const said = page.getByRole("status").filter({ hasText: /^Sent again to ana@example\.com/ });
    await said.waitFor();
    await expect.poll(() => said.evaluate((el) => el === document.activeElement)).toBe(true);
    const [after] = await ws.app.db.query<{ status: string }>("select status from outbox where id = $1", [row?.id]);
    expect(after?.status).toBe("pending");

    await page.goto(`${ws.app.url}/app/deployments/${deploymentId}`);
    await page.getByRole("button", { name: "Roll back" }).click();
    // In production, what the rollback will take back first: its pattern reopens, its unsent notification is cancelled.
    const confirm = page.getByRole("dialog", { name: "Roll the deployment back" });
    await confirm
      .getByText(
        "What only this deployment made live is taken back: 1 pattern reopens, 1 notification not sent yet is cancelled.",
      )
      .waitFor();
    await screenshots(page, "rollback-preview");
    await expectAccessible(page, "a rollback's preview");
    await confirm.getByRole("button", { name: "Roll back" }).click();
    await expect.poll(() => page.locator(".facts").textContent()).toContain("rolled back");
    await page.getByText(/^Rolled back/).waitFor();
    // Rolled back: what its snapback did was taken back, so the page shows what the release holds now.
    await page.getByRole("heading", { name: "What this release holds" }).waitFor();
    await page.getByText(/^This deployment was rolled back, so what its snapback did was taken back/).waitFor();
    // Where what it holds stands now: its pattern reopened.
    const holds = page.getByRole("region", { name: "What this release holds" });
    await expect.poll(() => holds.locator(".counts").textContent()).toContain("0 Patterns addressed");
    await expect
      .poll(() => holds.getByRole("listitem").filter({ hasText: "Sync loses edits" }).textContent())
      .toContain("open");
    const [stored] = await ws.app.db.query<{ status: string }>("select status from deployments where id = $1", [
      deploymentId,
    ]);
    expect(stored?.status).toBe("rolled_back");
    expect(problems).toEqual([]);
  });

  test("the timeline shows a new event at the top without a reload, and filters by entity", async () => {
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/timeline`);
    await page.getByRole("region", { name: "Timeline events" }).waitFor();
    const rows = page.locator(".virtual-row");
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    const loop = await make(ws.app.db, "loop", { slug: uniqueSlug("live"), name: "Loop made while watching" });
    await expect.poll(() => rows.first().textContent(), { timeout: 10_000 }).toContain("Loop made while watching");
    await page.getByRole("combobox", { name: /^Entity/ }).selectOption("loop");
    await expect
      .poll(async () => {
        const texts = await rows.allTextContents();
        return texts.length > 0 && texts.every((t) => t.includes("Loop "));
      })
      .toBe(true);
    await page.getByLabel("Entity id").fill(loop.id as string);
    await expect.poll(() => rows.count()).toBe(1);
    // Named as people know it, not by its id.
    await rows.first().getByRole("link", { name: "Loop Loop made while watching", exact: true }).waitFor();
    // People are offered by name and filtered by the actor id the API records.
    const actor = page.getByRole("combobox", { name: /^Actor/ });
    await actor.selectOption({ label: "Admin" });
    expect(await actor.inputValue()).toBe(`user:${ws.app.admin?.id}`);
    await screenshots(page, "timeline");
    await expectAccessible(page, "the timeline");
    expect(problems).toEqual([]);
  });

  test("the timeline names an API token as the person knows it, and writes times in a change's details as the page does", async () => {
    // The API token of ws.app.call ("tests") makes the loop; another token is made and revoked.
    const slug = uniqueSlug("by-token");
    await ok(ws.app, "POST", "/loops", { slug, name: "Loop made by a token" });
    const made = await ok(ws.app, "POST", "/tokens", { name: "ci of web", scope: "read" });
    await ok(ws.app, "DELETE", `/tokens/${made.id}`);
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/timeline`);
    const rows = page.getByRole("region", { name: "Timeline events" }).locator(".virtual-row");
    const byToken = rows.filter({ hasText: "Loop made by a token" });
    await expect.poll(() => byToken.first().textContent()).toContain("API token “tests”");
    expect(await byToken.first().textContent()).not.toContain("token:");
    const revoked = rows.filter({ hasText: "revoked" }).first();
    await revoked.waitFor();
    const text = (await revoked.textContent()) ?? "";
    expect(text).toMatch(/revoked at: /);
    expect(text).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:/);
    // The actor filter offers the token by the same name.
    await page.getByRole("combobox", { name: /^Actor/ }).selectOption({ label: "API token “tests”" });
    // Filtered: every row shown is the token's (the rows were there before the filter too).
    await expect.poll(() => rows.filter({ hasNotText: "API token “tests”" }).count()).toBe(0);
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  test("timeline entries are named and link where the workspace shows them: a channel, a loop, an issue, a product, a user", async () => {
    const { world, issue, pattern } = await mergedFixOnSharedComponent(ws.app.db);
    // Newer channels come first in settings: the one named is further down, and scrolled to.
    for (let i = 0; i < 6; i++) {
      await make(ws.app.db, "channel", {
        loopId: world.loop.id,
        slug: uniqueSlug("site"),
        name: `Site ${i}`,
        kind: "widget",
        config: { widgetOrigins: ["https://shop.example.com"] },
      });
    }
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url);
    // Each named as people know it (a title in quotes, a name), never by its id.
    const follow = async (type: string, id: string, name: string) => {
      await page.goto(`${ws.app.url}/app/timeline`);
      await page.getByRole("combobox", { name: /^Entity/ }).selectOption(type);
      await page.getByLabel("Entity id").fill(id);
      await page
        .getByRole("region", { name: "Timeline events" })
        .getByRole("link", { name, exact: true })
        .first()
        .click();
    };
    await follow("pattern", pattern.id as string, "Pattern “Sync loses edits”");
    await page.waitForURL(`${ws.app.url}/app/patterns/${pattern.id}`);
    await page.getByRole("heading", { name: "Sync loses edits" }).first().waitFor();

    const channelId = world.channel.id as string;
    await follow("channel", channelId, "Channel Support");
    await page.waitForURL(`${ws.app.url}/app/settings?section=channels#channel-${channelId}`);
    const card = page.locator(`#channel-${channelId}`);
    await expect.poll(() => card.textContent()).toContain("Support");
    const inView = () =>
      card.evaluate((heading) => {
        const box = heading.getBoundingClientRect();
        return box.top >= 0 && box.bottom <= window.innerHeight;
      });
    await expect.poll(inView).toBe(true);

    await follow("loop", world.loop.id as string, "Loop Core");
    await page.waitForURL(`${ws.app.url}/app/settings?section=loops`);
    await page.getByRole("cell", { name: world.loop.slug as string, exact: true }).waitFor();

    // An issue has no page of its own: its trace.
    await follow("issue", issue.id as string, "Issue “Merge”");
    await page.getByRole("heading", { name: "Trace of issue “Merge”" }).waitFor();

    // A product: the delivery screen, with what it is built from.
    await follow("product", world.productA.id as string, "Product Web");
    await page.waitForURL(`${ws.app.url}/app/delivery`);
    await page
      .getByRole("table", { name: `${world.productA.name}: components per environment` })
      .filter({ hasText: `(${world.productA.slug})` })
      .waitFor();

    // A user: the users in settings.
    const [user] = await ws.app.db.query<{ entity_id: string; name: string }>(
      `select e.entity_id, u.name from timeline_events e join users u on u.id::text = e.entity_id
        where e.entity_type = 'user' order by e.id desc limit 1`,
    );
    await follow("user", user?.entity_id ?? "", `User ${user?.name}`);
    await page.waitForURL(`${ws.app.url}/app/settings?section=users`);
    expect(problems).toEqual([]);
  });

  test("settings make an API token and show its secret once; every section passes axe", async () => {
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/settings?section=tokens`);
    await page.getByLabel("Token name").fill("ci pipeline");
    await page.getByRole("button", { name: "Make the token" }).click();
    const secret = page.locator(".secret");
    await expect.poll(() => secret.textContent()).toMatch(/^lw_/);
    const token = (await secret.textContent()) ?? "";
    const session = await fetch(`${ws.app.url}/session`, { headers: { authorization: `Bearer ${token}` } });
    expect(session.status).toBe(200);
    await screenshots(page, "settings-tokens");
    await page.getByRole("button", { name: "I have copied it" }).click();
    await expect.poll(() => secret.count()).toBe(0);
    await page.reload();
    await page.getByRole("cell", { name: "ci pipeline", exact: true }).waitFor();
    expect(await secret.count()).toBe(0);
    expect(await page.locator("main").textContent()).not.toContain(token);
    await expectAccessible(page, "the API tokens");
    for (const section of ["loops", "members", "channels", "environments", "users"]) {
      await page.goto(`${ws.app.url}/app/settings?section=${section}`);
      await page.locator("main table, main form, main .muted").first().waitFor();
      await screenshots(page, `settings-${section}`);
      await expectAccessible(page, `settings: ${section}`);
    }
    expect(problems).toEqual([]);
  });

  test("a person's page emails them a link to their own view as the builder, and says what it did", async () => {
    const { world } = await shippedFix(ws);
    const builder = await person(ws, `${uniqueSlug("builder")}@team.example`, world.loop.id, "builder");
    const [ana] = await ws.app.db.query<{ id: string }>("select id from contacts where email = 'ana@example.com'");
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url, builder.email);
    await page.goto(`${ws.app.url}/app/people/${ana?.id}`);
    const send = page.getByRole("button", { name: "Email them a link to their own view" });
    await send.click();
    await page
      .getByRole("status")
      .filter({ hasText: /^A link to their own view is on its way to ana@example\.com/ })
      .waitFor();
    const [queued] = await ws.app.db.query<{ n: number }>(
      "select count(*)::int as n from outbox where kind = 'customer_link' and payload->>'contactId' = $1",
      [ana?.id],
    );
    expect(queued?.n).toBe(1);
    // The timeline names the builder who sent it, not "anonymous" (the customers' own route).
    const events = await ws.app.call<{ items: { actor: string; verb: string }[] }>(
      "GET",
      `/timeline?entityType=contact&entityId=${ana?.id}`,
    );
    expect(events.body.items.filter((e) => e.verb === "customer_link_requested").map((e) => e.actor)).toEqual([
      `user:${builder.id}`,
    ]);
    await expectAccessible(page, "a person's page after sending their link");
    // Again at once: nothing more is sent, and the page says when the last one went.
    await send.click();
    await page
      .getByRole("status")
      .filter({ hasText: /^A link to their own view went to ana@example\.com at .+: one such email every 10 minutes/ })
      .waitFor();
    expect(problems).toEqual([]);
  });

  test("a loop is renamed in settings with Enter, and the page says it was", async () => {
    const { world } = await shippedFix(ws);
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/settings?section=loops`);
    const name = page.getByLabel(`Name of the loop ${world.loop.slug}`);
    await name.fill("Renamed by Enter");
    await name.press("Enter");
    await page
      .getByRole("status")
      .filter({ hasText: `Renamed ${world.loop.slug} to “Renamed by Enter”.` })
      .waitFor();
    const loop = await ws.app.call<{ name: string }>("GET", `/loops/${world.loop.id}`);
    expect(loop.body.name).toBe("Renamed by Enter");
    await expect.poll(() => name.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(problems).toEqual([]);
  });

  test("a loop's name cleared in settings comes back when the field is left, and Escape takes a typed name back", async () => {
    const { world } = await shippedFix(ws);
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/settings?section=loops`);
    const name = page.getByLabel(`Name of the loop ${world.loop.slug}`);
    const before = await name.inputValue();
    await name.fill("");
    await name.press("Tab");
    // Before, the field stayed blank: the loop kept its name, and nothing said so.
    await expect.poll(() => name.inputValue()).toBe(before);
    await name.fill("Typed, then thought better of");
    await name.press("Escape");
    expect(await name.inputValue()).toBe(before);
    await name.press("Tab");
    await page.waitForLoadState("networkidle");
    const loop = await ws.app.call<{ name: string }>("GET", `/loops/${world.loop.id}`);
    expect(loop.body.name).toBe(before);
    expect(problems).toEqual([]);
  });

  test("a viewer sees no edit controls on these screens", async () => {
    const { world, deploymentId } = await shippedFix(ws);
    await make(ws.app.db, "channel", {
      loopId: world.loop.id,
      slug: uniqueSlug("widget"),
      name: "Site feedback",
      kind: "widget",
      config: { widgetOrigins: ["https://shop.example.com"] },
    });
    await ws.app.db.query(
      `update outbox set status = 'dead', last_error = 'refused'
        where notification_id in (select id from notifications where deployment_id = $1)`,
      [deploymentId],
    );
    const email = `${uniqueSlug("viewer")}@loopwork.test`;
    await person(ws, email, world.loop.id as string, "viewer");
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url, email);
    const controls = page.locator("main button, main input:not([type=search]), main select, main textarea");
    const check = async (path: string, ready: string, allowed = 0) => {
      await page.goto(`${ws.app.url}/app/${path}`);
      await page.locator("main").getByText(ready).first().waitFor({ timeout: 5000 });
      expect(await controls.count(), path).toBe(allowed);
    };
    await check(`deployments/${deploymentId}`, "Who was told");
    await check("settings?section=loops", world.loop.slug as string);
    await check("settings?section=channels", "Site feedback");
    await check("settings?section=environments", "production");
    await check("settings?section=users", "Administrator");
    // The members section's loop picker chooses what to show, and changes nothing.
    await check("settings?section=members", "The viewer", 1);
    await page.goto(`${ws.app.url}/app/outbox`);
    await page.getByRole("link", { name: "Dead letters" }).click();
    await page.getByRole("link", { name: "Sync loses edits" }).first().waitFor();
    expect(await page.getByRole("button", { name: /Retry/ }).count()).toBe(0);
    await screenshots(page, "outbox-viewer");
    expect(problems).toEqual([]);
  });
});
