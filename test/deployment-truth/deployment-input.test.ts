import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/connect.js";
import { createRelease } from "../../src/services/create-release.js";
import { createVersion } from "../../src/services/create-version.js";
import { recordDeployment } from "../../src/services/record-deployment.js";
import { freshDb } from "../helpers/db.js";
import { twoProductsSharingAComponent } from "../helpers/factories.js";

let db: Db;
afterEach(async () => db?.close());

describe("recording deployments", () => {
  it("a release that does not exist is a 404 at body.releaseId, not 'no environment production'", async () => {
    db = await freshDb();
    await expect(
      recordDeployment(db, "ci", { releaseId: randomUUID(), environment: "production", status: "success" }),
    ).rejects.toMatchObject({ code: "not_found", details: { path: "body.releaseId" } });
  });

  it("a pipeline re-run of a failed deployment (same run id, as CI re-runs keep it) can report success", async () => {
    db = await freshDb();
    const w = await twoProductsSharingAComponent(db);
    await createVersion(db, "test", { componentId: w.component.id, name: "1.0.0" });
    const release = await createRelease(db, "test", { productId: w.productA.id, name: "2.0.0" });
    const report = (status: string) =>
      recordDeployment(db, "ci", { releaseId: release.id, environment: "production", status, externalId: "run-7" });
    await report("failed");
    const retried = await report("success");
    expect(retried.deployment.status).toBe("success");
  });
});
