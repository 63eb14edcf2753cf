import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";
import { snapshotTables } from "../helpers/snapshot.js";

// A path that exists answered a method it does not take as if the path did not exist (404
// route_not_found), and `/loops/` read as `/loops/:id` with an empty id ("params.id: Invalid UUID").

type ErrorAnswer = { error: { code: string; message: string; path?: string } };

let app: TestApp;
// A built workspace, as web/dist holds it: the workspace's pages share the router with the API.
const workspace = mkdtempSync(join(tmpdir(), "loopwork-methods-"));
beforeAll(async () => {
  mkdirSync(join(workspace, "assets"));
  writeFileSync(join(workspace, "assets", "index-abc123.js"), "console.log('workspace');");
  writeFileSync(join(workspace, "index.html"), '<!doctype html><script src="/app/assets/index-abc123.js"></script>');
  app = await startTestApp({ workspaceFolder: workspace });
});
afterAll(async () => {
  await app?.stop();
  rmSync(workspace, { recursive: true, force: true });
});

const id = "0190f0f0-0000-7000-8000-000000000000";

describe(`a method the path does not take (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("is 405 method_not_allowed with Allow, in the one error shape, and writes nothing", async () => {
    const before = await snapshotTables(app.db);
    for (const [method, path, allow] of [
      ["DELETE", "/signals", "GET, HEAD, POST, OPTIONS"],
      ["PUT", "/health", "GET, HEAD, OPTIONS"],
      ["DELETE", `/patterns/${id}`, "GET, HEAD, PATCH, OPTIONS"],
      ["PUT", `/patterns/${id}/signals`, "POST, OPTIONS"],
    ] as const) {
      const answer = await app.call<ErrorAnswer>(method, path, method === "PUT" ? {} : undefined);
      expect({ method, path, status: answer.status, allow: answer.headers.get("allow") }).toEqual({
        method,
        path,
        status: 405,
        allow,
      });
      expect(answer.headers.get("content-type")).toBe("application/json; charset=utf-8");
      expect(answer.body.error).toEqual({
        code: "method_not_allowed",
        message: `${path} does not take ${method}: it takes ${allow}.`,
      });
    }
    expect(await snapshotTables(app.db)).toEqual(before);
  });

  it("is answered for every path of the API, with the methods the document lists (HEAD with GET)", async () => {
    const doc = (await app.call<{ paths: Record<string, Record<string, unknown>> }>("GET", "/openapi.json")).body;
    let checked = 0;
    for (const [template, operations] of Object.entries(doc.paths)) {
      const path = template.replace(/\{type\}/, "signal").replace(/\{[^}]+\}/g, id);
      const documented = Object.keys(operations).map((method) => method.toUpperCase());
      const missing = ["DELETE", "PUT", "PATCH", "POST"].find((method) => !documented.includes(method));
      if (!missing) continue;
      const answer = await app.call<ErrorAnswer>(missing, path);
      const allow = answer.headers.get("allow")?.split(", ") ?? [];
      expect({ path, missing, status: answer.status, code: answer.body.error?.code }).toEqual({
        path,
        missing,
        status: 405,
        code: "method_not_allowed",
      });
      expect(allow, path).toEqual(
        expect.arrayContaining([...documented, ...(documented.includes("GET") ? ["HEAD"] : []), "OPTIONS"]),
      );
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
  });

  it("answers OPTIONS of a path with 204 and Allow, and no CORS headers", async () => {
    const answer = await fetch(`${app.url}/patterns`, { method: "OPTIONS" });
    expect(answer.status).toBe(204);
    expect(answer.headers.get("allow")).toBe("GET, HEAD, POST, OPTIONS");
    expect(answer.headers.get("access-control-allow-origin")).toBeNull();
    expect(answer.headers.get("access-control-allow-methods")).toBeNull();
    expect(await answer.text()).toBe("");
    const unknown = await fetch(`${app.url}/no-such-thing`, { method: "OPTIONS" });
    expect(unknown.status).toBe(404);
  });

  it("keeps the widget's CORS preflight as it was", async () => {
    const answer = await fetch(`${app.url}/channels/${id}/widget`, {
      method: "OPTIONS",
      headers: { origin: "https://shop.example", "access-control-request-method": "POST" },
    });
    expect(answer.headers.get("allow")).toBeNull();
    expect(answer.status).not.toBe(405);
  });

  it("leaves a path no route has a 404 route_not_found, and a browser a page", async () => {
    for (const method of ["GET", "DELETE", "POST"]) {
      const answer = await app.call<ErrorAnswer>(method, "/no-such-thing?x=1");
      expect([answer.status, answer.headers.get("allow"), answer.body.error]).toEqual([
        404,
        null,
        { code: "route_not_found", message: `No route ${method} /no-such-thing.` },
      ]);
    }
    const page = await fetch(`${app.url}/health`, { method: "DELETE", headers: { accept: "text/html" } });
    expect([page.status, page.headers.get("content-type"), page.headers.get("allow")]).toEqual([
      405,
      "text/html; charset=utf-8",
      "GET, HEAD, OPTIONS",
    ]);
    expect(await page.text()).toContain("/health does not take DELETE");
  });

  it("leaves the workspace's pages served, and answers a change posted to one 405", async () => {
    const page = await fetch(`${app.url}/app/patterns/${id}`, { headers: { accept: "text/html" } });
    expect([page.status, page.headers.get("content-type")]).toEqual([200, "text/html; charset=utf-8"]);
    expect(await page.text()).toContain("index-abc123.js");
    expect((await fetch(`${app.url}/app/`)).status).toBe(200);
    expect((await fetch(`${app.url}/app/assets/index-abc123.js`)).status).toBe(200);
    expect((await fetch(`${app.url}/app`, { redirect: "manual" })).status).toBe(302);
    // A missing asset is the route's own 404, not a 405: the path has GET.
    const gone = await app.call<ErrorAnswer>("GET", "/app/assets/index-old.js");
    expect([gone.status, gone.body.error.code]).toEqual([404, "route_not_found"]);
    const posted = await app.call<ErrorAnswer>("POST", "/app/patterns", {});
    expect([posted.status, posted.headers.get("allow"), posted.body.error.code]).toEqual([
      405,
      "GET, HEAD, OPTIONS",
      "method_not_allowed",
    ]);
  });
});

describe("a trailing slash", () => {
  it("is no route (404 route_not_found) naming the path without it, not a path parameter left empty", async () => {
    for (const [method, path, without] of [
      ["GET", "/loops/", "/loops"],
      ["GET", "/signals/", "/signals"],
      ["POST", "/signals/", "/signals"],
      ["GET", `/patterns/${id}/`, `/patterns/${id}`],
      ["PATCH", "/environments/", undefined],
      ["GET", "/answers/", undefined],
    ] as const) {
      const answer = await app.call<ErrorAnswer>(method, path, method === "GET" ? undefined : {});
      const hint = without ? ` (without the trailing slash: ${method} ${without})` : "";
      expect({ method, path, status: answer.status, error: answer.body.error }).toEqual({
        method,
        path,
        status: 404,
        error: { code: "route_not_found", message: `No route ${method} ${path}${hint}.` },
      });
    }
    // The path without it answers as it always did.
    expect((await app.call("GET", "/loops")).status).toBe(200);
  });

  it("is no route for any method, rather than a 405 from the routes with a parameter", async () => {
    const answer = await app.call<ErrorAnswer>("DELETE", "/loops/");
    expect([answer.status, answer.headers.get("allow"), answer.body.error.code]).toEqual([
      404,
      null,
      "route_not_found",
    ]);
  });
});
