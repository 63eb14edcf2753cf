import { afterAll, beforeAll, expect, test } from "vitest";
import { loopWithChannel, ok, signal } from "../helpers/api.js";
import {
  describeInBrowser,
  expectAccessible,
  screenshots,
  signIn,
  startWorkspace,
  type Workspace,
} from "./workspace.js";
import { member } from "./world.js";

describeInBrowser("what people see in the workspace", () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await startWorkspace();
  });
  afterAll(async () => ws?.stop());

  test("a viewer sees the triage queue but no control to change it; a builder of the same loop does", async () => {
    const { loop, channel } = await loopWithChannel(ws.app);
    await signal(ws.app, channel.id, "Search ignores accents");
    const viewer = await member(ws.app, loop.id, "viewer");
    const builder = await member(ws.app, loop.id, "builder");

    const { page, problems } = await ws.newPage();
    await signIn(page, ws.app.url, viewer.email, viewer.password);
    await page.goto(`${ws.app.url}/app/triage`);
    await page.getByRole("link", { name: "Search ignores accents" }).waitFor();
    expect(await page.getByRole("button", { name: /Attach|New pattern/ }).count()).toBe(0);
    await page.keyboard.press("a");
    await page.keyboard.press("n");
    expect(await page.getByRole("dialog").count()).toBe(0);
    expect(problems).toEqual([]);

    const asBuilder = await ws.newPage();
    await signIn(asBuilder.page, ws.app.url, builder.email, builder.password);
    await asBuilder.page.goto(`${ws.app.url}/app/triage`);
    await asBuilder.page.getByRole("link", { name: "Search ignores accents" }).waitFor();
    await asBuilder.page.getByRole("button", { name: /New pattern/ }).waitFor();
    expect(asBuilder.problems).toEqual([]);
  });

  test("a signal whose title is HTML shows as text: no element made, no script run", async () => {
    const { channel } = await loopWithChannel(ws.app);
    const title = "<img src=x onerror=alert(1)>";
    await signal(ws.app, channel.id, title, { body: "<script>alert(2)</script> and <b>bold</b>" });
    const { page, problems } = await ws.newPage();
    const dialogs: string[] = [];
    page.on("dialog", async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    await signIn(page, ws.app.url);
    for (const path of ["/app/triage", "/app/"]) {
      await page.goto(`${ws.app.url}${path}`);
      await page.getByText(title, { exact: true }).first().waitFor();
      expect(await page.locator('img[src="x"], main b, main script').count(), path).toBe(0);
    }
    expect(dialogs).toEqual([]);
    expect(problems).toEqual([]);
  });

  test("the loop's home shows top patterns with their trend, the waiting signals, improvements, deployments and lead time", async () => {
    const { loop, channel } = await loopWithChannel(ws.app, "Billing");
    const pattern = await ok(ws.app, "POST", "/patterns", { loopId: loop.id, title: "Invoices show the wrong VAT" });
    const first = await signal(ws.app, channel.id, "VAT is 19% instead of 7%");
    await ok(ws.app, "POST", `/patterns/${pattern.id}/signals`, { signalIds: [first.id] }, 200);
    // Three more this week, none before: the pattern is emerging.
    for (const n of [2, 3, 4]) await signal(ws.app, channel.id, `Wrong VAT again (${n})`, { patternIds: [pattern.id] });
    const question = "Where do I download last year's invoices?";
    const waiting = await signal(ws.app, channel.id, question);
    await ok(ws.app, "POST", "/improvements", {
      loopId: loop.id,
      title: "Per-country VAT rates",
      patternIds: [pattern.id],
    });
    const { page, problems } = await ws.newPage();
    await signIn(page, ws.app.url);
    await page.getByRole("link", { name: "Invoices show the wrong VAT" }).waitFor();
    await page
      .getByRole("img", { name: /Signals a day over 30 days: 4/ })
      .first()
      .waitFor();
    await page.getByText("Signal to snapback (median)").waitFor();
    // The top pattern says it is emerging; a waiting signal opens its page.
    const top = page.getByRole("region", { name: "Top patterns" });
    await top.getByRole("listitem").filter({ hasText: "Invoices show the wrong VAT" }).getByText("emerging").waitFor();
    const waitingCard = page.getByRole("region", { name: "Waiting to be attached" });
    expect(await waitingCard.getByRole("link", { name: question }).getAttribute("href")).toBe(
      `/app/signals/${waiting.id}`,
    );
    // Another loop's home: its signals wait in another loop's triage, not in this one's.
    const other = await loopWithChannel(ws.app, "Quiet loop");
    await page.locator(".topbar").getByRole("combobox", { name: "Loop" }).selectOption(other.loop.id);
    await page.getByRole("heading", { level: 1, name: "Home — Quiet loop" }).waitFor();
    await waitingCard.getByText("Nothing waits: every signal is on a pattern.").waitFor({ timeout: 5000 });
    expect(await waitingCard.getByRole("link", { name: question }).count()).toBe(0);
    await page.locator(".topbar").getByRole("combobox", { name: "Loop" }).selectOption(loop.id);
    await waitingCard.getByRole("link", { name: question }).waitFor();
    const improvements = page.getByRole("region", { name: "Improvements" });
    await improvements.getByText(/in progress or approved \(WIP\)/).waitFor();
    await screenshots(page, "home");
    await expectAccessible(page, "the loop's home");
    await page.goto(`${ws.app.url}/app/triage`);
    await page.getByRole("list", { name: "Signals waiting for a pattern" }).waitFor();
    await screenshots(page, "triage");
    await expectAccessible(page, "triage");
    expect(problems).toEqual([]);
  });
});
