import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signWebhookBody } from "../../src/integrations/webhooks/signature.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { arbitraryOf, type JsonSchema, partsOf, replaced } from "../helpers/schema-arbitrary.js";

// Every operation of the served document gets bodies, parameters and queries made from its own schemas,
// then mutated (wrong types, huge strings, odd unicode, deep nesting, unknown fields): none may answer
// 5xx. Every answer is also checked against the document (test/helpers/app.ts, checkAnswers).

interface Operation {
  operationId: string;
  parameters: { name: string; in: "path" | "query"; schema: JsonSchema }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonSchema> };
}

const secret = "a-channel-secret-of-32-characters";
let app: TestApp;
let doc: Document;
/** A real id for each collection, so that requests reach past the lookup of their target. */
const ids: Record<string, string> = {};
let hookChannel: string;

beforeAll(async () => {
  // Sign-in attempts are limited to a few a minute: these requests are not guesses.
  app = await startTestApp({ signInLimit: 1_000_000 });
  doc = (await app.call<Document>("GET", "/openapi.json")).body;
  const make = async (path: string, body: unknown) => (await app.call<{ id: string }>("POST", path, body)).body.id;
  ids.loops = await make("/loops", { slug: "core", name: "Core" });
  ids.components = await make("/components", { slug: "api", name: "API" });
  ids.products = await make("/products", {
    loopId: ids.loops,
    slug: "web",
    name: "Web",
    componentIds: [ids.components],
  });
  ids.channels = await make("/channels", {
    loopId: ids.loops,
    slug: "hook",
    name: "Hook",
    kind: "webhook",
    config: { webhookSecret: secret },
  });
  // The webhook's own channel, which no generated PATCH changes: signed requests must verify.
  hookChannel = await make("/channels", {
    loopId: ids.loops,
    slug: "signed-hook",
    name: "Signed hook",
    kind: "webhook",
    config: { webhookSecret: secret },
  });
  ids.patterns = await make("/patterns", { loopId: ids.loops, title: "Slow sync" });
  ids.signals = await make("/signals", { channelId: ids.channels, title: "Slow", patternIds: [ids.patterns] });
  ids.contacts = await make("/contacts", { name: "Ada" });
  ids.improvements = await make("/improvements", { loopId: ids.loops, title: "Faster", patternIds: [ids.patterns] });
  ids.issues = await make("/issues", { componentId: ids.components, improvementId: ids.improvements, title: "Do" });
  ids["pull-requests"] = await make("/pull-requests", {
    componentId: ids.components,
    title: "Done",
    issueIds: [ids.issues],
  });
  ids.versions = await make("/versions", { componentId: ids.components, name: "1.0.0", pullRequestIds: [] });
  ids.releases = await make("/releases", { productId: ids.products, name: "1.0.0" });
  ids.deployments = (
    await app.call<{ deployment: { id: string } }>("POST", "/deployments", {
      releaseId: ids.releases,
      environment: "production",
    })
  ).body.deployment.id;
  ids.environments = "production";
  ids["brainstorm-topics"] = await make("/brainstorm-topics", { loopId: ids.loops, kind: "what", title: "Why" });
  ids["brainstorm-sessions"] = await make("/brainstorm-sessions", {
    loopId: ids.loops,
    kind: "what",
    scheduledAt: "2026-12-01T10:00:00Z",
  });
  // Not the administrator who sends these requests, nor the token they are sent with.
  ids.users = (
    await app.call<{ user: { id: string } }>("POST", "/users", { email: "b@team.example", name: "B" })
  ).body.user.id;
  ids.tokens = await make("/tokens", { name: "spare", scope: "read" });
});
afterAll(async () => app?.stop());

/** What replaces a part of a valid value: wrong types, huge and odd strings, deep nesting. */
const odd = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(null, true, 0, -1, 1e308, "", [], {}, "00000000-0000-0000-0000-000000000000"),
  fc.string({ unit: "binary", maxLength: 60 }),
  fc
    .tuple(fc.constantFrom("a", "é", "😀", "\u0000", "\ud800", "\u202e"), fc.integer({ min: 1_000, max: 300_000 }))
    .map(([c, n]) => c.repeat(n)),
  // Deep nesting, as a marker put in the JSON text only when sent (fast-check cannot print the real thing).
  fc.integer({ min: 50, max: 5_000 }).map((depth) => `__nested_${depth}__`),
);
const nestingIn = (json: string) =>
  json.replace(/"__nested_(\d+)__"/g, (_, depth: string) => "[".repeat(Number(depth)) + "]".repeat(Number(depth)));

/** The collection a property's id names: channelId → channels, patternIds → patterns, ownerId → users. */
const collections: Record<string, string> = {
  owner: "users",
  user: "users",
  session: "brainstorm-sessions",
  pullRequest: "pull-requests",
  entity: "patterns",
};
function idFor(property: string): string | undefined {
  const name = /^(.+?)Ids?$/.exec(property)?.[1];
  if (!name) return undefined;
  return ids[collections[name] ?? `${name}s`];
}
const making = () => ({ shared: doc.components.schemas, idFor });
const propertyOfQuery = (name: string, schema: JsonSchema) =>
  arbitraryOf({ type: "object", properties: { [name]: schema }, required: [name] }, making()).map(
    (made) => (made as Record<string, unknown>)[name],
  );

/** A value made from schema, then perhaps one part of it replaced, or a field nobody knows added. */
function mutatedOf(schema: JsonSchema) {
  return fc
    .tuple(arbitraryOf(schema, making()), fc.nat(), odd, fc.constantFrom("keep", "replace", "add"))
    .map(([value, pick, by, how]) => {
      if (how === "keep") return value;
      if (how === "add" && value !== null && typeof value === "object") return { ...value, unknownField: by };
      const parts = partsOf(value);
      const path = parts[pick % parts.length] ?? [];
      return replaced(value, path, by);
    });
}

/** Sends one request (signed when asked, to the webhook) and fails on any 5xx. */
async function send(op: Operation, method: string, path: string, url: string, sent: unknown, signed: boolean) {
  const text = sent === undefined ? undefined : nestingIn(JSON.stringify(sent));
  const headers: Record<string, string> = {};
  if (signed && text !== undefined && path === "/channels/{id}/webhook") {
    const timestamp = String(Math.floor(Date.now() / 1000));
    headers["x-loopwork-timestamp"] = timestamp;
    headers["x-loopwork-signature"] = `sha256=${signWebhookBody(secret, timestamp, text)}`;
    headers["x-loopwork-delivery"] = randomUUID();
  }
  const answer = await app.call(method.toUpperCase(), url, text, headers);
  if (answer.status >= 500) {
    throw new Error(`${op.operationId} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
}

/** The URL of an operation with real ids (the webhook's own channel) in its path. */
function realUrl(path: string): string {
  const collection = path.split("/")[1] ?? "";
  return path
    .replace("{id}", path === "/channels/{id}/webhook" ? hookChannel : (ids[collection] ?? randomUUID()))
    .replace("{userId}", ids.users ?? "")
    .replace("{signalId}", ids.signals ?? "")
    .replace("{type}", "signal")
    .replace("{token}", "not-a-signed-link");
}

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));

describe("generated and mutated requests to every operation", () => {
  it("never answer 5xx", { timeout: 600_000 }, async () => {
    // The stream never ends, and is not a request/answer operation.
    const all = operations().filter(({ path }) => path !== "/timeline/stream");
    expect(all.length).toBeGreaterThan(90);
    for (const { path, method, op } of all) {
      const params = op.parameters.filter((p) => p.in === "path");
      const query = op.parameters.filter((p) => p.in === "query");
      const body = op.requestBody?.content["application/json"]?.schema;
      const collection = path.split("/")[1] ?? "";
      await fc.assert(
        fc.asyncProperty(
          fc.tuple(
            ...params.map((p) =>
              path === "/channels/{id}/webhook"
                ? fc.oneof({ weight: 3, arbitrary: fc.constant(hookChannel) }, { weight: 1, arbitrary: fc.uuid() })
                : p.name === "id" && ids[collection]
                  ? fc.oneof(fc.constant(ids[collection]), arbitraryOf(p.schema))
                  : p.name === "userId"
                    ? fc.constant(ids.users)
                    : arbitraryOf(p.schema),
            ),
          ),
          fc.record(
            Object.fromEntries(
              query.map((p) => [
                p.name,
                fc.oneof({ weight: 5, arbitrary: propertyOfQuery(p.name, p.schema) }, { weight: 1, arbitrary: odd }),
              ]),
            ),
            { requiredKeys: [] },
          ),
          body ? mutatedOf(body) : fc.constant(undefined),
          fc.boolean(),
          async (values, search, sent, signed) => {
            let url = path;
            params.forEach((p, i) => {
              url = url.replace(`{${p.name}}`, encodeURIComponent(String(values[i])));
            });
            const q = new URLSearchParams(
              Object.entries(search).map(([k, v]) => [
                k,
                typeof v === "string" ? v.slice(0, 500) : JSON.stringify(v).slice(0, 500),
              ]),
            ).toString();
            await send(op, method, path, q ? `${url}?${q}` : url, sent, signed);
          },
        ),
        { numRuns: 16 },
      );
    }
  });
  it("never answer 5xx when any one field of a valid body is nested deeply, huge, odd unicode or of the wrong type", {
    timeout: 600_000,
  }, async () => {
    const withBodies = operations().filter(({ op }) => op.requestBody);
    let sent = 0;
    for (const { path, method, op } of withBodies) {
      const schema = op.requestBody?.content["application/json"]?.schema ?? {};
      const [valid] = fc.sample(arbitraryOf(schema, { ...making(), allKeys: true }), { numRuns: 1, seed: 42 });
      for (const part of partsOf(valid)) {
        const nesting = "__nested_5000__";
        const mutations = [
          nesting,
          // One more than the longest limit (markdown texts): too long for every string field.
          "é".repeat(100_001),
          "\ud800\u0000\u202e",
          12345,
          null,
          [],
          {},
        ];
        for (const by of mutations) {
          await send(op, method, path, realUrl(path), replaced(valid, part, by), true);
          sent++;
        }
      }
    }
    expect(sent).toBeGreaterThan(500);
  });
});
