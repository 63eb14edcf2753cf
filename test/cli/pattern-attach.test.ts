import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loopWithChannel } from "../helpers/api.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { cliJsonHere, runCli, runCliHere } from "./run-cli.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

// The first test runs the real binary; the others run its entry, main(), in this process (runCliHere).
describe("loopwork pattern attach", { timeout: 120_000 }, () => {
  it("names what `pattern add` and `signal add` made by its title, not by its id alone", async () => {
    const { loop, channel } = await loopWithChannel(app);
    const token = app.adminToken;
    const title = "Edits lost when syncing 🙈";
    const added = await runCli(app.url, ["pattern", "add", "--loop", loop.id, "--title", title], { token });
    expect(added).toMatchObject({ code: 0, stderr: "" });
    expect(added.stdout).toMatch(/^Added pattern “Edits lost when syncing 🙈” \(([0-9a-f-]{36})\)\.\n$/);
    const pattern = /\(([0-9a-f-]{36})\)/.exec(added.stdout)?.[1] ?? "";
    const args = ["signal", "add", "--channel", channel.id, "--from", "sync@example.com", "--title", "Notes gone"];
    const signal = await runCli(app.url, [...args, "--pattern", pattern], { token });
    expect(signal).toMatchObject({ code: 0, stderr: "" });
    expect(signal.stdout).toMatch(
      new RegExp(`^Added signal “Notes gone” \\([0-9a-f-]{36}\\), attached to ${pattern}\\.\n$`),
    );
  });

  it("counts the signals it attached apart from those attached already", async () => {
    const { loop, channel } = await loopWithChannel(app);
    const pattern = (await app.call<{ id: string }>("POST", "/patterns", { title: "Sync", loopId: loop.id })).body.id;
    const made = await app.call<{ items: { id: string }[] }>("POST", "/signals/batch", {
      signals: [0, 1, 2].map((n) => ({
        channelId: channel.id,
        contact: { email: `p${n}@example.com` },
        title: `Sync ${n}`,
      })),
    });
    const [a, b, c] = made.body.items.map((s) => s.id) as [string, string, string];
    const token = app.adminToken;

    const first = await runCliHere(app.url, ["pattern", "attach", pattern, a, b], { token });
    expect(first).toMatchObject({ code: 0, stdout: `Attached 2 signals to pattern ${pattern}.\n` });
    // b twice in one request is one signal: attached already, as a.
    const second = await runCliHere(app.url, ["pattern", "attach", pattern, a, b, c, b], { token });
    expect(second).toMatchObject({
      code: 0,
      stdout: `Attached 1 signal to pattern ${pattern} (2 were attached already).\n`,
    });
    const again = await cliJsonHere(app.url, ["pattern", "attach", pattern, c], { token });
    expect(again).toMatchObject({ id: pattern, signalCount: 3, attached: 0, alreadyAttached: 1 });
    const none = await runCliHere(app.url, ["pattern", "attach", pattern, c], { token });
    expect(none.stdout).toBe(`Attached no signal to pattern ${pattern} (1 was attached already).\n`);
  });

  it("detaches a signal (an automatic attachment undone), and says what was wrong with a signal not on it", async () => {
    const { loop, channel } = await loopWithChannel(app);
    const pattern = (await app.call<{ id: string }>("POST", "/patterns", { title: "Sync", loopId: loop.id })).body.id;
    const made = await app.call<{ id: string }>("POST", "/signals", {
      channelId: channel.id,
      contact: { email: "detach@example.com" },
      title: "Sync lost my notes",
      patternIds: [pattern],
    });
    const token = app.adminToken;
    const detached = await runCliHere(app.url, ["pattern", "detach", pattern, made.body.id], { token });
    expect(detached).toMatchObject({
      code: 0,
      stdout: `Detached signal ${made.body.id} from pattern ${pattern}.\n`,
    });
    expect((await app.call<{ patternIds: string[] }>("GET", `/signals/${made.body.id}`)).body.patternIds).toEqual([]);
    const again = await runCliHere(app.url, ["pattern", "detach", pattern, made.body.id], { token });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^error not_found: .*\(params\.signalId\)\n$/);
  });
});
