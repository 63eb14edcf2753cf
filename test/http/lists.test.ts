import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loopWithChannel, signal } from "../helpers/api.js";
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

  it("list a loop's signals waiting for a pattern (loopId with attached=false), however many other loops have", async () => {
    const mine = await loopWithChannel(app, "Mine");
    const other = await loopWithChannel(app, "Other");
    const waiting = await signal(app, mine.channel.id, "Mine waits");
    // Newer than it: ten of another loop's, which a page of the whole queue would show first.
    for (let i = 0; i < 10; i++) await signal(app, other.channel.id, `Other waits ${i}`);
    const page = await app.call<Page>("GET", `/signals?loopId=${mine.loop.id}&attached=false&limit=5`);
    expect(page.status).toBe(200);
    expect(page.body.items.map((s) => s.id)).toEqual([waiting.id]);
    const unknown = await app.call<Page>("GET", `/signals?loopId=${crypto.randomUUID()}`);
    expect([unknown.status, unknown.body.items]).toEqual([200, []]);
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
    // An older cursor, the bare name: still pages on; a name of no environment is no cursor of this list.
    const older = await app.call<Named>("GET", "/environments?limit=1&cursor=staging");
    expect(older.body.items.map((e) => e.name)).toEqual(["production"]);
    const unknown = await app.call<Refusal>("GET", "/environments?cursor=nowhere");
    expect([unknown.status, unknown.body.error.code, unknown.body.error.path]).toEqual([
      400,
      "invalid_cursor",
      "query.cursor",
    ]);
  });
});

type Refusal = { error: { code: string; message: string; path: string } };

describe("a cursor given to a list", () => {
  it("is refused when it is another list's, or the same list's in another order", async () => {
    const loop = await app.call<{ id: string }>("POST", "/loops", { slug: "cursors", name: "Cursors" });
    const channel = await app.call<{ id: string }>("POST", "/channels", {
      loopId: loop.body.id,
      slug: "cursors-mail",
      name: "Mail",
      kind: "email",
    });
    for (const title of ["one", "two", "three"]) {
      await app.call("POST", "/patterns", { title, loopId: loop.body.id });
      await app.call("POST", "/signals", { channelId: channel.body.id, contact: { email: "c@example.com" }, title });
    }
    const patterns = (await app.call<Page>("GET", "/patterns?limit=1")).body.nextCursor;
    const byPriority = (await app.call<Page>("GET", "/patterns?sort=priority&limit=1")).body.nextCursor;
    const signals = (await app.call<Page>("GET", "/signals?limit=1")).body.nextCursor;
    expect([patterns, byPriority, signals].every((cursor) => typeof cursor === "string")).toBe(true);

    for (const [path, message] of [
      // It was read as a position: a pattern's id among signals' ids answered whatever came after it.
      [`/signals?cursor=${patterns}`, "This cursor pages GET /patterns, not GET /signals"],
      [`/contacts?cursor=${signals}`, "This cursor pages GET /signals, not GET /contacts"],
      [
        `/patterns?sort=priority&cursor=${patterns}`,
        "This cursor pages GET /patterns, not GET /patterns?sort=priority",
      ],
      [`/patterns?cursor=${byPriority}`, "This cursor pages GET /patterns?sort=priority, not GET /patterns"],
      [`/outbox?cursor=${signals}`, "This cursor pages GET /signals, not GET /outbox"],
    ] as const) {
      const answer = await app.call<Refusal>("GET", path);
      expect({ path, status: answer.status, code: answer.body.error?.code, at: answer.body.error?.path }).toEqual({
        path,
        status: 400,
        code: "invalid_cursor",
        at: "query.cursor",
      });
      expect(answer.body.error.message).toContain(message);
    }
  });

  it("is refused cut short, made up, empty or an id of another list; an older one of the list still pages", async () => {
    const all = await app.call<Page>("GET", "/signals");
    const first = await app.call<Page>("GET", "/signals?limit=1");
    const cursor = first.body.nextCursor ?? "";
    const pattern = (await app.call<Page>("GET", "/patterns?limit=1")).body.items[0]?.id;
    for (const sent of [
      cursor.slice(0, -1),
      cursor.slice(0, 20),
      `${cursor}x`,
      "",
      "abc",
      "0190f0f0-0000-7000-8000-000000000000",
      String(pattern),
      "x".repeat(400),
    ]) {
      const answer = await app.call<Refusal>("GET", `/signals?cursor=${encodeURIComponent(sent)}`);
      expect({ sent, status: answer.status, code: answer.body.error?.code, at: answer.body.error?.path }).toEqual({
        sent,
        status: 400,
        code: "invalid_cursor",
        at: "query.cursor",
      });
    }
    // Its own cursor, and an older one of the same list (the bare id of the page's last signal), page on.
    const next = await app.call<Page>("GET", `/signals?cursor=${cursor}`);
    const older = await app.call<Page>("GET", `/signals?cursor=${first.body.items[0]?.id}`);
    expect(next.body.items.map((s) => s.id)).toEqual(all.body.items.slice(1).map((s) => s.id));
    expect(older.body.items).toEqual(next.body.items);
  });

  it("tells a token bound to one loop nothing of another loop's rows through an older cursor", async () => {
    const mine = await app.call<{ id: string }>("POST", "/loops", { slug: "cursor-mine", name: "Mine" });
    const theirs = await app.call<{ id: string }>("POST", "/loops", { slug: "cursor-theirs", name: "Theirs" });
    // Improvements are a loop's own work (patterns are the shared knowledge base, listed to every loop).
    const own = await app.call<{ id: string }>("POST", "/improvements", { title: "Mine", loopId: mine.body.id });
    const other = await app.call<{ id: string }>("POST", "/improvements", { title: "Theirs", loopId: theirs.body.id });
    const minted = await app.call<{ token: string }>("POST", "/tokens", {
      name: "bound",
      scope: "read",
      loopId: mine.body.id,
    });
    const bound = { token: minted.body.token };
    // Another loop's improvement is to this token what an id that names nothing is.
    const unknown = "0190f0f0-0000-7000-8000-000000000000";
    for (const sent of [other.body.id, unknown]) {
      const answer = await app.call<Refusal>("GET", `/improvements?cursor=${sent}`, undefined, {}, bound);
      expect({ sent, status: answer.status, code: answer.body.error?.code }).toEqual({
        sent,
        status: 400,
        code: "invalid_cursor",
      });
    }
    expect((await app.call("GET", `/improvements?cursor=${own.body.id}`, undefined, {}, bound)).status).toBe(200);
  });
});
