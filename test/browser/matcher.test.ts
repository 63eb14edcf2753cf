import { afterAll, beforeAll, expect, test } from "vitest";
import { loopWithChannel, ok } from "../helpers/api.js";
import {
  describeInBrowser,
  expectAccessible,
  screenshots,
  signIn,
  startWorkspace,
  type Workspace,
} from "./workspace.js";

type Matcher = { version: number; minScore: number; limit: number; rules: { id: string; patternId: string }[] };
type Suggestions = { suggestions: { patternId: string; score: number; ruleId: string | null }[] };

describeInBrowser("the matcher in Chromium: fingerprint rules and what is shown", () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await startWorkspace();
  });
  afterAll(async () => ws?.stop());

  test("a builder writes a pattern's rule, sees it in settings, and an administrator changes what is shown", async () => {
    const { loop, channel } = await loopWithChannel(ws.app, "Rules");
    const pattern = await ok<{ id: string }>(ws.app, "POST", "/patterns", {
      loopId: loop.id,
      title: "Sync stops with a timeout",
    });
    const { page, problems } = await ws.newPage();
    await signIn(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/patterns/${pattern.id}`);
    const panel = page.getByRole("region", { name: "Fingerprint rules" });
    await expect.poll(() => panel.textContent()).toContain("None.");
    await panel.getByText("Add a rule").click();
    const form = panel.getByRole("form", { name: "New fingerprint rule" });
    await form.getByLabel("Error code").fill("ERR_SYNC_4711");
    await form.getByRole("button", { name: "Add the rule" }).click();
    await expect
      .poll(() => panel.locator("li").allTextContents())
      .toEqual([expect.stringContaining("error code ERR_SYNC_4711 anywhere")]);
    const matcher = await ok<Matcher>(ws.app, "GET", "/matcher");
    const rule = matcher.rules.find((r) => r.patternId === pattern.id);
    expect(rule).toBeDefined();
    // What the rule does: a report that names the code is suggested for the pattern first, at 100%.
    const report = await ok<{ id: string }>(ws.app, "POST", "/signals", {
      channelId: channel.id,
      contact: { email: "rule@example.com" },
      title: "Nothing syncs",
      body: "The log says ERR_SYNC_4711 every time.",
    });
    const suggested = await ok<Suggestions>(ws.app, "GET", `/signals/${report.id}/suggestions`);
    expect(suggested.suggestions[0]).toMatchObject({ patternId: pattern.id, score: 1, ruleId: rule?.id });
    // Triage says which rule, as settings lists it: no id, no "error_code … on any".
    await page.goto(`${ws.app.url}/app/triage`);
    const suggestions = page.getByRole("region", { name: "Suggested patterns" });
    await expect
      .poll(() => suggestions.textContent())
      .toContain("Fingerprint rule: the error code “ERR_SYNC_4711” anywhere.");
    expect(await suggestions.textContent()).not.toContain(rule?.id ?? "no rule");
    await page.goto(`${ws.app.url}/app/patterns/${pattern.id}`);
    await panel.getByText("Add a rule").click();

    // A wrong regex is refused with why, and nothing is added.
    await form.getByLabel("Kind").selectOption("regex");
    await form.getByLabel("Regular expression").fill("(unclosed");
    await form.getByRole("button", { name: "Add the rule" }).click();
    // In words, not the API's field path ("body.expression: …").
    await expect.poll(() => form.getByRole("alert").textContent()).toMatch(/^Expression: Not a regular expression/);
    expect((await ok<Matcher>(ws.app, "GET", "/matcher")).rules).toHaveLength(matcher.rules.length);
    // A second rule of the same kind: the kind stays as chosen, the expression is emptied.
    await form.getByLabel("Regular expression").fill("^\\[sync\\]");
    await form.getByRole("button", { name: "Add the rule" }).click();
    await expect.poll(() => panel.locator("li").count()).toBe(2);
    expect(await form.getByLabel("Kind").inputValue()).toBe("regex");
    expect(await form.getByLabel("Regular expression").inputValue()).toBe("");

    await page.goto(`${ws.app.url}/app/settings?section=matcher`);
    const row = page.getByRole("row", { name: /ERR_SYNC_4711/ });
    await expect.poll(() => row.textContent()).toContain("Sync stops with a timeout");
    await page.getByLabel("Show suggestions from a score of (%)").fill("20");
    await page.getByLabel("At most this many suggestions").fill("3");
    const settings = page.getByRole("form", { name: "Suggestions shown" });
    await settings.getByRole("button", { name: "Save", exact: true }).click();
    await expect
      .poll(async () => {
        const m = await ok<Matcher>(ws.app, "GET", "/matcher");
        return [m.minScore, m.limit];
      })
      .toEqual([0.2, 3]);
    await expect.poll(() => settings.getByRole("status").textContent()).toMatch(/^Saved: version \d+\.$/);
    await settings.getByRole("button", { name: "Save", exact: true }).click();
    await expect.poll(() => settings.getByRole("status").textContent()).toBe("Nothing to save: no setting changed.");
    await expect.poll(() => page.getByText(/Suggestions are shown from a score of 20%, at most 3/).count()).toBe(1);
    // A field left alone is not sent: a score set elsewhere to 0.1234 stays when only the limit changes.
    await ok(ws.app, "PATCH", "/matcher", { minScore: 0.1234 });
    await page.reload();
    await expect.poll(() => page.getByLabel("Show suggestions from a score of (%)").inputValue()).toBe("12.3");
    await page.getByLabel("At most this many suggestions").fill("4");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect
      .poll(async () => {
        const m = await ok<Matcher>(ws.app, "GET", "/matcher");
        return [m.minScore, m.limit];
      })
      .toEqual([0.1234, 4]);
    await expectAccessible(page, "settings › matcher");
    await screenshots(page, "settings-matcher");
    // A rule is removed from the list as well as from its pattern's page.
    await page.getByRole("button", { name: /Remove the rule regex/ }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByRole("row", { name: /regex/ }).count()).toBe(0);
    // The button went with its row: the page says what it did, and the keyboard's place is there (not the body).
    const focused = () => page.evaluate(() => document.activeElement?.textContent ?? "");
    await expect.poll(focused).toMatch(/^Removed the rule regex /);
    expect((await ok<Matcher>(ws.app, "GET", "/matcher")).rules.filter((r) => r.patternId === pattern.id)).toHaveLength(
      1,
    );

    // Removed from the pattern's page: gone from the matcher.
    await page.goto(`${ws.app.url}/app/patterns/${pattern.id}`);
    await panel.getByRole("button", { name: /Remove the rule error code ERR_SYNC_4711/ }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => panel.textContent()).toContain("None.");
    await expect.poll(focused).toBe("Removed the rule error code ERR_SYNC_4711 anywhere.");
    expect((await ok<Matcher>(ws.app, "GET", "/matcher")).rules.some((r) => r.patternId === pattern.id)).toBe(false);
    expect(problems).toEqual([]);
  });
});
