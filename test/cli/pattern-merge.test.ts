import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loopWithChannel } from "../helpers/api.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { runCli } from "./run-cli.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

describe("loopwork pattern merge, split, undo, why", { timeout: 120_000 }, () => {
  it("previews before merging, merges with --yes, undoes, splits and explains a priority", async () => {
    const { loop, channel } = await loopWithChannel(app);
    const [a, b] = await Promise.all(
      ["Sync fails", "Sync broken"].map(
        async (title) => (await app.call<{ id: string }>("POST", "/patterns", { title, loopId: loop.id })).body.id,
      ),
    );
    const made = await app.call<{ items: { id: string }[] }>("POST", "/signals/batch", {
      signals: [a, b, b, b].map((patternId, n) => ({
        channelId: channel.id,
        contact: { email: `p${n}@example.com` },
        title: `Sync ${n}`,
        patternIds: [patternId],
      })),
    });
    const cli = (...args: string[]) => runCli(app.url, args, { token: app.adminToken });
    // The list flags a pattern that began to spike (3 reports today), as the workspace's ranking does.
    const lines = (await cli("pattern", "list")).stdout.split("\n");
    expect(lines.find((line) => line.includes(b as string))).toMatch(/ open, emerging /);
    expect(lines.find((line) => line.includes(a as string))).not.toMatch(/emerging/);

    const preview = await cli("pattern", "merge", b as string, a as string);
    // Both named by title, as a person chose them.
    expect(preview.stdout).toContain(`Would move “Sync broken” into “Sync fails” (${a}):`);
    expect(preview.stdout).toContain("3 signals (0 already there)");
    expect((await app.call<{ status: string }>("GET", `/patterns/${b}`)).body.status).toBe("open");

    const merged = await cli("pattern", "merge", b as string, a as string, "--yes");
    expect(merged.code, merged.stderr).toBe(0);
    const moveId = /pattern undo (\S+)/.exec(merged.stdout)?.[1] as string;
    expect((await app.call<{ status: string }>("GET", `/patterns/${b}`)).body.status).toBe("merged");
    expect((await cli("pattern", "moves", a as string)).stdout).toContain(moveId);
    // A person takes one report off the merged pattern: the undo leaves it there and says so.
    const ids = made.body.items.map((s) => s.id);
    await app.call("DELETE", `/patterns/${a}/signals/${ids[2]}`);
    const undone = await cli("pattern", "undo", moveId);
    expect(undone.stdout).toContain("Undid the merge");
    expect(undone.stdout).toContain("Left 1 signal where people put it after the merge:");
    expect(undone.stdout).toMatch(new RegExp(`${ids[2]}: detached from ${a} by \\S+ .*; on no pattern now`));
    await app.call("POST", `/patterns/${b}/signals`, { signalIds: [ids[2]] });
    const refused = await cli("pattern", "undo", moveId);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("undone already");

    const split = await cli("pattern", "split", b as string, ids[3] as string, "--title", "Sync slow", "--yes");
    expect(split.code, split.stderr).toBe(0);
    expect(split.stdout).toContain("  1 signal\n");
    // A split's pattern is new: nothing is "already there" to say.
    expect(split.stdout).not.toContain("already there");
    expect(split.stdout).toMatch(/^Moved from “Sync broken” to the new pattern “Sync slow” \([0-9a-f-]{36}\):/);

    const why = await cli("pattern", "why", b as string);
    expect(why.stdout).toMatch(/Priority \d+\.\d\d/);
    expect(why.stdout).toContain("2 reports in 7 days vs 0 in the 28 before");
    // 2 reports are too few to lift it, whatever their pace: it says so beside the ×1.00.
    expect(why.stdout).toMatch(/velocity 1\.00 \(.*the usual rate; it counts from 3 reports in 7 days\)/);
    expect(why.stdout).toContain("1 channel");
    // Slower than usual, or no report this week: nothing about too few reports to lift it.
    const quiet = (await app.call<{ id: string }>("POST", "/patterns", { title: "Quiet", loopId: loop.id })).body.id;
    const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000).toISOString();
    await app.call("POST", "/signals/batch", {
      signals: [1, 2].map((n) => ({
        channelId: channel.id,
        contact: { email: `q${n}@example.com` },
        title: `Quiet ${n}`,
        receivedAt: tenDaysAgo,
        patternIds: [quiet],
      })),
    });
    const slow = await cli("pattern", "why", quiet);
    expect(slow.stdout).toContain("0 reports in 7 days vs 2 in the 28 before: 0.00× the usual rate)");
    expect(slow.stdout).not.toContain("counts from");

    const slug = loop.slug;
    expect((await cli("loop", "digest", slug, "--on")).stdout).toContain("daily email");
    const neither = await cli("loop", "digest", slug);
    expect(neither.code).not.toBe(0);
    expect(neither.stderr).toContain("--on or --off");
  });
});
