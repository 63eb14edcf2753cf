import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok } from "../helpers/api.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";
import { mergedFixOnSharedComponent } from "../helpers/factories.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

type Conversation = { items: { type: string; status: string }[] };

describe(`a signal's conversation after a rollback (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("no longer shows a notification the rollback cancelled before it was sent as one still queued", async () => {
    const chain = await mergedFixOnSharedComponent(app.db);
    const shipped = await chain.ship(chain.world.productA.id, "1.0.0");
    const [signal] = (await ok<{ items: { id: string }[] }>(app, "GET", `/signals?patternId=${chain.pattern.id}`))
      .items;
    const said = () => ok<Conversation>(app, "GET", `/signals/${signal?.id}/conversation`);
    // No worker here: the notification waits in the outbox.
    expect((await said()).items.map((entry) => `${entry.type} ${entry.status}`)).toEqual(["snapback queued"]);

    const back = await ok<{ snapback: { notificationsCancelled: number } }>(
      app,
      "PATCH",
      `/deployments/${shipped.deployment.id}`,
      { status: "rolled_back" },
    );
    expect(back.snapback.notificationsCancelled).toBe(1);
    // Never sent, and never to be: nothing of it is in their thread (the notification list says it was cancelled).
    expect((await said()).items).toEqual([]);
    const [told] = (
      await ok<{ items: { status: string }[] }>(app, "GET", `/notifications?patternId=${chain.pattern.id}`)
    ).items;
    expect(told?.status).toBe("cancelled");
  });
});
