import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loopWithChannel } from "../helpers/api.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

type Matcher = { version: number; minScore: number; limit: number; rules: unknown[] };
type Suggestions = { matcherVersion: number; suggestions: { patternId: string; score: number }[] };

describe(`the matcher's settings (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("an administrator changes how many suggestions are shown and from which score: a new version, on the timeline", async () => {
    const { loop, channel } = await loopWithChannel(app);
    const titles = [
      "Calendar sync fails with ERR_SYNC_TIMEOUT",
      "Calendar sync is slow on Mondays",
      "Calendar export misses events",
      "Calendar colours look wrong",
    ];
    for (const title of titles) await app.call("POST", "/patterns", { loopId: loop.id, title });
    const signal = (
      await app.call<{ id: string }>("POST", "/signals", {
        channelId: channel.id,
        contact: { email: "settings@example.com" },
        title: "Calendar sync stopped with ERR_SYNC_TIMEOUT",
      })
    ).body.id;
    const suggestions = async () =>
      (await app.call<Suggestions>("GET", `/signals/${signal}/suggestions`)).body.suggestions;
    const before = await app.call<Matcher>("GET", "/matcher");
    expect(before.body).toMatchObject({ minScore: 0.05, limit: 5 });
    const shown = await suggestions();
    expect(shown.length).toBeGreaterThanOrEqual(3);

    const fewer = await app.call<Matcher>("PATCH", "/matcher", { limit: 2 });
    expect(fewer.status).toBe(200);
    expect(fewer.body).toMatchObject({ version: before.body.version + 1, limit: 2, minScore: 0.05 });
    expect((await suggestions()).map((s) => s.patternId)).toEqual(shown.slice(0, 2).map((s) => s.patternId));

    // From a score above the second best: only the best is shown.
    const bar = Math.min(1, ((shown[0]?.score ?? 0) + (shown[1]?.score ?? 0)) / 2);
    const surer = await app.call<Matcher>("PATCH", "/matcher", { minScore: bar });
    expect(surer.body).toMatchObject({ version: before.body.version + 2, limit: 2, minScore: bar });
    expect((await suggestions()).map((s) => s.patternId)).toEqual([shown[0]?.patternId]);
    const answer = await app.call<Suggestions>("GET", `/signals/${signal}/suggestions`);
    expect(answer.body.matcherVersion).toBe(before.body.version + 2);

    // The same settings again make no version.
    const same = await app.call<Matcher>("PATCH", "/matcher", { limit: 2, minScore: bar });
    expect(same.body.version).toBe(before.body.version + 2);

    const events = await app.call<{ items: { verb: string; after: Matcher }[] }>("GET", "/timeline?entityType=matcher");
    expect(events.body.items.map((e) => [e.verb, e.after.limit, e.after.minScore])).toEqual([
      ["configured", 2, 0.05],
      ["configured", 2, bar],
    ]);
  });

  it("refuses settings out of range, unknown fields and an empty change, changing nothing", async () => {
    const before = (await app.call<Matcher>("GET", "/matcher")).body;
    const refusals = [
      [{ minScore: 1.5 }, "body.minScore"],
      [{ minScore: -0.1 }, "body.minScore"],
      [{ minScore: "0.3" }, "body.minScore"],
      [{ limit: 0 }, "body.limit"],
      [{ limit: 21 }, "body.limit"],
      [{ limit: 2.5 }, "body.limit"],
      [{ limit: 3, rules: [] }, "body.rules"],
      [{}, "body"],
    ] as const;
    for (const [body, path] of refusals) {
      const refused = await app.call<{ error: { code: string; path: string } }>("PATCH", "/matcher", body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.error, JSON.stringify(body)).toMatchObject({ code: "invalid_input", path });
    }
    expect((await app.call<Matcher>("GET", "/matcher")).body).toEqual(before);
  });
  it("two administrators changing one setting each at once keep both changes", async () => {
    const before = (await app.call<Matcher>("GET", "/matcher")).body;
    const [a, b] = await Promise.all([
      app.call<Matcher>("PATCH", "/matcher", { minScore: 0.12 }),
      app.call<Matcher>("PATCH", "/matcher", { limit: 7 }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const after = (await app.call<Matcher>("GET", "/matcher")).body;
    expect(after).toMatchObject({ minScore: 0.12, limit: 7, version: before.version + 2 });
  });

  it("what people are shown does not decide what a channel attaches on its own", async () => {
    const { loop, channel } = await loopWithChannel(app);
    const pattern = (
      await app.call<{ id: string }>("POST", "/patterns", {
        loopId: loop.id,
        title: "Calendar sync fails with ERR_SYNC_TIMEOUT",
      })
    ).body.id;
    const report = (title: string, body: string, patternIds: string[] = []) =>
      app.call<{ id: string; patternIds: string[] }>("POST", "/signals", {
        channelId: channel.id,
        contact: { email: `${Math.random().toString(36).slice(2, 8)}@example.com` },
        title,
        body,
        patternIds,
      });
    await report("Calendar won't sync since the update", "Sync stops with ERR_SYNC_TIMEOUT after a minute", [pattern]);
    await report("Events missing on my phone", "The calendar does not sync, error ERR_SYNC_TIMEOUT", [pattern]);
    await app.call("PATCH", `/channels/${channel.id}`, { config: { autoAttachThreshold: 0.35 } });
    await app.call("PATCH", "/matcher", { minScore: 0.99, limit: 1 });
    const sent = await report("Calendar sync broken", "I get ERR_SYNC_TIMEOUT every morning when the calendar syncs");
    const signal = await app.call<{ patternIds: string[] }>("GET", `/signals/${sent.body.id}`);
    expect(signal.body.patternIds).toEqual([pattern]);
    // People are shown nothing below 99%: the attachment scored less.
    const shown = await app.call<Suggestions>("GET", `/signals/${sent.body.id}/suggestions`);
    expect(shown.body.suggestions).toEqual([]);
    await app.call("PATCH", "/matcher", { minScore: 0.05, limit: 5 });
  });
});
