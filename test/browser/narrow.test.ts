import { afterAll, beforeAll, expect, test } from "vitest";
import { loopWithChannel, ok, signal } from "../helpers/api.js";
import { mergedFixOnSharedComponent } from "../helpers/factories.js";
import { describeInBrowser, signInBySession, startWorkspace, type Workspace } from "./workspace.js";

describeInBrowser("a phone-wide window (375px) in Chromium", () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await startWorkspace();
  });
  afterAll(async () => ws?.stop());

  test("no screen scrolls sideways, the top bar's buttons stay in the window, a long word wraps", async () => {
    const { loop, channel } = await loopWithChannel(ws.app, "Phones");
    await ok(ws.app, "POST", "/patterns", { loopId: loop.id, title: "Exports fail on phones" });
    await signal(ws.app, channel.id, `Export fails with ${"Supercalifragilistic".repeat(6)}Error`);
    const { page, problems } = await ws.newPage();
    await page.setViewportSize({ width: 375, height: 740 });
    await signInBySession(page, ws.app.url);
    const wide = () => page.evaluate(() => document.scrollingElement?.scrollWidth ?? 0);
    const screens = [
      ["/app/", "Home"],
      ["/app/triage", "Triage"],
      ["/app/improvements", "Improvements"],
    ] as const;
    for (const [path, heading] of screens) {
      await page.goto(`${ws.app.url}${path}`);
      await page.getByRole("heading", { name: new RegExp(`^${heading}`) }).waitFor();
      if (path === "/app/triage") await page.getByRole("listitem").filter({ hasText: "Export fails" }).waitFor();
      await page.waitForLoadState("networkidle");
      expect(await wide(), path).toBeLessThanOrEqual(376);
      const buttons = ["Keyboard shortcuts", "Sign out", ...(path === "/app/triage" ? ["New pattern…"] : [])];
      for (const name of buttons) {
        const box = await page.getByRole("button", { name }).first().boundingBox();
        expect(box && box.x + box.width, `${name} on ${path}`).toBeLessThanOrEqual(376);
      }
    }
    expect(problems).toEqual([]);
  });

  test("a signal's and a pattern's page wrap a title of one long word in the window, at a phone's width and a desktop's", async () => {
    const { loop, channel } = await loopWithChannel(ws.app, "Long words");
    const word = `java.lang.IllegalStateException:${"Supercalifragilistic".repeat(8)}`;
    const made = await signal(ws.app, channel.id, word);
    const pattern = await ok(ws.app, "POST", "/patterns", { loopId: loop.id, title: word.slice(0, 200) });
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url);
    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: 740 });
      for (const path of [`/app/signals/${made.id}`, `/app/patterns/${pattern.id}`]) {
        await page.goto(`${ws.app.url}${path}`);
        const heading = page.getByRole("heading", { level: 1, name: /^java\.lang/ });
        await heading.waitFor();
        const box = await heading.boundingBox();
        expect(box && box.x + box.width, `${path} at ${width}px`).toBeLessThanOrEqual(width);
        expect(await page.evaluate(() => document.scrollingElement?.scrollWidth ?? 0), path).toBeLessThanOrEqual(width);
      }
    }
    expect(problems).toEqual([]);
  });
  test("at a phone's width a heading keeps its word, a signal's line of who and when stays in its row, a pattern's title has room", async () => {
    const { loop, channel } = await loopWithChannel(ws.app, "Narrow rows");
    await ok(ws.app, "POST", "/patterns", { loopId: loop.id, title: "Exports fail on the smallest phones" });
    await signal(ws.app, channel.id, "Export stops halfway");
    const { page, problems } = await ws.newPage();
    await page.setViewportSize({ width: 375, height: 740 });
    await signInBySession(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/triage`);
    const heading = page.getByRole("heading", { level: 1, name: "Triage" });
    const row = page.getByRole("listitem").filter({ hasText: "Export stops halfway" });
    await row.waitFor();
    // One line ("Triage"), not squeezed beside the buttons into "Tria" and "ge".
    const lineHeight = await heading.evaluate((h) => Number.parseFloat(getComputedStyle(h).lineHeight));
    expect((await heading.boundingBox())?.height).toBeLessThan(lineHeight * 1.5);
    const rowBox = await row.boundingBox();
    const meta = await row.locator(".row-meta").boundingBox();
    expect(meta && rowBox && meta.y + meta.height, "the meta line ends inside its row").toBeLessThanOrEqual(
      (rowBox?.y ?? 0) + (rowBox?.height ?? 0),
    );
    await page.goto(`${ws.app.url}/app/patterns`);
    const title = page.getByRole("link", { name: "Exports fail on the smallest phones" });
    await title.waitFor();
    expect((await title.boundingBox())?.width, "the title's width in the ranking").toBeGreaterThan(200);
    expect(problems).toEqual([]);
  });

  test("the board with cards in every column does not scroll sideways at a phone's width", async () => {
    // A completed improvement: its card is in the last column, past the window's edge.
    const chain = await mergedFixOnSharedComponent(ws.app.db);
    await chain.ship(chain.world.productA.id, "1.0.0");
    const { page, problems } = await ws.newPage();
    await page.setViewportSize({ width: 375, height: 740 });
    await signInBySession(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/improvements`);
    await page.getByRole("link", { name: "Merge edits" }).first().waitFor();
    await page.waitForLoadState("networkidle");
    expect(await page.evaluate(() => document.scrollingElement?.scrollWidth ?? 0)).toBeLessThanOrEqual(375);
    expect(problems).toEqual([]);
  });

  test("people, the outbox, a deployment's page and settings scroll a wide table inside itself at a phone's width, not the window", {
    timeout: 60_000,
  }, async () => {
    const chain = await mergedFixOnSharedComponent(ws.app.db);
    const shipped = await chain.ship(chain.world.productA.id, "1.0.0");
    await signal(ws.app, chain.world.channel.id, "Exports fail", {
      contact: { email: "maximilian.oberhausen-vandenberg@customer-success.example", name: "Maximilian Oberhausen" },
    });
    const { page, problems } = await ws.newPage();
    await page.setViewportSize({ width: 375, height: 740 });
    await signInBySession(page, ws.app.url);
    const screens = [
      ["/app/people", page.getByRole("link", { name: "Maximilian Oberhausen" })],
      ["/app/outbox", page.getByRole("link", { name: "Sync loses edits" }).first()],
      [`/app/deployments/${shipped.deployment.id}`, page.getByRole("heading", { name: "Who was told" })],
      ["/app/settings", page.getByRole("heading", { name: "New loop" })],
    ] as const;
    for (const [path, shown] of screens) {
      await page.goto(`${ws.app.url}${path}`);
      await shown.waitFor();
      await page.waitForLoadState("networkidle");
      expect(await page.evaluate(() => document.scrollingElement?.scrollWidth ?? 0), path).toBeLessThanOrEqual(375);
    }
    // The people's table is wider than the window: it scrolls in its own box, and is still a table.
    await page.goto(`${ws.app.url}/app/people`);
    const table = page.getByRole("table");
    await table.getByRole("columnheader", { name: "Since" }).waitFor();
    const box = page.locator(".table-scroll");
    expect(await box.evaluate((b) => b.scrollWidth > b.clientWidth)).toBe(true);
    expect(problems).toEqual([]);
  });

  test("channels' settings stay in a phone's window: a widget's Allowed sites field, a last signal of one long word", async () => {
    const { loop, channel } = await loopWithChannel(ws.app, "Widgets");
    // Its health says "Last in: <the signal's title>".
    await signal(ws.app, channel.id, `Crash:${"Unbreakable".repeat(12)}`);
    await ok(ws.app, "POST", "/channels", {
      loopId: loop.id,
      slug: `widget-${loop.slug}`,
      name: "Site feedback",
      kind: "widget",
      config: { widgetOrigins: ["https://shop.example.com"] },
    });
    const { page, problems } = await ws.newPage();
    await page.setViewportSize({ width: 375, height: 740 });
    await signInBySession(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/settings?section=channels`);
    const field = page.getByLabel("Allowed sites").first();
    await field.waitFor();
    const box = await field.boundingBox();
    expect(box && box.x + box.width).toBeLessThanOrEqual(375);
    expect(await page.evaluate(() => document.scrollingElement?.scrollWidth ?? 0)).toBeLessThanOrEqual(375);
    expect(problems).toEqual([]);
  });

  test("the timeline at a phone's width shows what happened in each row, not only when", async () => {
    const { page, problems } = await ws.newPage();
    await page.setViewportSize({ width: 375, height: 740 });
    await signInBySession(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/timeline`);
    // The newest event: this sign-in, or what the earlier tests did.
    const row = page.getByRole("list", { name: "Events, newest first" }).getByRole("listitem").first();
    await row.waitFor();
    const rowBox = await row.boundingBox();
    // What happened (its verb), and who did it (the row's last part).
    const what = await row.locator("strong").boundingBox();
    const actor = await row.locator(":scope > *").last().boundingBox();
    expect(rowBox && rowBox.x + rowBox.width).toBeLessThanOrEqual(375);
    for (const [name, box] of [
      ["what", what],
      ["who", actor],
    ] as const) {
      expect(box && rowBox && box.x + box.width, `${name} ends inside its row`).toBeLessThanOrEqual(
        (rowBox?.x ?? 0) + (rowBox?.width ?? 0),
      );
      expect(box && rowBox && box.y + box.height, `${name} ends above the row's bottom`).toBeLessThanOrEqual(
        (rowBox?.y ?? 0) + (rowBox?.height ?? 0),
      );
    }
    expect(problems).toEqual([]);
  });

  test("the trace page's id field stays in a phone's window", async () => {
    const { page, problems } = await ws.newPage();
    await page.setViewportSize({ width: 375, height: 740 });
    await signInBySession(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/trace`);
    const field = page.getByLabel("Its id or link");
    await field.waitFor();
    const box = await field.boundingBox();
    expect(box && box.x + box.width).toBeLessThanOrEqual(375 - 16);
    expect(await page.evaluate(() => document.scrollingElement?.scrollWidth ?? 0)).toBeLessThanOrEqual(375);
    expect(problems).toEqual([]);
  });
});
