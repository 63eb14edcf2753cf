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
import { member } from "./world.js";

type Id = { id: string };
type Patterns = { items: (Id & { title: string; signalCount: number; status: string })[] };

/** Issue #11's screens: triage with suggestions and proposals, merge with a preview and undo, split, priority. */
describeInBrowser("suggestions, proposals, merge, split and priority in Chromium", () => {
  let ws: Workspace;
  let loopId: string;
  let channelId: string;
  beforeAll(async () => {
    ws = await startWorkspace();
    const made = await loopWithChannel(ws.app, "Exports");
    loopId = made.loop.id;
    channelId = made.channel.id;
  });
  afterAll(async () => ws?.stop());

  const pattern = async (title: string, signals: string[]) => {
    const made = await ok(ws.app, "POST", "/patterns", { loopId, title });
    for (const title of signals) await signal(ws.app, channelId, title, { patternIds: [made.id] });
    return made.id;
  };
  const patternsOf = async () => (await ok<Patterns>(ws.app, "GET", `/patterns?loopId=${loopId}&limit=100`)).items;

  test("triage shows the focused signal's suggestions with score and reasons; 1 attaches; a proposal is accepted", async () => {
    const exports = await pattern("CSV export times out on large workspaces", [
      "CSV export times out after 30 seconds",
      "Export to CSV timeout on our large workspace",
    ]);
    const waiting = await signal(ws.app, channelId, "CSV export times out again on a large workspace");
    for (const n of [1, 2, 3]) {
      await signal(ws.app, channelId, `Calendar invites from Outlook arrive without attendees (${n})`, {
        body: "Outlook calendar invites arrive without attendees in the calendar view.",
      });
    }
    const { page, problems } = await ws.newPage();
    const asked: string[] = [];
    page.on("request", (request) => {
      const path = new URL(request.url()).pathname;
      if (/^\/signals\/[^/]+\/suggestions$/.test(path) || path === "/patterns/proposals") asked.push(path);
    });
    await signInBySession(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/triage`);
    const row = page.getByRole("listitem").filter({ hasText: "CSV export times out again" });
    await row.waitFor();
    // The newest signal is under the cursor: the three Outlook ones came later, so move to it with j.
    while ((await row.getAttribute("aria-current")) !== "true") await page.keyboard.press("j");
    const panel = page.getByRole("region", { name: "Suggested patterns" });
    const suggestion = panel.getByRole("listitem").filter({ hasText: "CSV export times out on large workspaces" });
    await suggestion.first().waitFor();
    expect(await suggestion.first().locator(".score").textContent()).toMatch(/^\d{1,3}%$/);
    expect(await suggestion.first().getByRole("list").textContent()).toMatch(/export|csv|timeout/i);
    // A similar signal's share in the reasons reads as the score does (`44%`, never `44 %`).
    const reasons = (await suggestion.first().getByRole("list").textContent()) ?? "";
    expect(reasons).toMatch(/Most like “.+” \(\d{1,3}%\)/);
    const proposals = page.getByRole("region", { name: "Proposed new patterns" });
    await proposals
      .getByRole("button", { name: /^Accept/ })
      .first()
      .waitFor();
    await screenshots(page, "triage-suggestions");
    await expectAccessible(page, "triage with suggestions");

    await page.keyboard.press("1");
    await row.waitFor({ state: "detached" });
    expect(await ok(ws.app, "GET", `/signals/${waiting.id}`)).toMatchObject({ patternIds: [exports] });

    await proposals
      .getByRole("button", { name: /^Accept/ })
      .first()
      .click();
    await page.getByText(/Made the pattern “.+” from 3 signals\./).waitFor();
    const accepted = (await patternsOf()).find((p) => /outlook|calendar|attendees/i.test(p.title));
    expect(accepted).toMatchObject({ signalCount: 3 });
    // Bounded: suggestions only for the signals the cursor visited (five at most here, of the queue's
    // six), asked again only when a live event says signals changed — never one request per row.
    const perSignal = asked.filter((path) => path.endsWith("/suggestions"));
    expect(new Set(perSignal).size).toBeLessThanOrEqual(5);
    expect(perSignal.length).toBeLessThanOrEqual(10);
    expect(problems).toEqual([]);
  });

  test("a pattern is merged into another after a preview of what moves, then undone; a split makes a new pattern", async () => {
    const source = await pattern("Sync drops offline edits", [
      "Offline edits gone after sync",
      "Lost my edits offline",
    ]);
    const target = await pattern("Offline changes lost on sync", ["Sync overwrote my offline changes"]);
    await ok(ws.app, "POST", "/improvements", { loopId, title: "Merge offline edits", patternIds: [source] });
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/patterns/${source}`);
    await page.getByRole("heading", { level: 1, name: "Sync drops offline edits" }).waitFor();
    await page.getByRole("button", { name: "Merge into…" }).click();
    const dialog = page.getByRole("dialog", { name: "Merge into another pattern" });
    await dialog.getByRole("combobox").fill("offline changes");
    await dialog.getByRole("button", { name: /Offline changes lost on sync/ }).click();
    const preview = dialog.getByRole("status", { name: "What moves" });
    await expect.poll(() => preview.textContent()).toContain("2 signals move");
    expect(await preview.textContent()).toContain("1 improvement follows");
    expect(await preview.textContent()).toContain("told once per fix");
    await dialog.getByRole("listitem").filter({ hasText: "Lost my edits offline" }).waitFor();
    await screenshots(page, "merge-preview");
    await expectAccessible(page, "the merge preview");
    // The preview changed nothing.
    expect(await ok(ws.app, "GET", `/patterns/${source}`)).toMatchObject({ status: "open", signalCount: 2 });

    await dialog.getByRole("button", { name: "Merge into “Offline changes lost on sync”" }).click();
    await page.getByRole("heading", { level: 1, name: "Offline changes lost on sync" }).waitFor();
    await expect
      .poll(async () => (await ok<Patterns["items"][0]>(ws.app, "GET", `/patterns/${target}`)).signalCount)
      .toBe(3);
    const moves = page.getByRole("region", { name: "Merges and splits" });
    await moves.getByText(/Merged in from/).waitFor();
    await moves.getByRole("button", { name: "Undo" }).click();
    await moves.getByText(/Undone/).waitFor();
    expect(await ok(ws.app, "GET", `/patterns/${source}`)).toMatchObject({ status: "open", signalCount: 2 });

    // Split: the signal that is another problem becomes a new pattern.
    await page.goto(`${ws.app.url}/app/patterns/${source}`);
    await page.getByRole("checkbox", { name: "Choose “Lost my edits offline” to split off" }).check();
    await page.getByRole("button", { name: /^Split 1 signal into a new pattern/ }).click();
    const split = page.getByRole("dialog", { name: "Split into a new pattern" });
    await split.getByLabel("New pattern's title").fill("Offline mode forgets edits");
    await split.getByRole("button", { name: "Preview" }).click();
    await expect
      .poll(() => split.getByRole("status", { name: "What moves" }).textContent())
      .toContain("1 signal moves");
    await expectAccessible(page, "the split preview");
    await split.getByRole("button", { name: "Split off" }).click();
    await split.getByRole("link", { name: "Offline mode forgets edits" }).waitFor();
    const made = (await patternsOf()).find((p) => p.title === "Offline mode forgets edits");
    expect(made).toMatchObject({ signalCount: 1, status: "open" });
    expect(problems).toEqual([]);
  });

  test("moves are undone newest first from the page: once the latest is undone, the one before it offers Undo", async () => {
    const source = await pattern("Search misses accented words", ["Café not found", "Search ignores é"]);
    const [moved] = (await ok<{ items: Id[] }>(ws.app, "GET", `/signals?patternId=${source}`)).items;
    const split = await ok<{ target: Id }>(
      ws.app,
      "POST",
      `/patterns/${source}/split`,
      {
        signalIds: [moved?.id],
        title: "Accents in titles",
      },
      200,
    );
    await ok(ws.app, "POST", `/patterns/${split.target.id}/merge`, { targetId: source }, 200);
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/patterns/${source}`);
    const moves = page.getByRole("region", { name: "Merges and splits" });
    await moves.getByText(/Merged in from/).waitFor();
    await moves.getByRole("button", { name: "Undo" }).click();
    await moves.getByText(/Undone/).waitFor();
    // The split is the latest move not undone now: the API takes its undo, so the page offers it.
    await moves.getByRole("listitem").filter({ hasText: "Split off to" }).getByRole("button", { name: "Undo" }).click();
    await expect
      .poll(async () => (await ok<{ status: string }>(ws.app, "GET", `/patterns/${split.target.id}`)).status)
      .toBe("merged");
    expect(await ok(ws.app, "GET", `/patterns/${source}`)).toMatchObject({ status: "open", signalCount: 2 });
    expect(problems).toEqual([]);
  });

  test("a move that a later move of the other pattern came after says so instead of offering Undo", async () => {
    const source = await pattern("Printing cuts margins", ["Margins cut on A4", "Margins cut on Letter"]);
    const [moved] = (await ok<{ items: Id[] }>(ws.app, "GET", `/signals?patternId=${source}`)).items;
    const split = await ok<{ target: Id }>(
      ws.app,
      "POST",
      `/patterns/${source}/split`,
      { signalIds: [moved?.id], title: "Letter paper margins" },
      200,
    );
    // Another pattern merged into the split-off one: the split is this page's latest move, not theirs.
    const other = await pattern("US paper margins wrong", ["Margins wrong in the US"]);
    await ok(ws.app, "POST", `/patterns/${other}/merge`, { targetId: split.target.id }, 200);
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/patterns/${source}`);
    const moves = page.getByRole("region", { name: "Merges and splits" });
    await moves.getByText("cannot be undone: A later move came after this one: undo it first.").waitFor();
    expect(await moves.getByRole("button", { name: "Undo" }).count()).toBe(0);
    expect(problems).toEqual([]);
  });

  test("the merge dialog keeps its actions on one row, inside the dialog, wide and narrow", async () => {
    const source = await pattern("Uploads stall at 99 percent", ["Upload stuck at 99%"]);
    await pattern("Large uploads over mobile data stall just before they finish", ["Upload hangs at the end"]);
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/patterns/${source}`);
    await page.getByRole("heading", { level: 1, name: "Uploads stall at 99 percent" }).waitFor();
    await page.getByRole("button", { name: "Merge into…" }).click();
    const dialog = page.getByRole("dialog", { name: "Merge into another pattern" });
    await dialog.getByRole("combobox").fill("mobile data stall");
    await dialog.getByRole("button", { name: /Large uploads over mobile data/ }).click();
    await dialog.getByRole("status", { name: "What moves" }).waitFor();
    const actions = [
      dialog.getByRole("button", { name: /^Merge into “Large uploads/ }),
      dialog.getByRole("button", { name: "Choose another" }),
      dialog.getByRole("button", { name: "Cancel" }),
    ];
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 800 });
      const box = await dialog.boundingBox();
      const boxes = await Promise.all(actions.map((a) => a.boundingBox()));
      // One row: the buttons overlap vertically (each starts above where every other ends), and none
      // reaches into the dialog's padding.
      const tops = boxes.map((b) => b?.y ?? Number.NaN);
      const bottoms = boxes.map((b) => (b?.y ?? Number.NaN) + (b?.height ?? 0));
      expect(Math.max(...tops), `${width} px`).toBeLessThan(Math.min(...bottoms));
      const padding = await dialog.evaluate((d) => Number.parseFloat(getComputedStyle(d).paddingRight));
      const right = (box?.x ?? 0) + (box?.width ?? 0) - padding;
      for (const b of boxes) expect((b?.x ?? 0) + (b?.width ?? 0), `${width} px`).toBeLessThanOrEqual(right);
      await screenshots(page, `merge-actions-${width}`);
    }
    expect(problems).toEqual([]);
  });

  test("a pattern merges into an addressed one, which the dialog offers and says what it means", async () => {
    const source = await pattern("Dark mode forgets itself", ["Dark mode resets after restart"]);
    const addressed = await pattern("Dark mode setting is not remembered", ["Theme goes back to light"]);
    // Addressed as snapback leaves a pattern whose fix is live.
    await ws.app.db.query("update patterns set status = 'addressed' where id = $1", [addressed]);
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/patterns/${source}`);
    await page.getByRole("heading", { level: 1, name: "Dark mode forgets itself" }).waitFor();
    await page.getByRole("button", { name: "Merge into…" }).click();
    const dialog = page.getByRole("dialog", { name: "Merge into another pattern" });
    await dialog.getByRole("combobox").fill("not remembered");
    await dialog.getByRole("button", { name: /Dark mode setting is not remembered · 1 signal · addressed/ }).click();
    await dialog.getByText(/addressed: its fix is live\. The people behind these reports/).waitFor();
    // Telling them cannot be taken back: no undo is promised.
    await dialog.getByText(/the merge cannot be undone while it stays addressed/).waitFor();
    expect(await dialog.getByText(/you can undo it/).count()).toBe(0);
    await dialog.getByRole("status", { name: "What moves" }).waitFor();
    await dialog.getByRole("button", { name: "Merge into “Dark mode setting is not remembered”" }).click();
    await page.getByRole("heading", { level: 1, name: "Dark mode setting is not remembered" }).waitFor();
    expect((await ok<{ status: string }>(ws.app, "GET", `/patterns/${source}`)).status).toBe("merged");
    // The move's page says why it cannot be undone instead of offering an Undo the API refuses.
    const moves = page.getByRole("region", { name: "Merges and splits" });
    await moves
      .getByText(
        "cannot be undone: “Dark mode setting is not remembered” is addressed: its people were told its fix is live, so its signals stay with it.",
      )
      .waitFor();
    expect(await moves.getByRole("button", { name: "Undo" }).count()).toBe(0);
    const [move] = (await ok<{ items: { id: string }[] }>(ws.app, "GET", `/patterns/${addressed}/moves`)).items;
    expect((await ws.app.call("POST", `/pattern-moves/${move?.id}/undo`)).status).toBe(409);
    expect(problems).toEqual([]);
  });

  test("a split closed with Escape leaves nothing chosen: the split button asks again", async () => {
    const id = await pattern("Sync is slow", ["Sync takes minutes", "Sync is slow on Mondays", "Printing is broken"]);
    // A person known only by their address: named by it, once.
    await signal(ws.app, channelId, "Sync stalls at 99%", {
      patternIds: [id],
      contact: { email: "nameless@customer.example" },
    });
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/patterns/${id}`);
    await page.getByRole("checkbox", { name: "Choose “Printing is broken” to split off" }).check();
    await page.getByRole("button", { name: /^Split 1 signal into a new pattern/ }).click();
    const split = page.getByRole("dialog", { name: "Split into a new pattern" });
    await split.getByLabel("New pattern's title").fill("Printing is broken");
    await split.getByRole("button", { name: "Preview" }).click();
    await split.getByRole("button", { name: "Split off" }).click();
    await split.getByText("1 signal moved to the new pattern").waitFor();
    await page.keyboard.press("Escape");
    await split.waitFor({ state: "hidden" });
    const again = page.getByRole("button", { name: "Split signals into a new pattern…" });
    await again.waitFor();
    expect(await again.isDisabled()).toBe(true);
    expect(await page.getByRole("checkbox", { checked: true }).count()).toBe(0);

    // The move names who made it, as the timeline does, not their actor id.
    const moves = page.getByRole("region", { name: "Merges and splits" });
    await moves.getByText(/Split off to/).waitFor();
    const admin = (await ok<{ items: { name: string; email: string }[] }>(ws.app, "GET", "/users")).items.find(
      (u) => u.email === "admin@loopwork.test",
    );
    expect(await moves.textContent()).toContain(`by ${admin?.name}`);
    expect(await moves.textContent()).not.toContain("user:");
    const contacts = page.getByRole("region", { name: /Contacts/ });
    await contacts.getByText("nameless@customer.example").waitFor();
    expect((await contacts.textContent())?.split("nameless@customer.example").length).toBe(2);
    expect(problems).toEqual([]);
  });

  test("the priority's breakdown says why a pattern ranks where it does, with velocity and the emerging flag", async () => {
    const { loop, channel } = await loopWithChannel(ws.app, "Priorities");
    const spiking = await ok(ws.app, "POST", "/patterns", { loopId: loop.id, title: "Billing page shows 500" });
    for (const n of [1, 2, 3, 4]) {
      await signal(ws.app, channel.id, `Billing page error ${n}`, { patternIds: [spiking.id], urgency: "high" });
    }
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/patterns?loopId=${loop.id}`);
    const ranking = page.getByRole("list", { name: "Patterns by priority" });
    await ranking.getByRole("listitem").first().getByText("emerging").waitFor();
    await page.getByText("Why is “Billing page shows 500” first?").click();
    const why = page.getByRole("region", { name: /Why it ranks #\d+/ });
    await why.getByText("Velocity").waitFor();
    expect(await why.textContent()).toMatch(/4 in 7 days vs 0 in the 28 before/);
    await expectAccessible(page, "the knowledge base with the why");

    await page.goto(`${ws.app.url}/app/patterns/${spiking.id}`);
    const panel = page.getByRole("region", { name: /Why it ranks/ });
    await panel.getByText("emerging").first().waitFor();
    const terms = await panel.getByRole("term").allTextContents();
    expect(terms).toEqual(["Volume", "Reach", "Recency", "Velocity", "Channels", "Emerging"]);
    expect(await panel.textContent()).toMatch(/= base [\d.]+ × momentum [\d.]+/);
    // Volume is the reports weighted by urgency (high counts 2): 4 high reports are 8, and it says so.
    expect(await panel.getByRole("definition").first().textContent()).toBe("8 4 reports weighted by urgency");
    // Reach is a sum of the people's weights, not a head count.
    expect(await panel.textContent()).toMatch(/weighted reach [\d.]+/);
    expect(await panel.textContent()).not.toMatch(/[\d.]+ (people|person)\b/);
    await screenshots(page, "pattern-priority");
    await expectAccessible(page, "a pattern's page with its priority");
    expect(await panel.textContent()).not.toContain("counts from");
    // Two reports arrive at 8× the pace, too few to lift the priority: the ×1 says why.
    const slow = await ok(ws.app, "POST", "/patterns", { loopId: loop.id, title: "Billing email late" });
    for (const n of [1, 2]) await signal(ws.app, channel.id, `Billing email ${n}`, { patternIds: [slow.id] });
    await page.goto(`${ws.app.url}/app/patterns/${slow.id}`);
    await panel.getByText(/^×1 2 in 7 days vs 0 in the 28 before \(8× the pace; it counts from 3 reports\)$/).waitFor();
    expect(problems).toEqual([]);
  });

  test("a viewer sees suggestions and moves but no control the API would refuse", async () => {
    const source = await pattern("Viewer sees this pattern", ["One report", "Another report"]);
    await signal(ws.app, channelId, "An unattached report for the viewer");
    const viewer = await member(ws.app, loopId, "viewer");
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url, viewer.email, viewer.password);
    await page.goto(`${ws.app.url}/app/patterns/${source}`);
    await page
      .getByRole("region", { name: /Why it ranks/ })
      .getByText("Velocity")
      .waitFor();
    expect(await page.getByRole("button", { name: /Merge|Split|Undo|New improvement/ }).count()).toBe(0);
    expect(await page.getByRole("checkbox").count()).toBe(0);
    await page.goto(`${ws.app.url}/app/triage`);
    const panel = page.getByRole("region", { name: "Suggested patterns" });
    await panel
      .getByText(/For “|No pattern looks like/)
      .first()
      .waitFor();
    expect(await page.getByRole("button", { name: /^Attach|^Accept/ }).count()).toBe(0);
    expect(problems).toEqual([]);
  });

  test("a builder of one loop is told who can undo a merge across loops, not offered an Undo the API refuses", async () => {
    const other = await loopWithChannel(ws.app, "Billing");
    const target = await pattern("Invoices arrive twice", ["Invoice emailed twice"]);
    const source = await ok(ws.app, "POST", "/patterns", { loopId: other.loop.id, title: "Duplicate invoice emails" });
    await signal(ws.app, other.channel.id, "Two invoice emails", { patternIds: [source.id] });
    await ok(ws.app, "POST", `/patterns/${source.id}/merge`, { targetId: target }, 200);
    const builder = await member(ws.app, loopId, "builder");
    const { page, problems } = await ws.newPage();
    await signInBySession(page, ws.app.url, builder.email, builder.password);
    await page.goto(`${ws.app.url}/app/patterns/${target}`);
    const moves = page.getByRole("region", { name: "Merges and splits" });
    await moves.getByText("a builder of both patterns' loops can undo it").waitFor();
    expect(await moves.getByRole("button", { name: "Undo" }).count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
