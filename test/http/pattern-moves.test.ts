import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loopWithChannel, ok, signal } from "../helpers/api.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

type Pattern = { id: string; status: string; signalCount: number; mergedIntoId: string | null };
type Moved = {
  moveId: string | null;
  preview: { signals: number; contacts: number };
  source: Pattern;
  target: Pattern;
};

describe(`POST /patterns/:id/merge, /split and undo (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("previews, merges, lists the move, undoes it; bad input gets stable codes", async () => {
    const loop = await app.call<{ id: string }>("POST", "/loops", { slug: `m-${Date.now()}`, name: "Core" });
    const channel = await app.call<{ id: string }>("POST", "/channels", {
      loopId: loop.body.id,
      slug: `mail-${Date.now()}`,
      name: "Support",
      kind: "email",
    });
    const [a, b] = await Promise.all(
      ["Export drops rows", "CSV export loses lines"].map(
        async (title) => (await app.call<{ id: string }>("POST", "/patterns", { title, loopId: loop.body.id })).body.id,
      ),
    );
    await app.call("POST", "/signals/batch", {
      signals: ["ana", "bo", "ana"].map((name, n) => ({
        channelId: channel.body.id,
        contact: { email: `${name}@example.com` },
        title: `Rows missing ${n}`,
        patternIds: [n === 0 ? a : b],
      })),
    });
    const preview = await app.call<Moved>("POST", `/patterns/${b}/merge`, { targetId: a, preview: true });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      moveId: null,
      preview: { signals: 2, contacts: 2 },
      source: { status: "open" },
    });

    const merged = await app.call<Moved>("POST", `/patterns/${b}/merge`, { targetId: a });
    expect(merged.body).toMatchObject({ source: { status: "merged", mergedIntoId: a }, target: { signalCount: 3 } });
    const moves = await app.call<{ items: { id: string; kind: string }[] }>("GET", `/patterns/${a}/moves`);
    expect(moves.body.items).toMatchObject([{ id: merged.body.moveId, kind: "merge" }]);
    const listed = await app.call<{ items: Pattern[] }>("GET", `/patterns?status=merged&loopId=${loop.body.id}`);
    expect(listed.body.items.map((p) => p.id)).toEqual([b]);

    const again = await app.call<{ error: { code: string; path?: string } }>("POST", `/patterns/${b}/merge`, {
      targetId: a,
    });
    expect([again.status, again.body.error.code]).toEqual([409, "pattern_merged"]);
    // An improvement cannot be linked to the merged shell: it would address nothing, and a's people
    // would never be told. Nothing is written.
    const shell = await app.call<{ error: { code: string; path?: string; message: string } }>("POST", "/improvements", {
      loopId: loop.body.id,
      title: "Quote commas in the export",
      patternIds: [a, b],
    });
    expect([shell.status, shell.body.error.code, shell.body.error.path]).toEqual([
      409,
      "pattern_merged",
      "body.patternIds.1",
    ]);
    expect(shell.body.error.message).toContain(a);
    const improvements = await app.call<{ items: unknown[] }>("GET", `/improvements?loopId=${loop.body.id}`);
    expect(improvements.body.items).toEqual([]);
    const self = await app.call<{ error: { code: string; path?: string } }>("POST", `/patterns/${a}/merge`, {
      targetId: a,
    });
    expect([self.status, self.body.error.code, self.body.error.path]).toEqual([400, "invalid_input", "body.targetId"]);
    const unknown = await app.call<{ error: { code: string } }>("POST", `/patterns/${a}/merge`, {
      targetId: b,
      into: a,
    });
    expect([unknown.status, unknown.body.error.code]).toEqual([400, "invalid_input"]);
    const empty = await app.call<{ error: { code: string; path?: string } }>("POST", `/patterns/${a}/split`, {
      signalIds: [],
      title: "x",
    });
    expect([empty.status, empty.body.error.path]).toEqual([400, "body.signalIds"]);
    const nobody = await app.call<{ error: { code: string; path?: string } }>("POST", `/patterns/${a}/split`, {
      signalIds: ["01a221e9-0000-7000-8000-000000000000"],
      title: "x",
    });
    expect([nobody.status, nobody.body.error.code, nobody.body.error.path]).toEqual([
      404,
      "not_found",
      "body.signalIds.0",
    ]);

    const undone = await app.call<{ source: Pattern; target: Pattern }>(
      "POST",
      `/pattern-moves/${merged.body.moveId}/undo`,
    );
    expect(undone.status).toBe(200);
    expect(undone.body).toMatchObject({
      source: { id: b, status: "open", signalCount: 2 },
      target: { signalCount: 1 },
    });
    const twice = await app.call<{ error: { code: string } }>("POST", `/pattern-moves/${merged.body.moveId}/undo`);
    expect([twice.status, twice.body.error.code]).toEqual([409, "move_not_undoable"]);
  });

  it("undo leaves a signal a person detached after the merge, and names it with who and when", async () => {
    const loop = await app.call<{ id: string }>("POST", "/loops", { slug: `u-${Date.now()}`, name: "Core" });
    const channel = await app.call<{ id: string }>("POST", "/channels", {
      loopId: loop.body.id,
      slug: `mail-u-${Date.now()}`,
      name: "Support",
      kind: "email",
    });
    const [a, b] = await Promise.all(
      ["Login loops", "Sign-in redirects forever"].map(
        async (title) => (await app.call<{ id: string }>("POST", "/patterns", { title, loopId: loop.body.id })).body.id,
      ),
    );
    const made = await app.call<{ items: { id: string }[] }>("POST", "/signals/batch", {
      signals: ["ana", "bo"].map((name, n) => ({
        channelId: channel.body.id,
        contact: { email: `${name}@example.com` },
        title: `Redirect loop ${n}`,
        patternIds: [b],
      })),
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const [kept, detached] = made.body.items.map((s) => s.id) as [string, string];
    const merged = await app.call<Moved>("POST", `/patterns/${b}/merge`, { targetId: a });
    expect((await app.call("DELETE", `/patterns/${a}/signals/${detached}`)).status).toBe(200);

    const undone = await app.call<{ source: Pattern; signalsLeft: unknown[] }>(
      "POST",
      `/pattern-moves/${merged.body.moveId}/undo`,
    );
    expect(undone.status).toBe(200);
    expect(undone.body.source).toMatchObject({ id: b, status: "open", signalCount: 1 });
    expect(undone.body.signalsLeft).toEqual([
      {
        signalId: detached,
        reason: "detached",
        patternIds: [],
        detachedBy: expect.stringMatching(/^(user|token):/),
        detachedAt: expect.stringMatching(/^\d{4}-/),
      },
    ]);
    const where = async (id: string) =>
      (await app.call<{ patternIds: string[] }>("GET", `/signals/${id}`)).body.patternIds;
    expect([await where(kept), await where(detached)]).toEqual([[b], []]);
  });

  it("takes ids in capital letters as the same ids (RFC 9562: any case on input), as GET does", async () => {
    const tag = Math.random().toString(36).slice(2, 8);
    const loop = await app.call<{ id: string }>("POST", "/loops", { slug: `u-${tag}`, name: "Upper" });
    const channel = await app.call<{ id: string }>("POST", "/channels", {
      loopId: loop.body.id,
      slug: `u-${tag}`,
      name: "Support",
      kind: "email",
    });
    const [a, b] = (await Promise.all(
      ["Sync stalls", "Sync hangs"].map(
        async (title) => (await app.call<{ id: string }>("POST", "/patterns", { title, loopId: loop.body.id })).body.id,
      ),
    )) as [string, string];
    const up = (id: string) => id.toUpperCase();
    const made = await app.call<{ items: { id: string; patternIds: string[] }[] }>("POST", "/signals/batch", {
      signals: ["ana", "bo", "cy"].map((name) => ({
        channelId: up(channel.body.id),
        contact: { email: `${name}-${tag}@example.com` },
        title: `Sync stalls for ${name}`,
        patternIds: [up(b)],
      })),
    });
    expect(made.status).toBe(201);
    expect(made.body.items.map((s) => s.patternIds)).toEqual([[b], [b], [b]]);
    const [one, two, three] = made.body.items.map((s) => s.id) as [string, string, string];

    expect((await app.call("DELETE", `/patterns/${up(b)}/signals/${up(three)}`)).status).toBe(200);
    const attached = await app.call<{ attached: number }>("POST", `/patterns/${up(a)}/signals`, {
      signalIds: [up(three), three],
    });
    expect(attached).toMatchObject({ status: 200, body: { attached: 1 } });
    const itself = await app.call<{ error: { code: string } }>("POST", `/patterns/${up(a)}/merge`, {
      targetId: a,
      preview: true,
    });
    expect([itself.status, itself.body.error?.code]).toEqual([400, "invalid_input"]);
    const split = await app.call<Moved>("POST", `/patterns/${up(b)}/split`, { signalIds: [up(two)], title: "Hangs" });
    expect(split.status).toBe(200);
    const merged = await app.call<Moved>("POST", `/patterns/${up(b)}/merge`, { targetId: up(a) });
    expect(merged).toMatchObject({ status: 200, body: { source: { id: b, mergedIntoId: a }, target: { id: a } } });
    const where = async (id: string) =>
      (await app.call<{ patternIds: string[] }>("GET", `/signals/${id}`)).body.patternIds;
    expect([await where(one), await where(three)]).toEqual([[a], [a]]);
    const why = await app.call<{ patternId: string }>("GET", `/patterns/${up(a)}/priority`);
    expect(why.body.patternId).toBe(a);
  });

  it("a split's new pattern takes as long a description as any pattern (100,000 characters)", async () => {
    const { loop, channel } = await loopWithChannel(app);
    const made = await signal(app, channel.id, "Sync stalls");
    const pattern = await ok(app, "POST", "/patterns", {
      loopId: loop.id,
      title: "Sync",
      description: "x".repeat(100_000),
    });
    const stays = await signal(app, channel.id, "Sync slow");
    await ok(app, "POST", `/patterns/${pattern.id}/signals`, { signalIds: [made.id, stays.id] }, 200);
    const long = "A long write-up of what happened. ".repeat(2_000).slice(0, 60_000);
    const split = await app.call<{ target: { description: string } }>("POST", `/patterns/${pattern.id}/split`, {
      signalIds: [made.id],
      title: "Sync stalls",
      description: long,
    });
    expect(split.status).toBe(200);
    expect(split.body.target.description).toHaveLength(60_000);
    const over = await app.call<{ error: { path: string } }>("POST", `/patterns/${pattern.id}/split`, {
      signalIds: [made.id],
      title: "Too long",
      description: "x".repeat(100_001),
    });
    expect([over.status, over.body.error.path]).toEqual([400, "body.description"]);
  });

  it("previews a split without a title (a preview makes no pattern), and splits only with one", async () => {
    const { loop, channel } = await loopWithChannel(app);
    const pattern = await ok(app, "POST", "/patterns", { loopId: loop.id, title: "Sync" });
    const [moves, stays] = await Promise.all(["Sync stalls", "Sync slow"].map((t) => signal(app, channel.id, t)));
    await ok(app, "POST", `/patterns/${pattern.id}/signals`, { signalIds: [moves?.id, stays?.id] }, 200);
    const shown = await app.call<{ moveId: null; target: null; preview: { signals: number } }>(
      "POST",
      `/patterns/${pattern.id}/split`,
      { signalIds: [moves?.id], preview: true },
    );
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ moveId: null, target: null, preview: { signals: 1 } });
    const untitled = await app.call<{ error: { code: string; path: string } }>(
      "POST",
      `/patterns/${pattern.id}/split`,
      {
        signalIds: [moves?.id],
      },
    );
    expect([untitled.status, untitled.body.error.code, untitled.body.error.path]).toEqual([
      400,
      "invalid_input",
      "body.title",
    ]);
  });
});
