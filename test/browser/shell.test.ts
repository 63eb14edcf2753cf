import { afterAll, beforeAll, expect, test } from "vitest";
import { createRelease } from "../../src/services/create-release.js";
import { createVersion } from "../../src/services/create-version.js";
import { recordDeployment } from "../../src/services/record-deployment.js";
import { loopWithChannel, ok, signal } from "../helpers/api.js";
import { make, uniqueSlug } from "../helpers/factories.js";
import {
  describeInBrowser,
  expectAccessible,
  screenshots,
  signIn,
  signInBySession,
  startWorkspace,
  type Workspace,
} from "./workspace.js";

describeInBrowser("the workspace's shell in Chromium", () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await startWorkspace();
  });
  afterAll(async () => ws?.stop());

  test("the root URL opens the sign-in page, and signing in lands on the loop's home under /app/", async () => {
    const { page, problems } = await ws.newPage();
    await page.goto(`${ws.app.url}/`);
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/app/sign-in");
    await screenshots(page, "sign-in");
    await expectAccessible(page, "the sign-in page");
    await page.getByLabel("Email").fill("admin@loopwork.test");
    await page.getByLabel("Password").fill("wrong password here");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toMatch(/email or the password is not right/i);
    await signIn(page, ws.app.url);
    expect(new URL(page.url()).pathname).toBe("/app/");
    expect(problems).toEqual([]);
  });

  test("a URL with no page says so in one card, its text right under its heading, with a way home", async () => {
    const { page, problems } = await ws.newPage();
    await signIn(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/knowledge`);
    const heading = page.getByRole("heading", { level: 1, name: "Not found" });
    await heading.waitFor();
    const text = page.getByText("There is no page here.");
    const [top, below] = [await heading.boundingBox(), await text.boundingBox()];
    // Together, as any card's heading and text are: not two rows of the window, hundreds of pixels apart.
    expect(below && top && below.y - (top.y + top.height)).toBeLessThan(40);
    await expectAccessible(page, "the page for a URL with no page");
    await page.getByRole("link", { name: "Go to the workspace's home" }).click();
    await page.getByRole("heading", { name: /^Home/ }).waitFor();
    expect(problems).toEqual([]);
  });

  test("a detail page says the same not-found for an unknown id and for one that is no id at all", async () => {
    const { page } = await ws.newPage();
    await signIn(page, ws.app.url);
    const unknown = "01a2256b-74a5-76fa-aedc-836889c2382e";
    const pages: [string, string][] = [
      ["signals", "signal"],
      ["patterns", "pattern"],
      ["improvements", "improvement"],
      ["people", "person"],
      ["releases", "release"],
      ["deployments", "deployment"],
      ["trace/signal", "signal"],
    ];
    for (const [path, what] of pages) {
      const seen: string[] = [];
      for (const id of [unknown, "nope"]) {
        await page.goto(`${ws.app.url}/app/${path}/${id}`);
        await page.getByRole("heading", { level: 1, name: `No such ${what}` }).waitFor();
        const text = (await page.locator("main").textContent()) ?? "";
        expect(text).toContain(`There is no ${what} with the id “${id}”`);
        expect(text).not.toMatch(/Invalid UUID|params\./);
        seen.push(text.replace(id, "<id>"));
      }
      expect(seen[1], path).toBe(seen[0]);
    }
    await screenshots(page, "detail-not-found");
    await expectAccessible(page, "a detail page of an id that is none");
    await page.getByRole("link", { name: "Go to the workspace's home" }).click();
    await page.getByRole("heading", { name: /^Home/ }).waitFor();
  });

  test("a deep link survives a reload, the navigation uses the loop's words, and sign-out ends the session", async () => {
    const { page, problems } = await ws.newPage();
    await signIn(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/outbox`);
    await page.getByRole("heading", { name: "Outbox" }).waitFor();
    const nav = page.getByRole("navigation", { name: "Workspace" });
    for (const word of [
      "Home",
      "Triage",
      "Knowledge base",
      "Improvements",
      "Delivery",
      "Trace",
      "Timeline",
      "People",
      "Outbox",
      "Settings",
    ]) {
      await expect.poll(() => nav.getByRole("link", { name: word }).count()).toBe(1);
    }
    await nav.getByRole("link", { name: "Knowledge base" }).click();
    await page.getByRole("heading", { name: "Knowledge base" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/app/patterns");
    // A session that ends elsewhere (expired, revoked): the next request answers 401, and the page asks to sign in.
    await page.context().clearCookies();
    await nav.getByRole("link", { name: "Triage" }).click();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    expect(new URL(page.url()).searchParams.get("next")).toBe("/triage");
    await signIn(page, ws.app.url);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await page.goto(`${ws.app.url}/app/patterns`);
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    expect(problems).toEqual([]);
  });

  test("the window's title names the page (its tab, its history entry), and Back brings the last one's back", async () => {
    const { loop } = await loopWithChannel(ws.app, "Titles");
    const pattern = await ok(ws.app, "POST", "/patterns", { loopId: loop.id, title: "Exports stall at 99%" });
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/triage`);
    // Before, every page was "Loopwork": the tabs and Back's list could not tell them apart.
    await expect.poll(() => page.title()).toBe("Triage · Loopwork");
    await page.goto(`${ws.app.url}/app/patterns/${pattern.id}`);
    await expect.poll(() => page.title()).toBe("Exports stall at 99% · Loopwork");
    await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Outbox" }).click();
    await expect.poll(() => page.title()).toBe("Outbox · Loopwork");
    await page.goBack();
    await expect.poll(() => page.title()).toBe("Exports stall at 99% · Loopwork");
    await page.goto(`${ws.app.url}/app/sign-in`);
    await expect.poll(() => page.title()).toMatch(/ · Loopwork$/);
    expect(problems).toEqual([]);
  });

  test("g and a letter go to that screen from Triage too, where the letter alone is Triage's own (k: up, o: open)", async () => {
    const { channel } = await loopWithChannel(ws.app, "Keys");
    await signal(ws.app, channel.id, "Keyboard shortcuts collide");
    const { page, problems } = await ws.newPage();
    await signIn(page, ws.app.url);
    const path = () => new URL(page.url()).pathname;
    for (const [letter, to, heading] of [
      ["k", "/app/patterns", "Knowledge base"],
      ["o", "/app/outbox", "Outbox"],
    ] as const) {
      await page.goto(`${ws.app.url}/app/triage`);
      await page.getByRole("listitem").filter({ hasText: "Keyboard shortcuts collide" }).waitFor();
      await page.keyboard.press("g");
      await page.keyboard.press(letter);
      await expect.poll(path).toBe(to);
      await page.getByRole("heading", { level: 1, name: heading }).waitFor();
    }
    // Alone, o is still Triage's: it opens the signal under the cursor.
    await page.goto(`${ws.app.url}/app/triage`);
    await page.getByRole("listitem").filter({ hasText: "Keyboard shortcuts collide" }).waitFor();
    await page.keyboard.press("o");
    await expect.poll(path).toMatch(/^\/app\/signals\//);
    expect(problems).toEqual([]);
  });

  test("Ctrl-K says nothing matches symbols alone or a very long query, rather than the API's refusal", async () => {
    // Longer than the 200 characters the API takes for q.
    const long = `Zebras ${"x".repeat(240)}`;
    const { page, problems } = await ws.newPage();
    await signIn(page, ws.app.url);
    for (const typed of ["%%", "🙈", long]) {
      const dialog = page.getByRole("dialog");
      // Pressed again while the dialog is not open: a press in the instant the page was still wiring its
      // keys (right after signing in, on a loaded machine) was lost and the test waited out its 30 s.
      await expect
        .poll(async () => {
          if (!(await dialog.isVisible())) await page.keyboard.press("Control+k");
          return dialog.isVisible();
        })
        .toBe(true);
      await page.getByRole("combobox", { name: /Search patterns/ }).fill(typed);
      const said = typed === long ? /Nothing matches “Zebras x/ : `Nothing matches “${typed}”.`;
      await dialog.getByText(said).waitFor({ timeout: 10_000 });
      expect(await dialog.getByRole("alert").count()).toBe(0);
      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "hidden" });
    }
    // No refused request either (a 400 is a console error: problems).
    expect(problems).toEqual([]);
  });

  test("Ctrl-K jumps to a pattern by its title, `?` lists the shortcuts, and the theme toggles to dark", async () => {
    const loop = await make(ws.app.db, "loop", { slug: uniqueSlug("loop"), name: "Core" });
    const pattern = await make(ws.app.db, "pattern", { loopId: loop.id, title: "Exports time out on big workspaces" });
    const { page, problems } = await ws.newPage();
    await signIn(page, ws.app.url);
    await page.keyboard.press("Control+k");
    await page.getByRole("combobox", { name: /Search patterns/ }).fill("exports time");
    await page.getByRole("option", { name: /Exports time out/ }).waitFor();
    await page.keyboard.press("Enter");
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/app/patterns/${pattern.id}`);
    await page.keyboard.press("?");
    await page.getByRole("dialog", { name: "Keyboard shortcuts" }).waitFor();
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Use the dark theme" }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
    await page.reload();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
    await page.goto(`${ws.app.url}/app/`);
    await expectAccessible(page, "the loop's home");
    await page.setViewportSize({ width: 820, height: 1100 });
    await screenshots(page, "home-tablet");
    expect(problems).toEqual([]);
  });
  test("Ctrl-K finds a release by its version as it is typed, and its deployment by environment", {
    timeout: 90_000,
  }, async () => {
    const loop = await make(ws.app.db, "loop", { slug: uniqueSlug("loop"), name: "Core" });
    const component = await make(ws.app.db, "component", { slug: uniqueSlug("api"), name: "API" });
    const product = await make(ws.app.db, "product", {
      loopId: loop.id,
      slug: uniqueSlug("shop"),
      name: "Shop",
      componentIds: [component.id],
    });
    await createVersion(ws.app.db, "test", { componentId: String(component.id), name: "api-4.17.2" });
    const release = await createRelease(ws.app.db, "test", { productId: String(product.id), name: "v4.17.2" });
    const environment = uniqueSlug("staging");
    await make(ws.app.db, "environment", { name: environment });
    const { deployment } = await recordDeployment(ws.app.db, "test", {
      releaseId: release.id,
      environment,
      status: "running",
    });
    const { page, problems } = await ws.newPage();
    await signIn(page, ws.app.url);
    await page.keyboard.press("Control+k");
    const search = page.getByRole("combobox", { name: /Search patterns/ });
    await search.fill("v4.17");
    await page.getByRole("option", { name: `release v4.17.2` }).waitFor({ timeout: 15_000 });
    await page.getByRole("option", { name: `deployment v4.17.2 to ${environment}` }).waitFor({ timeout: 15_000 });
    await page.getByRole("option", { name: `release v4.17.2` }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/app/releases/${release.id}`);
    // Closed after choosing, then open again before typing: under load, a fill could find the closing one.
    await search.waitFor({ state: "hidden" });
    await page.keyboard.press("Control+k");
    await search.waitFor();
    await search.fill(environment);
    await page.getByRole("option", { name: `deployment v4.17.2 to ${environment}` }).click({ timeout: 15_000 });
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/app/deployments/${deployment.id}`);
    expect(problems).toEqual([]);
  });
});
