import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { make, uniqueSlug } from "../helpers/factories.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ writeLimit: 10 });
});
afterAll(async () => app?.stop());

// docs/SECURITY.md: one write limit per credential, whatever the route; a batch counts its signals.
describe("the write limit", () => {
  it("is one per credential across every route, and a batch counts each of its signals", async () => {
    const loop = await make(app.db, "loop", { slug: uniqueSlug("rl"), name: "Limits" });
    const channel = await make(app.db, "channel", { loopId: loop.id, slug: uniqueSlug("c"), name: "C", kind: "api" });
    const signal = (title: string) => ({ channelId: channel.id, title });
    const batch = (n: number) => ({ signals: Array.from({ length: n }, (_, i) => signal(`batch ${i}`)) });
    expect((await app.call("POST", "/signals", signal("one"))).status).toBe(201);
    expect((await app.call("POST", "/components", { slug: uniqueSlug("x"), name: "X" })).status).toBe(201);
    const six = await app.call("POST", "/signals/batch", batch(6));
    expect(six.status).toBe(201);
    expect(six.headers.get("x-ratelimit-remaining")).toBe("2");
    // Eight used of ten: a batch of three would go over, so it is refused whole (and not counted)...
    const three = await app.call("POST", "/signals/batch", batch(3));
    expect(three).toMatchObject({ status: 429, body: { error: { code: "rate_limited" } } });
    expect(Number(three.headers.get("retry-after"))).toBeGreaterThan(0);
    // ...while two more changes still fit, on any route, and then nothing does.
    expect((await app.call("POST", "/signals/batch", batch(1))).status).toBe(201);
    expect((await app.call("POST", "/patterns", { loopId: loop.id, title: "P" })).status).toBe(201);
    const refused = await Promise.all([
      app.call("POST", "/signals", signal("late")),
      app.call("POST", "/patterns", { loopId: loop.id, title: "Q" }),
      app.call("POST", "/loops", { slug: uniqueSlug("l"), name: "L" }),
    ]);
    expect(refused.map((r) => r.status)).toEqual([429, 429, 429]);
    expect(refused[0]?.headers.get("retry-after")).toMatch(/^\d+$/);
    // Reads are not changes; another credential has a limit of its own.
    expect((await app.call("GET", "/loops")).status).toBe(200);
    const other = await app.signIn("admin@loopwork.test", "correct horse battery");
    const theirs = await app.call("POST", "/components", { slug: uniqueSlug("y"), name: "Y" }, {}, other);
    expect(theirs.status).toBe(201);
  });

  it("says so when one batch alone is more than the limit", async () => {
    const fresh = await startTestApp({ writeLimit: 3 });
    try {
      const loop = await make(fresh.db, "loop", { slug: uniqueSlug("rl"), name: "Limits" });
      const channel = await make(fresh.db, "channel", {
        loopId: loop.id,
        slug: uniqueSlug("c"),
        name: "C",
        kind: "api",
      });
      const signals = Array.from({ length: 4 }, (_, i) => ({ channelId: channel.id, title: `s${i}` }));
      const answer = await fresh.call<{ error: { message: string } }>("POST", "/signals/batch", { signals });
      expect(answer.status).toBe(429);
      expect(answer.body.error.message).toContain("send smaller batches");
      expect((await fresh.call("POST", "/signals/batch", { signals: signals.slice(0, 3) })).status).toBe(201);
    } finally {
      await fresh.stop();
    }
  });
});
