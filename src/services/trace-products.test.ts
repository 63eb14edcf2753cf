import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharedComponentWorld } from "../../test/helpers/chain-world.js";
import { freshDb, serverUrl } from "../../test/helpers/db.js";
import { make, twoProductsSharingAComponent } from "../../test/helpers/factories.js";
import type { Db } from "../db/connect.js";
import { createRelease } from "./create-release.js";
import { createSignals } from "./create-signals.js";
import { createVersion } from "./create-version.js";
import { recordDeployment } from "./record-deployment.js";
import { updateRecord } from "./records.js";
import { resources } from "./resources.js";
import { type Trace, trace } from "./trace.js";
import { inTransaction } from "./transaction.js";

let db: Db;
let w: Awaited<ReturnType<typeof sharedComponentWorld>>;
afterAll(async () => db?.close());
beforeAll(async () => {
  db = await freshDb();
  w = await sharedComponentWorld(db);
});

const ids = (rows: Record<string, unknown>[]) => rows.map((r) => String(r.id)).sort();
const emails = (t: Trace) => t.contacts.map((c) => c.email).sort();
const sorted = (...values: (string | undefined)[]) => values.map(String).sort();
/** Every edge joins two items the trace shows. */
const closed = (t: Trace) => {
  const shown = new Set(t.nodes.map((n) => n.id));
  return t.edges.every((e) => shown.has(e.from) && shown.has(e.to));
};

describe(`trace with two products sharing a component (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("shows a deployment the people, patterns and work it answered, not another product's", async () => {
    const a = await trace(db, "deployment", w.deployA.id);
    expect(a.notifications.map((n) => n.deploymentId)).toEqual([w.deployA.id, w.deployA.id, w.deployA.id]);
    expect(emails(a)).toEqual(["ana@example.com", "bo@example.com", "dan@example.com"]);
    expect(ids(a.patterns)).toEqual([w.patterns.exportTimesOut.id]);
    expect(ids(a.improvements)).toEqual([w.web.improvement.id]);
    expect(ids(a.signals)).toEqual(sorted(w.signals.ana?.id, w.signals.bo?.id, w.signals.dan?.id));
    expect(ids(a.versions)).toEqual([w.version.id]);
    expect(ids(a.releases)).toEqual([w.releaseA.id]);
    expect(ids(a.deployments)).toEqual([w.deployA.id]);

    const b = await trace(db, "deployment", w.deployB.id);
    expect(b.notifications.map((n) => n.deploymentId)).toEqual([w.deployB.id, w.deployB.id]);
    expect(emails(b)).toEqual(["cy@example.com", "dan@example.com"]);
    expect(ids(b.patterns)).toEqual([w.patterns.crashOnSync.id]);
    expect(ids(b.improvements)).toEqual([w.desktop.improvement.id]);
    expect(ids(b.releases)).toEqual([w.releaseB.id]);

    // A release carries its own product's work, and what its deployments told; a version every release.
    const releaseB = await trace(db, "release", w.releaseB.id);
    expect(ids(releaseB.improvements)).toEqual([w.desktop.improvement.id]);
    expect(ids(releaseB.deployments)).toEqual(sorted(w.stagingB.id, w.deployB.id));
    expect(releaseB.notifications.map((n) => n.deploymentId)).toEqual([w.deployB.id, w.deployB.id]);
    expect(emails(releaseB)).toEqual(["cy@example.com", "dan@example.com"]);
    expect(ids((await trace(db, "version", w.version.id)).releases)).toEqual(sorted(w.releaseA.id, w.releaseB.id));

    // Staging made nothing live and told nobody: its release, nothing more.
    const staging = await trace(db, "deployment", w.stagingB.id);
    expect([staging.versions, staging.improvements, staging.contacts, staging.notifications]).toEqual([[], [], [], []]);
    expect(ids(staging.releases)).toEqual([w.releaseB.id]);
  });

  it("follows a signal only to the releases and deployments of the products its improvements target", async () => {
    const ana = await trace(db, "signal", String(w.signals.ana?.id));
    expect(ids(ana.releases)).toEqual([w.releaseA.id]);
    expect(ids(ana.deployments)).toEqual([w.deployA.id]);
    expect(ana.releases.map((r) => r.productSlug)).toEqual([w.productA.slug]);
    expect(ana.notifications.map((n) => n.deploymentId)).toEqual([w.deployA.id]);
    expect(emails(ana)).toEqual(["ana@example.com"]);

    // Dan reported both: each pattern was answered by its own product's deployment.
    const dan = await trace(db, "signal", String(w.signals.dan?.id));
    expect(ids(dan.deployments)).toEqual(sorted(w.stagingB.id, w.deployA.id, w.deployB.id));
    const answeredBy = Object.fromEntries(dan.notifications.map((n) => [n.patternId, n.deploymentId]));
    expect(answeredBy).toEqual({
      [w.patterns.exportTimesOut.id]: w.deployA.id,
      [w.patterns.crashOnSync.id]: w.deployB.id,
    });

    const improvement = await trace(db, "improvement", w.desktop.improvement.id);
    expect(ids(improvement.releases)).toEqual([w.releaseB.id]);
    expect(ids(improvement.deployments)).toEqual(sorted(w.stagingB.id, w.deployB.id));
  });

  it("says how the items link: typed nodes and edges between them", async () => {
    const a = await trace(db, "deployment", w.deployA.id);
    expect(a.nodes.find((n) => n.id === w.releaseA.id)).toEqual({
      type: "release",
      id: w.releaseA.id,
      title: `${w.productA.slug}@7.0.0`,
      status: null,
      at: expect.anything(),
    });
    const notification = a.notifications.find((n) => n.signalId === w.signals.ana?.id);
    expect(a.edges).toEqual(
      expect.arrayContaining([
        { from: w.releaseA.id, to: w.deployA.id, relation: "deployed_as" },
        { from: w.version.id, to: w.releaseA.id, relation: "included_in" },
        { from: w.version.id, to: w.deployA.id, relation: "released_by" },
        { from: w.web.pr.id, to: w.version.id, relation: "merged_into" },
        { from: w.web.issue.id, to: w.web.pr.id, relation: "fixed_by" },
        { from: w.web.improvement.id, to: w.web.issue.id, relation: "implemented_by" },
        { from: w.patterns.exportTimesOut.id, to: w.web.improvement.id, relation: "addressed_by" },
        { from: w.signals.ana?.id, to: w.patterns.exportTimesOut.id, relation: "attached_to" },
        { from: w.signals.ana?.contactId, to: w.signals.ana?.id, relation: "sent" },
        { from: w.deployA.id, to: notification?.id, relation: "queued" },
        { from: notification?.id, to: w.signals.ana?.id, relation: "answers" },
      ]),
    );
    expect(closed(a)).toBe(true);
    expect(closed(await trace(db, "signal", String(w.signals.dan?.id)))).toBe(true);
    // Nothing links desktop's deployment into web's story.
    expect(a.edges.some((e) => e.from === w.deployB.id || e.to === w.deployB.id)).toBe(false);
  });

  it("shows at most `limit` items of a type and says which types were cut", async () => {
    const cut = await trace(db, "pattern", w.patterns.exportTimesOut.id, { limit: 2 });
    expect(cut.signals).toHaveLength(2);
    expect(cut.truncated).toContain("signal");
    expect(closed(cut)).toBe(true);
    expect((await trace(db, "pattern", w.patterns.exportTimesOut.id)).truncated).toEqual([]);
  });
});

describe(`trace of an improvement on a component (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("reaches the products built from the component when it was approved, not one added later", async () => {
    const own = await freshDb();
    try {
      const world = await twoProductsSharingAComponent(own);
      const pattern = await make(own, "pattern", { loopId: world.loop.id, title: "Sync drops edits" });
      const [signal] = await createSignals(own, "test", [
        {
          channelId: world.channel.id,
          contact: { email: "eve@example.com" },
          title: "Lost",
          body: "",
          urgency: "high",
          patternIds: [pattern.id],
          score: 1,
        },
      ]);
      const improvement = await make(own, "improvement", {
        loopId: world.loop.id,
        title: "Merge edits",
        componentIds: [world.component.id],
        patternIds: [pattern.id],
      });
      await inTransaction(own, "test", (tx) =>
        updateRecord(tx, resources.improvement, improvement.id, { status: "approved" }),
      );
      const issue = await make(own, "issue", {
        componentId: world.component.id,
        improvementId: improvement.id,
        title: "CRDT",
      });
      const pr = await make(own, "pull_request", {
        componentId: world.component.id,
        title: "CRDT",
        issueIds: [issue.id],
      });
      await inTransaction(own, "test", (tx) => updateRecord(tx, resources.pull_request, pr.id, { status: "merged" }));
      await createVersion(own, "test", { componentId: world.component.id, name: "4.0.0" });
      // Built from the component after the improvement was approved: not one of its targets.
      const later = await make(own, "product", {
        loopId: world.loop.id,
        slug: `cli-${world.productA.slug}`,
        name: "CLI",
        componentIds: [world.component.id],
      });
      const releases = [];
      for (const product of [world.productA, world.productB, later]) {
        const release = await createRelease(own, "test", { productId: product.id, name: "1.0.0" });
        await recordDeployment(own, "test", { releaseId: release.id, environment: "production", status: "success" });
        releases.push(release);
      }
      const traced = await trace(own, "signal", String(signal?.id));
      expect(ids(traced.releases)).toEqual(sorted(releases[0]?.id, releases[1]?.id));
    } finally {
      await own.close();
    }
  });
});
