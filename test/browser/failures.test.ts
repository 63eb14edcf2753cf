import type { Page, Route } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { loopWithChannel, ok, signal } from "../helpers/api.js";
import { describeInBrowser, signIn, startWorkspace, type Workspace, waitPastRetries } from "./workspace.js";

type PatternPage = { items: { id: string; title: string; signalCount: number }[] };

/** Answers a request as the API answers an error: a status and its message. */
const failWith = (route: Route, message: string) =>
  route.fulfill({
    status: 500,
    contentType: "application/json",
    body: JSON.stringify({ error: { code: "internal", message } }),
  });

/** Triage with the newest signal under the cursor, chosen (x). */
async function chooseInTriage(page: Page, url: string, title: string) {
  await page.goto(`${url}/app/triage`);
  await page.getByRole("listitem").filter({ hasText: title }).waitFor();
  await page.keyboard.press("x");
}

describeInBrowser("when something fails, in Chromium", () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await startWorkspace();
  });
  afterAll(async () => ws?.stop());

  test("a screen whose code cannot be fetched says so inside the workspace, and Reload brings it back", async () => {
    const { page } = await ws.newPage();
    await signIn(page, ws.app.url);
    // As when the server is down, or a newer version was deployed and the old file names are gone.
    const timelineCode = (url: URL) => /\/assets\/timeline-page-[^/]*\.js$/.test(url.pathname);
    await page.route(timelineCode, (route) => route.abort("connectionrefused"));
    const nav = page.getByRole("navigation", { name: "Workspace" });
    await nav.getByRole("link", { name: "Timeline" }).click();
    const failed = page.getByRole("alert").filter({ hasText: "could not be loaded" });
    await failed.waitFor();
    expect(await failed.textContent()).toMatch(/newer version of Loopwork was deployed/);
    expect(await nav.isVisible()).toBe(true);

    await page.unroute(timelineCode);
    await failed.getByRole("button", { name: "Reload" }).click();
    await page.getByRole("heading", { name: "Timeline" }).waitFor();
    expect(await nav.isVisible()).toBe(true);
  });

  test("a new pattern whose attach failed is made once when “Create and attach” is pressed again", async () => {
    const { loop, channel } = await loopWithChannel(ws.app, "Billing");
    const arrived = await signal(ws.app, channel.id, "Invoice PDF comes out blank");
    const { page, problems } = await ws.newPage();
    await signIn(page, ws.app.url);
    // The first request that attaches signals fails (the separate attach, or the one-request create).
    let failures = 0;
    await page.route(
      (url) => /\/patterns\/(proposals\/accept|[^/]+\/signals)$/.test(url.pathname),
      async (route) => {
        if (route.request().method() !== "POST" || failures > 0) return route.fallback();
        failures += 1;
        await failWith(route, "The database went away for a moment.");
      },
    );
    await chooseInTriage(page, ws.app.url, "Invoice PDF comes out blank");
    await page.keyboard.press("n");
    const dialog = page.getByRole("dialog", { name: "New pattern" });
    await dialog.getByLabel("Title").fill("Blank invoice PDFs");
    await dialog.getByLabel("Loop").selectOption(loop.id);
    await dialog.getByRole("button", { name: "Create and attach" }).click();
    await dialog.getByRole("alert").filter({ hasText: "The database went away" }).waitFor();
    await dialog.getByRole("button", { name: "Create and attach" }).click();
    await page.getByText(/Made the pattern “Blank invoice PDFs” from 1 signal/).waitFor();

    const made = await ok<PatternPage>(ws.app, "GET", `/patterns?loopId=${loop.id}`);
    expect(made.items).toMatchObject([{ title: "Blank invoice PDFs", signalCount: 1 }]);
    expect(await ok(ws.app, "GET", `/signals/${arrived.id}`)).toMatchObject({ patternIds: [made.items[0]?.id] });
    expect(failures).toBe(1);
    expect(problems).toEqual([]);
  });

  test("a failed search says what went wrong, not that nothing matches", async () => {
    const { channel } = await loopWithChannel(ws.app, "Search");
    await signal(ws.app, channel.id, "Webhook retries never stop");
    const { page, problems } = await ws.newPage();
    // A failed search is tried again before the page says so: its clock is moved past those waits.
    await page.clock.install();
    await signIn(page, ws.app.url);
    await page.route(
      (url) => url.pathname === "/search" || (url.pathname === "/patterns" && url.searchParams.has("q")),
      (route) => failWith(route, "Search is resting (the test made it fail)."),
    );

    await page.keyboard.press("Control+k");
    const palette = page.getByRole("dialog", { name: "Search and jump" });
    await palette.getByRole("combobox").fill("webhook");
    await waitPastRetries(page, palette.getByRole("alert").filter({ hasText: "Search is resting" }));
    expect(await palette.getByText(/Nothing matches/).count()).toBe(0);
    await page.keyboard.press("Escape");

    await chooseInTriage(page, ws.app.url, "Webhook retries never stop");
    await page.keyboard.press("a");
    const attach = page.getByRole("dialog", { name: "Attach to a pattern" });
    await attach.getByRole("combobox").fill("webhook");
    await waitPastRetries(page, attach.getByRole("alert").filter({ hasText: "Search is resting" }));
    expect(await attach.getByText(/No pattern matches/).count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
