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
      // The same item again from someone else: a duplicate, and no one new.
      { channelId, title: "New twice in one batch", externalId: "T-2", contact: { email: "other@customer.example" } },
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
    const viewer = await app.call(
      "POST",
      "/signals/batch/check",
      { signals: [{ channelId, title: "x" }] },
      {},
      "anonymous",
    );
    expect(viewer.status).toBe(401);
  });
});
