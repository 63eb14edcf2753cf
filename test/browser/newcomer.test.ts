import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { cliJson, runCli } from "../cli/run-cli.js";
import { describeInBrowser, expectAccessible, screenshots, startWorkspace, type Workspace } from "./workspace.js";

type Id = { id: string };
type Page_ = { items: (Id & Record<string, unknown>)[] };

/**
 * Issue #10's acceptance, walked as one newcomer would in one browser session: the printed setup link,
 * the first administrator, a token made in the settings for the CLI, the demo loop, triage (type-ahead
 * and a new pattern from two signals), an improvement approved and dragged to in progress, the work
 * and the production deployment through the real CLI, and the snapback arriving live.
 */
describeInBrowser("a newcomer's first loop, from the setup link to a snapback, in Chromium", () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await startWorkspace({ admin: false });
  });
  afterAll(async () => ws?.stop());

  test("setup → demo → triage → improvement → CLI delivery → snapback live", { timeout: 240_000 }, async () => {
    const url = ws.app.url;
    const { page, context, problems } = await ws.newPage();

    // 1. The setup link printed at start: the first administrator, signed in.
    await page.goto(`${url}${new URL(ws.app.setupUrl ?? "").pathname}`);
    await page.getByLabel("Email").fill("newcomer@loopwork.test");
    await page.getByLabel("Name").fill("Nora Newcomer");
    await page.getByLabel("Password").fill("a long enough password");
    await page.getByRole("button", { name: "Create the first administrator" }).click();
    await page.getByRole("navigation", { name: "Workspace" }).waitFor();

    // 2. A token for the CLI, made in the settings and shown once.
    await page.goto(`${url}/app/settings?section=tokens`);
    await page.getByLabel("Token name").fill("my laptop");
    await page.getByLabel("Scope").selectOption("admin");
    await page.getByRole("button", { name: "Make the token" }).click();
    const secret = page.locator(".secret");
    await expect.poll(() => secret.textContent()).toMatch(/^lw_/);
    const token = (await secret.textContent()) ?? "";
    await page.getByRole("button", { name: "I have copied it" }).click();
    const cli = <T = Id>(...args: string[]) => cliJson<T>(url, args, { token, timeoutMs: 120_000 });

    // 3. The demo loop, loaded by the CLI while the loop's home is open: it fills in without a reload.
    await page.goto(`${url}/app/`);
    await page.getByText("No open pattern.").waitFor();
    const demo = await cli<{ alreadyLoaded: boolean }>("demo");
    expect(demo.alreadyLoaded).toBe(false);
    await page.getByRole("link", { name: "Search is slow in large notebooks" }).waitFor({ timeout: 15_000 });
    await screenshots(page, "newcomer-home");

    // 4. Triage: the demo's unattached signals; one attached by typing part of a pattern's title.
    await page.goto(`${url}/app/triage`);
    const row = (title: string) => page.getByRole("listitem").filter({ hasText: title });
    await row("keyboard shortcut for checklists?").waitFor();
    await row("keyboard shortcut for checklists?").getByRole("checkbox").check();
    await page.getByRole("button", { name: /^Attach .*to a pattern/ }).click();
    const attach = page.getByRole("dialog", { name: "Attach to a pattern" });
    await attach.getByRole("combobox").fill("classic tool");
    await attach.getByRole("option", { name: /Bring back the classic toolbar/ }).click();
    await row("keyboard shortcut for checklists?").waitFor({ state: "detached" });

    // A second report of the same problem arrives while the page is open (the CLI, as a pipeline would).
    await cli(
      "signal",
      "add",
      "--channel",
      "support-email",
      "--from",
      "rosa@customer.example",
      "--name",
      "Rosa",
      "--title",
      "Renamed tag vanished from the sidebar",
      "--body",
      "After I renamed a tag it was gone from the sidebar.",
    );
    await row("Renamed tag vanished from the sidebar").waitFor();
    await screenshots(page, "newcomer-triage");
    for (const title of ["Renamed tag vanished from the sidebar", "Tags disappear from the sidebar after renaming"]) {
      await row(title).getByRole("checkbox").check();
    }
    await page.getByRole("button", { name: /^New pattern/ }).click();
    const create = page.getByRole("dialog", { name: "New pattern" });
    await create.getByLabel("Title").fill("Renamed tags vanish from the sidebar");
    await create.getByLabel("Loop").selectOption({ label: "Inkwell Notes" });
    await create.getByRole("button", { name: "Create and attach" }).click();
    await page.getByText(/Made the pattern “Renamed tags vanish from the sidebar” from 2 signals/).waitFor();
    const made = await cli<Page_>("pattern", "list", "--search", "Renamed tags vanish");
    const patternId = made.items.find((p) => p.title === "Renamed tags vanish from the sidebar")?.id as string;
    expect(patternId).toBeDefined();

    // 5. An improvement for it, proposed from the pattern's page, approved and dragged to in progress.
    await page.goto(`${url}/app/patterns/${patternId}`);
    await page.getByRole("button", { name: "New improvement…" }).click();
    const propose = page.getByRole("dialog", { name: "New improvement" });
    await propose.getByLabel("Title").fill("Keep renamed tags in the sidebar");
    await propose.getByLabel("Why (Markdown)").fill("Two people lost tags from the sidebar after renaming them.");
    await propose.getByRole("checkbox", { name: "Inkwell for the web" }).check();
    await expectAccessible(page, "the new improvement dialog");
    await propose.getByRole("button", { name: "Propose the improvement" }).click();
    await page.getByRole("heading", { level: 1, name: "Keep renamed tags in the sidebar" }).waitFor();
    const improvement = { id: new URL(page.url()).pathname.split("/").at(-1) as string };
    await page.goto(`${url}/app/improvements`);
    await page.getByRole("combobox", { name: "Move Keep renamed tags in the sidebar to" }).selectOption({
      label: "Approved",
    });
    const card = page.locator(`[data-id="${improvement.id}"]`);
    await page.locator(`[data-status="approved"] [data-id="${improvement.id}"]`).waitFor();
    await drag(page, card.getByRole("button", { name: /^Drag/ }), page.locator('[data-status="in_progress"]'));
    await page.locator(`[data-status="in_progress"] [data-id="${improvement.id}"]`).waitFor();
    await expect
      .poll(async () => (await cli<{ status: string }>("improvement", "show", improvement.id)).status)
      .toBe("in_progress");

    // 6. The work through the CLI: issue, pull request (merged), version, release, a production deploy.
    const issue = await cli(
      "issue",
      "add",
      "--component",
      "web-ui",
      "--title",
      "Sidebar forgets renamed tags",
      "--improvement",
      improvement.id,
    );
    const pr = await cli("pr", "add", "--component", "web-ui", "--title", "Re-key tags on rename", "--fixes", issue.id);
    await cli("pr", "merge", pr.id);
    await cli("version", "--component", "web-ui", "--name", "5.5.0", "--pr", pr.id);
    await cli("release", "--product", "web-app", "--name", "2024.8");
    const running = await cli<{ deployment: Id }>(
      "deploy",
      "--release",
      "web-app@2024.8",
      "--env",
      "production",
      "--status",
      "running",
      "--external-id",
      "ci-run-1",
    );

    // 7. The deployment's page and the timeline are open when the pipeline says it succeeded.
    await page.goto(`${url}/app/deployments/${running.deployment.id}`);
    const counts = page.locator(".counts");
    await expect.poll(() => counts.textContent()).toContain("0 Patterns addressed");
    const timeline = await context.newPage();
    await timeline.goto(`${url}/app/timeline`);
    const events = timeline.locator(".virtual-row");
    await expect.poll(() => events.count()).toBeGreaterThan(0);
    const succeeded = await runCli(url, ["deploy", "mark", running.deployment.id, "success"], { token });
    expect(succeeded, succeeded.stderr).toMatchObject({ code: 0 });

    // No reload: the live stream brings the snapback to both.
    // (The release takes the newest version of every component of the web app, so the demo's own
    // work in the sync engine ships with it: at least one more of each.)
    await expect.poll(() => counts.textContent(), { timeout: 15_000 }).toMatch(/[1-9]\d* Patterns addressed/);
    await expect.poll(() => counts.textContent()).toMatch(/[1-9]\d* Improvements completed/);
    const told = page.getByRole("region", { name: "Who was told" });
    await expect.poll(() => told.textContent()).toContain("rosa@customer.example");
    await expect.poll(() => told.textContent()).toContain("Renamed tags vanish from the sidebar");
    await screenshots(page, "newcomer-deployment");
    await expectAccessible(page, "the deployment's page after the snapback");
    await expect
      .poll(() => texts(events), { timeout: 15_000 })
      .toEqual(expect.arrayContaining([expect.stringMatching(/addressed/), expect.stringMatching(/completed/)]));
    await screenshots(timeline, "newcomer-timeline");
    expect(problems).toEqual([]);
  });
});

const texts = (rows: Locator) => rows.allTextContents();

/** Drags with the mouse as a person does: press on the handle, move in steps, release over the target. */
async function drag(page: Page, handle: Locator, target: Locator) {
  const from = await handle.boundingBox();
  const to = await target.boundingBox();
  if (!from || !to) throw new Error("nothing to drag, or nowhere to drop");
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 12, from.y + from.height / 2 + 4, { steps: 3 });
  await page.mouse.move(to.x + to.width / 2, to.y + 60, { steps: 12 });
  await page.mouse.up();
}
