import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

type Signal = { id: string; title: string; patternIds: string[] };
type PatternWithSignals = {
  id: string;
  title: string;
  signalCount: number;
  signals: { items: Signal[]; count: number; nextCursor: string | null };
};
type Event = { entityType: string; entityId: string; verb: string; after: { signalIds?: string[]; score?: number } };

async function loopWithPatterns(titles: string[]) {
  const loop = await app.call<{ id: string }>("POST", "/loops", { slug: `l-${Date.now()}`, name: "Core" });
  const channel = await app.call<{ id: string }>("POST", "/channels", {
    loopId: loop.body.id,
    slug: `mail-${Date.now()}`,
    name: "Support",
    kind: "email",
  });
  const patterns: string[] = [];
  for (const title of titles) {
    patterns.push((await app.call<{ id: string }>("POST", "/patterns", { title, loopId: loop.body.id })).body.id);
  }
  const signal = (title: string, patternIds: string[] = []) => ({
    channelId: channel.body.id,
    contact: { email: `${title.replaceAll(" ", "-")}@example.com` },
    title,
    patternIds,
  });
  return { patterns, signal };
}

describe(`patterns with their signals (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("a pattern's timeline shows every attachment: POST /signals, POST /signals/batch and POST /patterns/:id/signals", async () => {
    const { patterns, signal } = await loopWithPatterns(["Export drops rows"]);
    const [pattern] = patterns as [string];
    const one = await app.call<Signal>("POST", "/signals", signal("one", [pattern]));
    const batch = await app.call<{ items: Signal[] }>("POST", "/signals/batch", {
      signals: [signal("two", [pattern]), signal("three", [pattern]), signal("unrelated")],
    });
    const later = await app.call<Signal>("POST", "/signals", signal("four"));
    await app.call("POST", `/patterns/${pattern}/signals`, { signalIds: [later.body.id], score: 0.5 });
    // Attaching again attaches nothing, and says nothing.
    await app.call("POST", `/patterns/${pattern}/signals`, { signalIds: [later.body.id, one.body.id] });

    const timeline = await app.call<{ items: Event[] }>("GET", `/timeline?entityType=pattern&entityId=${pattern}`);
    const attached = timeline.body.items.filter((e) => e.verb === "attached");
    expect(attached.map((e) => e.after)).toEqual([
      { signalIds: [one.body.id], score: 1 },
      { signalIds: batch.body.items.slice(0, 2).map((s) => s.id), score: 1 },
      { signalIds: [later.body.id], score: 0.5 },
    ]);
    // The same events by the entity's id alone.
    const byId = await app.call<{ items: Event[] }>("GET", `/timeline?entityId=${pattern}`);
    expect(byId.body.items).toEqual(timeline.body.items);
  });

  it("GET /patterns?include=signals: each pattern's newest signals, their count and where the rest page on", async () => {
    const { patterns, signal } = await loopWithPatterns(["Busy", "Quiet", "Empty"]);
    const [busy, quiet] = patterns as [string, string, string];
    const sent: Signal[] = [];
    for (const title of ["b1", "b2", "b3", "b4"]) {
      sent.push((await app.call<Signal>("POST", "/signals", signal(title, [busy]))).body);
    }
    const both = await app.call<Signal>("POST", "/signals", signal("both", [busy, quiet]));

    const page = await app.call<{ items: PatternWithSignals[]; nextCursor: string | null }>(
      "GET",
      "/patterns?include=signals&signalLimit=3&limit=3",
    );
    expect(page.status).toBe(200);
    const byTitle = Object.fromEntries(page.body.items.map((p) => [p.title, p]));
    expect(byTitle.Busy?.signals).toMatchObject({ count: 5 });
    expect(byTitle.Busy?.signals.items.map((s) => s.title)).toEqual(["both", "b4", "b3"]);
    expect(byTitle.Busy?.signals.items[0]?.patternIds.sort()).toEqual([busy, quiet].sort());
    expect(byTitle.Quiet?.signals).toEqual({
      items: [expect.objectContaining({ id: both.body.id })],
      count: 1,
      nextCursor: null,
    });
    expect(byTitle.Empty?.signals).toEqual({ items: [], count: 0, nextCursor: null });
    expect(byTitle.Busy?.signalCount).toBe(5);

    // The rest of a pattern's signals, newest first, from its nextCursor.
    const rest = await app.call<{ items: Signal[] }>(
      "GET",
      `/signals?patternId=${busy}&cursor=${byTitle.Busy?.signals.nextCursor}`,
    );
    expect(rest.body.items.map((s) => s.title)).toEqual(["b2", "b1"]);

    // Without include, patterns come as they always did.
    const plain = await app.call<{ items: Record<string, unknown>[] }>("GET", "/patterns?limit=3");
    expect(plain.body.items.every((p) => !("signals" in p))).toBe(true);

    const tooMany = await app.call<{ error: { code: string; path: string } }>(
      "GET",
      "/patterns?include=signals&limit=500&signalLimit=100",
    );
    expect(tooMany).toMatchObject({
      status: 400,
      body: { error: { code: "invalid_input", path: "query.signalLimit" } },
    });
    // signalLimit without include=signals was ignored: a plain page, without the signals it asked for.
    const withoutInclude = await app.call<{ error: { code: string; path: string } }>(
      "GET",
      "/patterns?signalLimit=3&limit=3",
    );
    expect(withoutInclude).toMatchObject({
      status: 400,
      body: { error: { code: "invalid_input", path: "query.signalLimit" } },
    });
    expect(sent).toHaveLength(4);
  });
});
