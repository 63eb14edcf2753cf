import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

type Page = { items: { id: string; title: string }[]; nextCursor: string | null };
type Named = { items: { id: string; name: string }[]; nextCursor: string | null };

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

  it("read releases and versions by id: exactly those named, however many are newer", async () => {
    const loop = await app.call<{ id: string }>("POST", "/loops", { slug: "by-id", name: "By id" });
    const component = await app.call<{ id: string }>("POST", "/components", { slug: "by-id-api", name: "API" });
    const product = await app.call<{ id: string }>("POST", "/products", {
      loopId: loop.body.id,
      slug: "by-id-web",
      name: "Web",
      componentIds: [component.body.id],
    });
    const versions: string[] = [];
    const releases: string[] = [];
    for (const name of ["1.0.0", "1.1.0", "1.2.0"]) {
      const version = await app.call<{ id: string }>("POST", "/versions", { componentId: component.body.id, name });
      versions.push(version.body.id);
      const release = await app.call<{ id: string }>("POST", "/releases", { productId: product.body.id, name });
      releases.push(release.body.id);
    }
    const [oldest, , newest] = releases;
    // The oldest is named; a page of the newest two would not hold it.
    const named = await app.call<Named>("GET", `/releases?ids=${newest},${oldest}&limit=2`);
    expect(named.status).toBe(200);
    expect(named.body.items.map((r) => r.name)).toEqual(["1.2.0", "1.0.0"]);
    const version = await app.call<Named>("GET", `/versions?ids=${versions[0]}`);
    expect(version.body.items.map((v) => v.name)).toEqual(["1.0.0"]);

    // Not ids, or more than a URL should carry: refused, never answered with the unfiltered list.
    for (const ids of ["1.0.0", `${oldest},`, Array.from({ length: 101 }, () => oldest).join(",")]) {
      const refused = await app.call<{ error: { code: string; path: string } }>("GET", `/releases?ids=${ids}`);
      expect(refused).toMatchObject({ status: 400, body: { error: { code: "invalid_input", path: "query.ids" } } });
    }
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
