import type { Db } from "../../src/db/connect.js";
import { createRelease } from "../../src/services/create-release.js";
import { createSignals } from "../../src/services/create-signals.js";
import { createVersion } from "../../src/services/create-version.js";
import { recordDeployment } from "../../src/services/record-deployment.js";
import { updateRecord } from "../../src/services/records.js";
import { resources } from "../../src/services/resources.js";
import { inTransaction } from "../../src/services/transaction.js";
import { make, twoProductsSharingAComponent } from "./factories.js";

/**
 * Two products (web, desktop) built from one sync engine. "Export times out" is fixed by an improvement
 * for web only, "Crash on sync" by one for desktop only; both fixes ship in the same engine version,
 * which both products release. Web deploys first, then desktop.
 */
export async function sharedComponentWorld(db: Db) {
  const world = await twoProductsSharingAComponent(db);
  const [exportTimesOut, crashOnSync] = [
    await make(db, "pattern", { loopId: world.loop.id, title: "Export times out" }),
    await make(db, "pattern", { loopId: world.loop.id, title: "Crash on sync" }),
  ];
  const signal = (email: string, patternIds: string[]) => ({
    channelId: world.channel.id,
    contact: { email },
    title: `Report from ${email}`,
    body: "",
    urgency: "normal" as const,
    patternIds,
    score: 1,
  });
  const [ana, bo, cy, dan] = await createSignals(db, "test", [
    signal("ana@example.com", [exportTimesOut.id]),
    signal("bo@example.com", [exportTimesOut.id]),
    signal("cy@example.com", [crashOnSync.id]),
    signal("dan@example.com", [exportTimesOut.id, crashOnSync.id]),
  ]);
  const fix = async (pattern: { id: string }, productId: string, title: string) => {
    const improvement = await make(db, "improvement", {
      loopId: world.loop.id,
      title,
      productIds: [productId],
      patternIds: [pattern.id],
    });
    const issue = await make(db, "issue", { componentId: world.component.id, improvementId: improvement.id, title });
    const pr = await make(db, "pull_request", { componentId: world.component.id, title, issueIds: [issue.id] });
    await inTransaction(db, "test", (tx) => updateRecord(tx, resources.pull_request, pr.id, { status: "merged" }));
    return { improvement, issue, pr };
  };
  const web = await fix(exportTimesOut, world.productA.id, "Stream exports");
  const desktop = await fix(crashOnSync, world.productB.id, "Guard the sync loop");
  const version = await createVersion(db, "test", { componentId: world.component.id, name: "3.2.0" });
  const releaseA = await createRelease(db, "test", { productId: world.productA.id, name: "7.0.0" });
  const releaseB = await createRelease(db, "test", { productId: world.productB.id, name: "5.2.0" });
  const deploy = async (releaseId: string, environment: string) =>
    (await recordDeployment(db, "test", { releaseId, environment, status: "success" })).deployment;
  const stagingB = await deploy(releaseB.id, "staging");
  const deployA = await deploy(releaseA.id, "production");
  const deployB = await deploy(releaseB.id, "production");
  return {
    ...world,
    patterns: { exportTimesOut, crashOnSync },
    signals: { ana, bo, cy, dan },
    web,
    desktop,
    version,
    releaseA,
    releaseB,
    stagingB,
    deployA,
    deployB,
  };
}
