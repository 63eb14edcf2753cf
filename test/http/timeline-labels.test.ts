import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setMembership } from "../../src/services/memberships.js";
import { inTransaction } from "../../src/services/transaction.js";
import { credentialHeaders, startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";
import { mergedFixOnSharedComponent, uniqueSlug } from "../helpers/factories.js";
import { subscribe } from "../helpers/sse.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

interface Event {
  entityType: string;
  entityId: string;
  verb: string;
  label: string | null;
}
const page = async (query = "&limit=1000") =>
  (await app.call<{ items: Event[] }>("GET", `/timeline?order=desc${query}`)).body.items;
/** Each entity type's labels on the page, once each. */
const labelsByType = (events: Event[]) => {
  const found: Record<string, string[]> = {};
  for (const e of events) {
    const list = found[e.entityType] ?? [];
    if (e.label !== null && !list.includes(e.label)) list.push(e.label);
    found[e.entityType] = list;
  }
  return found;
};

describe(`timeline events name their entities (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("labels every kind of entity by what people call it, in one statement for a page", async () => {
    const chain = await mergedFixOnSharedComponent(app.db);
    const shipped = await chain.ship(chain.world.productA.id, "2026.11");
    await inTransaction(app.db, "test", (tx) => setMembership(tx, chain.world.loop.id, app.admin?.id ?? "", "viewer"));
    const statements: string[] = [];
    const query = app.db.query;
    app.db.query = ((sql: string, params?: unknown[], name?: string) => {
      statements.push(sql);
      return query(sql, params, name);
    }) as typeof query;
    let events: Event[];
    try {
      events = await page();
    } finally {
      app.db.query = query;
    }
    expect(statements.filter((sql) => sql.includes("as label"))).toHaveLength(1);
    const labels = labelsByType(events);
    const { world } = chain;
    expect(labels).toMatchObject({
      pattern: ["Sync loses edits"],
      signal: ["Edits lost"],
      improvement: ["Merge edits"],
      issue: ["Merge"],
      pull_request: ["CRDT"],
      loop: ["Core"],
      product: expect.arrayContaining(["Web", "Desktop"]),
      component: ["Sync engine"],
      channel: ["Support"],
      version: [`${world.component.slug}@1.0.0`],
      release: [`${world.productA.slug}@2026.11`],
      deployment: [`${world.productA.slug} 2026.11 to production`],
      notification: ["ana@example.com: Sync loses edits"],
      membership: ["Admin in Core"],
    });
    expect(events.find((e) => e.entityType === "deployment")?.entityId).toBe(shipped.deployment.id);
  });

  it("labels what the live stream sends, as a page does", async () => {
    const stream = await subscribe(`${app.url}/timeline/stream`, credentialHeaders(app.adminCredential));
    const slug = uniqueSlug("live");
    const loop = await app.call<{ id: string }>("POST", "/loops", { slug, name: "Watched" });
    await app.call("POST", "/patterns", { loopId: loop.body.id, title: "Export to CSV times out" });
    const named = () =>
      stream.events.filter((e) => ["loop", "pattern"].includes(String(e.data.entityType))).map((e) => e.data.label);
    await expect.poll(named).toEqual(["Watched", "Export to CSV times out"]);
    await stream.close();
  });

  it("leaves what no longer exists, or has no name, unlabelled", async () => {
    await app.db.query(
      `insert into timeline_events (actor, entity_type, entity_id, verb)
       values ('test', 'pattern', '01890a5d-ac96-774b-bcce-b302099a8057', 'created'),
              ('test', 'pattern', 'not-an-id', 'created'), ('test', 'matcher', '3', 'configured')`,
    );
    const events = await page("&actor=test&limit=3");
    expect(events.map((e) => [e.entityType, e.label])).toEqual([
      ["matcher", null],
      ["pattern", null],
      ["pattern", null],
    ]);
  });
});
