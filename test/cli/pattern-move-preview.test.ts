import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loopWithChannel } from "../helpers/api.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { runCli, runCliHere } from "./run-cli.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

/** A pattern with three signals on it, and the signals. */
async function patternWithSignals(title: string) {
  const { loop, channel } = await loopWithChannel(app);
  const pattern = (await app.call<{ id: string }>("POST", "/patterns", { title, loopId: loop.id })).body.id;
  const made = await app.call<{ items: { id: string }[] }>("POST", "/signals/batch", {
    signals: [1, 2, 3].map((n) => ({
      channelId: channel.id,
      contact: { email: `${title.replaceAll(" ", "-")}-${n}@example.com` },
      title: `${title} ${n}`,
      patternIds: [pattern],
    })),
  });
  return { loop, pattern, signals: made.body.items.map((s) => s.id) };
}

const cli = (...args: string[]) => runCli(app.url, args, { token: app.adminToken });
// The first test runs the real binary; the second runs its entry, main(), in this process (runCliHere).
const cliHere = (...args: string[]) => runCliHere(app.url, args, { token: app.adminToken });
const signalsOn = async (pattern: string) =>
  (await app.call<{ items: unknown[] }>("GET", `/signals?patternId=${pattern}`)).body.items.length;

describe("pattern merge and split: both preview, --yes moves", { timeout: 120_000 }, () => {
  it("previews a split by default, without a title, and splits only with --yes and a title", async () => {
    const { pattern, signals } = await patternWithSignals("Export slow");
    const [first = "", second = ""] = signals;

    const untitled = await cli("pattern", "split", pattern, first);
    expect(untitled.code, untitled.stderr).toBe(0);
    expect(untitled.stdout).toContain("Would move from “Export slow” to a new pattern:");
    expect(untitled.stdout).toContain("  1 signal\n");
    expect(untitled.stdout).toContain(`Split with: loopwork pattern split ${pattern} ${first} --title <title> --yes`);
    const titled = await cli("pattern", "split", pattern, first, second, "--title", "Export fails");
    expect(titled.stdout).toContain("Would move from “Export slow” to the new pattern “Export fails”:");
    expect(titled.stdout).toContain("--title 'Export fails' --yes");
    // Nothing moved.
    expect(await signalsOn(pattern)).toBe(3);

    const noTitle = await cli("pattern", "split", pattern, first, "--yes");
    expect(noTitle.code).toBe(2);
    expect(noTitle.stderr).toContain("--title");
    expect(await signalsOn(pattern)).toBe(3);

    const split = await cli("pattern", "split", pattern, first, "--title", "Export fails", "--yes");
    expect(split.code, split.stderr).toBe(0);
    expect(split.stdout).toMatch(/^Moved from “Export slow” to the new pattern “Export fails” \([0-9a-f-]{36}\):/);
    expect(split.stdout).toContain("Undo with: loopwork pattern undo ");
    expect(await signalsOn(pattern)).toBe(2);
  });

  it("takes --preview on both as the default says, and refuses --preview with --yes", async () => {
    const a = await patternWithSignals("Sync fails");
    const b = await patternWithSignals("Sync broken");
    const merge = await cliHere("pattern", "merge", b.pattern, a.pattern, "--preview");
    expect(merge.code, merge.stderr).toBe(0);
    expect(merge.stdout).toContain("Would move “Sync broken” into");
    for (const args of [
      ["merge", b.pattern, a.pattern],
      ["split", b.pattern, b.signals[0] ?? "", "--title", "Sync slow"],
    ]) {
      const both = await cliHere("pattern", ...args, "--preview", "--yes");
      expect(both.code).toBe(2);
      expect(both.stderr).toContain("Either --yes (move now) or --preview (only show), not both.");
    }
    expect(await signalsOn(b.pattern)).toBe(3);
    expect((await app.call<{ status: string }>("GET", `/patterns/${b.pattern}`)).body.status).toBe("open");
    // The help says what happens without --yes.
    const help = await cliHere("pattern", "split", "--help");
    expect(help.stdout).toMatch(/shows what would move;\s+--yes splits/);
  });
});
