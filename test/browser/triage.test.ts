import { afterAll, beforeAll, expect, test } from "vitest";
import { loopWithChannel, ok, signal } from "../helpers/api.js";
import {
  describeInBrowser,
  expectAccessible,
  screenshots,
  signInBySession,
  startWorkspace,
  type Workspace,
} from "./workspace.js";

type PatternPage = { items: { id: string; title: string; signalCount: number }[] };

describeInBrowser("triage in Chromium", () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await startWorkspace();
  });
  afterAll(async () => ws?.stop());

  test("a new signal appears without a reload; x then a attaches it to a pattern found by typing part of its title", async () => {
    const { loop, channel } = await loopWithChannel(ws.app);
    const pattern = await ok(ws.app, "POST", "/patterns", {
      loopId: loop.id,
      title: "Exports time out on big workspaces",
    });
    await ok(ws.app, "POST", "/patterns", { loopId: loop.id, title: "Dark mode flickers" });
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/triage`);
    await page.getByText("Nothing to triage").waitFor();

    const arrived = await signal(ws.app, channel.id, "CSV export never finishes");
    const row = page.getByRole("listitem").filter({ hasText: "CSV export never finishes" });
    await row.waitFor();
    await page.getByText(/^1 signal waits for a pattern\./).waitFor({ timeout: 5000 });
    await page.keyboard.press("x");
    await expect.poll(() => row.getByRole("checkbox").isChecked()).toBe(true);
    await page.keyboard.press("a");
    const dialog = page.getByRole("dialog", { name: "Attach to a pattern" });
    await dialog.getByRole("combobox").fill("big works");
    await dialog.getByRole("option", { name: /Exports time out on big workspaces/ }).waitFor();
    await page.keyboard.press("Enter");
    await row.waitFor({ state: "detached" });
    const attached = await ok<PatternPage>(ws.app, "GET", `/signals/${arrived.id}`);
    expect(attached).toMatchObject({ patternIds: [pattern.id] });
    // Gone for good: the queue is the server's (attached=false), not only what the page removed.
    await page.reload();
    await page.getByText("Nothing to triage").waitFor();
    expect(problems).toEqual([]);
  });

  test("the panel repeats a long title cut short, and the trace cuts a title between emoji, never inside one", async () => {
    const { loop, channel } = await loopWithChannel(ws.app, "Long titles");
    const pattern = await ok(ws.app, "POST", "/patterns", { loopId: loop.id, title: "Saving crashes" });
    const emoji = await signal(ws.app, channel.id, `Crash on save! ${"🙈".repeat(10)}`, { patternIds: [pattern.id] });
    const long = "Supercalifragilistic".repeat(25);
    await signal(ws.app, channel.id, long);
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/triage`);
    await page
      .getByRole("listitem")
      .filter({ hasText: long.slice(0, 40) })
      .first()
      .waitFor();
    while (
      (await page
        .getByRole("listitem")
        .filter({ hasText: long.slice(0, 40) })
        .getAttribute("aria-current")) !== "true"
    )
      await page.keyboard.press("j");
    const panel = page.getByRole("region", { name: "Suggested patterns" });
    await expect.poll(() => panel.textContent()).toMatch(/(No pattern looks like|For) “Supercal/);
    // The 500 characters are in the list beside it: the panel says which signal in a line or two.
    const naming = panel.locator("p").filter({ hasText: /(No pattern looks like|For) “Supercal/ });
    expect((await naming.first().textContent())?.length).toBeLessThan(200);

    await page.goto(`${ws.app.url}/app/trace/signal/${emoji.id}`);
    const node = page.locator('.trace-graph svg g[data-type="signal"]').first();
    await expect.poll(() => node.textContent()).toContain(`Crash on save! ${"🙈".repeat(5)}…`);
    expect(problems).toEqual([]);
  });

  test("on a phone (375 px) a chosen signal's suggestions show where the list was, with a way back; a wide window keeps them beside the list", async () => {
    const { loop, channel } = await loopWithChannel(ws.app, "Phone triage");
    const pattern = await ok(ws.app, "POST", "/patterns", { loopId: loop.id, title: "Invoice PDF comes out blank" });
    await signal(ws.app, channel.id, "Invoice PDF is blank", {
      body: "The invoice PDF downloads as an empty page.",
      patternIds: [pattern.id],
    });
    // A queue longer than the window: before, the suggestions sat under the whole list, out of sight.
    for (let i = 1; i <= 10; i++) await signal(ws.app, channel.id, `Unrelated report number ${i} about the sidebar`);
    const chosen = "The invoice PDF is blank again";
    await signal(ws.app, channel.id, chosen, { body: "Every invoice PDF downloads as an empty page." });
    for (let i = 11; i <= 12; i++) await signal(ws.app, channel.id, `Unrelated report number ${i} about the sidebar`);
    const { page, problems } = await ws.newPage();
    const height = 740;
    await page.setViewportSize({ width: 375, height });
    await signInBySession(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/triage`);
    const list = page.getByRole("list", { name: "Signals waiting for a pattern" });
    const row = page.locator(".triage-row").filter({ hasText: chosen });
    await row.waitFor();
    const panel = page.getByRole("region", { name: "Suggested patterns" });
    const inWindow = async (what: string, box: { y: number; height: number } | null) => {
      expect(box, what).not.toBeNull();
      expect(box?.y, `${what} starts in the window`).toBeGreaterThanOrEqual(0);
      expect((box?.y ?? 0) + (box?.height ?? 0), `${what} ends in the window`).toBeLessThanOrEqual(height);
    };

    // A tap on the row (not its title's link or its box) chooses it: its suggestions, in view, nothing scrolled.
    await row.locator(".triage-body").click();
    await expect.poll(() => panel.textContent()).toContain(`For “${chosen}”`);
    const suggestion = panel.getByRole("listitem").filter({ hasText: "Invoice PDF comes out blank" }).first();
    await suggestion.waitFor();
    await inWindow("the suggestions' heading", await panel.getByRole("heading").boundingBox());
    await inWindow(
      "the first suggestion's Attach",
      await suggestion.getByRole("button", { name: /^Attach/ }).boundingBox(),
    );
    expect(await page.evaluate(() => window.scrollY), "the page did not scroll").toBe(0);
    expect(await list.isVisible(), "the list makes room").toBe(false);
    await screenshots(page, "triage-phone-suggestions");
    await expectAccessible(page, "triage on a phone, a signal chosen");

    // Back: the list again, the chosen signal in view and its control focused.
    await page.getByRole("button", { name: "‹ Back to the list" }).click();
    await list.waitFor();
    await inWindow("the chosen row, back on the list", await row.boundingBox());
    expect(await panel.count(), "no suggestions under the list, out of sight").toBe(0);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute("aria-label")))
      .toBe(`Suggested patterns for “${chosen}”`);
    await screenshots(page, "triage-phone-list");
    // Its control at the row's end (the keyboard's and a screen reader's way); Escape goes back too.
    const open = row.getByRole("button", { name: `Suggested patterns for “${chosen}”` });
    await open.click();
    await panel.waitFor();
    await page.keyboard.press("Escape");
    await list.waitFor();
    // Chosen again, Attach: the signal is filed, and the person is back on the list.
    await open.click();
    await suggestion.getByRole("button", { name: /^Attach/ }).click();
    await page.getByText(`Attached “${chosen}” to “Invoice PDF comes out blank”.`).waitFor();
    await row.waitFor({ state: "detached" });
    await list.waitFor();

    // A wide window: the suggestions beside the list, which stays; no way back needed, no row control.
    await page.setViewportSize({ width: 1280, height: 800 });
    const other = page.locator(".triage-row").filter({ hasText: "Unrelated report number 3 " });
    await other.locator(".triage-body").click();
    await expect.poll(() => panel.textContent()).toContain("Unrelated report number 3 ");
    const listBox = await list.boundingBox();
    const panelBox = await panel.boundingBox();
    expect(panelBox && listBox && panelBox.x, "the panel beside the list").toBeGreaterThanOrEqual(
      (listBox?.x ?? 0) + (listBox?.width ?? 0),
    );
    expect(await page.getByRole("button", { name: /Back to the list/ }).count()).toBe(0);
    expect(await page.locator(".triage-open").count()).toBe(0);
    expect(problems).toEqual([]);
  });

  test("j, x, j, x and n make a new pattern from two signals", async () => {
    const { loop, channel } = await loopWithChannel(ws.app, "Mobile");
    await signal(ws.app, channel.id, "App crashes on login (older)");
    await signal(ws.app, channel.id, "App crashes on login");
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/triage`);
    await page.getByRole("listitem").filter({ hasText: "App crashes on login (older)" }).waitFor();
    await page.keyboard.press("x");
    await page.keyboard.press("j");
    await page.keyboard.press("x");
    await page.keyboard.press("n");
    const dialog = page.getByRole("dialog", { name: "New pattern" });
    await dialog.getByLabel("Title").fill("Login crashes on Android 15");
    await dialog.getByLabel("Loop").selectOption(loop.id);
    await dialog.getByRole("button", { name: "Create and attach" }).click();
    await page.getByText(/Made the pattern “Login crashes on Android 15” from 2 signals/).waitFor();
    const made = await ok<PatternPage>(ws.app, "GET", `/patterns?loopId=${loop.id}`);
    expect(made.items).toMatchObject([{ title: "Login crashes on Android 15", signalCount: 2 }]);
    expect(problems).toEqual([]);
  });
  test("after a box is ticked with the mouse, j, x and a still work (a checkbox is no text field)", async () => {
    const { loop, channel } = await loopWithChannel(ws.app, "Ticked");
    const pattern = await ok(ws.app, "POST", "/patterns", { loopId: loop.id, title: "Ticked boxes pattern" });
    await signal(ws.app, channel.id, "Ticked first report");
    await signal(ws.app, channel.id, "Ticked second report");
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/triage`);
    const row = (title: string) => page.locator(".triage-row").filter({ hasText: title });
    // The newest first: the second report, then the first.
    await row("Ticked first report").getByRole("checkbox").click();
    await expect.poll(() => row("Ticked first report").getAttribute("aria-current")).toBe("true");
    await page.keyboard.press("k");
    await expect.poll(() => row("Ticked second report").getAttribute("aria-current")).toBe("true");
    await page.keyboard.press("x");
    await expect.poll(() => row("Ticked second report").getByRole("checkbox").isChecked()).toBe(true);
    await page.keyboard.press("a");
    const dialog = page.getByRole("dialog", { name: "Attach to a pattern" });
    await dialog.getByRole("combobox").fill("Ticked boxes");
    await dialog.getByRole("option", { name: /Ticked boxes pattern/ }).waitFor();
    await page.keyboard.press("Enter");
    await row("Ticked first report").waitFor({ state: "detached" });
    await row("Ticked second report").waitFor({ state: "detached" });
    const made = await ok<PatternPage>(ws.app, "GET", `/patterns?loopId=${loop.id}`);
    expect(made.items).toMatchObject([{ id: pattern.id, signalCount: 2 }]);
    expect(problems).toEqual([]);
  });

  test("a proposal from two loops' signals says which loop its pattern goes to, and the person may choose", async () => {
    const billing = await loopWithChannel(ws.app, "Billing");
    const mobile = await loopWithChannel(ws.app, "Mobile app");
    const report = (channelId: string, title: string) =>
      signal(ws.app, channelId, title, {
        body: "Outlook calendar invites arrive without attendees in the calendar view.",
      });
    await report(billing.channel.id, "Outlook invites arrive without attendees");
    await report(mobile.channel.id, "Calendar invites from Outlook have no attendees");
    // The newest of the three: before, the pattern went to this signal's loop, and nothing said so.
    await report(billing.channel.id, "Outlook calendar invites lose their attendees");
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/triage`);
    const proposal = page
      .getByRole("region", { name: "Proposed new patterns" })
      .getByRole("listitem")
      .filter({ hasText: /attendees/ });
    const loop = proposal.getByRole("combobox", { name: "Loop" });
    // Where most of its signals come from, first; each loop with how many.
    await expect.poll(() => loop.inputValue()).toBe(billing.loop.id);
    expect(await loop.locator("option").allTextContents()).toEqual(["Billing (2 of 3)", "Mobile app (1 of 3)"]);
    await proposal.scrollIntoViewIfNeeded();
    await screenshots(page, "triage-proposal-loop");
    await expectAccessible(page, "triage with a proposal from two loops");
    await loop.selectOption(mobile.loop.id);
    // Named after one of its signals; the person names the problem before accepting it.
    const title = proposal.getByRole("textbox", { name: "Title" });
    expect(await title.inputValue()).toMatch(/attendees/);
    await title.fill("");
    expect(await proposal.getByRole("button", { name: /^Accept/ }).isDisabled()).toBe(true);
    await title.fill("Outlook invites lose their attendees");
    await proposal.getByRole("button", { name: /^Accept/ }).click();
    await page.getByText(/Made the pattern “Outlook invites lose their attendees” from 3 signals\./).waitFor();
    const made = await ok<PatternPage>(ws.app, "GET", `/patterns?loopId=${mobile.loop.id}`);
    expect(made.items).toMatchObject([{ signalCount: 3, title: "Outlook invites lose their attendees" }]);
    expect((await ok<PatternPage>(ws.app, "GET", `/patterns?loopId=${billing.loop.id}`)).items).toEqual([]);
    expect(problems).toEqual([]);
  });

  test("accepting a proposal one of whose signals was filed meanwhile makes the pattern of the others and says so", async () => {
    const { loop, channel } = await loopWithChannel(ws.app, "Printing");
    const other = await ok(ws.app, "POST", "/patterns", { loopId: loop.id, title: "Printer offline after sleep" });
    const report = (title: string) =>
      signal(ws.app, channel.id, title, { body: "The spooler queue of the Quillprint driver stalls after sleep." });
    const first = await report("Quillprint spooler stalls after sleep");
    await report("Quillprint queue stuck after the laptop sleeps");
    await report("Spooler of Quillprint stops after sleep");
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/triage`);
    const proposal = page
      .getByRole("region", { name: "Proposed new patterns" })
      .getByRole("listitem")
      .filter({ hasText: /Quillprint/i });
    await proposal.waitFor();
    // A colleague files one of them while the page is open.
    await ok(ws.app, "POST", `/patterns/${other.id}/signals`, { signalIds: [first.id] }, 200);
    await proposal.getByRole("button", { name: /^Accept/ }).click();
    await page
      .getByText(/Made the pattern “.+” from 2 signals; 1 was on another pattern already and stayed there\./)
      .waitFor();
    expect(await ok(ws.app, "GET", `/signals/${first.id}`)).toMatchObject({ patternIds: [other.id] });
    expect(problems).toEqual([]);
  });

  test("with a loop chosen, its waiting signals are listed however many of other loops' arrived after them", async () => {
    // Last in the file: it leaves 211 signals waiting, where the tests above begin with an empty queue.
    const mine = await loopWithChannel(ws.app, "Chosen loop");
    const other = await loopWithChannel(ws.app, "Busy loop");
    await signal(ws.app, mine.channel.id, "The chosen loop's report");
    // More than a page of the whole queue (200), all newer: picked from that page, the loop's was not there.
    await ok(ws.app, "POST", "/signals/batch", {
      signals: Array.from({ length: 210 }, (_, i) => ({
        channelId: other.channel.id,
        contact: { email: `busy-${i}@customer.example` },
        title: `Busy loop report ${i}`,
      })),
    });
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/triage`);
    await page.getByRole("combobox", { name: "Loop" }).first().selectOption({ label: "Chosen loop" });
    await page.getByRole("listitem").filter({ hasText: "The chosen loop's report" }).waitFor();
    expect(await page.getByRole("listitem").filter({ hasText: "Busy loop report" }).count()).toBe(0);
    await page.getByRole("combobox", { name: "Loop" }).first().selectOption({ label: "All loops" });
    await page.getByRole("listitem").filter({ hasText: "Busy loop report 209" }).waitFor();
    expect(problems).toEqual([]);
  });
});
