import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allRoutes } from "../../src/http/routes/index.js";
import { startTestApp, type TestApp } from "../helpers/app.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

describe("the API's own description", () => {
  // Issue #8 item 9: "Create a improvement", "a issue", "a environment".
  it("says an improvement and a user: the article fits the noun", () => {
    const summaries = allRoutes().map((route) => route.summary);
    expect(summaries).toContain("Create an improvement");
    expect(summaries).toContain("Create an issue");
    expect(summaries).toContain("Create an environment");
    expect(summaries).toContain("Change a pattern (a new status must be a valid transition)");
    // "a one-time link" is right: "one" sounds like "won".
    expect(summaries.filter((summary) => /\ba (?!one)[aeio]/i.test(summary))).toEqual([]);
  });

  it("documents every route with the schemas that validate it", async () => {
    const { status, body } = await app.call<{ openapi: string; paths: Record<string, Record<string, unknown>> }>(
      "GET",
      "/openapi.json",
    );
    expect(status).toBe(200);
    expect(body.openapi).toMatch(/^3\./);
    for (const route of allRoutes()) {
      const path = route.url.replace(/:([a-zA-Z]+)/g, "{$1}");
      expect(body.paths[path]?.[route.method.toLowerCase()], `${route.method} ${route.url}`).toBeDefined();
    }
    const createSignal = body.paths["/signals"]?.post as {
      requestBody: { content: Record<string, { schema: { required: string[] } }> };
    };
    expect(createSignal.requestBody.content["application/json"]?.schema.required).toEqual(
      expect.arrayContaining(["channelId", "title"]),
    );
  });

  it("serves browsable docs", async () => {
    const response = await fetch(`${app.url}/docs/`);
    expect(response.status).toBe(200);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await response.text()).toContain("swagger");
  });
});
