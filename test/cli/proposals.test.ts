import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loopWithChannel, ok, signal } from "../helpers/api.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { cliJsonHere, runCli, runCliHere } from "./run-cli.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

type Channel = { id: string; slug: string; config: Record<string, unknown> };
type Signal = { id: string; patternIds: string[] };

// The first test runs the real binary; the others run its entry, main(), in this process (runCliHere).
describe("loopwork proposals and channel set", { timeout: 120_000 }, () => {
  it("lists the proposed patterns and accepts one by number, or the signals shown, leaving one filed meanwhile", async () => {
    const { loop, channel } = await loopWithChannel(app);
    const { slug } = await ok<Channel>(app, "GET", `/channels/${channel.id}`);
    const token = app.adminToken;
    const report = (title: string, body: string) => signal(app, channel.id, title, { body });
    const scan = "The Vellumscan import hangs at ninety percent and never finishes.";
    await report("Vellumscan import hangs at 90%", scan);
    await report("Import from Vellumscan never finishes", scan);
    await report("Vellumscan import stuck near the end", scan);

    const listed = await runCli(app.url, ["proposals", "--channel", slug], { token });
    expect(listed).toMatchObject({ code: 0, stderr: "" });
    expect(listed.stdout).toMatch(/^1\. .*Vellumscan/m);
    expect(listed.stdout).toContain(`3 signals`);
    expect(listed.stdout).toContain(`loops: ${loop.slug} 3 of 3`);
    const byNumber = await runCli(
      app.url,
      ["proposal", "accept", "1", "--channel", slug, "--title", "Vellumscan imports hang"],
      { token },
    );
    expect(byNumber).toMatchObject({ code: 0, stderr: "" });
    expect(byNumber.stdout).toMatch(
      new RegExp(
        `^Made the pattern “Vellumscan imports hang” \\([0-9a-f-]{36}\\) in loop ${loop.slug} from 3 signals\\.\\n$`,
      ),
    );

    // The signals a person saw listed, one of which a colleague files before they accept.
    const other = await ok(app, "POST", "/patterns", { loopId: loop.id, title: "Scanner offline" });
    const ink = "The Quillpad stylus ink lags behind the pen by a second.";
    const seen = [
      await report("Quillpad ink lags behind the stylus", ink),
      await report("Stylus ink of Quillpad is late", ink),
      await report("Quillpad pen lag on the ink", ink),
    ].map((s) => s.id);
    const [first = ""] = seen;
    await ok(app, "POST", `/patterns/${other.id}/signals`, { signalIds: [first] }, 200);
    const args = ["proposal", "accept", "--signals", ...seen, "--loop", loop.slug, "--title", "Quillpad ink lag"];
    const accepted = await runCli(app.url, args, { token });
    expect(accepted).toMatchObject({ code: 0, stderr: "" });
    const [made = "", left = ""] = accepted.stdout.split("\n");
    expect(made).toMatch(
      new RegExp(`^Made the pattern “Quillpad ink lag” \\([0-9a-f-]{36}\\) in loop ${loop.slug} from 2 signals\\.$`),
    );
    expect(left).toBe(`  Left ${first}: attached to ${other.id} since it was proposed.`);
    expect(await ok<Signal>(app, "GET", `/signals/${first}`)).toMatchObject({ patternIds: [other.id] });
    // The same again: every one is on a pattern now, and nothing is made.
    const again = await runCli(app.url, args, { token });
    expect(again).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^error signals_attached: .*\(body\.signalIds\)\n$/),
    });

    const none = await runCli(app.url, ["proposal", "accept", "1", "--channel", slug], { token });
    expect(none).toMatchObject({ code: 2, stderr: expect.stringMatching(/There are no proposals now/) });
  });

  it("sets and clears a channel's automatic attachment, and refuses a threshold out of 0..1", async () => {
    const { loop, channel } = await loopWithChannel(app);
    const { slug } = await ok<Channel>(app, "GET", `/channels/${channel.id}`);
    const pattern = await ok(app, "POST", "/patterns", {
      loopId: loop.id,
      title: "Quorix sync fails with E_QUORIX_LOCK",
    });
    const token = app.adminToken;

    const set = await runCliHere(app.url, ["channel", "set", slug, "--auto-attach", "0.35"], { token });
    expect(set).toMatchObject({
      code: 0,
      stdout: `Channel ${slug} attaches each new report to its best suggested pattern when that scores at least 0.35.\n`,
    });
    // What a person notices: the next report like the pattern is filed on its own.
    const filed = await signal(app, channel.id, "Quorix sync fails with E_QUORIX_LOCK", {
      body: "Quorix sync fails with E_QUORIX_LOCK every time.",
    });
    expect(await ok<Signal>(app, "GET", `/signals/${filed.id}`)).toMatchObject({ patternIds: [pattern.id] });
    // Added from the CLI, it says the matcher filed it, and how to undo that.
    const added = await runCliHere(
      app.url,
      [
        "signal",
        "add",
        "--channel",
        slug,
        "--from",
        "quorix@customer.example",
        "--title",
        "Quorix sync: E_QUORIX_LOCK",
      ],
      { token },
    );
    expect(added.code, added.stderr).toBe(0);
    const addedId = /\(([0-9a-f-]{36})\)/.exec(added.stdout)?.[1];
    expect(added.stdout).toBe(
      `Added signal “Quorix sync: E_QUORIX_LOCK” (${addedId}); the matcher attached it to ${pattern.id}.\n` +
        `Undo with: loopwork pattern detach ${pattern.id} ${addedId}\n`,
    );

    const off = await cliJsonHere<Channel>(app.url, ["channel", "set", channel.id, "--auto-attach", "off"], { token });
    expect(off.config.autoAttachThreshold).toBeUndefined();
    const waits = await signal(app, channel.id, "Quorix sync fails with E_QUORIX_LOCK again", {
      body: "Quorix sync fails with E_QUORIX_LOCK every time.",
    });
    expect(await ok<Signal>(app, "GET", `/signals/${waits.id}`)).toMatchObject({ patternIds: [] });

    const wrong = await runCliHere(app.url, ["channel", "set", slug, "--auto-attach", "35"], { token });
    expect(wrong).toMatchObject({ code: 2, stderr: expect.stringMatching(/--auto-attach takes a score from 0 to 1/) });
    const percent = await cliJsonHere<Channel>(app.url, ["channel", "set", slug, "--auto-attach", "35%"], { token });
    expect(percent.config.autoAttachThreshold).toBe(0.35);
    const nothing = await runCliHere(app.url, ["channel", "set", slug], { token });
    expect(nothing.code).toBe(2);
  });

  it("channel set --list-address names the list an email channel's address is a member of; off removes it; a bad one is refused", async () => {
    const { channel } = await loopWithChannel(app);
    const { slug } = await ok<Channel>(app, "GET", `/channels/${channel.id}`);
    const token = app.adminToken;
    const set = await runCliHere(app.url, ["channel", "set", slug, "--list-address", "support@acme.example"], {
      token,
    });
    expect(set).toMatchObject({ code: 0, stderr: "" });
    expect(set.stdout).toContain(
      `Channel ${slug} takes the copies of the list support@acme.example as its customers' mail.`,
    );
    expect((await ok<Channel>(app, "GET", `/channels/${channel.id}`)).config.listAddress).toBe("support@acme.example");
    const bad = await runCliHere(
      app.url,
      ["channel", "set", slug, "--list-address", "Support <support@acme.example>"],
      {
        token,
      },
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error invalid_input: .*plain email address.*\(body\.config\.listAddress\)/);
    const off = await cliJsonHere<Channel>(app.url, ["channel", "set", slug, "--list-address", "off"], { token });
    expect(off.config.listAddress).toBeUndefined();
  });
});
