import { afterEach, describe, expect, it } from "vitest";
import { credentialHeaders, failOnce, startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";
import { subscribe } from "../helpers/sse.js";

let app: TestApp | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

describe(`the live timeline's catch-up (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("ends a resumed stream whose catch-up cannot be read, so the client retries from its Last-Event-ID", async () => {
    app = await startTestApp();
    await app.call("POST", "/loops", { slug: "seen", name: "Seen" });
    const newest = await app.call<{ items: { id: number }[] }>("GET", "/timeline?order=desc&limit=1");
    const lastSeen = String(newest.body.items[0]?.id);
    const missed = await app.call<{ id: string }>("POST", "/loops", { slug: "missed", name: "Missed" });
    // The database fails the catch-up's read once (as it failed the hub's read that ended the last stream).
    const fault = failOnce(app, (sql) => sql.includes("timeline_events") && sql.includes("limit 10000"));
    const resumed = await subscribe(`${app.url}/timeline/stream`, {
      ...credentialHeaders(app.adminCredential),
      "last-event-id": lastSeen,
    });
    await expect.poll(fault.failed).toBe(1);
    fault.restore();
    // Left open, its next live event would move the client's Last-Event-ID past the loop it never got.
    await expect.poll(() => resumed.ended()).toBe(true);
    expect(resumed.events.map((e) => e.data.entityId)).not.toContain(missed.body.id);
    await resumed.close();
    // The retry reads it.
    const retried = await subscribe(`${app.url}/timeline/stream`, {
      ...credentialHeaders(app.adminCredential),
      "last-event-id": lastSeen,
    });
    await expect.poll(() => retried.events.map((e) => e.data.entityId)).toContain(missed.body.id);
    await retried.close();
  });
});
