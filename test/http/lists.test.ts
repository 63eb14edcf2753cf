import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

type Page = { items: { id: string; title: string }[]; nextCursor: string | null };

describe(`lists (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("page newest first, or patterns by priority, with a cursor that keeps the order", async () => {
    const loop = await app.call<{ id: string }>("POST", "/loops", { slug: "core", name: "Core" });
    const channel = await app.call<{ id: string }>("POST", "/channels", {
      loopId: loop.body.id,
      slug: "support",
      name: "Support",
      kind: "email",
    });
    const patterns: Record<string, string> = {};
    for (const [title, urgency, count] of [
      ["rare", "low", 1],
      ["burning", "critical", 3],
      ["quiet", "low", 0],
    ] as const) {
      patterns[title] = (await app.call<{ id: string }>("POST", "/patterns", { title, loopId: loop.body.id })).body.id;
      const signals = [];
      for (let i = 0; i < count; i++) {
        const signal = await app.call<{ id: string }>("POST", "/signals", {
          channelId: channel.body.id,
          contact: { email: `${title}${i}@example.com` },
          title: `${title} ${i}`,
          urgency,
        });
        signals.push(signal.body.id);
      }
      if (signals.length) await app.call("POST", `/patterns/${patterns[title]}/signals`, { signalIds: signals });
    }

    const newest = await app.call<Page>("GET", "/patterns");
    expect(newest.body.items.map((p) => p.title)).toEqual(["quiet", "burning", "rare"]);

    const first = await app.call<Page>("GET", "/patterns?sort=priority&limit=2");
    expect(first.body.items.map((p) => p.title)).toEqual(["burning", "rare"]);
    const second = await app.call<Page>("GET", `/patterns?sort=priority&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((p) => p.title)).toEqual(["quiet"]);
    expect(second.body.nextCursor).toBeNull();

    // The page's last pattern loses its reports before the next page is asked: the next page goes on
    // from where the first ended, skipping nothing (the cursor carries the priority it was read with);
    // the pattern that fell shows again where it now ranks.
    const top = await app.call<Page>("GET", "/patterns?sort=priority&limit=1");
    expect(top.body.items.map((p) => p.title)).toEqual(["burning"]);
    const burning = await app.call<Page>("GET", `/signals?patternId=${patterns.burning}`);
    for (const signal of burning.body.items) {
      await app.call("DELETE", `/patterns/${patterns.burning}/signals/${signal.id}`);
    }
    const rest = await app.call<Page>("GET", `/patterns?sort=priority&limit=5&cursor=${top.body.nextCursor}`);
    expect(rest.body.items.map((p) => p.title)).toEqual(["rare", "quiet", "burning"]);
    // A cursor that is not one is refused, not answered with an empty page.
    const forged = await app.call<{ error: { path: string } }>("GET", "/patterns?sort=priority&cursor=abc~1");
    expect(forged).toMatchObject({ status: 400, body: { error: { path: "query.cursor" } } });

    const bad = await app.call<{ error: { code: string; path: string } }>("GET", "/patterns?sort=loudest");
    expect(bad).toMatchObject({ status: 400, body: { error: { code: "invalid_input", path: "query.sort" } } });
  });

  it("page environments, which are keyed by name", async () => {
    const first = await app.call<Page & { items: { name: string }[] }>("GET", "/environments?limit=1");
    expect(first.status).toBe(200);
    const second = await app.call<Page & { items: { name: string }[] }>(
      "GET",
      `/environments?limit=1&cursor=${first.body.nextCursor}`,
    );
    expect(second.status).toBe(200);
    expect([first.body.items[0]?.name, second.body.items[0]?.name]).toEqual(["staging", "production"]);
  });
});
