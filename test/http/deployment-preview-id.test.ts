import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRelease } from "../../src/services/create-release.js";
import { ok } from "../helpers/api.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";
import { mergedFixOnSharedComponent, uniqueSlug } from "../helpers/factories.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

type Outcome = {
  deployment: { id: string | null; status: string; environment: string };
  snapback: { notificationsQueued: number; notificationsCancelled: number; patternsReopened: string[] };
};

describe(`a deployment's preview names only what exists; a rollback outside production previews too (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("answers a new deployment's preview with id null, and one it would change with that deployment's id", async () => {
    const chain = await mergedFixOnSharedComponent(app.db);
    const release = await createRelease(app.db, "test", { productId: chain.world.productA.id, name: "1.0.0" });
    const run = uniqueSlug("ci");
    const body = { releaseId: release.id, environment: "production", status: "running", externalId: run };

    const fresh = await app.call<Outcome>("POST", "/deployments/preview", body);
    expect(fresh.status).toBe(200);
    expect(fresh.body.deployment).toMatchObject({ id: null, status: "running", environment: "production" });
    expect(await app.db.query("select id from deployments where release_id = $1", [release.id])).toEqual([]);

    // Recorded, then the same run previewed again: it would change that deployment, which has an id to follow.
    const recorded = await ok<Outcome>(app, "POST", "/deployments", body);
    const again = await app.call<Outcome>("POST", "/deployments/preview", { ...body, status: "success" });
    expect(again.body.deployment).toMatchObject({ id: recorded.deployment.id, status: "success" });
    expect((await app.call("GET", `/deployments/${again.body.deployment.id}`)).status).toBe(200);
  });

  it("previews rolling back a staging deployment as in production: what it would take back from people pinned there", async () => {
    const chain = await mergedFixOnSharedComponent(app.db);
    const [ana] = await app.db.query<{ id: string }>("select id from contacts where email = 'ana@example.com'");
    await ok(app, "PATCH", `/contacts/${ana?.id}`, { environments: ["staging"] });
    const shipped = await chain.ship(chain.world.productA.id, "1.0.0");
    // Ana runs staging: she is told when the fix runs there, by that deployment.
    const staging = await ok<Outcome>(app, "POST", "/deployments", {
      releaseId: shipped.deployment.releaseId,
      environment: "staging",
      status: "success",
    });
    expect(staging.snapback.notificationsQueued).toBe(1);
    const id = staging.deployment.id;

    const preview = await app.call<Outcome>("POST", `/deployments/${id}/preview`, { status: "rolled_back" });
    expect(preview.status).toBe(200);
    expect(preview.body.deployment).toMatchObject({ id, status: "rolled_back", environment: "staging" });
    // Her notification is not sent yet: the rollback would cancel it; production still runs the fix.
    expect(preview.body.snapback).toMatchObject({ notificationsCancelled: 1, patternsReopened: [] });
    expect((await ok<{ status: string }>(app, "GET", `/deployments/${id}`)).status).toBe("success");
    const [told] = await app.db.query<{ status: string }>("select status from notifications where deployment_id = $1", [
      id,
    ]);
    expect(told?.status).toBe("queued");

    // And rolling it back does what the preview said.
    const rolledBack = await ok<Outcome>(app, "PATCH", `/deployments/${id}`, { status: "rolled_back" });
    expect(rolledBack.snapback).toMatchObject({ notificationsCancelled: 1, patternsReopened: [] });
  });
});
