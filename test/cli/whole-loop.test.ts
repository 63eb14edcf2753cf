import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeploymentOutcome } from "../../src/cli/commands/deploy.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { cliJson, runCli } from "./run-cli.js";

type Entity = Record<string, unknown> & { id: string };
type Outcome = DeploymentOutcome;

let app: TestApp;
/** The token `loopwork login` printed: the person's own CLI token. */
let token: string;
beforeAll(async () => {
  app = await startTestApp();
  const login = await runCli(app.url, ["login", "--email", "admin@loopwork.test"], {
    stdin: "correct horse battery\n",
  });
  expect(login.code, login.stderr).toBe(0);
  token = String(/LOOPWORK_TOKEN=(\S+)/.exec(login.stdout)?.[1]);
});
afterAll(async () => {
  await app?.stop();
});

// Each CLI run is a child process (tsx compiles on the fly): about a second each, so one long test.
describe("the whole loop through the CLI", { timeout: 120_000 }, () => {
  it("takes three signals to a snapback that notifies all three people once", async () => {
    const cli = <T = Entity>(...args: string[]) => cliJson<T>(app.url, args, { token });

    // Independent steps run side by side to keep the test short; the chain itself stays in order.
    const [, sync] = await Promise.all([
      cli("loop", "add", "notes", "--name", "Notes"),
      cli("component", "add", "sync-engine", "--name", "Sync engine"),
    ]);
    const [web, desktop, , pattern] = await Promise.all([
      cli("product", "add", "web", "--loop", "notes", "--name", "Web app", "--component", "sync-engine"),
      cli("product", "add", "desktop", "--loop", "notes", "--name", "Desktop app", "--component", sync.id),
      cli("channel", "add", "support", "--loop", "notes", "--kind", "email", "--name", "Support"),
      cli("pattern", "add", "--loop", "notes", "--title", "Offline edits lost after sync"),
    ]);

    const people = ["ana@globex.example", "ben@initech.example", "chloe@hooli.example"];
    const signals = await Promise.all(
      people.map((from, i) =>
        cli(
          "signal",
          "add",
          "--channel",
          "support",
          "--from",
          from,
          "--title",
          `Edits lost after sync (${i})`,
          "--urgency",
          "high",
          "--message-id",
          `<m${i}@mail.example>`,
        ),
      ),
    );
    const [, improvement] = await Promise.all([
      cli("pattern", "attach", pattern.id, ...signals.map((s) => s.id)),
      cli(
        "improvement",
        "add",
        "--loop",
        "notes",
        "--title",
        "Merge offline edits",
        "--why",
        "People lose work",
        "--product",
        "web",
        "desktop",
        "--pattern",
        pattern.id,
      ),
    ]);
    const issue = await cli(
      "issue",
      "add",
      "--component",
      "sync-engine",
      "--title",
      "Merge per paragraph",
      "--improvement",
      improvement.id,
      "--number",
      "231",
    );
    const pr = await cli(
      "pr",
      "add",
      "--component",
      "sync-engine",
      "--title",
      "Paragraph merge",
      "--fixes",
      issue.id,
      "--number",
      "240",
    );
    const merged = await cli("pr", "merge", pr.id);
    // The pipeline's steps run with a deploy-only token bound to the loop, as a CI job would hold it.
    const ci = await cli<Entity & { token: string }>(
      "token",
      "create",
      "ci of notes",
      "--scope",
      "deploy",
      "--loop",
      "notes",
    );
    const pipeline = <T = Entity>(...args: string[]) => cliJson<T>(app.url, args, { token: ci.token });
    const refused = await runCli(app.url, ["pattern", "list"], { token: ci.token });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error forbidden: A deploy-only token/);
    const version = await pipeline("version", "--component", "sync-engine", "--name", "1.4.0");
    await Promise.all([
      pipeline("release", "--product", "web", "--name", "2.0.0"),
      pipeline("release", "--product", "desktop", "--name", "2.0.0", "--version", "sync-engine@1.4.0"),
    ]);

    expect(merged.status).toBe("merged");
    expect(version.pullRequestIds).toEqual([pr.id]);
    expect((await app.call<Entity>("GET", `/signals/${signals[0]?.id}`)).body).toMatchObject({
      threadRef: "<m0@mail.example>",
      externalId: "<m0@mail.example>",
    });
    expect((await app.call<Entity>("GET", `/patterns/${pattern.id}`)).body.priority).toBeGreaterThan(0);
    expect((await app.call<Entity>("GET", `/improvements/${improvement.id}`)).body.productIds).toEqual(
      [web.id, desktop.id].sort(),
    );

    const deploy = (release: string, status: string, run: string) =>
      pipeline<Outcome>(
        "deploy",
        "--release",
        release,
        "--env",
        "production",
        "--status",
        status,
        "--external-id",
        run,
      );

    const failed = await deploy("web@2.0.0", "failed", "run-1");
    expect(failed.deployment.status).toBe("failed");
    expect(failed.snapback).toMatchObject({ replay: false, pullRequestsShipped: 0, notificationsQueued: 0 });
    expect((await app.call<Entity>("GET", `/pull-requests/${pr.id}`)).body.status).toBe("merged");

    const first = await deploy("web@2.0.0", "success", "run-2");
    expect(first.snapback).toMatchObject({ versionsReleased: 1, pullRequestsShipped: 1, issuesResolved: 1 });
    expect(first.snapback?.improvementsCompleted).toEqual([]);
    expect(first.snapback?.notificationsQueued).toBe(0);
    expect((await app.call<Entity>("GET", `/improvements/${improvement.id}`)).body.status).toBe("proposed");

    const second = await deploy("desktop@2.0.0", "success", "run-3");
    expect(second.snapback).toMatchObject({
      improvementsCompleted: [improvement.id],
      patternsAddressed: [pattern.id],
      notificationsQueued: 3,
    });
    expect((await app.call<Entity>("GET", `/improvements/${improvement.id}`)).body.status).toBe("completed");
    expect((await app.call<Entity>("GET", `/patterns/${pattern.id}`)).body.status).toBe("addressed");

    const replay = await deploy("desktop@2.0.0", "success", "run-3");
    expect(replay.deployment.id).toBe(second.deployment.id);
    expect(replay.snapback).toMatchObject({ replay: true, pullRequestsShipped: 0, notificationsQueued: 0 });
    const trace = await app.call<{ notifications: Entity[]; contacts: Entity[] }>(
      "GET",
      `/trace/pattern/${pattern.id}`,
    );
    expect(trace.body.notifications).toHaveLength(3);
    expect(new Set(trace.body.notifications.map((n) => n.contactId)).size).toBe(3);
    expect(trace.body.contacts.map((c) => c.email).sort()).toEqual(people);

    // The readable trace walks the chain down to the deployments and names who was told.
    const readable = await runCli(app.url, ["trace", "pattern", pattern.id], { token });
    expect(readable.code).toBe(0);
    expect(readable.stdout).toContain("deployments (3)");
    expect(readable.stdout).toContain("notifications (3)");
    expect(readable.stdout).toMatch(/queued\s+ana@globex\.example/);

    // The desktop release is rolled back by the pipeline, whose deploy-only token may not read patterns:
    // the pattern reopens, nobody is asked about a fix not live, and the step succeeds (the ids for titles).
    const rolledBack = await runCli(app.url, ["deploy", "rollback", String(second.deployment.id)], {
      token: ci.token,
    });
    expect(rolledBack.code, rolledBack.stderr).toBe(0);
    expect(rolledBack.stdout).toContain(
      `Deployment ${second.deployment.id} of desktop@2.0.0 to production: rolled back`,
    );
    expect(rolledBack.stdout).toContain(pattern.id);
    expect(rolledBack.stdout).toMatch(/patterns reopened\s+1/);
    expect(rolledBack.stdout).toMatch(/notifications cancelled\s+3/);
    expect((await app.call<Entity>("GET", `/patterns/${pattern.id}`)).body.status).toBe("open");
    // What the rollback took back reads as taken back, not as still said.
    const told = await runCli(app.url, ["notification", "list", "--pattern", pattern.id], { token });
    expect(told.stdout.match(/cancelled, withdrawn/g)).toHaveLength(3);
    const again = await runCli(app.url, ["deploy", "rollback", String(second.deployment.id)], { token });
    expect(again.stdout).toContain("nothing more to do (a replay)");
  });

  it("reports a bad slug as one line with exit status 1, a malformed option with 2", async () => {
    const [unknown, malformed] = await Promise.all([
      runCli(app.url, ["release", "--product", "no-such-product", "--name", "1.0.0", "--json"], { token }),
      runCli(app.url, ["deploy", "--release", "web-2.0.0", "--env", "production"], { token }),
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('error not_found: No product with slug "no-such-product". (--product)\n');
    expect(unknown.stdout).toBe("");
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/^error usage: --release takes an id or <slug>@<name>/);
  });

  it("says what to do without a token or with a refused one, and what an address looks like without a scheme", async () => {
    const [tokenless, refused, schemeless] = await Promise.all([
      runCli(app.url, ["loop", "list"]),
      runCli(app.url, ["loop", "list"], { token: "lw_revokedOrMistypedTokenXyz" }),
      runCli(new URL(app.url).host, ["loop", "list"], { token }),
    ]);
    expect(tokenless.code).toBe(1);
    expect(tokenless.stderr).toMatch(/^error unauthenticated: No API token: run `npx loopwork login/);
    // Not the server's "send a valid API token as Authorization: Bearer <token>": the command that gets one.
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^error unauthenticated: The API token was refused \(mistyped, revoked or expired\): run `npx loopwork login/,
    );
    expect(schemeless.code).toBe(2);
    expect(schemeless.stderr).toMatch(
      /^error usage: ".*" is not an address .* like http:\/\/localhost:4400\. \(--url\)\n$/,
    );
  });
});
