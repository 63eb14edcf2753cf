import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok } from "../helpers/api.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";
import { type LoopbackSmtp, startLoopbackSmtp } from "../helpers/loopback-smtp.js";

type Row = { id: string; status?: string; patternIds?: string[] };
let smtp: LoopbackSmtp;
let app: TestApp;
beforeAll(async () => {
  smtp = await startLoopbackSmtp();
  app = await startTestApp({ smtpUrl: smtp.url, roles: { web: true, worker: true }, workerPollMs: 100 });
});
afterAll(async () => {
  await app?.stop();
  await smtp?.close();
});

describe(`matching through the loop (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("similar reports → suggestion → auto-attach → undo → snapback → merge into the fixed pattern: each person told once", async () => {
    const loop = await ok(app, "POST", "/loops", { slug: "edits", name: "Edits" });
    const component = await ok(app, "POST", "/components", { slug: "sync-core", name: "Sync core" });
    const product = await ok(app, "POST", "/products", {
      loopId: loop.id,
      slug: "notes",
      name: "Notes",
      componentIds: [component.id],
    });
    const channel = await ok(app, "POST", "/channels", { loopId: loop.id, slug: "help", name: "Help", kind: "email" });
    let n = 0;
    const report = (email: string, title: string, body: string, patternIds: string[] = []) =>
      ok<Row>(app, "POST", "/signals", {
        channelId: channel.id,
        contact: { email },
        title,
        body,
        threadRef: `<r${++n}@mail.example>`,
        patternIds,
      });
    const edits = await ok(app, "POST", "/patterns", { loopId: loop.id, title: "Edits lost when syncing two devices" });
    // A second pattern someone opened for the same problem, in other words.
    const offline = await ok(app, "POST", "/patterns", {
      loopId: loop.id,
      title: "Paragraphs vanish after offline editing",
    });
    await report("ana@example.com", "Edits lost after sync", "Synced my laptop and phone, the edits were lost", [
      edits.id,
    ]);
    await report("bo@example.com", "Lost edits on two devices", "Two devices syncing, edits lost again", [edits.id]);
    await report("ana@example.com", "Offline paragraph vanished", "Wrote offline, the paragraph vanished", [
      offline.id,
    ]);
    await report("cy@example.com", "Paragraphs vanish", "After editing offline whole paragraphs vanish", [offline.id]);

    // An owner lets the matcher file this channel's reports when it is sure enough.
    await ok(app, "PATCH", `/channels/${channel.id}`, { config: { autoAttachThreshold: 0.3 } });
    const dan = await report("dan@example.com", "Edits lost syncing my devices", "My edits were lost on sync");
    expect(dan.patternIds).toEqual([edits.id]);
    const version = (await ok<{ version: number }>(app, "GET", "/matcher")).version;
    const timeline = await ok<{ items: { actor: string; verb: string; after: { signalIds?: string[] } }[] }>(
      app,
      "GET",
      `/timeline?entityType=pattern&entityId=${edits.id}`,
    );
    expect(timeline.items.find((e) => e.verb === "attached" && e.after.signalIds?.includes(dan.id))?.actor).toBe(
      `matcher:v${version}`,
    );

    // Undone in one step: back in triage, where the suggestion says why, and a person attaches it.
    await ok(app, "DELETE", `/patterns/${edits.id}/signals/${dan.id}`);
    const queue = await ok<{ items: Row[] }>(app, "GET", `/signals?attached=false&channelId=${channel.id}`);
    expect(queue.items.map((s) => s.id)).toEqual([dan.id]);
    const suggested = await ok<{ suggestions: { patternId: string; score: number; reasons: string[] }[] }>(
      app,
      "GET",
      `/signals/${dan.id}/suggestions`,
    );
    expect(suggested.suggestions[0]?.patternId).toBe(edits.id);
    expect(suggested.suggestions[0]?.reasons.join(" ")).toMatch(/already attached/);
    await ok(
      app,
      "POST",
      `/patterns/${edits.id}/signals`,
      { signalIds: [dan.id], score: suggested.suggestions[0]?.score },
      200,
    );

    // The fix ships: ana, bo and dan are told, once each.
    const improvement = await ok(app, "POST", "/improvements", {
      loopId: loop.id,
      title: "Merge edits from every device",
      productIds: [product.id],
      patternIds: [edits.id],
    });
    const issue = await ok(app, "POST", "/issues", {
      componentId: component.id,
      improvementId: improvement.id,
      title: "CRDT",
    });
    const pr = await ok(app, "POST", "/pull-requests", {
      componentId: component.id,
      title: "CRDT",
      issueIds: [issue.id],
    });
    await ok(app, "PATCH", `/pull-requests/${pr.id}`, { status: "merged" });
    await ok(app, "POST", "/versions", { componentId: component.id, name: "3.0.0" });
    const release = await ok(app, "POST", "/releases", { productId: product.id, name: "3.0" });
    const deployed = await ok<{ snapback: { notificationsQueued: number } }>(app, "POST", "/deployments", {
      releaseId: release.id,
      environment: "production",
      status: "success",
      externalId: "ci-1",
    });
    expect(deployed.snapback.notificationsQueued).toBe(3);
    expect((await ok<Row>(app, "GET", `/patterns/${edits.id}`)).status).toBe("addressed");

    // The duplicate pattern is merged into the fixed one: cy is told, ana (behind both) is not told twice.
    const merged = await ok<{ notificationsQueued: number; target: Row }>(
      app,
      "POST",
      `/patterns/${offline.id}/merge`,
      { targetId: edits.id },
      200,
    );
    expect(merged.notificationsQueued).toBe(1);
    expect(merged.target.status).toBe("addressed");
    // A replayed deployment tells nobody again.
    const replay = await ok<{ snapback: { replay: boolean; notificationsQueued: number } }>(
      app,
      "POST",
      "/deployments",
      {
        releaseId: release.id,
        environment: "production",
        status: "success",
        externalId: "ci-1",
      },
      200,
    );
    expect(replay.snapback).toMatchObject({ replay: true, notificationsQueued: 0 });

    await expect.poll(() => smtp.messages.length, { timeout: 15_000 }).toBe(4);
    const told = smtp.messages.map((m) => (m.to && "value" in m.to ? m.to.value[0]?.address : "")).sort();
    expect(told).toEqual(["ana@example.com", "bo@example.com", "cy@example.com", "dan@example.com"]);
    // Cy is answered in her own thread.
    const cy = smtp.messages.find((m) => m.to && "value" in m.to && m.to.value[0]?.address === "cy@example.com");
    expect(cy?.inReplyTo).toBe("<r4@mail.example>");
    const notifications = await ok<{ items: unknown[] }>(app, "GET", `/notifications?patternId=${edits.id}`);
    expect(notifications.items).toHaveLength(4);
  });
});
