import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { cliJson, cliJsonHere, runCli, runCliHere } from "./run-cli.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

// The first test runs the real binary; the others run its entry, main(), in this process (runCliHere):
// the same commands, output and exit statuses, without loading the sources again for each of ~40 runs.
describe("loopwork search, signal list --attached/--search", () => {
  it("finds a pattern by the start of a word, and lists the triage queue", async () => {
    const token = app.adminToken;
    const loop = (await app.call<{ id: string }>("POST", "/loops", { slug: "cli-search", name: "CLI" })).body;
    const channel = (
      await app.call<{ id: string }>("POST", "/channels", {
        loopId: loop.id,
        slug: "cli-mail",
        name: "M",
        kind: "email",
      })
    ).body;
    const pattern = (
      await app.call<{ id: string }>("POST", "/patterns", { loopId: loop.id, title: "Offline edits lost" })
    ).body.id;
    const waiting = (
      await app.call<{ id: string }>("POST", "/signals", {
        channelId: channel.id,
        contact: { email: "ada@example.com" },
        title: "My offline notes vanished",
      })
    ).body.id;

    const hits = await cliJson<{ items: { type: string; id: string }[] }>(
      app.url,
      ["search", "offl", "--type", "pattern"],
      {
        token,
      },
    );
    expect(hits.items.map((h) => [h.type, h.id])).toEqual([["pattern", pattern]]);
    const text = await runCli(app.url, ["search", "offline", "--loop", "cli-search"], { token });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("Offline edits lost");
    expect(text.stdout).toContain("My offline notes vanished");
    const queue = await cliJson<{ items: { id: string }[] }>(
      app.url,
      ["signal", "list", "--attached", "false", "--channel", "cli-mail", "--search", "vanish"],
      { token },
    );
    expect(queue.items.map((s) => s.id)).toEqual([waiting]);
    const bad = await runCli(app.url, ["search", "!?!"], { token });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("error invalid_input");
  });

  it("triage lists the queue with numbered suggestions, and attaches by number; pattern suggest explains", async () => {
    const token = app.adminToken;
    const loop = (await app.call<{ id: string }>("POST", "/loops", { slug: "cli-triage", name: "Triage" })).body;
    const channel = (
      await app.call<{ id: string }>("POST", "/channels", {
        loopId: loop.id,
        slug: "cli-forum",
        name: "F",
        kind: "forum",
      })
    ).body;
    const pattern = (
      await app.call<{ id: string }>("POST", "/patterns", {
        loopId: loop.id,
        title: "Printer queue stalls with E_SPOOL_77",
      })
    ).body.id;
    const post = async (title: string, patternIds: string[] = []) =>
      (
        await app.call<{ id: string }>("POST", "/signals", {
          channelId: channel.id,
          contact: { email: `${Math.random().toString(36).slice(2, 8)}@example.com` },
          title,
          patternIds,
        })
      ).body.id;
    await post("Printer stuck, error E_SPOOL_77", [pattern]);
    const waiting = await post("The printer queue stalls again (E_SPOOL_77)");
    const suggest = await runCliHere(app.url, ["pattern", "suggest", waiting], { token });
    expect(suggest.code).toBe(0);
    expect(suggest.stdout).toContain("1. ");
    expect(suggest.stdout).toContain("Printer queue stalls with E_SPOOL_77");
    // The score and the reasons beside it say a share the same way (core/percent.ts): `44%`.
    expect(suggest.stdout).toMatch(/^1\. \d{1,3}% {2}Printer queue stalls/m);
    expect(suggest.stdout).toMatch(/Most like “Printer stuck, error E_SPOOL_77” \(\d{1,3}%\)/);
    const queue = await runCliHere(app.url, ["triage", "--channel", "cli-forum"], { token });
    expect(queue.stdout).toContain("The printer queue stalls again");
    // Times as every table of the CLI shows them, in UTC and saying so, not raw ISO.
    expect(queue.stdout).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC {2}The printer queue stalls again \(/m);
    expect(queue.stdout).not.toMatch(/\d\dT\d\d:/);
    const attached = await runCliHere(app.url, ["triage", "attach", waiting, "1"], { token });
    expect(attached.code).toBe(0);
    const left = await cliJsonHere<{ items: unknown[] }>(app.url, ["triage", "--channel", "cli-forum"], { token });
    expect(left.items).toEqual([]);
    // The same command again (a retry, a double Enter) files it nowhere else: the numbers have shifted.
    const again = await runCliHere(app.url, ["triage", "attach", waiting, "1"], { token });
    expect(again).toMatchObject({ code: 1, stderr: expect.stringContaining("attached already") });
    expect((await app.call<{ patternIds: string[] }>("GET", `/signals/${waiting}`)).body.patternIds).toHaveLength(1);
    const another = await post("Printer says E_SPOOL_77 once more");
    const wrong = await runCliHere(app.url, ["triage", "attach", another, "9"], { token });
    expect(wrong.code).toBe(2);
  });

  it("matcher shows the version in force and that embeddings are off by default", async () => {
    const shown = await runCliHere(app.url, ["matcher"], { token: app.adminToken });
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^Matcher version \d+: \d+ fingerprint rules?; suggestions from 5%, at most 5\./);
    expect(shown.stdout).toContain("Embeddings: off (text only).");
    const json = await cliJsonHere<{ embeddings: { enabled: boolean } }>(app.url, ["matcher"], {
      token: app.adminToken,
    });
    expect(json.embeddings.enabled).toBe(false);
  });

  it("pattern rule add, list (naming the pattern) and remove; a regex RE2 refuses says why", async () => {
    const token = app.adminToken;
    const loop = (await app.call<{ id: string }>("POST", "/loops", { slug: "cli-rules", name: "Rules" })).body;
    const pattern = (await app.call<{ id: string }>("POST", "/patterns", { loopId: loop.id, title: "Sync times out" }))
      .body.id;
    const added = await runCliHere(
      app.url,
      ["pattern", "rule", "add", "--pattern", pattern, "--kind", "error_code", "--expression", "ERR_CLI_4711"],
      { token },
    );
    expect(added).toMatchObject({ code: 0, stderr: "" });
    expect(added.stdout).toMatch(/^Added; the matcher is at version \d+\.$/m);
    const listed = await runCliHere(app.url, ["pattern", "rule", "list"], { token });
    const line = listed.stdout.split("\n").find((l) => l.includes("ERR_CLI_4711")) ?? "";
    expect(line).toContain("Sync times out");
    expect(line).toContain(pattern);
    const rules = await cliJsonHere<{ rules: { id: string; expression: string }[] }>(
      app.url,
      ["pattern", "rule", "list"],
      {
        token,
      },
    );
    const rule = rules.rules.find((r) => r.expression === "ERR_CLI_4711");
    // What the rule does, and which rule, by the id `rule remove` takes.
    const channel = (
      await app.call<{ id: string }>("POST", "/channels", {
        loopId: loop.id,
        slug: "cli-rules",
        name: "R",
        kind: "email",
      })
    ).body;
    const report = (
      await app.call<{ id: string }>("POST", "/signals", {
        channelId: channel.id,
        contact: { email: "rule-cli@example.com" },
        title: "It fails with ERR_CLI_4711",
      })
    ).body;
    const suggested = await runCliHere(app.url, ["pattern", "suggest", report.id], { token });
    expect(suggested.stdout).toContain("Fingerprint rule: the error code");
    expect(suggested.stdout).toContain(`(rule ${rule?.id})`);
    const refused = await runCliHere(
      app.url,
      ["pattern", "rule", "add", "--pattern", pattern, "--kind", "regex", "--expression", "(?<=v)2"],
      { token },
    );
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/invalid_input.*lookbehind/);
    const removed = await runCliHere(app.url, ["pattern", "rule", "remove", rule?.id ?? ""], { token });
    expect(removed).toMatchObject({ code: 0 });
    expect((await runCliHere(app.url, ["pattern", "rule", "list"], { token })).stdout).not.toContain("ERR_CLI_4711");
  });

  it("matcher set changes which suggestions are shown (a new version), says when nothing changed, refuses nonsense", async () => {
    const token = app.adminToken;
    const before = await cliJsonHere<{ version: number }>(app.url, ["matcher"], { token });
    const set = await runCliHere(app.url, ["matcher", "set", "--min-score", "0.2", "--limit", "3"], { token });
    expect(set).toMatchObject({ code: 0, stderr: "" });
    expect(set.stdout.trim()).toBe(`Matcher version ${before.version + 1}: suggestions from 20%, at most 3.`);
    const shown = await runCliHere(app.url, ["matcher"], { token });
    expect(shown.stdout).toMatch(/suggestions from 20%, at most 3\./);
    const again = await runCliHere(app.url, ["matcher", "set", "--limit", "3"], { token });
    expect(again.stdout.trim()).toBe(`Nothing changed; the matcher stays at version ${before.version + 1}.`);
    for (const args of [
      ["--min-score", "20"],
      ["--min-score", "120%"],
      ["--min-score", "%"],
      ["--min-score", "0x10%"],
      ["--limit", "0"],
      [],
    ]) {
      const wrong = await runCliHere(app.url, ["matcher", "set", ...args], { token });
      expect(wrong.code, args.join(" ")).toBe(2);
      expect(wrong.stderr, args.join(" ")).toMatch(
        /--min-score takes a score from 0 to 1|--limit takes|Nothing to set/,
      );
    }
    // As the workspace shows it, a percent.
    const percent = await runCliHere(app.url, ["matcher", "set", "--min-score", "15%"], { token });
    expect(percent.stdout.trim()).toBe(`Matcher version ${before.version + 2}: suggestions from 15%, at most 3.`);
    const tooMany = await runCliHere(app.url, ["matcher", "set", "--limit", "50"], { token });
    expect(tooMany).toMatchObject({ code: 2, stderr: expect.stringContaining("--limit is 1 to 20, not 50.") });
    const reset = await cliJsonHere<{ minScore: number; limit: number }>(
      app.url,
      ["matcher", "set", "--min-score", "0.05", "--limit", "5"],
      { token },
    );
    expect(reset).toMatchObject({ minScore: 0.05, limit: 5 });
  });
});
