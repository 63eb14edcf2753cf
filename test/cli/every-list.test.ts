import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { runCli } from "./run-cli.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

// Every noun with a `list`: the API refuses query parameters a route does not take, so a list command
// that sent one (a limit to a collection that comes whole) would fail. Each must answer on a fresh server.
const nouns = [
  "channel",
  "component",
  "contact",
  "deployment",
  "env",
  "improvement",
  "issue",
  "loop",
  "notification",
  "outbox",
  "pattern",
  "pr",
  "product",
  "release",
  "signal",
  "token",
  "user",
  "version",
  "webhook",
];

describe("every list command", { timeout: 180_000 }, () => {
  it("answers on a fresh server, as JSON with items", async () => {
    const failures: string[] = [];
    for (let i = 0; i < nouns.length; i += 4) {
      await Promise.all(
        nouns.slice(i, i + 4).map(async (noun) => {
          const run = await runCli(app.url, [noun, "list", "--json"], { token: app.adminToken, timeoutMs: 60_000 });
          if (run.code !== 0) failures.push(`${noun} list: ${run.stderr.trim()}`);
          else if (!Array.isArray((JSON.parse(run.stdout) as { items?: unknown }).items))
            failures.push(`${noun}: no items`);
        }),
      );
    }
    expect(failures).toEqual([]);
  });
});
