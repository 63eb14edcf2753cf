import { afterAll, beforeAll, expect, test } from "vitest";
import { describeInBrowser, signIn, startWorkspace, type Workspace } from "./workspace.js";
import { loopWithChannel, ok, signal } from "./world.js";

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
    await signIn(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/triage`);
    await page.getByText("Nothing to triage").waitFor();

    const arrived = await signal(ws.app, channel.id, "CSV export never finishes");
    const row = page.getByRole("listitem").filter({ hasText: "CSV export never finishes" });
    await row.waitFor();
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

  test("j, x, j, x and n make a new pattern from two signals", async () => {
    const { loop, channel } = await loopWithChannel(ws.app, "Mobile");
    await signal(ws.app, channel.id, "App crashes on login (older)");
    await signal(ws.app, channel.id, "App crashes on login");
    const { page, problems } = await ws.newPage();
    await signIn(page, ws.app.url);
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
    await page.getByText(/Made the pattern “Login crashes on Android 15” from 2/).waitFor();
    const made = await ok<PatternPage>(ws.app, "GET", `/patterns?loopId=${loop.id}`);
    expect(made.items).toMatchObject([{ title: "Login crashes on Android 15", signalCount: 2 }]);
    expect(problems).toEqual([]);
  });
});
