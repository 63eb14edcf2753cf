import { afterAll, beforeAll, expect, it } from "vitest";
import { cliJson } from "../cli/run-cli.js";
import { startTestApp, type TestApp } from "../helpers/app.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

type Page = { items: { name: string }[] };

it("finds people by part of their name, email or account, case-insensitively; LIKE wildcards are text", async () => {
  await app.call("POST", "/contacts", { name: "Ada Lovelace", email: "ada@analytical.example", account: "Engines" });
  await app.call("POST", "/contacts", { name: "Grace Hopper", email: "grace@navy.example" });
  await app.call("POST", "/contacts", { name: "100% Sure", email: "sure@example.com" });
  const names = async (q: string) =>
    (await app.call<Page>("GET", `/contacts?q=${encodeURIComponent(q)}`)).body.items.map((c) => c.name);
  expect(await names("lovel")).toEqual(["Ada Lovelace"]);
  expect(await names("NAVY")).toEqual(["Grace Hopper"]);
  expect(await names("engines")).toEqual(["Ada Lovelace"]);
  expect(await names("%")).toEqual(["100% Sure"]);
  expect(await names("_")).toEqual([]);
  const cli = await cliJson<{ items: { name: string }[] }>(app.url, ["contact", "list", "--search", "hopper"], {
    token: app.adminToken,
  });
  expect(cli.items.map((c) => c.name)).toEqual(["Grace Hopper"]);
  const long = await app.call<{ error: { code: string; path: string } }>("GET", `/contacts?q=${"x".repeat(201)}`);
  expect([long.status, long.body.error.code, long.body.error.path]).toEqual([400, "invalid_input", "query.q"]);
});
