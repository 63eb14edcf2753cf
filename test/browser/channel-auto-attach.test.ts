import { afterAll, beforeAll, expect, test } from "vitest";
import { loopWithChannel, ok } from "../helpers/api.js";
import { describeInBrowser, signIn, startWorkspace, type Workspace } from "./workspace.js";

type Channel = { config: { autoAttachThreshold?: number } };

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
});
