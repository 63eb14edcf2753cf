import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { allRoutes } from "../../src/http/routes/index.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";
import { snapshotTables } from "../helpers/snapshot.js";

let app: TestApp;
let loopId: string;
let improvementId: string;
let deploymentId: string;
let releaseId: string;
let patternId: string;
let channelId: string;
let topicId: string;
let otherSessionId: string;
let anaId: string;

/** An 10 KB body nesting `raw` 5,000 levels deep: JSON.stringify overflows the stack on it. */
const deepRaw = () => `${"[".repeat(5000)}${"]".repeat(5000)}`;

beforeAll(async () => {
  app = await startTestApp({ bodyLimit: 128 * 1024 });
  loopId = (
    await app.call<{ id: string }>("POST", "/loops", {
      slug: "core",
      name: "Core",
    })
  ).body.id;
  const component = (
    await app.call<{ id: string }>("POST", "/components", {
      slug: "api",
      name: "API",
    })
  ).body;
  const product = (
    await app.call<{ id: string }>("POST", "/products", {
      loopId,
      slug: "web",
      name: "Web",
      componentIds: [component.id],
    })
  ).body;
  improvementId = (
    await app.call<{ id: string }>("POST", "/improvements", {
      loopId,
      title: "Faster sync",
    })
  ).body.id;
  channelId = (await app.call<{ id: string }>("POST", "/channels", { loopId, slug: "api", name: "API", kind: "api" }))
    .body.id;
  patternId = (await app.call<{ id: string }>("POST", "/patterns", { title: "Slow sync", loopId })).body.id;
  anaId = (await app.call<{ id: string }>("POST", "/contacts", { email: "ana@example.com", name: "Ana" })).body.id;
  // Ana's report, by an id of the caller's: the same id from someone else is refused (and Ana's again is hers).
  const ana = {
    channelId,
    title: "Sync ate my edits",
    externalId: "bad-input-taken",
    contact: { email: "ana@example.com" },
  };
  const first = await app.call<{ id: string }>("POST", "/signals", ana);
  expect((await app.call<{ id: string }>("POST", "/signals", ana)).body.id).toBe(first.body.id);
  topicId = (await app.call<{ id: string }>("POST", "/brainstorm-topics", { loopId, kind: "what", title: "Sync" })).body
    .id;
  const otherLoop = (await app.call<{ id: string }>("POST", "/loops", { slug: "other", name: "Other" })).body.id;
  otherSessionId = (
    await app.call<{ id: string }>("POST", "/brainstorm-sessions", {
      loopId: otherLoop,
      kind: "what",
      scheduledAt: "2026-12-01T15:00:00Z",
    })
  ).body.id;
  await app.call("POST", "/versions", {
    componentId: component.id,
    name: "1.0.0",
  });
  const release = (
    await app.call<{ id: string }>("POST", "/releases", {
      productId: product.id,
      name: "1.0.0",
    })
  ).body;
  releaseId = release.id;
  const deployment = await app.call<{ deployment: { id: string } }>("POST", "/deployments", {
    releaseId: release.id,
    environment: "production",
    status: "failed",
  });
  deploymentId = deployment.body.deployment.id;
});
afterAll(async () => app?.stop());

type Case = [
  name: string,
  method: string,
  path: () => string,
  body: () => unknown,
  status: number,
  code: string,
  path?: string,
];
const cases: Case[] = [
  ["malformed JSON", "POST", () => "/loops", () => '{"slug": "x",', 400, "invalid_json", "body"],
  ["an empty JSON body", "POST", () => "/loops", () => "", 400, "invalid_json", "body"],
  ["a wrong type", "POST", () => "/loops", () => ({ slug: 42, name: "X" }), 400, "invalid_input", "body.slug"],
  ["a missing field", "POST", () => "/loops", () => ({ slug: "x" }), 400, "invalid_input", "body.name"],
  ["an array instead of an object", "POST", () => "/loops", () => [1, 2], 400, "invalid_input", "body"],
  [
    "a field nobody may set",
    "POST",
    () => "/loops",
    () => ({ slug: "x", name: "X", id: randomUUID() }),
    400,
    "invalid_input",
    "body.id",
  ],
  [
    "a status set on create",
    "POST",
    () => "/improvements",
    () => ({ loopId, title: "T", status: "completed" }),
    400,
    "invalid_input",
    "body.status",
  ],
  [
    "an unknown referenced id",
    "POST",
    () => "/products",
    () => ({ loopId: randomUUID(), slug: "p", name: "P" }),
    404,
    "not_found",
    "body.loopId",
  ],
  [
    "an unknown linked id",
    "POST",
    () => "/improvements",
    () => ({ loopId, title: "T", productIds: [randomUUID()] }),
    404,
    "not_found",
    "body.productIds.0",
  ],
  [
    "an unknown id second in a link list",
    "POST",
    () => "/improvements",
    () => ({ loopId, title: "T", patternIds: [patternId, randomUUID()] }),
    404,
    "not_found",
    "body.patternIds.1",
  ],
  [
    "an unknown channel, second in a batch",
    "POST",
    () => "/signals/batch",
    () => ({
      signals: [
        { channelId, title: "a" },
        { channelId: randomUUID(), title: "b" },
      ],
    }),
    404,
    "not_found",
    "body.signals.1.channelId",
  ],
  [
    "an unknown pattern, second in a batch",
    "POST",
    () => "/signals/batch",
    () => ({
      signals: [
        { channelId, title: "a", patternIds: [patternId] },
        { channelId, title: "b", patternIds: [patternId, randomUUID()] },
      ],
    }),
    404,
    "not_found",
    "body.signals.1.patternIds.1",
  ],
  [
    "a person named twice, by contactId and by contact",
    "POST",
    () => "/signals/batch",
    () => ({
      signals: [
        { channelId, title: "a" },
        { channelId, title: "b", contactId: randomUUID(), contact: { email: "bo@example.com" } },
      ],
    }),
    400,
    "invalid_input",
    "body.signals.1.contact",
  ],
  [
    "a report from the future, alone in a batch",
    "POST",
    () => "/signals/batch",
    () => ({ signals: [{ channelId, title: "a", receivedAt: "2099-01-01T00:00:00Z" }] }),
    400,
    "invalid_input",
    "body.signals.0.receivedAt",
  ],
  [
    "an unknown person by id, alone in a batch",
    "POST",
    () => "/signals/batch",
    () => ({ signals: [{ channelId, title: "a", contactId: randomUUID() }] }),
    404,
    "not_found",
    "body.signals.0.contactId",
  ],
  [
    "an unknown product, alone in a batch",
    "POST",
    () => "/signals/batch",
    () => ({ signals: [{ channelId, title: "a", product: "no-such-product" }] }),
    404,
    "not_found",
    "body.signals.0.product",
  ],
  [
    "the suggestions of a signal that does not exist",
    "GET",
    () => `/signals/${randomUUID()}/suggestions`,
    () => undefined,
    404,
    "not_found",
    "params.id",
  ],
  [
    "what runs where, asked with neither true nor false",
    "GET",
    () => "/deployments?current=yes",
    () => undefined,
    400,
    "invalid_input",
    "query.current",
  ],
  [
    "the trace of an issue that does not exist",
    "GET",
    () => `/trace/issue/${randomUUID()}`,
    () => undefined,
    404,
    "not_found",
    "params.id",
  ],
  [
    // The path is the parameter that holds the id the error names, however short (an environment's name).
    "an environment that does not exist",
    "GET",
    () => "/environments/qa",
    () => undefined,
    404,
    "not_found",
    "params.id",
  ],
  [
    "the undo of a move that does not exist",
    "POST",
    () => `/pattern-moves/${randomUUID()}/undo`,
    () => undefined,
    404,
    "not_found",
    "params.id",
  ],
  [
    "a contact's weight too small to store",
    "POST",
    () => "/signals",
    () => ({ channelId, title: "a", contact: { email: "tiny@example.com", weight: 1e-50 } }),
    400,
    "invalid_input",
    "body.contact.weight",
  ],
  [
    "an attachment's score too small to store",
    "POST",
    () => `/patterns/${patternId}/signals`,
    () => ({ signalIds: [randomUUID()], score: 1e-50 }),
    400,
    "invalid_input",
    "body.score",
  ],
  [
    "a pull request number past what the store holds",
    "POST",
    () => "/pull-requests",
    () => ({ componentId: randomUUID(), title: "Big", number: 2_147_483_648 }),
    400,
    "invalid_input",
    "body.number",
  ],
  ["a NUL in a path's name", "GET", () => "/environments/a%00b", () => undefined, 400, "invalid_input", "params.id"],
  [
    "a search by a status nothing has",
    "GET",
    () => "/search?q=dark&status=bogus",
    () => undefined,
    400,
    "invalid_input",
    "query.status",
  ],
  // Both were free text: a misspelt kind or status answered an empty list, as if nothing had it.
  [
    "channels of a kind there is none of",
    "GET",
    () => "/channels?kind=emial",
    () => undefined,
    400,
    "invalid_input",
    "query.kind",
  ],
  [
    "brainstorm sessions of a status there is none of",
    "GET",
    () => "/brainstorm-sessions?status=done",
    () => undefined,
    400,
    "invalid_input",
    "query.status",
  ],
  [
    "a repeat of an externalId from another person",
    "POST",
    () => "/signals",
    () => ({
      channelId,
      title: "Totally different",
      externalId: "bad-input-taken",
      contact: { email: "someoneelse@example.com" },
    }),
    409,
    "conflict",
    "body.externalId",
  ],
  [
    "one externalId twice in a batch, from two people",
    "POST",
    () => "/signals/batch",
    () => ({
      signals: [
        { channelId, title: "Export drops rows", externalId: "bad-input-twice", contact: { email: "bo@example.com" } },
        { channelId, title: "Login loops", externalId: "bad-input-twice", contact: { email: "cy@example.com" } },
      ],
    }),
    409,
    "conflict",
    "body.signals.1.externalId",
  ],
  [
    "one externalId twice in a batch, from a contact by id and from another person's email",
    "POST",
    () => "/signals/batch",
    () => ({
      signals: [
        { channelId, title: "Export drops rows", externalId: "bad-input-thrice", contactId: anaId },
        { channelId, title: "Login loops", externalId: "bad-input-thrice", contact: { email: "cy@example.com" } },
      ],
    }),
    409,
    "conflict",
    "body.signals.1.externalId",
  ],
  [
    "the metrics of a loop that does not exist",
    "GET",
    () => `/metrics?loopId=${randomUUID()}`,
    () => undefined,
    404,
    "not_found",
    "query.loopId",
  ],
  [
    "a slug shaped like an id",
    "POST",
    () => "/components",
    () => ({ slug: "0190e0b4-1111-7000-8000-000000000000", name: "Sneaky" }),
    400,
    "invalid_input",
    "body.slug",
  ],
  [
    "an account named twice on an environment",
    "POST",
    () => "/environments",
    () => ({ name: "eu", production: true, accounts: ["acme", " acme "] }),
    400,
    "invalid_input",
    "body.accounts",
  ],
  [
    "a signal received in the future",
    "POST",
    () => "/signals",
    () => ({ channelId, title: "From tomorrow", receivedAt: "2099-01-01T00:00:00Z" }),
    400,
    "invalid_input",
    "body.receivedAt",
  ],
  [
    "a signal received in year 0050 (the embedded database would read it as 1950)",
    "POST",
    () => "/signals",
    () => ({ channelId, title: "Ancient", receivedAt: "0050-06-01T00:00:00Z" }),
    400,
    "invalid_input",
    "body.receivedAt",
  ],
  [
    "a signal received before 1970, in a batch",
    "POST",
    () => "/signals/batch",
    () => ({
      signals: [
        { channelId, title: "a" },
        { channelId, title: "b", receivedAt: "1969-12-31T23:59:59Z" },
      ],
    }),
    400,
    "invalid_input",
    "body.signals.1.receivedAt",
  ],
  [
    "a brainstorm session scheduled in 1900",
    "POST",
    () => "/brainstorm-sessions",
    () => ({ loopId, kind: "what", scheduledAt: "1900-01-01T10:00:00Z" }),
    400,
    "invalid_input",
    "body.scheduledAt",
  ],
  [
    "a brainstorm topic about a pattern that does not exist",
    "POST",
    () => "/brainstorm-topics",
    () => ({ loopId, kind: "what", title: "T", entityType: "pattern", entityId: randomUUID() }),
    404,
    "not_found",
    "body.entityId",
  ],
  [
    "a brainstorm topic about an id of nothing said",
    "POST",
    () => "/brainstorm-topics",
    () => ({ loopId, kind: "what", title: "T", entityId: randomUUID() }),
    400,
    "invalid_input",
    "body.entityType",
  ],
  [
    "a topic put on another loop's session",
    "PATCH",
    () => `/brainstorm-topics/${topicId}`,
    () => ({ sessionId: otherSessionId }),
    400,
    "invalid_input",
    "body.sessionId",
  ],
  [
    "an email another contact has (in other letters)",
    "POST",
    () => "/contacts",
    () => ({ email: "ANA@example.com", name: "Ana again" }),
    409,
    "conflict",
    "body.email",
  ],
  ["an unknown id in the path", "GET", () => `/loops/${randomUUID()}`, () => undefined, 404, "not_found"],
  ["a malformed id in the path", "GET", () => "/loops/not-an-id", () => undefined, 400, "invalid_input", "params.id"],
  ["a malformed query", "GET", () => "/loops?limit=many", () => undefined, 400, "invalid_input", "query.limit"],
  ["a taken slug", "POST", () => "/loops", () => ({ slug: "core", name: "Again" }), 409, "conflict", "body.slug"],
  [
    "a valid change, to start from",
    "PATCH",
    () => `/improvements/${improvementId}`,
    () => ({ status: "in_progress", title: "Renamed" }),
    200,
    "",
  ],
  [
    "completing by hand",
    "PATCH",
    () => `/improvements/${improvementId}`,
    () => ({ status: "completed" }),
    409,
    "invalid_transition",
    "body.status",
  ],
  [
    "rolling back a failed deployment",
    "PATCH",
    () => `/deployments/${deploymentId}`,
    () => ({ status: "rolled_back" }),
    409,
    "invalid_transition",
    "body.status",
  ],
  [
    "an unknown environment",
    "POST",
    () => "/deployments",
    () => ({ releaseId, environment: "mars" }),
    404,
    "not_found",
    "body.environment",
  ],
  [
    "attaching an unknown signal",
    "POST",
    () => `/patterns/${patternId}/signals`,
    () => ({ signalIds: [randomUUID()] }),
    404,
    "not_found",
    "body.signalIds.0",
  ],
  [
    "a batch over the limit",
    "POST",
    () => "/signals/batch",
    () => ({ signals: [] }),
    400,
    "invalid_input",
    "body.signals",
  ],
  [
    "an oversized body",
    "POST",
    () => "/loops",
    () => ({ slug: "big", name: "x".repeat(200 * 1024) }),
    413,
    "body_too_large",
    "body",
  ],
  [
    "a NUL character in a text",
    "POST",
    () => "/loops",
    () => ({ slug: "nul", name: "A\u0000B" }),
    400,
    "invalid_input",
    "body.name",
  ],
  [
    "half of an emoji's surrogate pair in a signal's title",
    "POST",
    () => "/signals",
    () => `{"channelId":"${channelId}","title":"cut \\ud83d emoji"}`,
    400,
    "invalid_input",
    "body.title",
  ],
  [
    "a NUL in a key of a raw payload, in a batch",
    "POST",
    () => "/signals/batch",
    () => ({
      signals: [
        { channelId, title: "fine" },
        { channelId, title: "d", raw: { "a\u0000b": 1 } },
      ],
    }),
    400,
    "invalid_input",
    "body.signals.1.raw.a\u0000b",
  ],
  [
    "a raw payload nested 5,000 levels deep",
    "POST",
    () => "/signals",
    () => `{"channelId":"${channelId}","title":"d","raw":${deepRaw()}}`,
    400,
    "invalid_input",
    `body.raw${".0".repeat(32)}`,
  ],
  [
    "a raw payload nested 5,000 levels deep, in a batch",
    "POST",
    () => "/signals/batch",
    () =>
      `{"signals":[{"channelId":"${channelId}","title":"d"},{"channelId":"${channelId}","title":"d","raw":${deepRaw()}}]}`,
    400,
    "invalid_input",
    `body.signals.1.raw${".0".repeat(32)}`,
  ],
  [
    "a raw payload over 64 KiB",
    "POST",
    () => "/signals",
    () => ({ channelId, title: "big", raw: { text: "x".repeat(70 * 1024) } }),
    400,
    "invalid_input",
    "body.raw",
  ],
  // A route that takes no body read none: its fields were dropped and the request done as if not sent.
  [
    "a field sent to a route that takes no body",
    "POST",
    () => `/contacts/${anaId}/customer-link`,
    () => ({ email: "other@example.com" }),
    400,
    "invalid_input",
    "body.email",
  ],
  [
    "a body that is no object, to a route that takes none",
    "DELETE",
    () => `/patterns/${patternId}/signals/${randomUUID()}`,
    () => [],
    400,
    "invalid_input",
    "body",
  ],
  // The loop of the path was named as body.loopId (the insert's foreign key), a field nobody sent.
  [
    "a role in a loop that does not exist",
    "PUT",
    () => `/loops/${randomUUID()}/members/${app.admin?.id}`,
    () => ({ role: "viewer" }),
    404,
    "not_found",
    "params.id",
  ],
  // Answered as its person being no member (params.userId) of a loop that does not exist.
  [
    "taking a role away in a loop that does not exist",
    "DELETE",
    () => `/loops/${randomUUID()}/members/${app.admin?.id}`,
    () => undefined,
    404,
    "not_found",
    "params.id",
  ],
  // Answered without a path before: the id is the body's, not the URL's.
  [
    "a fingerprint rule for a pattern that does not exist",
    "POST",
    () => "/matcher/rules",
    () => ({ patternId: randomUUID(), kind: "error_code", expression: "E42" }),
    404,
    "not_found",
    "body.patternId",
  ],
  ["an unknown route", "GET", () => "/nothing-here", () => undefined, 404, "route_not_found"],
];

describe(`bad input over HTTP (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("gets a stable code and field path, and writes nothing", async () => {
    // One valid change first, so "nothing written" is checked against a database that does change.
    const valid = cases.find(([name]) => name === "a valid change, to start from");
    if (!valid) throw new Error("missing case");
    expect((await app.call(valid[1], valid[2](), valid[3]())).status).toBe(200);

    const before = await snapshotTables(app.db);
    for (const [name, method, path, body, status, code, field] of cases.filter((c) => c !== valid)) {
      const response = await app.call<{
        error: { code: string; path?: string; message: string };
      }>(method, path(), body());
      expect({
        name,
        status: response.status,
        code: response.body?.error?.code,
      }).toEqual({ name, status, code });
      if (field)
        expect({ name, path: response.body.error.path }).toEqual({
          name,
          path: field,
        });
      expect(response.body.error.message.length).toBeGreaterThan(5);
    }
    expect(await snapshotTables(app.db)).toEqual(before);
  });

  it("refuses a body that is not JSON", async () => {
    const response = await fetch(`${app.url}/loops`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "hi",
    });
    expect(response.status).toBe(415);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("unsupported_media_type");
  });

  it("refuses JSON in another charset than UTF-8, and bytes that are no UTF-8, and writes nothing", async () => {
    const before = await snapshotTables(app.db);
    const post = async (contentType: string, body: Buffer<ArrayBuffer>) => {
      const response = await fetch(`${app.url}/loops`, {
        method: "POST",
        headers: { "content-type": contentType },
        body,
      });
      return { status: response.status, body: (await response.json()) as { error?: { code: string; path?: string } } };
    };
    const loop = (name: string) => JSON.stringify({ slug: `l-${randomUUID().slice(0, 8)}`, name });
    const utf16 = Buffer.from(loop("Sixteen"), "utf16le");
    expect(await post("application/json; charset=utf-16", utf16)).toMatchObject({
      status: 415,
      body: { error: { code: "unsupported_media_type", path: "body" } },
    });
    // Latin-1 "Café": 0xe9 is no UTF-8; it was taken as "Caf\ufffd".
    const latin1 = Buffer.from(loop("Café"), "latin1");
    expect(await post("application/json", latin1)).toMatchObject({
      status: 400,
      body: { error: { code: "invalid_json", path: "body" } },
    });
    expect(await snapshotTables(app.db)).toEqual(before);
    // UTF-8, said in any case, is taken.
    const taken = await app.call("POST", "/loops", loop("Café"), { "content-type": "Application/JSON; Charset=UTF-8" });
    expect(taken).toMatchObject({ status: 201, body: { name: "Café" } });
  });
});

describe("every body schema", () => {
  it("refuses a field it does not know (no mass assignment), the answer form's included", () => {
    const lenient: string[] = [];
    for (const r of allRoutes().filter((r) => r.body && !r.rawBody)) {
      const parsed = r.body?.safeParse({ surelyUnknownField: 1 });
      const issues = parsed?.success ? [] : (parsed?.error.issues ?? []);
      if (!issues.some((issue) => issue.code === "unrecognized_keys")) lenient.push(`${r.method} ${r.url}`);
    }
    expect(lenient).toEqual([]);
  });
});

describe("a body of null, an array, a string or a number where an object is expected", () => {
  it("is invalid_input on every route, saying what was expected and what was sent", { timeout: 60_000 }, async () => {
    const wrong: [string, string][] = [
      ["null", "null"],
      ["[]", "an array"],
      ['"x"', "a string"],
      ["1", "a number"],
    ];
    // The widget's route finds its channel before it reads a body (a page of another site posts to it).
    const origin = "https://shop.example.com";
    const widget = await app.call<{ id: string }>("POST", "/channels", {
      loopId,
      slug: "null-widget",
      name: "Widget",
      kind: "widget",
      config: { widgetOrigins: [origin] },
    });
    const answers: string[] = [];
    let checked = 0;
    for (const r of allRoutes().filter((r) => r.body && !r.rawBody)) {
      const path = r.url.replace(/:[a-zA-Z]+/g, () => (r.crossOrigin ? widget.body.id : randomUUID()));
      for (const [json, sent] of wrong) {
        const response = await app.call<{ error?: { code: string; message: string; path?: string } }>(
          r.method,
          path,
          json,
          r.crossOrigin ? { origin } : {},
        );
        const { code, message, path: at } = response.body.error ?? {};
        const expected = `body: Expected an object, received ${sent}`;
        if (response.status !== 400 || code !== "invalid_input" || message !== expected || at !== "body")
          answers.push(`${r.method} ${r.url} ${json}: ${response.status} ${code} ${message}`);
      }
      checked++;
    }
    expect(answers).toEqual([]);
    expect(checked).toBeGreaterThan(40);
  });

  it("names a field of the wrong type or missing the same way", async () => {
    const missing = await app.call<{ error: { message: string } }>("POST", "/loops", { name: "No slug" });
    expect(missing.body.error.message).toBe("body.slug: Expected a string, received nothing");
    const number = await app.call<{ error: { message: string } }>("POST", "/loops", { slug: 7, name: "Seven" });
    expect(number.body.error.message).toBe("body.slug: Expected a string, received a number");
  });

  it('takes a blank account as no account, not as an account named ""', async () => {
    // Trimmed to "" and stored: GET /contacts?account= found them, as if "" were an account.
    const made = await app.call<{ id: string; account: string | null }>("POST", "/contacts", {
      name: "Blank",
      account: "   ",
    });
    expect([made.status, made.body.account]).toEqual([201, null]);
    const signal = await app.call<{ contactId: string }>("POST", "/signals", {
      channelId,
      title: "Blank account",
      contact: { email: "blank-account@example.com", account: " " },
    });
    const contact = await app.call<{ account: string | null }>("GET", `/contacts/${signal.body.contactId}`);
    expect(contact.body.account).toBeNull();
    const named = await app.call<{ account: string | null }>("PATCH", `/contacts/${made.body.id}`, { account: "Acme" });
    expect(named.body.account).toBe("Acme");
    const cleared = await app.call<{ account: string | null }>("PATCH", `/contacts/${made.body.id}`, { account: "" });
    expect(cleared.body.account).toBeNull();
    const blank = await app.call<{ items: unknown[] }>("GET", "/contacts?account=");
    expect(blank.body.items).toEqual([]);
  });
});

describe("a body nested 5,000 levels deep", () => {
  it("in any field of any route's body is a 4xx, never a 500", { timeout: 60_000 }, async () => {
    const deep = deepRaw();
    const answers: string[] = [];
    for (const r of allRoutes().filter((r) => r.body && !r.rawBody)) {
      const schema = r.body instanceof z.ZodOptional ? r.body.unwrap() : r.body;
      const fields = schema instanceof z.ZodObject ? Object.keys(schema.shape) : ["x"];
      const path = r.url.replace(/:[a-zA-Z]+/g, () => randomUUID());
      for (const field of fields) {
        const response = await app.call(r.method, path, `{${JSON.stringify(field)}:${deep}}`);
        answers.push(`${r.method} ${r.url} ${field}: ${response.status < 500 ? "4xx" : response.status}`);
      }
    }
    expect(answers.filter((a) => !a.endsWith("4xx"))).toEqual([]);
    expect(answers.length).toBeGreaterThan(50);
  });
});

describe("every answer", () => {
  it("carries the security headers, errors included", async () => {
    for (const path of ["/health", "/loops/not-an-id", "/nothing-here"]) {
      const response = await fetch(`${app.url}${path}`);
      expect(response.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(response.headers.get("x-frame-options"), path).toBe("DENY");
      expect(response.headers.get("referrer-policy"), path).toBe("no-referrer");
    }
  });
});
