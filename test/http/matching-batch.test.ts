import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSignals } from "../../src/services/create-signals.js";
import { suggestionsFor, suggestPatterns } from "../../src/services/suggest-patterns.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

/**
 * A loop of three patterns with reports attached in their own words, one of them merged into another
 * (what led to it leads to the survivor) and one with a fingerprint rule.
 */
async function world() {
  // Starting with a letter: "5e3xyz" would be read as the number 5e3 and the word xyz (matching.test.ts).
  const tag = `t${Math.random().toString(36).slice(2, 8)}`;
  const loop = (await app.call<{ id: string }>("POST", "/loops", { slug: `b-${tag}`, name: `Batch ${tag}` })).body;
  const channel = (
    await app.call<{ id: string }>("POST", "/channels", {
      loopId: loop.id,
      slug: `b-${tag}`,
      name: "Mail",
      kind: "email",
    })
  ).body;
  const pattern = async (title: string) =>
    (await app.call<{ id: string }>("POST", "/patterns", { loopId: loop.id, title })).body.id;
  const store = (reports: { title: string; body?: string; patternIds?: string[] }[]) =>
    createSignals(
      app.db,
      "system:test",
      reports.map((r, i) => ({
        channelId: channel.id,
        contact: { email: `${tag}-${i}-${Math.random().toString(36).slice(2, 6)}@example.com` },
        title: r.title,
        body: r.body ?? "",
        urgency: "normal" as const,
        patternIds: r.patternIds ?? [],
        score: 1,
      })),
    );
  const sync = await pattern(`Calendar sync ${tag} fails with ERR_SYNC_TIMEOUT`);
  const pdf = await pattern(`PDF export ${tag} cuts the last page`);
  const agenda = await pattern(`Agenda ${tag} stuck on refreshing forever`);
  const code = `E_LOGIN_${tag.toUpperCase()}`;
  const login = await pattern(`Login ${tag} loops back to the sign-in page`);
  await app.call("POST", "/matcher/rules", { patternId: login, field: "body", kind: "error_code", expression: code });
  const history = await store([
    { title: `Calendar ${tag} won't sync since update`, body: "Sync stops with ERR_SYNC_TIMEOUT", patternIds: [sync] },
    {
      title: `Events missing on my phone ${tag}`,
      body: "calendar does not sync, ERR_SYNC_TIMEOUT",
      patternIds: [sync],
    },
    { title: `Exported PDF ${tag} is missing its last page`, body: "the final page is cut", patternIds: [pdf] },
    { title: `PDF export truncated ${tag}`, body: "the pdf export loses the last page", patternIds: [pdf] },
    { title: `Agenda ${tag} refreshing spinner`, body: "the agenda never stops refreshing", patternIds: [agenda] },
  ]);
  expect((await app.call("POST", `/patterns/${agenda}/merge`, { targetId: sync })).status).toBe(200);
  return { tag, loop, channel, sync, pdf, agenda, login, code, store, history };
}

describe(`matching a batch (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("gives each signal of a batch the same suggestions as asking for it alone", async () => {
    const w = await world();
    const batch = await w.store([
      { title: `Calendar ${w.tag} sync broken`, body: "ERR_SYNC_TIMEOUT every morning on my phone" },
      { title: `Export to PDF ${w.tag} drops the last page`, body: "page cut at the end" },
      { title: `Agenda ${w.tag} stuck refreshing`, body: "spinner forever" },
      { title: `Can't log in ${w.tag}`, body: `the log says ${w.code}` },
      { title: "How do I change my avatar?", body: "Looking for the profile settings" },
    ]);
    // An attached signal asked about with them: it leaves itself and its own pattern out, as alone.
    const ids = [...batch.map((s) => s.id), w.history[0]?.id ?? ""];
    const together = await suggestionsFor(app.db, ids);
    const alone = [];
    for (const id of ids) alone.push(await suggestPatterns(app.db, id));
    expect(together).toEqual(alone);
    const best = together.map((t) => t.suggestions[0]?.patternId);
    expect(best.slice(0, 4)).toEqual([w.sync, w.pdf, w.sync, w.login]);
    expect(together[5]?.suggestions.map((s) => s.patternId)).not.toContain(w.sync);
    // Without the reporter's words (the matcher acting alone): the same patterns, scores and terms shared;
    // only the reasons name stems.
    const unread = await suggestionsFor(app.db, ids, undefined, undefined, { words: false });
    const scored = (all: typeof together) =>
      all.map((t) => t.suggestions.map((s) => [s.patternId, s.score, s.sharedTerms, s.similarSignals]));
    expect(scored(unread)).toEqual(scored(together));
    const agendaShares = (all: typeof together) => all[2]?.suggestions[0]?.reasons[0];
    expect(agendaShares(together)).toContain("“refreshing”");
    expect(agendaShares(unread)).toContain("“refresh”");
    // The same as what the HTTP route answers for each.
    for (const [i, id] of ids.entries()) {
      const answer = await app.call<{ suggestions: unknown[] }>("GET", `/signals/${id}/suggestions`);
      expect(answer.body.suggestions).toEqual(together[i]?.suggestions);
    }
  });

  it("attaches a batch's signals above the threshold, each with its score, by the matcher; undone one by one", async () => {
    const w = await world();
    await app.call("PATCH", `/channels/${w.channel.id}`, { config: { autoAttachThreshold: 0.3 } });
    const reports = [
      { title: `Calendar ${w.tag} sync fails again: ERR_SYNC_TIMEOUT`, body: "calendar sync stops" },
      { title: `PDF export ${w.tag} loses the last page`, body: "the exported pdf is cut" },
      { title: `Agenda ${w.tag} stuck refreshing forever`, body: "the agenda spinner" },
      { title: `Sign-in ${w.tag} trouble`, body: `error ${w.code}` },
      { title: "How do I change my avatar?", body: "Looking for the profile settings" },
    ];
    const stored = await w.store(reports);
    expect(stored.map((s) => s.patternIds)).toEqual([[w.sync], [w.pdf], [w.sync], [w.login], []]);
    const version = (await app.call<{ version: number }>("GET", "/matcher")).body.version;
    const rows = await app.db.query<{ signal_id: string; pattern_id: string; score: number; attached_by: string }>(
      "select signal_id, pattern_id, score, attached_by from signal_patterns where signal_id = any($1::uuid[])",
      [stored.map((s) => s.id)],
    );
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(row.attached_by).toBe(`matcher:v${version}`);
    expect(rows.find((r) => r.pattern_id === w.login)?.score).toBe(1);
    // One timeline event per pattern and score, naming its signals, by the matcher.
    type Event = { actor: string; verb: string; after: { signalIds: string[]; score: number } };
    const events = await app.call<{ items: Event[] }>("GET", `/timeline?entityType=pattern&entityId=${w.sync}`);
    const auto = events.body.items.filter((e) => e.verb === "attached" && e.actor === `matcher:v${version}`);
    expect(auto.flatMap((e) => e.after.signalIds).sort()).toEqual([stored[0]?.id, stored[2]?.id].sort());
    for (const e of auto) {
      for (const id of e.after.signalIds)
        expect(rows.find((r) => r.signal_id === id)?.score).toBeCloseTo(e.after.score, 5);
    }
    // Undone one signal at a time: back in triage, where each is suggested what it was attached to, at its score.
    for (const row of rows)
      expect((await app.call("DELETE", `/patterns/${row.pattern_id}/signals/${row.signal_id}`)).status).toBe(200);
    const queue = await app.call<{ items: { id: string }[] }>(
      "GET",
      `/signals?attached=false&channelId=${w.channel.id}`,
    );
    expect(queue.body.items.map((s) => s.id)).toEqual(expect.arrayContaining(stored.map((s) => s.id)));
    const again = await suggestionsFor(
      app.db,
      rows.map((row) => row.signal_id),
    );
    rows.forEach((row, i) => {
      expect(again[i]?.suggestions[0]?.patternId).toBe(row.pattern_id);
      expect(again[i]?.suggestions[0]?.score).toBeCloseTo(row.score, 5);
    });
  });
});
