import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok } from "../helpers/api.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

describe(`what snapback's rules count but no deployment brings (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("addresses a pattern whose other improvements have shipped, and tells its people", async () => {
    const loop = await ok(app, "POST", "/loops", { slug: "notes", name: "Notes" });
    const component = await ok(app, "POST", "/components", { slug: "sync", name: "Sync" });
    const web = await ok(app, "POST", "/products", {
      loopId: loop.id,
      slug: "web",
      name: "Web",
      componentIds: [component.id],
    });
    const channel = await ok(app, "POST", "/channels", { loopId: loop.id, slug: "mail", name: "Mail", kind: "email" });
    const pattern = await ok(app, "POST", "/patterns", { loopId: loop.id, title: "Sync loses edits" });
    await ok(app, "POST", "/signals", {
      channelId: channel.id,
      contact: { email: "ana@example.com" },
      title: "My edits vanished",
      threadRef: "<a1@mail.example>",
      patternIds: [pattern.id],
    });
    const shipped = await ok(app, "POST", "/improvements", {
      loopId: loop.id,
      title: "Merge edits",
      productIds: [web.id],
      patternIds: [pattern.id],
    });
    const other = await ok(app, "POST", "/improvements", {
      loopId: loop.id,
      title: "Rewrite sync",
      patternIds: [pattern.id],
    });
    const issue = await ok(app, "POST", "/issues", {
      componentId: component.id,
      improvementId: shipped.id,
      title: "Merge",
    });
    const pr = await ok(app, "POST", "/pull-requests", {
      componentId: component.id,
      title: "Merge",
      issueIds: [issue.id],
    });
    await ok(app, "PATCH", `/pull-requests/${pr.id}`, { status: "merged" });
    await ok(app, "POST", "/versions", { componentId: component.id, name: "1.0.0" });
    const release = await ok(app, "POST", "/releases", { productId: web.id, name: "2.0.0" });
    const deployed = await ok<{ deployment: { id: string }; snapback: { patternsAddressed: string[] } }>(
      app,
      "POST",
      "/deployments",
      {
        releaseId: release.id,
        environment: "production",
        status: "success",
      },
    );
    // The other improvement still holds the pattern open.
    expect(deployed.snapback.patternsAddressed).toEqual([]);
    expect((await ok<{ status: string }>(app, "GET", `/patterns/${pattern.id}`)).status).toBe("open");

    await ok(app, "PATCH", `/improvements/${other.id}`, { status: "rejected" });
    expect((await ok<{ status: string }>(app, "GET", `/patterns/${pattern.id}`)).status).toBe("addressed");
    const outbox = await ok<{ items: { kind: string; status: string }[] }>(app, "GET", "/outbox");
    expect(outbox.items.map((item) => [item.kind, item.status])).toEqual([["notification", "pending"]]);
    const trace = await ok<{ notifications: { deploymentId: string }[] }>(app, "GET", `/trace/pattern/${pattern.id}`);
    expect(trace.notifications.map((n) => n.deploymentId)).toEqual([deployed.deployment.id]);
  });

  it("completes an improvement when its last open issue is closed (won't fix), and tells the pattern's people", async () => {
    const loop = await ok(app, "POST", "/loops", { slug: "docs", name: "Docs" });
    const component = await ok(app, "POST", "/components", { slug: "editor", name: "Editor" });
    const app1 = await ok(app, "POST", "/products", {
      loopId: loop.id,
      slug: "app",
      name: "App",
      componentIds: [component.id],
    });
    const channel = await ok(app, "POST", "/channels", {
      loopId: loop.id,
      slug: "forum",
      name: "Forum",
      kind: "forum",
    });
    const pattern = await ok(app, "POST", "/patterns", { loopId: loop.id, title: "Tables break on paste" });
    await ok(app, "POST", "/signals", {
      channelId: channel.id,
      contact: { email: "bo@example.com" },
      title: "Pasted table is garbled",
      patternIds: [pattern.id],
    });
    const improvement = await ok(app, "POST", "/improvements", {
      loopId: loop.id,
      title: "Paste tables",
      productIds: [app1.id],
      patternIds: [pattern.id],
    });
    const fixed = await ok(app, "POST", "/issues", {
      componentId: component.id,
      improvementId: improvement.id,
      title: "Parse HTML tables",
    });
    const extra = await ok(app, "POST", "/issues", {
      componentId: component.id,
      improvementId: improvement.id,
      title: "Also RTF",
    });
    const pr = await ok(app, "POST", "/pull-requests", {
      componentId: component.id,
      title: "HTML tables",
      issueIds: [fixed.id],
    });
    await ok(app, "PATCH", `/pull-requests/${pr.id}`, { status: "merged" });
    await ok(app, "POST", "/versions", { componentId: component.id, name: "3.1.0" });
    const release = await ok(app, "POST", "/releases", { productId: app1.id, name: "3.1" });
    await ok(app, "POST", "/deployments", { releaseId: release.id, environment: "production", status: "success" });
    expect((await ok<{ status: string }>(app, "GET", `/improvements/${improvement.id}`)).status).toBe("proposed");

    await ok(app, "PATCH", `/issues/${extra.id}`, { status: "closed" });
    expect((await ok<{ status: string }>(app, "GET", `/improvements/${improvement.id}`)).status).toBe("completed");
    expect((await ok<{ status: string }>(app, "GET", `/patterns/${pattern.id}`)).status).toBe("addressed");
    const trace = await ok<{ notifications: { contactId: string }[] }>(app, "GET", `/trace/pattern/${pattern.id}`);
    expect(trace.notifications).toHaveLength(1);
  });
});
