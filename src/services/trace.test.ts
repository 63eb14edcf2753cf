import { afterEach, describe, expect, it } from "vitest";
import { freshDb, serverUrl } from "../../test/helpers/db.js";
import { make, twoProductsSharingAComponent } from "../../test/helpers/factories.js";
import type { Db } from "../db/connect.js";
import { createRelease } from "./create-release.js";
import { createSignals } from "./create-signals.js";
import { createVersion } from "./create-version.js";
import { recordDeployment } from "./record-deployment.js";
import { updateRecord } from "./records.js";
import { resources } from "./resources.js";
import { trace } from "./trace.js";
import { inTransaction } from "./transaction.js";

let db: Db;
afterEach(async () => db?.close());

describe(`trace (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("follows a signal forward to the deployment that answered it, and the deployment back to its people", async () => {
    db = await freshDb();
    const world = await twoProductsSharingAComponent(db);
    const pattern = await make(db, "pattern", { title: "Export times out" });
    const other = await make(db, "pattern", { title: "Unrelated" });
    const [signal, bystander] = await createSignals(db, "test", [
      {
        channelId: world.channel.id,
        contact: { email: "ana@example.com" },
        title: "Export hangs",
        body: "",
        urgency: "high",
        patternIds: [pattern.id],
        score: 1,
      },
      {
        channelId: world.channel.id,
        contact: { email: "bo@example.com" },
        title: "Colours",
        body: "",
        urgency: "low",
        patternIds: [other.id],
        score: 1,
      },
    ]);
    const improvement = await make(db, "improvement", {
      loopId: world.loop.id,
      title: "Stream exports",
      productIds: [world.productA.id],
      patternIds: [pattern.id],
    });
    const issue = await make(db, "issue", {
      componentId: world.component.id,
      improvementId: improvement.id,
      title: "Stream",
    });
    const pr = await make(db, "pull_request", {
      componentId: world.component.id,
      title: "Streams",
      issueIds: [issue.id],
    });
    await inTransaction(db, "test", (tx) => updateRecord(tx, resources.pull_request, pr.id, { status: "merged" }));
    const version = await createVersion(db, "test", { componentId: world.component.id, name: "3.2.0" });
    const release = await createRelease(db, "test", { productId: world.productA.id, name: "7.0.0" });
    const { deployment } = await recordDeployment(db, "test", {
      releaseId: release.id,
      environment: "production",
      status: "success",
    });

    const forward = await trace(db, "signal", String(signal?.id));
    expect(forward.patterns.map((p) => p.id)).toEqual([pattern.id]);
    expect(forward.improvements.map((i) => i.status)).toEqual(["completed"]);
    expect(forward.pullRequests.map((p) => p.status)).toEqual(["shipped"]);
    expect(forward.versions[0]).toMatchObject({
      id: version.id,
      releasedIn: [{ productId: world.productA.id, deploymentId: deployment.id }],
    });
    expect(forward.deployments.map((d) => d.id)).toEqual([deployment.id]);
    expect(forward.notifications).toHaveLength(1);
    expect(forward.notifications[0]?.leadTimeSeconds).toBeGreaterThanOrEqual(0);

    const backward = await trace(db, "deployment", deployment.id);
    expect(backward.signals.map((s) => s.id)).toEqual([signal?.id]);
    expect(backward.contacts.map((c) => c.email)).toEqual(["ana@example.com"]);
    expect(backward.signals.map((s) => s.id)).not.toContain(bystander?.id);
  });

  it("answers not_found for an unknown entity", async () => {
    db = await freshDb();
    await expect(trace(db, "issue", "01a207b5-b2ea-74c0-9e31-7a3143aedeea")).rejects.toMatchObject({
      code: "not_found",
    });
  });
});
