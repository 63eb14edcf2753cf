import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { credentialHeaders, startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";
import { mergedFixOnSharedComponent } from "../helpers/factories.js";
import { subscribe } from "../helpers/sse.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

type Event = { entityType: string; entityId: string; verb: string; after: { reason?: string; deploymentId?: string } };
type Page = { items: Event[]; nextCursor: string | null };

describe(`GET /timeline?deploymentId= (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("lists what one deployment's snapback did, then its rollback, and nothing of another deployment's", async () => {
    const chain = await mergedFixOnSharedComponent(app.db);
    const shipped = await chain.ship(chain.world.productA.id, "1.0.0");
    const id = shipped.deployment.id as string;

    const page = await app.call<Page>("GET", `/timeline?deploymentId=${id}&limit=1000`);
    expect(page.status).toBe(200);
    expect(page.body.nextCursor).toBeNull();
    const did = page.body.items.map((e) => [e.entityType, e.entityId, e.verb]);
    expect(did).toEqual(
      expect.arrayContaining([
        ["pull_request", chain.pr.id, "ship"],
        ["issue", chain.issue.id, "resolve"],
        ["pattern", chain.pattern.id, "address"],
        ["improvement", chain.improvement.id, "complete"],
      ]),
    );
    expect(did.filter(([type]) => type === "version").map(([, , verb]) => verb)).toEqual(["released"]);
    expect(did.filter(([type]) => type === "notification").map(([, , verb]) => verb)).toEqual(["queued"]);
    expect(page.body.items.every((e) => e.after.deploymentId === id)).toBe(true);

    // A rollback's events carry the deployment too, with reason rolled_back; newest first on request.
    expect((await app.call("PATCH", `/deployments/${id}`, { status: "rolled_back" })).status).toBe(200);
    const latest = await app.call<Page>("GET", `/timeline?deploymentId=${id.toUpperCase()}&order=desc&limit=2`);
    expect(latest.body.items.map((e) => e.after.reason)).toEqual(["rolled_back", "rolled_back"]);
    expect(latest.body.nextCursor).not.toBeNull();

    // Another product's deployment of the same fix ships it again: its events are its own.
    const other = await chain.ship(chain.world.productB.id, "1.0.0");
    const ofOther = await app.call<Page>("GET", `/timeline?deploymentId=${other.deployment.id}&limit=1000`);
    expect(ofOther.body.items.map((e) => [e.entityType, e.verb])).toContainEqual(["pattern", "address"]);
    expect(ofOther.body.items.every((e) => e.after.deploymentId === other.deployment.id)).toBe(true);
    const again = await app.call<Page>("GET", `/timeline?deploymentId=${id}&limit=1000`);
    expect(again.body.items.length).toBeGreaterThan(page.body.items.length);
    expect(again.body.items.every((e) => e.after.deploymentId === id)).toBe(true);

    const bad = await app.call<{ error: { code: string; path: string } }>("GET", "/timeline?deploymentId=nope");
    expect([bad.status, bad.body.error.code, bad.body.error.path]).toEqual([
      400,
      "invalid_input",
      "query.deploymentId",
    ]);
    const unknown = await app.call<{ error: { code: string; path: string } }>(
      "GET",
      `/timeline?deploymentId=${id}&deployment=${id}`,
    );
    expect([unknown.status, unknown.body.error.path]).toEqual([400, "query.deployment"]);
  });
});

describe(`GET /timeline/stream?deploymentId= (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("streams what one deployment's snapback did, then live what its rollback did, and nothing else", async () => {
    const chain = await mergedFixOnSharedComponent(app.db);
    const shipped = await chain.ship(chain.world.productA.id, "1.0.0");
    const id = shipped.deployment.id as string;
    // From the start (after=0): what it did is caught up from the table, what follows arrives live.
    const stream = await subscribe(
      `${app.url}/timeline/stream?deploymentId=${id.toUpperCase()}&after=0`,
      credentialHeaders(app.adminCredential),
    );
    expect(stream.status).toBe(200);
    try {
      const seen = () => stream.events.filter((e) => e.event === "timeline").map((e) => e.data as Event);
      await expect.poll(() => seen().map((e) => [e.entityType, e.verb])).toContainEqual(["pattern", "address"]);
      // Another deployment's events are announced before the rollback's, and are not sent.
      const elsewhere = await mergedFixOnSharedComponent(app.db);
      await elsewhere.ship(elsewhere.world.productA.id, "1.0.0");
      expect((await app.call("PATCH", `/deployments/${id}`, { status: "rolled_back" })).status).toBe(200);
      await expect.poll(() => seen().map((e) => e.after.reason)).toContain("rolled_back");
      expect(seen().every((e) => e.after.deploymentId === id)).toBe(true);
    } finally {
      await stream.close();
    }

    const bad = await app.call<{ error: { code: string; path: string } }>("GET", "/timeline/stream?deploymentId=nope");
    expect([bad.status, bad.body.error.code, bad.body.error.path]).toEqual([
      400,
      "invalid_input",
      "query.deploymentId",
    ]);
  });
});
