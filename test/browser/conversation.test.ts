import { afterAll, beforeAll, expect, test } from "vitest";
import { loopWithChannel, signal } from "../helpers/api.js";
import { describeInBrowser, expectAccessible, signIn, startWorkspace, type Workspace } from "./workspace.js";
import { member } from "./world.js";

describeInBrowser("a signal's conversation in the workspace", () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await startWorkspace();
  });
  afterAll(async () => ws?.stop());

  test("a builder answers a person in their thread from the signal's page; a viewer only reads", async () => {
    const { loop, channel } = await loopWithChannel(ws.app);
    const made = await signal(ws.app, channel.id, "Invoices PDF is blank", { threadRef: "<first@customer.example>" });
    const viewer = await member(ws.app, loop.id, "viewer");

    const { page, problems } = await ws.newPage();
    await signIn(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/signals/${made.id}`);
    await page.getByRole("heading", { name: "Conversation" }).waitFor();
    await page.getByLabel("Answer in their thread").fill("Thanks — we can reproduce it and are on it.");
    await page.getByRole("button", { name: "Send answer" }).click();
    await page.getByText("Thanks — we can reproduce it and are on it.").waitFor();
    await expectAccessible(page, "a signal's page with its conversation");
    expect(problems).toEqual([]);
    // The answer is on its way in the person's own thread, through the outbox.
    const [queued] = await ws.app.db.query<{ kind: string; status: string }>(
      "select o.kind, o.status from outbox o where o.kind = 'reply' order by o.created_at desc limit 1",
    );
    expect(queued).toMatchObject({ kind: "reply", status: "pending" });

    const asViewer = await ws.newPage();
    await signIn(asViewer.page, ws.app.url, viewer.email, viewer.password);
    await asViewer.page.goto(`${ws.app.url}/app/signals/${made.id}`);
    await asViewer.page.getByText("Thanks — we can reproduce it and are on it.").waitFor();
    expect(await asViewer.page.getByLabel("Answer in their thread").count()).toBe(0);
  });
});
