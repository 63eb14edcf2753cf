import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerMismatch } from "../../src/http/answer-check.js";
import { allRoutes } from "../../src/http/routes/index.js";
import { startTestApp, type TestApp } from "../helpers/app.js";

const routeOf = (method: string, url: string) => {
  const found = allRoutes().find((r) => r.method === method && r.url === url);
  if (!found) throw new Error(`no route ${method} ${url}`);
  return found;
};
const json = "application/json; charset=utf-8";
const loop = {
  id: "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
  slug: "core",
  name: "Core",
  description: "",
  createdAt: "2026-11-27T09:00:00.000Z",
  updatedAt: "2026-11-27T09:00:00.000Z",
};

describe("checking an answer against the document", () => {
  const getLoop = routeOf("GET", "/loops/:id");

  it("passes an answer as documented, and an error with a documented status", () => {
    expect(answerMismatch(getLoop, 200, json, JSON.stringify(loop))).toBeUndefined();
    const missing = { error: { code: "not_found", message: "No loop with id x." } };
    expect(answerMismatch(getLoop, 404, json, JSON.stringify(missing))).toBeUndefined();
  });

  it("names what strays: a field, an error status or body, a kind of answer nobody documented", () => {
    expect(answerMismatch(getLoop, 200, json, JSON.stringify({ ...loop, slug: 7 }))).toMatch(/response schema/);
    const conflict = { error: { code: "conflict", message: "Taken." } };
    expect(answerMismatch(getLoop, 409, json, JSON.stringify(conflict))).toMatch(/undocumented error status 409/);
    expect(answerMismatch(getLoop, 404, json, JSON.stringify({ message: "gone" }))).toMatch(/Error schema/);
    expect(answerMismatch(getLoop, 200, "text/html", "<p>hi</p>")).toMatch(/undocumented text\/html/);
    expect(answerMismatch(routeOf("GET", "/setup/:token"), 200, "text/html", "<p>hi</p>")).toBeUndefined();
  });

  it("passes only the success statuses a route documents: a GitHub redelivery's 200 beside the 202 of a queued one", () => {
    const github = routeOf("POST", "/channels/:id/github");
    const duplicate = JSON.stringify({ delivery: "d-1", event: "issues", status: "duplicate" });
    expect(answerMismatch(github, 202, json, duplicate)).toBeUndefined();
    expect(answerMismatch(github, 200, json, duplicate)).toBeUndefined();
    expect(answerMismatch(getLoop, 201, json, JSON.stringify(loop))).toMatch(/undocumented success status 201/);
  });
});

describe("an HTTP test whose answer strays from the document", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => app?.stop());

  it("gets a 500 instead, so it fails", async () => {
    const { body: core } = await app.call<{ id: string }>("POST", "/loops", { slug: "core", name: "Core" });
    const { body: channel } = await app.call<{ id: string }>("POST", "/channels", {
      loopId: core.id,
      slug: "mail",
      name: "Mail",
      kind: "email",
    });
    expect((await app.call("GET", `/channels/${channel.id}`)).status).toBe(200);
    // Stored behind the API's back: a config the API would never accept, so not what the document says.
    await app.db.query(`update channels set config = '{"webhookUrl": 5}' where id = $1`, [channel.id]);
    expect((await app.call("GET", `/channels/${channel.id}`)).status).toBe(500);
  });
});
