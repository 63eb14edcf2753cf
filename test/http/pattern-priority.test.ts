import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

type Breakdown = {
  priority: number;
  storedPriority: number;
  rank: number | null;
  base: number;
  momentum: number;
  channels: number;
  velocity: { recent: number; emerging: boolean; factor: number };
};

describe(`GET /patterns/:id/priority and GET /improvements?sort=priority (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("explains the priority factor by factor, and lists improvements by their patterns' priority", async () => {
    const stamp = Date.now();
    const loop = await app.call<{ id: string }>("POST", "/loops", { slug: `p-${stamp}`, name: "Core" });
    const channels = await Promise.all(
      ["email", "forum"].map(
        async (kind) =>
          (
            await app.call<{ id: string }>("POST", "/channels", {
              loopId: loop.body.id,
              slug: `${kind}-${stamp}`,
              name: kind,
              kind,
            })
          ).body.id,
      ),
    );
    const [hot, calm] = await Promise.all(
      ["Checkout fails", "Typo on the pricing page"].map(
        async (title) => (await app.call<{ id: string }>("POST", "/patterns", { title, loopId: loop.body.id })).body.id,
      ),
    );
    await app.call("POST", "/signals/batch", {
      signals: [0, 1, 2, 3].map((n) => ({
        channelId: channels[n % 2],
        contact: { email: `buyer${n}@example.com` },
        title: `Checkout fails ${n}`,
        patternIds: [hot],
      })),
    });
    await app.call("POST", "/signals", { channelId: channels[0], title: "Typo", urgency: "low", patternIds: [calm] });

    const why = await app.call<Breakdown>("GET", `/patterns/${hot}/priority`);
    expect(why.status).toBe(200);
    // 4 normal reports from 4 people, just now: base 4 × (1 + log2 5); 4 this week, none before: velocity 2;
    // two channels: 1.25.
    expect(why.body).toMatchObject({ channels: 2, velocity: { recent: 4, emerging: true, factor: 2 }, momentum: 2.5 });
    expect(why.body.base).toBeCloseTo(4 * (1 + Math.log2(5)), 2);
    expect(why.body.priority).toBeCloseTo(why.body.storedPriority, 2);
    expect(why.body.rank).toBe(1);
    const calmWhy = await app.call<Breakdown>("GET", `/patterns/${calm}/priority`);
    expect(calmWhy.body).toMatchObject({ momentum: 1, velocity: { emerging: false } });

    const [forHot, forCalm] = await Promise.all(
      [hot, calm].map(
        async (patternId) =>
          (
            await app.call<{ id: string }>("POST", "/improvements", {
              loopId: loop.body.id,
              title: `Fix ${patternId}`,
              patternIds: [patternId],
            })
          ).body.id,
      ),
    );
    const byPriority = await app.call<{ items: { id: string }[] }>(
      "GET",
      `/improvements?sort=priority&loopId=${loop.body.id}&limit=1`,
    );
    expect(byPriority.body.items.map((i) => i.id)).toEqual([forHot]);
    const next = await app.call<{ items: { id: string }[] }>(
      "GET",
      `/improvements?sort=priority&loopId=${loop.body.id}&cursor=${forHot}`,
    );
    expect(next.body.items.map((i) => i.id)).toEqual([forCalm]);

    const bad = await app.call<{ error: { code: string; path: string } }>("GET", "/improvements?sort=loudest");
    expect([bad.status, bad.body.error.code, bad.body.error.path]).toEqual([400, "invalid_input", "query.sort"]);
    const missing = await app.call<{ error: { code: string } }>(
      "GET",
      "/patterns/0190a000-0000-7000-8000-000000000000/priority",
    );
    expect([missing.status, missing.body.error.code]).toEqual([404, "not_found"]);
  });
});
