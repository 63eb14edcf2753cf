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

type Channel = { config: { autoAttachThreshold?: number; listAddress?: string } };
type Signal = { id: string; patternIds: string[] };

describeInBrowser("a channel's automatic attachment in Chromium", () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await startWorkspace();
  });
  afterAll(async () => ws?.stop());

  test("an owner sets the score from which the matcher files a channel's reports, and switches it off", async () => {
    const { channel } = await loopWithChannel(ws.app, "Auto");
    const { page, problems } = await ws.newPage();
    await signIn(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/settings?section=channels#channel-${channel.id}`);
    const card = page.locator("article", { has: page.locator(`#channel-${channel.id}`) });
    const threshold = card.getByLabel("Attach automatically from a score of");
    await threshold.fill("0.35");
    await card.getByRole("button", { name: "Save", exact: true }).click();
    const read = async () => (await ok<Channel>(ws.app, "GET", `/channels/${channel.id}`)).config.autoAttachThreshold;
    await expect.poll(read).toBe(0.35);
    await threshold.fill("");
    await card.getByRole("button", { name: "Save", exact: true }).click();
    await expect.poll(read).toBeUndefined();
    expect(problems).toEqual([]);
  });

  test("an owner names the list an email channel's address is a member of, and clears it", async () => {
    const { channel } = await loopWithChannel(ws.app, "Group");
    const { page, problems } = await ws.newPage();
    await signIn(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/settings?section=channels#channel-${channel.id}`);
    const card = page.locator("article", { has: page.locator(`#channel-${channel.id}`) });
    const list = card.getByLabel(/The list it is a member of/);
    await list.fill("support@acme.example");
    await card.getByRole("button", { name: "Save the list" }).click();
    const read = async () => (await ok<Channel>(ws.app, "GET", `/channels/${channel.id}`)).config.listAddress;
    await expect.poll(read).toBe("support@acme.example");
    await screenshots(page, "settings-email-channel");
    await expectAccessible(page, "an email channel's settings");
    await list.fill("");
    await card.getByRole("button", { name: "Save the list" }).click();
    await expect.poll(read).toBeUndefined();
    expect(problems).toEqual([]);
  });

  test("an automatic attachment is undone from the signal's page: it goes back to triage", async () => {
    const { loop, channel } = await loopWithChannel(ws.app, "Auto undo");
    const pattern = await ok(ws.app, "POST", "/patterns", {
      loopId: loop.id,
      title: "Payments fail with PAY_DECLINED_51",
    });
    await ok(ws.app, "POST", "/matcher/rules", {
      patternId: pattern.id,
      kind: "error_code",
      expression: "PAY_DECLINED_51",
    });
    await ok(ws.app, "PATCH", `/channels/${channel.id}`, { config: { autoAttachThreshold: 0.35 } });
    const filed = await signal(ws.app, channel.id, "Card refused: PAY_DECLINED_51");
    expect((await ok<Signal>(ws.app, "GET", `/signals/${filed.id}`)).patternIds).toEqual([pattern.id]);
    const { page, problems } = await ws.newPage();
    await signIn(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/signals/${filed.id}`);
    const patterns = page.getByRole("region", { name: "Patterns" });
    await patterns.getByRole("link", { name: "Payments fail with PAY_DECLINED_51" }).waitFor();
    await patterns.getByRole("button", { name: "Detach from “Payments fail with PAY_DECLINED_51”" }).click();
    await patterns.getByText(/waits in triage/).waitFor();
    expect((await ok<Signal>(ws.app, "GET", `/signals/${filed.id}`)).patternIds).toEqual([]);
    expect(problems).toEqual([]);
  });

  test("Detach shows for a builder of the pattern's loop, not for a viewer or a builder of another loop", async () => {
    const { channel } = await loopWithChannel(ws.app, "Detach signals");
    const { loop: other } = await loopWithChannel(ws.app, "Detach patterns");
    const pattern = await ok(ws.app, "POST", "/patterns", { loopId: other.id, title: "Receipts arrive twice" });
    const filed = await signal(ws.app, channel.id, "Two receipts for one order");
    await ok(ws.app, "POST", `/patterns/${pattern.id}/signals`, { signalIds: [filed.id] }, 200);
    const { loop: unrelated } = await loopWithChannel(ws.app, "Detach elsewhere");
    const builder = await member(ws.app, other.id, "builder");
    const viewer = await member(ws.app, other.id, "viewer");
    // A builder of a third loop may change neither the signal's loop nor the pattern's: the API refuses.
    const stranger = await member(ws.app, unrelated.id, "builder");
    for (const [who, shows] of [
      [builder, 1],
      [viewer, 0],
      [stranger, 0],
    ] as const) {
      const { page, problems } = await ws.newPage();
      await signIn(page, ws.app.url, who.email, who.password);
      await page.goto(`${ws.app.url}/app/signals/${filed.id}`);
      const patterns = page.getByRole("region", { name: "Patterns" });
      await patterns.getByRole("link", { name: "Receipts arrive twice" }).waitFor();
      // The page has read the channels by now (the button waits for them).
      await page.waitForLoadState("networkidle");
      expect(await patterns.getByRole("button", { name: /^Detach/ }).count(), who.email).toBe(shows);
      expect(problems).toEqual([]);
      await page.close();
    }
  });
});
