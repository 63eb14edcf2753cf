import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

// Commander refuses these before any request, so no server is needed: nothing listens at this address.
const nowhere = "http://127.0.0.1:9";

describe("usage errors from the command line parser", () => {
  it("read `error usage: <message>` as every other error does, keep the hints and exit with status 2", async () => {
    const cases: [string[], string][] = [
      [["signal", "list", "--nope"], "error usage: unknown option '--nope'"],
      [["signal", "show"], "error usage: missing required argument 'id'"],
      [["sigal"], "error usage: unknown command 'sigal'"],
      // An argument that takes an id alone, given a title: before any request, not `params.id: Invalid UUID`.
      [["pattern", "why", "Sync loses edits"], 'error usage: <patternId> takes an id, not "Sync loses edits".'],
      // Refused before any request (it was the API's invalid_input, status 1).
      [
        ["deploy", "mark", "01a228c4-f839-7d47-b13c-cb244bfcec2a", "succeeded"],
        "error usage: command-argument value 'succeeded' is invalid for argument 'status'. Allowed choices are pending, running, success, failed, rolled_back.",
      ],
    ];
    const runs = await Promise.all(cases.map(([args]) => runCli(nowhere, args)));
    for (const [i, run] of runs.entries()) {
      const lines = run.stderr.trim().split("\n");
      expect(lines[0]).toBe(cases[i]?.[1]);
      expect(lines.at(-1)).toBe("(add --help for usage)");
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
    }
    expect(runs[2]?.stderr).toContain("(Did you mean signal?)");
  });

  it("--version (or -V) prints Loopwork's version from package.json and exits 0; `version` stays the command", async () => {
    const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    for (const flag of ["--version", "-V"]) {
      const run = await runCli(nowhere, [flag]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toBe(`${version}\n`);
    }
    const help = await runCli(nowhere, ["version", "--help"]);
    expect(help.stdout).toContain("Cut a version of a component");
    // A command's own --version is the command's: the release is asked for (nothing listens here).
    const release = await runCli(nowhere, ["release", "list", "--version", "sync@1.4.0"]);
    expect(release.stdout).not.toContain(version);
    expect(release.stderr).toMatch(/^error unreachable/);
    expect(release.code).toBe(1);
  });
});

describe("an id where only an id will do", () => {
  it("is asked for with where to find one, before any request (not the API's `params.id: Invalid UUID`)", async () => {
    const cases: [string[], string][] = [
      [
        ["pattern", "show", "Sync loses edits"],
        'error usage: <id> takes the pattern\'s id (loopwork pattern list shows them), not "Sync loses edits". (<id>)',
      ],
      [
        ["improvement", "approve", "merge-edits"],
        'error usage: <id> takes the improvement\'s id (loopwork improvement list shows them), not "merge-edits". (<id>)',
      ],
      [
        ["notification", "list", "--pattern", "Sync loses edits"],
        'error usage: --pattern takes an id, not "Sync loses edits". (--pattern)',
      ],
      [
        ["deployment", "show", "web@2.0.0"],
        'error usage: <id> takes the deployment\'s id (loopwork deployment list shows them), not "web@2.0.0". (<id>)',
      ],
    ];
    const runs = await Promise.all(cases.map(([args]) => runCli(nowhere, args, { token: "lw_unusedUnusedUnused" })));
    for (const [i, run] of runs.entries()) {
      expect(run).toMatchObject({ code: 2, stdout: "", stderr: `${cases[i]?.[1]}\n` });
    }
  });
});
