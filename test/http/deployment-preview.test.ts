import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRelease } from "../../src/services/create-release.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";
import { mergedFixOnSharedComponent } from "../helpers/factories.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

type Outcome = {
  deployment: { id: string; status: string };
  snapback: { patternsAddressed: string[]; notificationsQueued: number; replay: boolean };
};

const counts = async (releaseId: string) => {
  const [row] = await app.db.query<{ deployments: number; notifications: number; events: number }>(
    `select (select count(*) from deployments where release_id = $1)::int as deployments,
            (select count(*) from notifications)::int as notifications,
            (select count(*) from timeline_events)::int as events`,
    [releaseId],
  );
  return row;
};

describe(`POST /deployments/preview and /deployments/:id/preview (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("says what recording the deployment would do, the people told included, and records nothing", async () => {
    const chain = await mergedFixOnSharedComponent(app.db);
    const release = await createRelease(app.db, "test", { productId: chain.world.productA.id, name: "1.0.0" });
    const body = { releaseId: release.id, environment: "production", status: "success" };
    const before = await counts(release.id);

    const preview = await app.call<Outcome>("POST", "/deployments/preview", body);
    expect(preview.status).toBe(200);
    expect(preview.body.deployment.status).toBe("success");
    expect(preview.body.snapback).toMatchObject({
      patternsAddressed: [chain.pattern.id],
      notificationsQueued: 1,
      replay: false,
    });
    expect(await counts(release.id)).toEqual(before);
    expect(await chain.status("pattern", chain.pattern.id)).toBe("open");

    // Then recorded: the same as the preview said; previewed again, nothing more would happen.
    const recorded = await app.call<Outcome>("POST", "/deployments", body);
    expect(recorded.status).toBe(201);
    expect(recorded.body.snapback).toMatchObject({ patternsAddressed: [chain.pattern.id], notificationsQueued: 1 });
    const again = await app.call<Outcome>("POST", "/deployments/preview", body);
    expect(again.body.snapback).toMatchObject({ patternsAddressed: [], notificationsQueued: 0 });
  });

  it("previews a rollback: what it would take back, taking nothing back", async () => {
    const chain = await mergedFixOnSharedComponent(app.db);
    const shipped = await chain.ship(chain.world.productA.id, "1.0.0");
    const preview = await app.call<
      Outcome & { snapback: { patternsReopened: string[]; notificationsCancelled: number } }
    >("POST", "/deployments/preview", {
      releaseId: shipped.deployment.releaseId,
      environment: "production",
      status: "rolled_back",
    });
    expect(preview.status).toBe(200);
    expect(preview.body.deployment).toMatchObject({ id: shipped.deployment.id, status: "rolled_back" });
    expect(preview.body.snapback).toMatchObject({
      patternsReopened: [chain.pattern.id],
      // Its notification was not sent yet: the rollback would cancel it.
      notificationsCancelled: 1,
    });
    const [stored] = await app.db.query<{ status: string }>("select status from deployments where id = $1", [
      shipped.deployment.id,
    ]);
    expect(stored?.status).toBe("success");
    expect(await chain.status("pattern", chain.pattern.id)).toBe("addressed");
  });

  it("previews a recorded deployment's new status: its success tells people, its rollback would take it back", async () => {
    const chain = await mergedFixOnSharedComponent(app.db);
    const release = await createRelease(app.db, "test", { productId: chain.world.productA.id, name: "1.0.0" });
    const running = await app.call<Outcome>("POST", "/deployments", {
      releaseId: release.id,
      environment: "production",
      status: "running",
    });
    const id = running.body.deployment.id;
    const success = await app.call<Outcome>("POST", `/deployments/${id}/preview`, { status: "success" });
    expect(success.status).toBe(200);
    expect(success.body.deployment).toMatchObject({ id, status: "success" });
    expect(success.body.snapback).toMatchObject({ patternsAddressed: [chain.pattern.id], notificationsQueued: 1 });
    expect((await app.call<{ status: string }>("GET", `/deployments/${id}`)).body.status).toBe("running");
    // A change its state machine refuses is refused in the preview too.
    const refused = await app.call<{ error: { code: string } }>("POST", `/deployments/${id}/preview`, {
      status: "rolled_back",
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("invalid_transition");
  });

  it("refuses what recording would refuse, with the same error", async () => {
    const chain = await mergedFixOnSharedComponent(app.db);
    const release = await createRelease(app.db, "test", { productId: chain.world.productA.id, name: "1.0.0" });
    const preview = await app.call<{ error: { code: string; path: string } }>("POST", "/deployments/preview", {
      releaseId: release.id,
      environment: "nowhere",
      status: "success",
    });
    expect(preview.status).toBe(404);
    expect(preview.body.error).toMatchObject({ code: "not_found", path: "body.environment" });
  });
});
