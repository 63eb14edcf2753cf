import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { runCli } from "./run-cli.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

describe("loopwork issue close and reopen", { timeout: 120_000 }, () => {
  it("closes and reopens an issue by id, and says why a transition is refused", async () => {
    const stamp = Date.now();
    const component = await app.call<{ id: string }>("POST", "/components", { slug: `c-${stamp}`, name: "Core" });
    const issue = await app.call<{ id: string }>("POST", "/issues", {
      componentId: component.body.id,
      title: "Export drops rows",
    });
    const id = issue.body.id;
    const cli = (...args: string[]) => runCli(app.url, args, { token: app.adminToken });
    const status = async () => (await app.call<{ status: string }>("GET", `/issues/${id}`)).body.status;

    expect(await cli("issue", "close", id)).toMatchObject({ code: 0, stdout: `Issue ${id} is now closed.\n` });
    expect(await status()).toBe("closed");
    // Asking again changes nothing, as the API's PATCH to the status it has.
    expect(await cli("issue", "close", id)).toMatchObject({ code: 0, stdout: `Issue ${id} is now closed.\n` });

    expect(await cli("issue", "reopen", id)).toMatchObject({ code: 0, stdout: `Issue ${id} is now open.\n` });
    expect(await status()).toBe("open");

    // Resolved is snapback's (a pull request fixing it shipped): it is reopened, never closed.
    await app.db.query("update issues set status = 'resolved' where id = $1", [id]);
    const refused = await cli("issue", "close", id);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`Issue ${id} is resolved: a pull request fixing it shipped.`);
    expect(refused.stderr).toContain(`loopwork issue reopen ${id}`);
    expect(await status()).toBe("resolved");
    expect(await cli("issue", "reopen", id)).toMatchObject({ code: 0, stdout: `Issue ${id} is now open.\n` });

    const unknown = await cli("issue", "close", "00000000-0000-4000-8000-000000000000");
    expect(unknown).toMatchObject({ code: 1, stderr: expect.stringContaining("error not_found:") });
  });
});

describe("loopwork issue add and pr add", { timeout: 60_000 }, () => {
  it("take their tracker address with --link: --url stays the Loopwork server's, wherever it stands", async () => {
    const stamp = Date.now();
    await app.call("POST", "/components", { slug: `links-${stamp}`, name: "Core" });
    const made = async (noun: string, link: string) => {
      // runCli gives the server's --url last, after the command's own options, as a person may type it.
      const args = [noun, "add", "--component", `links-${stamp}`, "--title", "Rows", "--link", link, "--json"];
      const run = await runCli(app.url, args, { token: app.adminToken });
      expect(run.code, run.stderr).toBe(0);
      return JSON.parse(run.stdout) as { url: string };
    };
    expect(await made("issue", "https://github.com/acme/core/issues/8")).toMatchObject({
      url: "https://github.com/acme/core/issues/8",
    });
    expect(await made("pr", "https://github.com/acme/core/pull/9")).toMatchObject({
      url: "https://github.com/acme/core/pull/9",
    });
  });
});
