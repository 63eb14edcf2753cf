import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok } from "../helpers/api.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { uniqueSlug } from "../helpers/factories.js";
import { runCli } from "./run-cli.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

describe("loopwork user link", { timeout: 60_000 }, () => {
  it("prints a new one-time link for a person whose invitation expired or who lost their password", async () => {
    const email = `${uniqueSlug("ben")}@example.com`;
    await ok(app, "POST", "/users", { email, name: "Ben" });
    const run = await runCli(app.url, ["user", "link", email], { token: app.adminToken });
    expect(run.code, run.stderr).toBe(0);
    // The link is at the public address (LOOPWORK_PUBLIC_URL); this server listens elsewhere.
    const path = new URL(/\n {2}(\S+)\n$/.exec(run.stdout)?.[1] ?? "").pathname;
    expect(run.stdout).toMatch(
      new RegExp(`^A new link for ${email}: send it to them \\(it works once, until .* UTC\\):`),
    );
    // The link works: it sets the password, and the person signs in with it.
    const password = "a new password for Ben";
    const set = await fetch(`${app.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ password }),
    });
    expect(set.status).toBe(200);
    const signIn = await fetch(`${app.url}/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
    });
    expect(signIn.status).toBe(200);
  });
});
