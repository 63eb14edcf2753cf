import { afterAll, beforeAll, expect, test } from "vitest";
import { workspacePolicy } from "../../src/http/workspace.js";
import { workspaceFolder } from "../../src/http/workspace-build.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { describeInBrowser } from "./workspace.js";

// Needs the built workspace, which the global setup builds where Chromium is (the browser tests' machines).
describeInBrowser("serving the workspace under /app/", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ workspaceFolder }, { admin: false });
  });
  afterAll(async () => app?.stop());

  test("the root sends a browser to /app/; the API, /health, /docs and /openapi.json stay where they were", async () => {
    const root = await fetch(`${app.url}/`, { redirect: "manual" });
    expect([root.status, root.headers.get("location")]).toEqual([302, "/app/"]);
    for (const [path, status] of [
      ["/health", 200],
      ["/openapi.json", 200],
      ["/docs/", 200],
      ["/patterns", 401],
    ] as const) {
      const answer = await fetch(`${app.url}${path}`);
      await answer.arrayBuffer();
      expect(answer.status, path).toBe(status);
    }
  });

  test("any page under /app/ answers the app's index with the strict policy; assets are cached for a year", async () => {
    const page = await fetch(`${app.url}/app/patterns/0190aa5a-0000-7000-8000-000000000000`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toBe(workspacePolicy);
    expect(page.headers.get("content-security-policy")).not.toContain("unsafe-inline");
    const html = await page.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const asset = /src="(\/app\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    const answer = await fetch(`${app.url}${asset}`);
    await answer.arrayBuffer();
    expect([answer.status, answer.headers.get("cache-control")]).toEqual([200, "public, max-age=31536000, immutable"]);
    const gone = await fetch(`${app.url}/app/assets/gone-123.js`);
    await gone.arrayBuffer();
    expect(gone.status).toBe(404);
  });

  test("a setup link opens the workspace's page for it while it works; a used one still says why", async () => {
    const path = new URL(app.setupUrl ?? "").pathname;
    const setup = await fetch(`${app.url}${path}`, { redirect: "manual", headers: { accept: "text/html" } });
    await setup.arrayBuffer();
    expect([setup.status, setup.headers.get("location")]).toEqual([302, path.replace("/setup/", "/app/setup/")]);
    const used = await fetch(`${app.url}/setup/lwl_not-a-real-link-at-all-0000000000`, {
      headers: { accept: "text/html" },
    });
    await used.arrayBuffer();
    expect(used.status).toBe(410);
  });
});
