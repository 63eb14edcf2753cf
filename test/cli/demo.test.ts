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

  it("counts, per deployment, the notifications its snapback queued and the people its page says it told, and says why they differ", async () => {
    const other = await startTestApp();
    try {
      const run = await runCli(other.url, ["demo"], { token: other.adminToken });
      expect(run.code, run.stderr).toBe(0);
      const deployments = await other.call<Page>("GET", "/deployments?limit=500");
      // Every notification is told once, by one deployment's snapback, and counted on one deployment's page.
      const notifications = await other.call<Page>("GET", "/notifications?limit=500");
      const told = new Map<string, number>();
      for (const n of notifications.body.items)
        told.set(String(n.deploymentId), (told.get(String(n.deploymentId)) ?? 0) + 1);
      const lines = run.stdout.split("\n");
      // The desktop app completes the sync fix: its snapback tells everyone on the pattern, but Omar runs
      // the web app, which had the fix from its own deployment: his notification is that deployment's.
      const desktop = deployments.body.items.find((d) => d.externalId === "ci-desktop-2072");
      const web = deployments.body.items.find((d) => d.externalId === "ci-web-4412");
      const desktopTold = told.get(String(desktop?.id)) ?? 0;
      expect(desktopTold).toBeGreaterThan(0);
      expect(told.get(String(web?.id))).toBe(1);
      const line = (release: string) => lines.find((l) => l.includes(release) && l.includes("production success"));
      expect(line("desktop-app@5.2.0")).toContain(
        `${desktopTold + 1} notifications queued; ${desktopTold} people told`,
      );
      expect(line("web-app@2024.7")).toContain("0 notifications queued; 1 person told");
      expect(run.stdout).toContain("told: the people it made the fix live for, as\n  its page counts them");
      expect(new Set(notifications.body.items.map((n) => `${n.contactId}:${n.patternId}`)).size).toBe(
        notifications.body.items.length,
      );
    } finally {
      await other.stop();
    }
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
