import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";
import { uniqueSlug } from "../helpers/factories.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

type Page = { items: { id: string; title: string }[]; nextCursor: string | null };

describe(`the knowledge base's filters on GET /patterns (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("channelId and productId keep the patterns with a signal from that channel or about that product", async () => {
    const loop = (await app.call<{ id: string }>("POST", "/loops", { slug: uniqueSlug("l"), name: "Core" })).body;
    const channel = async () =>
      (
        await app.call<{ id: string }>("POST", "/channels", {
          loopId: loop.id,
          slug: uniqueSlug("c"),
          name: "Support",
          kind: "email",
        })
      ).body.id;
    const [mail, forum] = [await channel(), await channel()];
    const product = await app.call<{ id: string; slug: string }>("POST", "/products", {
      loopId: loop.id,
      slug: uniqueSlug("p"),
      name: "App",
    });
    const pattern = async (title: string) =>
      (await app.call<{ id: string }>("POST", "/patterns", { loopId: loop.id, title })).body.id;
    const [fromMail, fromForum, fromBoth] = [await pattern("mail"), await pattern("forum"), await pattern("both")];
    const signal = (channelId: string, patternIds: string[], product?: string) =>
      app.call("POST", "/signals", {
        channelId,
        contact: { email: `${uniqueSlug("p")}@example.com` },
        title: "It breaks",
        patternIds,
        ...(product ? { product } : {}),
      });
    await signal(mail, [fromMail, fromBoth]);
    const about = (await signal(forum, [fromForum], product.body.slug)).body as { id: string };
    await signal(forum, [fromBoth]);

    const titles = async (query: string) =>
      (await app.call<Page>("GET", `/patterns?loopId=${loop.id}&sort=priority&${query}`)).body.items
        .map((p) => p.title)
        .sort();
    expect(await titles(`channelId=${mail}`)).toEqual(["both", "mail"]);
    expect(await titles(`channelId=${forum}`)).toEqual(["both", "forum"]);
    expect(await titles(`productId=${product.body.id}`)).toEqual(["forum"]);
    expect(await titles(`channelId=${mail}&productId=${product.body.id}`)).toEqual([]);
    // With include=signals too, the same filter.
    const withSignals = await app.call<Page>("GET", `/patterns?include=signals&channelId=${mail}&loopId=${loop.id}`);
    expect(withSignals.body.items.map((p) => p.title).sort()).toEqual(["both", "mail"]);

    // The product's signal moves: the filter follows each attachment (the tallies of migration 0048).
    expect((await app.call("POST", `/patterns/${fromBoth}/signals`, { signalIds: [about.id] })).status).toBe(200);
    expect(await titles(`productId=${product.body.id}`)).toEqual(["both", "forum"]);
    expect((await app.call("DELETE", `/patterns/${fromForum}/signals/${about.id}`)).status).toBe(200);
    expect(await titles(`productId=${product.body.id}`)).toEqual(["both"]);
    const merged = await app.call("POST", `/patterns/${fromBoth}/merge`, { targetId: fromMail });
    expect(merged.status).toBe(200);
    expect(await titles(`productId=${product.body.id}`)).toEqual(["mail"]);
    // And the signal list's own product filter (through the index of 0048) finds the signal.
    const signals = await app.call<Page>("GET", `/signals?productId=${product.body.id}`);
    expect(signals.body.items.map((s) => s.id)).toEqual([about.id]);
  });

  it("a channelId that is not a UUID is invalid_input at its path", async () => {
    const answer = await app.call<{ error: { code: string; path: string } }>("GET", "/patterns?channelId=mail");
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: "invalid_input", path: "query.channelId" });
  });
});
