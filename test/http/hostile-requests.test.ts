import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { credentialHeaders, startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";

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
