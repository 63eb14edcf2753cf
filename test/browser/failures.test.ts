import { afterAll, beforeAll, expect, test } from "vitest";
import { describeInBrowser, signIn, startWorkspace, type Workspace } from "./workspace.js";

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
});
