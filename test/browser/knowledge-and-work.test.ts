import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { setMembership } from "../../src/services/memberships.js";
import { inTransaction } from "../../src/services/transaction.js";
import { mergedFixOnSharedComponent, uniqueSlug } from "../helpers/factories.js";
import {
  describeInBrowser,
  expectAccessible,
  screenshots,
  signInBySession,
  startWorkspace,
  type Workspace,
} from "./workspace.js";

const xss = "<img src=x onerror=alert(1)>";

describeInBrowser("the knowledge base, the improvements board and the trace in Chromium", () => {
  let ws: Workspace;
  let loopId: string;
  let channelId: string;
  beforeAll(async () => {
    ws = await startWorkspace();
    loopId = (await ws.app.call<{ id: string }>("POST", "/loops", { slug: uniqueSlug("core"), name: "Core" })).body.id;
    channelId = (
      await ws.app.call<{ id: string }>("POST", "/channels", {
        loopId,
        slug: uniqueSlug("mail"),
        name: "Support mail",
        kind: "email",
      })
    ).body.id;
  });
  afterAll(async () => ws?.stop());

  const pattern = async (title: string) =>
    (await ws.app.call<{ id: string }>("POST", "/patterns", { loopId, title })).body.id;
  const signal = async (patternId: string, title: string, urgency = "normal", body = "") =>
    ws.app.call("POST", "/signals", {
      channelId,
      contact: { email: `${uniqueSlug("person")}@example.com`, name: "Ana" },
      title,
      body,
      urgency,
      patternIds: [patternId],
    });
  const improvement = async (title: string, fields: Record<string, unknown> = {}) =>
    (await ws.app.call<{ id: string }>("POST", "/improvements", { loopId, title, ...fields })).body.id;
  const statusOf = async (id: string) =>
    (await ws.app.call<{ status: string }>("GET", `/improvements/${id}`)).body.status;

  /** A person with a role in the loop, signed up through their invitation. */
  async function member(role: "viewer" | "builder") {
    const email = `${uniqueSlug(role)}@loopwork.test`;
    const made = await ws.app.call<{ user: { id: string }; invitation: { url: string } }>("POST", "/users", {
      email,
      name: role,
    });
    const password = "a long enough password";
    await ws.app.call("POST", new URL(made.body.invitation.url).pathname, { password }, {}, "anonymous");
    await inTransaction(ws.app.db, "test", (tx) => setMembership(tx, loopId, made.body.user.id, role));
    return { email, password };
  }

  test("the knowledge base lists patterns by priority with the breakdown, filters by channel, and opens a pattern; customer text stays text", async () => {
    const quiet = await pattern("Quiet: dark mode flickers");
    await signal(quiet, "Flicker", "low");
    const loud = await pattern(`Loud: exports time out ${xss}`);
    for (const urgency of ["critical", "high", "normal"]) await signal(loud, `Export failed (${urgency})`, urgency);
    await signal(loud, xss, "high", `It says ${xss}\non two lines`);
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url);
    const requests: string[] = [];
    page.on("request", (request) => {
      if (new URL(request.url()).pathname.startsWith("/patterns")) requests.push(request.url());
    });
    await page.goto(`${ws.app.url}/app/patterns?loopId=${loopId}`);
    // By priority; under a search, best match first (the same list).
    const ranking = page.getByRole("list", { name: /^Patterns( by priority|, best match first)$/ });
    await ranking.getByRole("link").first().waitFor();
    await page.getByRole("list", { name: "Patterns by priority" }).waitFor();
    await page.getByText(`Why is “Loud: exports time out ${xss}” first?`).waitFor();
    const titles = await ranking.getByRole("listitem").locator(".ranking-title").allTextContents();
    expect(titles).toEqual([`Loud: exports time out ${xss}`, "Quiet: dark mode flickers"]);
    const first = ranking.getByRole("listitem").first();
    expect(await first.getByRole("definition").allTextContents()).toEqual([
      "4",
      expect.stringMatching(/^×2(\.\d+)?$/),
      expect.stringMatching(/^×\d/),
      expect.stringMatching(/^×(1|0\.\d+)$/),
      expect.stringMatching(/^×[12](\.\d+)?$/),
    ]);
    // One request for the whole page of patterns and their newest signals: none per row.
    expect(requests.filter((url) => new URL(url).pathname === "/patterns")).toHaveLength(1);
    expect(requests.every((url) => !/\/patterns\/[0-9a-f-]{36}/.test(url))).toBe(true);
    await screenshots(page, "knowledge-base");
    await expectAccessible(page, "the knowledge base");

    // Another channel's filter empties the list; the URL keeps it.
    const other = await ws.app.call<{ id: string }>("POST", "/channels", {
      loopId,
      slug: uniqueSlug("forum"),
      name: "Forum",
      kind: "forum",
    });
    await page.reload();
    await page.getByLabel("Channel").selectOption({ label: "Forum" });
    await page.getByText("No pattern matches these filters.").waitFor();
    expect(new URL(page.url()).searchParams.get("channelId")).toBe(other.body.id);
    await page.getByLabel("Channel").selectOption({ label: "Support mail" });
    await ranking.getByRole("link").first().waitFor();
    // Words search titles (GET /patterns?q=…): the best matches only.
    await page.getByRole("searchbox", { name: "Search" }).fill("flickers");
    await expect
      .poll(() => ranking.getByRole("listitem").locator(".ranking-title").allTextContents())
      .toEqual(["Quiet: dark mode flickers"]);
    expect(new URL(page.url()).searchParams.get("q")).toBe("flickers");
    // Ordered by the match, not by priority: no "Why is … first?" (it said so of the best match).
    await page.getByRole("list", { name: "Patterns, best match first" }).waitFor();
    await page.getByText("The priority of “Quiet: dark mode flickers”").waitFor();
    expect(await page.getByText(/^Why is/).count()).toBe(0);
    // Words past the API's 200 are cut off, never inside an emoji (half of one cannot be sent at all).
    const long = `flickers ${"x".repeat(190)}🙈🙈`;
    await page.getByRole("searchbox", { name: "Search" }).fill(long);
    await expect.poll(() => new URL(page.url()).searchParams.get("q")).toBe(long.slice(0, 199));
    await expect
      .poll(() => ranking.getByRole("listitem").locator(".ranking-title").allTextContents())
      .toEqual(["Quiet: dark mode flickers"]);
    expect(await page.getByRole("alert").count()).toBe(0);
    await page.getByRole("searchbox", { name: "Search" }).fill("");
    await expect.poll(() => ranking.getByRole("listitem").count()).toBe(2);

    await ranking.getByRole("link", { name: /^Loud/ }).click();
    await page.getByRole("heading", { level: 1, name: `Loud: exports time out ${xss}` }).waitFor();
    await page.getByText(`It says ${xss}`).waitFor();
    await page.getByRole("link", { name: xss }).waitFor();
    expect(await page.locator("main img").count()).toBe(0);
    expect(
      await page
        .getByRole("region", { name: /Contacts/ })
        .getByRole("listitem")
        .count(),
    ).toBe(4);
    await page.getByRole("region", { name: "Channels" }).getByText("Support mail").waitFor();
    await page.getByRole("region", { name: "Timeline" }).getByText("attached").first().waitFor();
    await screenshots(page, "pattern");
    await expectAccessible(page, "a pattern's page");

    await page.getByRole("link", { name: xss }).click();
    await page.getByRole("heading", { level: 1, name: xss }).waitFor();
    await page.getByRole("region", { name: "Patterns" }).getByRole("link", { name: /^Loud/ }).waitFor();
    await screenshots(page, "signal");
    await expectAccessible(page, "a signal's page");
    expect(problems).toEqual([]);
  });

  test("the navigation's Knowledge base clears a search, filters and words alike: the box follows the URL", async () => {
    await pattern("Cleared: search box follows links");
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/patterns?loopId=${loopId}&status=open`);
    const box = page.getByRole("searchbox", { name: "Search" });
    await box.pressSequentially("search box follows");
    await expect.poll(() => new URL(page.url()).searchParams.get("q")).toBe("search box follows");
    await page.getByRole("list", { name: "Patterns, best match first" }).waitFor();
    await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Knowledge base" }).click();
    await expect.poll(() => new URL(page.url()).search).toBe("");
    await page.getByRole("list", { name: "Patterns by priority" }).waitFor();
    // Before, the box kept its words and put them back in the URL (the status went, the words came back).
    await page.waitForLoadState("networkidle");
    expect(new URL(page.url()).search).toBe("");
    expect(await box.inputValue()).toBe("");
    // Typing again searches again.
    await box.fill("follows links");
    await expect.poll(() => new URL(page.url()).searchParams.get("q")).toBe("follows links");
    expect(problems).toEqual([]);
  });

  test("an improvement dragged to in progress moves; a refused move snaps back with the API's message", async () => {
    const approved = await improvement("Stream exports");
    await ws.app.call("PATCH", `/improvements/${approved}`, { status: "approved" });
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/improvements`);
    const card = page.locator(`[data-id="${approved}"]`);
    await card.waitFor();
    await drag(page, card.getByRole("button", { name: /^Drag/ }), page.locator('[data-status="in_progress"]'));
    await page.locator(`[data-status="in_progress"] [data-id="${approved}"]`).waitFor();
    await expect.poll(() => statusOf(approved)).toBe("in_progress");
    await screenshots(page, "improvements-board");
    await expectAccessible(page, "the improvements board");

    // Completed is snapback's to decide: the API refuses, the card goes back, the message says why.
    await drag(page, card.getByRole("button", { name: /^Drag/ }), page.locator('[data-status="completed"]'));
    await expect.poll(() => page.getByRole("alert").textContent()).toMatch(/Stream exports stays in progress: .+/);
    await page.locator(`[data-status="in_progress"] [data-id="${approved}"]`).waitFor();
    expect(await page.locator(`[data-status="completed"] [data-id="${approved}"]`).count()).toBe(0);
    expect(await statusOf(approved)).toBe("in_progress");

    // Without a pointer: the card's Move-to select (the keyboard's way, beside dnd-kit's space and arrows).
    const proposed = await improvement("Keyboard move");
    await page.reload();
    await page.getByRole("combobox", { name: "Move Keyboard move to" }).selectOption({ label: "Approved" });
    await page.locator(`[data-status="approved"] [data-id="${proposed}"]`).waitFor();
    await expect.poll(() => statusOf(proposed)).toBe("approved");
    expect(problems).toEqual([]);
  });

  test("why, what and how render Markdown inert (no script, no handler, no javascript: link), and edit with a preview", async () => {
    const id = await improvement("Sanitised", {
      why: `**Customers** ask.\n\n<script>window.pwned = 1</script>${xss}\n\n[click](javascript:window.pwned=2)`,
    });
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/improvements/${id}`);
    const why = page.getByRole("region", { name: "Why" });
    await why.locator("strong", { hasText: "Customers" }).waitFor();
    // Raw HTML shows as the characters written.
    await why.getByText("<script>window.pwned = 1</script>").waitFor();
    expect(await page.locator("main script, main img, main [onerror]").count()).toBe(0);
    expect(await why.getByText("click").getAttribute("href")).toBeNull();
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();

    await page.getByRole("button", { name: "Edit what" }).click();
    await page
      .getByLabel("What (Markdown)")
      .fill("Stream rows as they are read.\n\n- no buffer\n- <script>x()</script>");
    await page.getByRole("tab", { name: "Preview" }).click();
    await page.getByRole("tabpanel").getByRole("listitem").first().waitFor();
    await page.getByRole("button", { name: "Save what" }).click();
    const what = page.getByRole("region", { name: "What" });
    await what.getByText("no buffer").waitFor();
    expect(await page.locator("main script").count()).toBe(0);
    // Saved: the region may show the text while the PATCH is still on its way.
    await expect
      .poll(async () => (await ws.app.call<{ what: string }>("GET", `/improvements/${id}`)).body.what, {
        timeout: 5000,
      })
      .toContain("no buffer");
    await screenshots(page, "improvement");
    await expectAccessible(page, "an improvement's page");
    expect(problems).toEqual([]);
  });

  test("from the keyboard, Edit puts the focus in the text, and Cancel or Save put it back on Edit", async () => {
    const id = await improvement("Edited by keyboard", { why: "Because." });
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/improvements/${id}`);
    const edit = page.getByRole("button", { name: "Edit why" });
    const text = page.getByLabel("Why (Markdown)");
    const focused = (what: typeof edit) => what.evaluate((el) => el === document.activeElement);
    await edit.focus();
    await page.keyboard.press("Enter");
    // Before, the focus was lost with the Edit button: on the page's body, Tab started from the top.
    await expect.poll(() => focused(text)).toBe(true);
    await page.keyboard.type(" Typed.");
    await page.getByRole("button", { name: "Cancel" }).press("Enter");
    await expect.poll(() => focused(edit)).toBe(true);
    await page.keyboard.press("Enter");
    await expect.poll(() => focused(text)).toBe(true);
    expect(await text.inputValue()).toBe("Because.");
    await page.keyboard.type(" Saved.");
    await page.getByRole("button", { name: "Save why" }).press("Enter");
    await expect.poll(() => focused(edit)).toBe(true);
    const saved = await ws.app.call<{ why: string }>("GET", `/improvements/${id}`);
    expect(saved.body.why).toBe("Because. Saved.");
    expect(problems).toEqual([]);
  });

  test("an improvement's own page changes its status: approved, then in progress; a refused change says why and keeps the status", async () => {
    const id = await improvement("Approve from its page", { why: "Asked for." });
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/improvements/${id}`);
    const status = page.getByRole("combobox", { name: "Status" });
    await status.selectOption({ label: "Approved" });
    await expect.poll(() => statusOf(id)).toBe("approved");
    await status.selectOption({ label: "In progress" });
    await expect.poll(() => statusOf(id)).toBe("in_progress");
    // Completed is snapback's to decide: the API refuses, the page says so and shows the status it has.
    await status.selectOption({ label: "Completed" });
    await expect.poll(() => page.getByRole("alert").textContent()).toMatch(/.+/);
    await expect.poll(() => status.inputValue()).toBe("in_progress");
    expect(await statusOf(id)).toBe("in_progress");
    await expectAccessible(page, "an improvement's page with its status");
    expect(problems).toEqual([]);
  });

  test("the trace of a shipped signal draws the chain from the signal to the deployment and back", async () => {
    const { world, pattern: shipped, ship } = await mergedFixOnSharedComponent(ws.app.db);
    await ship(world.productA.id, "2.0");
    const signals = await ws.app.call<{ items: { id: string }[] }>("GET", `/signals?patternId=${shipped.id}`);
    const signalId = signals.body.items[0]?.id as string;
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/signals/${signalId}`);
    await page.getByRole("main").getByRole("link", { name: "Trace", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: /Trace of signal/ }).waitFor();
    const graph = page.locator(".trace-graph svg");
    for (const type of [
      "signal",
      "pattern",
      "improvement",
      "issue",
      "pull_request",
      "version",
      "release",
      "deployment",
    ]) {
      await graph.locator(`g[data-type="${type}"]`).first().waitFor();
    }
    expect(await graph.locator(".trace-edges path").count()).toBeGreaterThanOrEqual(7);
    await page
      .getByRole("region", { name: /Deployment/ })
      .getByText(/to production/)
      .waitFor();
    await screenshots(page, "trace");
    await expectAccessible(page, "a trace");
    // From the graph to the pattern's page.
    await graph.locator('g[data-type="pattern"] a').first().click();
    await page.getByRole("heading", { level: 1, name: "Sync loses edits" }).waitFor();
    expect(problems).toEqual([]);
  });

  test("a pattern's or a deployment's link pasted on the trace page traces that item, whatever Start from says", async () => {
    const { world, pattern: shipped, ship } = await mergedFixOnSharedComponent(ws.app.db);
    const { deployment } = await ship(world.productA.id, "3.0");
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url);
    const cases = [
      [`${ws.app.url}/app/patterns/${shipped.id}`, `/app/trace/pattern/${shipped.id}`, /^Trace of pattern/],
      [
        `${ws.app.url}/app/deployments/${deployment.id}?tab=1`,
        `/app/trace/deployment/${deployment.id}`,
        /^Trace of deployment/,
      ],
      [`${ws.app.url}/app/trace/pattern/${shipped.id}`, `/app/trace/pattern/${shipped.id}`, /^Trace of pattern/],
    ] as const;
    for (const [pasted, path, heading] of cases) {
      await page.goto(`${ws.app.url}/app/trace`);
      // Start from says Signal (the first kind): before, the pattern's id was looked up as a signal's.
      await page.getByLabel("Its id or link").fill(pasted);
      await page.getByRole("button", { name: "Trace", exact: true }).click();
      await page.getByRole("heading", { level: 1, name: heading }).waitFor({ timeout: 5000 });
      expect(new URL(page.url()).pathname).toBe(path);
    }
    expect(problems).toEqual([]);
  });

  test("a viewer sees no drag, move or edit controls", async () => {
    const id = await improvement("Viewer's view", { why: "Because." });
    const viewer = await member("viewer");
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url, viewer.email, viewer.password);
    await page.goto(`${ws.app.url}/app/improvements`);
    await page.locator(`[data-id="${id}"]`).waitFor();
    expect(await page.getByRole("button", { name: /^Drag/ }).count()).toBe(0);
    expect(await page.getByRole("combobox", { name: /^Move/ }).count()).toBe(0);
    await page.goto(`${ws.app.url}/app/improvements/${id}`);
    await page.getByRole("region", { name: "Why" }).getByText("Because.").waitFor();
    expect(await page.getByRole("button", { name: /^Edit/ }).count()).toBe(0);
    expect(await page.getByRole("combobox", { name: "Status" }).count()).toBe(0);
    const patternId = await pattern("Seen by a viewer");
    await page.goto(`${ws.app.url}/app/patterns/${patternId}`);
    await page.getByRole("heading", { level: 1, name: "Seen by a viewer" }).waitFor();
    expect(await page.getByRole("button", { name: /Dismiss|Reopen/ }).count()).toBe(0);
    // Triage: the queue to read, no box to select a signal for attaching.
    await ws.app.call("POST", "/signals", {
      channelId,
      contact: { email: "triage-viewer@example.com" },
      title: "Waiting for a pattern, seen by a viewer",
    });
    await page.goto(`${ws.app.url}/app/triage`);
    await page.getByRole("link", { name: "Waiting for a pattern, seen by a viewer" }).waitFor();
    expect(await page.getByRole("checkbox", { name: /^Select/ }).count()).toBe(0);
    expect(problems).toEqual([]);
  });
});

/** Drags with the mouse as a person does: press on the handle, move in steps, release over the target. */
async function drag(page: Page, handle: ReturnType<Page["locator"]>, target: ReturnType<Page["locator"]>) {
  const from = await handle.boundingBox();
  const to = await target.boundingBox();
  if (!from || !to) throw new Error("nothing to drag, or nowhere to drop");
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 12, from.y + from.height / 2 + 4, { steps: 3 });
  await page.mouse.move(to.x + to.width / 2, to.y + 60, { steps: 12 });
  await page.mouse.up();
}
