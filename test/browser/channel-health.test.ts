import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, test } from "vitest";
import { uniqueSlug } from "../helpers/factories.js";
import { describeInBrowser, expectAccessible, signIn, startWorkspace, type Workspace } from "./workspace.js";

describeInBrowser("a channel's health in Chromium", () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await startWorkspace();
  });
  afterAll(async () => ws?.stop());

  test("an owner sees a dead inbound delivery and its reason, and replays it", { timeout: 90_000 }, async () => {
    const loop = await ws.app.call<{ id: string }>("POST", "/loops", { slug: uniqueSlug("hub"), name: "Hub" });
    const channel = await ws.app.call<{ id: string }>("POST", "/channels", {
      loopId: loop.body.id,
      slug: uniqueSlug("gh"),
      name: "GitHub issues",
      kind: "github",
      config: { repository: "octo/hello", githubRole: "feedback", webhookSecret: "a-github-secret-of-32-characters" },
    });
    await ws.app.db.query(
      `insert into outbox (kind, idempotency_key, payload, status, attempts, last_error)
       values ('github_event', $1, jsonb_build_object('channelId', $2::text, 'event', 'issues'), 'dead', 1,
               'The repository was unreachable')`,
      [`github:${channel.body.id}:${randomUUID()}`, channel.body.id],
    );
    const { page, problems } = await ws.newPage();
    await signIn(page, ws.app.url);
    await page.goto(`${ws.app.url}/app/settings?section=channels`);
    const card = page.locator("article", { hasText: "GitHub issues" });
    await expect.poll(() => card.textContent()).toContain("0 pending, 0 retrying, 1 dead");
    expect(await card.textContent()).toContain("The repository was unreachable");
    await expectAccessible(page, "settings: channels with health");
    await card.getByRole("button", { name: "Replay" }).click();
    await expect.poll(() => card.textContent()).toContain("1 pending, 0 retrying, 0 dead");
    expect(problems).toEqual([]);
  });
});
