import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DemoResult } from "../../src/demo/load-demo.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { cliJson, runCli } from "./run-cli.js";

type Page = { items: (Record<string, unknown> & { id: string })[] };

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
});

describe("loopwork demo", { timeout: 120_000 }, () => {
  it("loads a loop whose snapback addressed a pattern and queued notifications, once", async () => {
    const loaded = await cliJson<DemoResult>(app.url, ["demo"], { token: app.adminToken });
    expect(loaded.alreadyLoaded).toBe(false);
    expect(loaded.created.signals).toBeGreaterThanOrEqual(40);

    const addressed = await app.call<Page>("GET", "/patterns?status=addressed");
    const completed = await app.call<Page>("GET", "/improvements?status=completed");
    expect(addressed.body.items.length).toBeGreaterThanOrEqual(1);
    expect(completed.body.items.map((i) => i.id)).toContain(loaded.explore.improvementId);
    for (const status of ["proposed", "approved", "in_progress", "rejected"]) {
      const page = await app.call<Page>("GET", `/improvements?status=${status}`);
      expect(page.body.items.length, status).toBeGreaterThanOrEqual(1);
    }
    const trace = await app.call<{ notifications: unknown[]; deployments: { status: string }[] }>(
      "GET",
      `/trace/pattern/${loaded.explore.patternId}`,
    );
    expect(trace.body.notifications.length).toBeGreaterThanOrEqual(3);
    expect(trace.body.deployments.map((d) => d.status)).toContain("failed");
    const queued = loaded.deployments.reduce((sum, d) => sum + (d.snapback?.notificationsQueued ?? 0), 0);
    expect(queued).toBeGreaterThanOrEqual(3);

    const signals = await app.call<Page>("GET", "/signals?limit=500");
    const again = await cliJson<DemoResult>(app.url, ["demo"], { token: app.adminToken });
    expect(again.alreadyLoaded).toBe(true);
    expect((await app.call<Page>("GET", "/signals?limit=500")).body.items).toHaveLength(signals.body.items.length);
  });

  it("refuses, before creating anything, to load next to names it would clash with, and says when a run stopped halfway", async () => {
    const other = await startTestApp();
    try {
      await other.call("POST", "/components", { slug: "web-ui", name: "Our own web UI" });
      const refused = await runCli(other.url, ["demo"], { token: other.adminToken });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain("error conflict:");
      expect(refused.stderr).toContain("component web-ui");
      expect((await other.call<Page>("GET", "/loops")).body.items).toEqual([]);
      // An earlier run that stopped after its first step is not taken for a loaded demo.
      await other.call("POST", "/loops", { slug: "inkwell-notes", name: "Inkwell Notes" });
      const partly = await runCli(other.url, ["demo"], { token: other.adminToken });
      expect(partly.code).toBe(1);
      expect(partly.stderr).toContain("only partly loaded");
    } finally {
      await other.stop();
    }
  });
});
