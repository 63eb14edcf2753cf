import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";
import { snapshotTables } from "../helpers/snapshot.js";

// A signal naming a pattern, person or channel that does not exist is refused with the path of the field
// that named it, and writes nothing (the statement's reference checks, migration 0038).
let app: TestApp;
let channelId: string;
let patternId: string;
beforeAll(async () => {
  app = await startTestApp();
  const loop = await app.call<{ id: string }>("POST", "/loops", { slug: "refs", name: "Refs" });
  const channel = await app.call<{ id: string }>("POST", "/channels", {
    loopId: loop.body.id,
    slug: "refs-mail",
    name: "Support",
    kind: "email",
  });
  channelId = channel.body.id;
  patternId = (
    await app.call<{ id: string }>("POST", "/patterns", { loopId: loop.body.id, title: "Export drops rows" })
  ).body.id;
});
afterAll(async () => app?.stop());

describe(`signals naming what does not exist (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("refuses POST /signals and POST /signals/batch with not_found and the field's path, writing nothing", async () => {
    const missing = randomUUID();
    const before = await snapshotTables(app.db);
    const cases = [
      ["/signals", { channelId, title: "a", patternIds: [patternId, missing] }, "body.patternIds.1", "pattern"],
      ["/signals", { channelId, title: "a", contactId: missing }, "body.contactId", "contact"],
      ["/signals", { channelId: missing, title: "a" }, "body.channelId", "channel"],
      [
        "/signals/batch",
        {
          signals: [
            { channelId, title: "a", patternIds: [patternId] },
            { channelId, title: "b", patternIds: [missing] },
          ],
        },
        "body.signals.1.patternIds.0",
        "pattern",
      ],
      [
        "/signals/batch",
        {
          signals: [
            { channelId, title: "a" },
            { channelId, title: "b" },
            { channelId, title: "c", contactId: missing },
          ],
        },
        "body.signals.2.contactId",
        "contact",
      ],
    ] as const;
    for (const [path, body, field, what] of cases) {
      const refused = await app.call("POST", path, body);
      expect(refused).toMatchObject({
        status: 404,
        body: { error: { code: "not_found", path: field, message: `No ${what} with id ${missing}.` } },
      });
    }
    expect(await snapshotTables(app.db)).toEqual(before);
  });

  it("refuses only the call naming a missing pattern among calls written together", async () => {
    const missing = randomUUID();
    const calls = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        app.call<{ id: string; patternIds: string[] }>("POST", "/signals", {
          channelId,
          title: `Export drops the last row (${i})`,
          contact: { email: `reader-${i % 4}@refs.example` },
          patternIds: [i === 5 ? missing : patternId],
        }),
      ),
    );
    expect(calls.map((c) => c.status)).toEqual(calls.map((_, i) => (i === 5 ? 404 : 201)));
    expect(calls[5]?.body).toMatchObject({ error: { code: "not_found", path: "body.patternIds.0" } });
    const pattern = await app.call<{ signalCount: number }>("GET", `/patterns/${patternId}`);
    expect(pattern.body.signalCount).toBe(11);
  });
});
