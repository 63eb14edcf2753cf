import { afterAll, beforeAll, expect, test } from "vitest";
import { describeInBrowser, expectAccessible, screenshots, startWorkspace, type Workspace } from "./workspace.js";

describeInBrowser("first run and invitations in Chromium", () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await startWorkspace({ admin: false });
  });
  afterAll(async () => ws?.stop());

  test("the printed setup link makes the first administrator in the workspace's look and signs them in", async () => {
    const { page, problems } = await ws.newPage();
    await page.goto(`${ws.app.url}${new URL(ws.app.setupUrl ?? "").pathname}`);
    await page.getByRole("heading", { name: "Create the first administrator" }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/app\/setup\//);
    await screenshots(page, "setup");
    await expectAccessible(page, "the setup page");
    await page.getByLabel("Email").fill("first@loopwork.test");
    await page.getByLabel("Name").fill("First Admin");
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create the first administrator" }).click();
    // The browser's own check (minlength) stops it first: still on the page.
    expect(await page.getByRole("heading", { name: "Create the first administrator" }).count()).toBe(1);
    await page.getByLabel("Password").fill("a long enough password");
    await page.getByRole("button", { name: "Create the first administrator" }).click();
    await page.getByRole("navigation", { name: "Workspace" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/app/");
    await page.getByText("First Admin").waitFor();

    // The link worked once: opening it again says so (the server's page, 410).
    const again = await ws.newPage();
    const answer = await again.page.goto(`${ws.app.url}${new URL(ws.app.setupUrl ?? "").pathname}`);
    expect(answer?.status()).toBe(410);
    expect(problems).toEqual([]);
  });

  test("an invitation link opens the workspace's page to choose a password, then the workspace", async () => {
    const admin = await ws.app.signIn("first@loopwork.test", "a long enough password");
    const loop = await ws.app.call<{ id: string }>(
      "POST",
      "/loops",
      { slug: "invited-loop", name: "Invited" },
      {},
      admin,
    );
    expect(loop.status).toBe(201);
    const invited = await ws.app.call<{ invitation: { url: string } }>(
      "POST",
      "/users",
      { email: "new@loopwork.test", name: "New Person" },
      {},
      admin,
    );
    const { page, problems } = await ws.newPage();
    await page.goto(`${ws.app.url}${new URL(invited.body.invitation.url).pathname}`);
    await page.getByRole("heading", { name: "Choose your password" }).waitFor();
    await page.getByLabel("Password").fill("another long password");
    await page.getByRole("button", { name: "Choose this password" }).click();
    await page.getByRole("navigation", { name: "Workspace" }).waitFor();
    await page.getByText("New Person").waitFor();
    expect(problems).toEqual([]);
  });
});
