import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";
import { snapshotTables } from "../helpers/snapshot.js";

let app: TestApp;
let channelId: string;
beforeAll(async () => {
  app = await startTestApp();
  const loop = await app.call<{ id: string }>("POST", "/loops", { slug: "desk", name: "Desk" });
  const channel = await app.call<{ id: string }>("POST", "/channels", {
    loopId: loop.body.id,
    slug: "desk",
    name: "Desk",
    kind: "email",
  });
  channelId = channel.body.id;
});
afterAll(async () => app?.stop());

describe(`POST /signals/batch/check (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("says what a batch would create, and writes nothing", async () => {
    const known = `known-${randomUUID()}@customer.example`;
    await app.call("POST", "/signals", { channelId, title: "Old", externalId: "T-1", contact: { email: known } });
    const before = await snapshotTables(app.db);
    const signals = [
      { channelId, title: "Old again", externalId: "T-1", contact: { email: known.toUpperCase() } },
      { channelId, title: "New", externalId: "T-2", contact: { email: "new@customer.example" } },
      // The same item again from the same person (a row sent twice): a duplicate, and no one new.
      { channelId, title: "New twice in one batch", externalId: "T-2", contact: { email: "NEW@customer.example" } },
      { channelId, title: "No id" },
    ];
    const check = await app.call("POST", "/signals/batch/check", { signals });
    expect(check).toMatchObject({
      status: 200,
      body: { signals: 4, new: 2, duplicates: 2, duplicateIndexes: [0, 2], newContacts: 1 },
    });
    expect(await snapshotTables(app.db)).toEqual(before);
  });

  it("refuses what the batch itself would refuse, with the field's path", async () => {
    const bad = await app.call("POST", "/signals/batch/check", { signals: [{ channelId, title: "" }] });
    expect(bad).toMatchObject({
      status: 400,
      body: { error: { code: "invalid_input", path: "body.signals.0.title" } },
    });
    const product = await app.call("POST", "/signals/batch/check", {
      signals: [
        { channelId, title: "x" },
        { channelId, title: "y", product: "no-such-product" },
      ],
    });
    expect(product).toMatchObject({
      status: 404,
      body: { error: { code: "not_found", path: "body.signals.1.product" } },
    });
    // A contact or pattern that does not exist: the batch answers 404 at its field, the dry run said
    // "new"; and a batch of one's error is at body.signals.0.…, as the batch's (it was at body.product).
    const nobody = randomUUID();
    for (const [signals, path] of [
      [
        [
          { channelId, title: "x" },
          { channelId, title: "y", contactId: nobody },
        ],
        "body.signals.1.contactId",
      ],
      [[{ channelId, title: "y", patternIds: [nobody] }], "body.signals.0.patternIds.0"],
      [[{ channelId, title: "y", product: "no-such-product" }], "body.signals.0.product"],
    ] as const) {
      const batch = await app.call("POST", "/signals/batch", { signals });
      const check = await app.call("POST", "/signals/batch/check", { signals });
      expect(batch).toMatchObject({ status: 404, body: { error: { code: "not_found", path } } });
      expect(check).toMatchObject({ status: 404, body: { error: { code: "not_found", path } } });
    }
    // A pattern merged into another: the batch's 409 pattern_merged, naming where it went.
    const loopId = (await app.call<{ items: { id: string }[] }>("GET", "/loops")).body.items[0]?.id;
    const source = await app.call<{ id: string }>("POST", "/patterns", { loopId, title: "Export slow" });
    const target = await app.call<{ id: string }>("POST", "/patterns", { loopId, title: "Exports are slow" });
    const merge = await app.call("POST", `/patterns/${source.body.id}/merge`, { targetId: target.body.id });
    expect(merge.status).toBe(200);
    const intoMerged = [
      { channelId, title: "x" },
      { channelId, title: "y", patternIds: [source.body.id] },
    ];
    for (const route of ["/signals/batch", "/signals/batch/check"]) {
      const answer = await app.call<{ error: { message: string } }>("POST", route, { signals: intoMerged });
      expect(answer).toMatchObject({
        status: 409,
        body: { error: { code: "pattern_merged", path: "body.signals.1.patternIds.0" } },
      });
      expect(answer.body.error.message).toContain(target.body.id);
    }
    const viewer = await app.call(
      "POST",
      "/signals/batch/check",
      { signals: [{ channelId, title: "x" }] },
      {},
      "anonymous",
    );
    expect(viewer.status).toBe(401);
  });

  it("refuses one externalId from two people in a batch, as the batch does; from one person it is one signal", async () => {
    const before = await snapshotTables(app.db);
    const twoPeople = [
      { channelId, title: "Export drops rows", externalId: "T-3", contact: { email: "dee@customer.example" } },
      { channelId, title: "Login loops", externalId: "T-3", contact: { email: "eve@customer.example" } },
    ];
    for (const path of ["/signals/batch/check", "/signals/batch"]) {
      const refused = await app.call("POST", path, { signals: twoPeople });
      expect(refused).toMatchObject({
        status: 409,
        body: { error: { code: "conflict", path: "body.signals.1.externalId" } },
      });
    }
    expect(await snapshotTables(app.db)).toEqual(before);
    const dee = await app.call<{ id: string }>("POST", "/contacts", { email: "dee@customer.example", name: "Dee" });
    const onePerson = [
      { channelId, title: "Export drops rows", externalId: "T-4", contactId: dee.body.id },
      { channelId, title: "Export drops rows", externalId: "T-4", contact: { email: "Dee@Customer.example" } },
    ];
    const taken = await app.call<{ items: { id: string; contactId: string }[] }>("POST", "/signals/batch", {
      signals: onePerson,
    });
    expect(taken.status).toBe(201);
    expect(taken.body.items.map((s) => s.contactId)).toEqual([dee.body.id]);
  });
});
