import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loopWithChannel, ok, signal } from "../helpers/api.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";
import { seedDelivery } from "../helpers/delivery-fixtures.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

type Listed = { id: string; undoable: boolean; whyNot: string | null; whyNotCode: string | null };
const movesOf = async (patternId: string) =>
  (await ok<{ items: Listed[] }>(app, "GET", `/patterns/${patternId}/moves`)).items;
const undo = (moveId: string) =>
  app.call<{ error: { code: string; message: string } }>("POST", `/pattern-moves/${moveId}/undo`);

describe(`GET /patterns/:id/moves says whether each move can be undone, and why not (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("a merge into an addressed pattern: not undoable, as undo answers — until it is reopened", async () => {
    const told = await seedDelivery(app.db, { count: 2 });
    const { loop, channel } = await loopWithChannel(app);
    const source = await ok(app, "POST", "/patterns", { loopId: loop.id, title: "Export hangs" });
    await signal(app, channel.id, "Export hangs at 90%", { patternIds: [source.id] });
    await ok(app, "POST", `/patterns/${source.id}/merge`, { targetId: told.patternId }, 200);

    const [merged] = await movesOf(told.patternId);
    expect(merged).toMatchObject({ undoable: false, whyNotCode: "invalid_transition" });
    expect(merged?.whyNot).toContain("its people were told its fix is live");
    const refused = await undo(merged?.id ?? "");
    expect([refused.status, refused.body.error.code, refused.body.error.message]).toEqual([
      409,
      merged?.whyNotCode,
      merged?.whyNot,
    ]);

    // Reopened by hand (disputed): its signals may move again, and the list says so as undo then takes it.
    await ok(app, "PATCH", `/patterns/${told.patternId}`, { status: "open" }, 200);
    const [reopened] = await movesOf(told.patternId);
    expect(reopened).toMatchObject({ undoable: true, whyNot: null });
    expect((await undo(reopened?.id ?? "")).status).toBe(200);
  });

  it("an open merge is undoable; an earlier one is not until the later is undone; an undone one never", async () => {
    const { loop, channel } = await loopWithChannel(app);
    const [a, b, c] = await Promise.all(
      ["Sync fails", "Sync broken", "Sync stuck"].map((title) =>
        ok(app, "POST", "/patterns", { loopId: loop.id, title }),
      ),
    );
    for (const p of [a, b, c]) await signal(app, channel.id, `${p?.id} report`, { patternIds: [p?.id] });
    await ok(app, "POST", `/patterns/${b?.id}/merge`, { targetId: a?.id }, 200);
    expect(await movesOf(a?.id ?? "")).toMatchObject([{ undoable: true, whyNot: null, whyNotCode: null }]);
    await ok(app, "POST", `/patterns/${c?.id}/merge`, { targetId: a?.id }, 200);
    const [later, earlier] = await movesOf(a?.id ?? "");
    expect(later).toMatchObject({ undoable: true });
    expect(earlier).toMatchObject({ undoable: false, whyNotCode: "move_not_undoable" });
    expect(earlier?.whyNot).toBe(`Pattern move ${later?.id} came after this one: undo it first.`);
    await ok(app, "POST", `/pattern-moves/${later?.id}/undo`, {}, 200);
    const [undone, now] = await movesOf(a?.id ?? "");
    expect(undone).toMatchObject({ undoable: false, whyNotCode: "move_not_undoable" });
    expect(undone?.whyNot).toMatch(/was undone already/);
    expect(now).toMatchObject({ undoable: true });
  });
});
