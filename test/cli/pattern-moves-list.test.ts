import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loopWithChannel, ok, signal } from "../helpers/api.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { runCli } from "./run-cli.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

describe("loopwork pattern moves", { timeout: 120_000 }, () => {
  it("says whether each move can be undone now, and why not", async () => {
    const { loop, channel } = await loopWithChannel(app);
    const [a, b, c] = await Promise.all(
      ["Sync fails", "Sync broken", "Sync stuck"].map((title) =>
        ok(app, "POST", "/patterns", { loopId: loop.id, title }),
      ),
    );
    for (const p of [a, b, c]) await signal(app, channel.id, `${p?.id} report`, { patternIds: [p?.id] });
    await ok(app, "POST", `/patterns/${b?.id}/merge`, { targetId: a?.id }, 200);
    await ok(app, "POST", `/patterns/${c?.id}/merge`, { targetId: a?.id }, 200);
    const cli = (...args: string[]) => runCli(app.url, args, { token: app.adminToken });
    const moves = await cli("pattern", "moves", a?.id ?? "");
    expect(moves.code, moves.stderr).toBe(0);
    const [header, later, earlier] = moves.stdout.trim().split("\n");
    expect(header).toMatch(/ ID +UNDO$/);
    expect(later).toMatch(/ yes$/);
    const laterId = /[0-9a-f-]{36}(?= +yes$)/.exec(later ?? "")?.[0];
    expect(earlier).toMatch(new RegExp(` no: Pattern move ${laterId} came after this one: undo it first\\.$`));
    const json = JSON.parse((await cli("pattern", "moves", a?.id ?? "", "--json")).stdout);
    expect(json.items.map((m: { undoable: boolean }) => m.undoable)).toEqual([true, false]);
  });
});
