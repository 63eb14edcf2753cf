import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allRoutes } from "../../src/http/routes/index.js";
import { startTestApp, type TestApp } from "../helpers/app.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ publicUrl: "https://loops.example.net" });
});

interface Operation {
  operationId?: string;
  tags: string[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  parameters: { name: string; schema: Schema }[];
  responses: Record<string, { $ref?: string; content?: Record<string, { schema: Schema }> }>;
}
interface Schema {
  type?: string;
  $ref?: string;
  maxLength?: number;
  maxItems?: number;
  pattern?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
}
interface Document {
  servers: { url: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, Schema>;
    responses: Record<string, { content: Record<string, { schema: Schema }>; headers?: Record<string, unknown> }>;
  };
}
const served = async () => (await app.call<Document>("GET", "/openapi.json")).body;
const operations = (doc: Document) =>
  Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ where: `${method} ${path}`, op })),
  );

/** Strings and arrays anywhere in a request schema that have no bound on their length. */
function unbounded(schema: Schema | undefined, where: string): string[] {
  if (!schema || schema.$ref) return [];
  const own =
    (schema.type === "string" && schema.maxLength === undefined && !schema.pattern && !schema.enum) ||
    (schema.type === "array" && schema.maxItems === undefined)
      ? [where]
      : [];
  return [
    ...own,
    ...Object.entries(schema.properties ?? {}).flatMap(([name, inner]) => unbounded(inner, `${where}.${name}`)),
    ...unbounded(schema.items, `${where}[]`),
    ...(schema.anyOf ?? []).flatMap((inner) => unbounded(inner, where)),
  ];
}
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

  it("names every operation once, in camelCase, after its method and resource", async () => {
    const doc = await served();
    const ids = operations(doc).map(({ op }) => op.operationId);
    for (const id of ids) expect(id).toMatch(/^[a-z]+[A-Z][a-zA-Z]*$/);
    expect(new Set(ids).size).toBe(allRoutes().length);
    expect(doc.paths["/patterns"]?.get?.operationId).toBe("listPatterns");
    expect(doc.paths["/patterns/{id}"]?.get?.operationId).toBe("getPattern");
    expect(doc.paths["/patterns"]?.post?.operationId).toBe("createPattern");
    expect(doc.paths["/patterns/{id}"]?.patch?.operationId).toBe("updatePattern");
    expect(doc.paths["/pull-requests/{id}"]?.get?.operationId).toBe("getPullRequest");
    expect(doc.paths["/patterns/{id}/signals"]?.post?.operationId).toBe("attachSignals");
  });

  it("documents what every operation answers, with schemas shared by name", async () => {
    const doc = await served();
    for (const r of allRoutes()) {
      const op = doc.paths[r.url.replace(/:([a-zA-Z]+)/g, "{$1}")]?.[r.method.toLowerCase()];
      const content = op?.responses[String(r.status ?? 200)]?.content ?? {};
      // Every answer but a page or a stream is JSON with a schema.
      if (!r.raw) expect(content["application/json"]?.schema, `${r.method} ${r.url}`).toBeDefined();
      expect(Object.keys(content).length, `${r.method} ${r.url}`).toBeGreaterThan(0);
    }
    const one = doc.paths["/patterns/{id}"]?.get?.responses["200"]?.content?.["application/json"]?.schema;
    expect(one?.$ref).toBe("#/components/schemas/Pattern");
    expect(Object.keys(doc.components.schemas.Pattern?.properties ?? {})).toEqual(
      expect.arrayContaining(["id", "title", "status", "priority", "improvementIds", "createdAt"]),
    );
    const page = doc.paths["/patterns"]?.get?.responses["200"]?.content?.["application/json"]?.schema;
    // GET /patterns lists patterns, each with its newest signals when asked (include=signals).
    expect(page?.properties?.items?.items?.$ref).toBe("#/components/schemas/PatternWithSignals");
  });

  it("documents both successes of a route that answers a repeat differently: a GitHub redelivery's 200", async () => {
    const doc = await served();
    const success = (path: string) =>
      Object.keys(doc.paths[path]?.post?.responses ?? {}).filter((status) => status.startsWith("2"));
    expect(success("/channels/{id}/github").sort()).toEqual(["200", "202"]);
    expect(success("/channels/{id}/webhook").sort()).toEqual(["200", "201"]);
    expect(success("/deployments").sort()).toEqual(["200", "201"]);
  });

  it("documents every error answer with the shared Error schema", async () => {
    const doc = await served();
    for (const { name, content } of Object.entries(doc.components.responses).map(([name, r]) => ({ name, ...r }))) {
      expect(content["application/json"]?.schema.$ref, name).toBe("#/components/schemas/Error");
    }
    expect(doc.components.responses.RateLimited?.headers).toHaveProperty("Retry-After");
    const statuses = (path: string, method: string) => Object.keys(doc.paths[path]?.[method]?.responses ?? {});
    expect(statuses("/patterns/{id}", "patch")).toEqual(
      expect.arrayContaining(["200", "400", "401", "403", "404", "409", "413", "415", "429", "default"]),
    );
    expect(statuses("/customer/{token}", "get")).toEqual(expect.arrayContaining(["401", "410"]));
    expect(statuses("/health", "get")).not.toContain("401");
  });

  it("declares its tags and names this installation as its server", async () => {
    const doc = await served();
    expect(doc.servers).toEqual([expect.objectContaining({ url: "https://loops.example.net" })]);
    const declared = new Map(doc.tags.map((tag) => [tag.name, tag.description]));
    for (const { where, op } of operations(doc)) {
      for (const tag of op.tags) expect(declared.get(tag), `${where}: tag ${tag}`).toMatch(/\w+ \w+/);
    }
  });

  it("bounds the length of every string and array a request may send", async () => {
    const doc = await served();
    const found = operations(doc).flatMap(({ where, op }) => [
      ...unbounded(op.requestBody?.content["application/json"]?.schema, `${where} body`),
      ...op.parameters.flatMap((p) => unbounded(p.schema, `${where} ${p.name}`)),
    ]);
    expect(found).toEqual([]);
  });

  it("serves browsable docs", async () => {
    const response = await fetch(`${app.url}/docs/`);
    expect(response.status).toBe(200);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await response.text()).toContain("swagger");
  });
});
