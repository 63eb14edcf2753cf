import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signWebhookBody } from "../../src/integrations/webhooks/signature.js";
import { credentialHeaders, startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";
import { snapshotTables } from "../helpers/snapshot.js";
import { subscribe } from "../helpers/sse.js";

// What a sweep of every route with hostile requests found answered without a stable code, or with a
// message that named the wrong cause: each is answered in the one error shape, says what was wrong, and
// writes nothing (docs/ERRORS.md).

type ErrorAnswer = { error: { code: string; message: string; path?: string } };

let app: TestApp;
let loopId: string;
let channelId: string;
const secret = "a-channel-secret-of-32-characters";

beforeAll(async () => {
  app = await startTestApp();
  loopId = (await app.call<{ id: string }>("POST", "/loops", { slug: "core", name: "Core" })).body.id;
  channelId = (
    await app.call<{ id: string }>("POST", "/channels", {
      loopId,
      slug: "hook",
      name: "Hook",
      kind: "webhook",
      config: { webhookSecret: secret },
    })
  ).body.id;
});
afterAll(async () => app?.stop());

/** Sends a request as given (headers, bytes) with the administrator's token; the answer's status and JSON. */
async function send(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string | Buffer<ArrayBuffer>,
) {
  const response = await fetch(app.url + path, {
    method,
    headers: { ...credentialHeaders(app.adminCredential, method), ...headers },
    body,
  });
  const text = await response.text();
  return { status: response.status, type: response.headers.get("content-type") ?? "", text };
}
const json = (answer: { text: string }) => JSON.parse(answer.text) as ErrorAnswer;

describe(`a one-time link that no longer works (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("answers a program 410 link_expired as JSON, and a browser a page", async () => {
    for (const path of ["/setup/lwl_not-a-real-link", "/invitations/lwl_not-a-real-link"]) {
      // It was a page for everyone: no code for a script to read.
      const program = await send("GET", path, {});
      expect([program.status, program.type]).toEqual([410, "application/json; charset=utf-8"]);
      expect(json(program).error).toMatchObject({ code: "link_expired" });
      expect(json(program).error.message).toContain("expired or was already used");
      const browser = await send("GET", path, { accept: "text/html" });
      expect([browser.status, browser.type]).toEqual([410, "text/html; charset=utf-8"]);
      expect(browser.text).toContain("expired or was already used");
    }
  });
});

describe("a whole number in the query", () => {
  it("is refused saying what was sent and what is taken, whatever the route", async () => {
    const doc = (
      await app.call<{
        paths: Record<
          string,
          Record<string, { parameters?: { name: string; in: string; schema: { type?: string } }[] }>
        >;
      }>("GET", "/openapi.json")
    ).body;
    const checked: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      const get = operations.get;
      if (!get || path === "/timeline/stream" || path.includes("{")) continue;
      for (const parameter of get.parameters ?? []) {
        if (parameter.in !== "query" || parameter.schema.type !== "integer") continue;
        // Each was "Expected a number, received a number" (z.coerce.number read them as NaN).
        for (const [sent, said] of [
          ["abc", '"abc"'],
          ["1e309", '"1e309"'],
          ["0x10", '"0x10"'],
          ["", "an empty value"],
        ]) {
          const query = path === "/search" ? "q=sync&" : "";
          const answer = await app.call<ErrorAnswer>("GET", `${path}?${query}${parameter.name}=${sent}`);
          expect({ path, sent, status: answer.status, at: answer.body.error?.path }).toEqual({
            path,
            sent,
            status: 400,
            at: `query.${parameter.name}`,
          });
          expect(answer.body.error.message).toMatch(
            new RegExp(`^query\\.${parameter.name}: Give a whole number (from|of at least) .*, not ${said}\\.$`),
          );
        }
        checked.push(`${path}?${parameter.name}`);
      }
    }
    expect(checked).toEqual(
      expect.arrayContaining(["/loops?limit", "/timeline?after", "/metrics?days", "/search?limit"]),
    );
  });

  it("names a parameter given twice, and a number past the range by the range", async () => {
    const twice = await app.call<ErrorAnswer>("GET", "/loops?limit=1&limit=2");
    expect(twice.body.error.message).toBe(
      "query.limit: Give a whole number from 1 to 500, not 2 values (give it once).",
    );
    // Any other parameter given twice said "Expected a string, received an array".
    for (const [path, name] of [
      ["/search?q=a&q=b", "q"],
      ["/patterns?q=sync&q=export", "q"],
      ["/patterns?status=open&status=addressed", "status"],
      ["/signals?attached=false&attached=true", "attached"],
    ] as const) {
      const answer = await app.call<ErrorAnswer>("GET", path);
      expect([path, answer.status, answer.body.error.message]).toEqual([
        path,
        400,
        `query.${name}: Give it once, not 2 times.`,
      ]);
    }
    // zod's int() named the safe integers' bound (9007199254740991), not the parameter's.
    const huge = await app.call<ErrorAnswer>("GET", "/loops?limit=9007199254740993");
    expect(huge.body.error.message).toBe('query.limit: Give a whole number from 1 to 500, not "9007199254740993".');
    const many = await app.call<ErrorAnswer>("GET", "/loops?limit=501");
    expect(many.body.error.message).toBe('query.limit: Give a whole number from 1 to 500, not "501".');
    // Digits are read as they were before: a leading zero too.
    expect((await app.call("GET", "/loops?limit=007")).status).toBe(200);
    // Spaces around it are no part of it (a shell's `wc -l` pads; `+10` in a query string is " 10").
    for (const padded of ["%2010", "+10", "10%20", "%0910%0A"]) {
      const answer = await app.call<{ items: unknown[] }>("GET", `/loops?limit=${padded}`);
      expect([padded, answer.status]).toEqual([padded, 200]);
    }
    expect((await app.call("GET", "/timeline?after=9007199254740991")).status).toBe(200);
  });
});

describe("a whole number in a body", () => {
  it("out of the field's range is refused by that range, not by the safe integers'", async () => {
    const componentId = (await app.call<{ id: string }>("POST", "/components", { slug: "api", name: "API" })).body.id;
    const before = await snapshotTables(app.db);
    const big = await app.call<ErrorAnswer>("POST", "/issues", { componentId, title: "Big", number: 1e308 });
    expect(big.body.error).toMatchObject({ code: "invalid_input", path: "body.number" });
    expect(big.body.error.message).toBe("body.number: Too big: expected number to be <=2147483647");
    const small = await app.call<ErrorAnswer>("POST", "/tokens", { name: "t", scope: "read", expiresInDays: -1e308 });
    expect(small.body.error.message).toBe("body.expiresInDays: Too small: expected number to be >=1");
    const fraction = await app.call<ErrorAnswer>("POST", "/issues", { componentId, title: "Half", number: 1.5 });
    expect(fraction.body.error.message).toBe("body.number: Expected a whole number, received 1.5");
    expect(await snapshotTables(app.db)).toEqual(before);
  });
});

describe("a JSON body", () => {
  it("with a key __proto__ anywhere is invalid_input at that key (it is valid JSON), and writes nothing", async () => {
    const before = await snapshotTables(app.db);
    const body = JSON.stringify({ channelId, title: "x", raw: { a: [{ b: 1 }, { c: 2 }] } }).replace(
      '{"c":2}',
      '{"c":2,"__proto__":{"admin":true}}',
    );
    const answer = await send("POST", "/signals", { "content-type": "application/json" }, body);
    expect(answer.status).toBe(400);
    expect(json(answer).error).toMatchObject({ code: "invalid_input", path: "body.raw.a.1.__proto__" });
    // Top-level, on a route with a strict body: the same.
    const top = await send("POST", "/loops", { "content-type": "application/json" }, '{"__proto__":{},"slug":"p"}');
    expect(json(top).error).toMatchObject({ code: "invalid_input", path: "body.__proto__" });
    expect(await snapshotTables(app.db)).toEqual(before);
  });

  it("that is not JSON says why, and an empty one says it is empty", async () => {
    const broken = await send("POST", "/loops", { "content-type": "application/json" }, '{"slug": "x",}');
    expect(json(broken).error).toMatchObject({ code: "invalid_json", path: "body" });
    expect(json(broken).error.message).toMatch(/^The body is not valid JSON: .*position 13/);
    const empty = await send("POST", "/loops", { "content-type": "application/json" }, "");
    expect(json(empty).error).toMatchObject({ code: "invalid_json", path: "body" });
    expect(json(empty).error.message).toContain("empty");
  });

  it("sent compressed is 415 at Content-Encoding, not bytes that are not UTF-8, on every kind of route", async () => {
    const before = await snapshotTables(app.db);
    const gzipped = gzipSync(JSON.stringify({ slug: "zipped", name: "Zipped" }));
    const compressed = await send(
      "POST",
      "/loops",
      { "content-type": "application/json", "content-encoding": "gzip" },
      gzipped,
    );
    expect(compressed.status).toBe(415);
    expect(json(compressed).error).toMatchObject({
      code: "unsupported_media_type",
      path: "headers.content-encoding",
    });
    expect(json(compressed).error.message).toContain("gzip");
    // A signed webhook, whose body is read as bytes for its signature.
    const text = JSON.stringify({ title: "Zipped", externalId: "z-1" });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const webhook = await fetch(`${app.url}/channels/${channelId}/webhook`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "content-encoding": "br",
        "x-loopwork-timestamp": timestamp,
        "x-loopwork-signature": `sha256=${signWebhookBody(secret, timestamp, text)}`,
      },
      body: text,
    });
    expect(webhook.status).toBe(415);
    expect(((await webhook.json()) as ErrorAnswer).error.path).toBe("headers.content-encoding");
    expect(await snapshotTables(app.db)).toEqual(before);
    // identity is no encoding at all.
    const plain = await send(
      "POST",
      "/loops",
      { "content-type": "application/json", "content-encoding": "identity" },
      JSON.stringify({ slug: "plain", name: "Plain" }),
    );
    expect(plain.status).toBe(201);
  });
});

describe("the live timeline's Last-Event-ID", () => {
  it("that this server never sent is refused at the header, not made a catch-up that fails for ever", async () => {
    for (const id of ["99999999999999999999", "abc", "1e5", "-1"]) {
      const answer = await send("GET", "/timeline/stream", { accept: "text/event-stream", "last-event-id": id });
      expect({ id, status: answer.status, error: json(answer).error.path }).toEqual({
        id,
        status: 400,
        error: "headers.last-event-id",
      });
    }
  });

  it("empty, resumes nothing (it read the whole timeline from the start)", async () => {
    const stream = await subscribe(`${app.url}/timeline/stream`, {
      ...credentialHeaders(app.adminCredential),
      "last-event-id": "",
    });
    expect(stream.status).toBe(200);
    await app.call("PATCH", `/loops/${loopId}`, { name: "Core again" });
    await expect.poll(() => stream.events.length).toBeGreaterThan(0);
    // Only what happened after it opened: not the loop's creation, long before.
    expect(stream.events.map((e) => e.data.verb)).not.toContain("created");
    await stream.close();
  });
});
