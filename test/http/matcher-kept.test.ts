// What the matcher keeps between calls (src/services/matcher-kept.ts) stays true when calls overlap on a
// server's pool, and when a pattern leaves its terms.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/connect.js";
import { lookAgain } from "../../src/services/matcher-kept.js";
import { suggestionsFor } from "../../src/services/suggest-patterns.js";
import { startTestApp, type TestApp } from "../helpers/app.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

/** A Db whose result of one named statement is handed back late (a slow round trip, a busy event loop). */
function slowOnce(db: Db) {
  let gate: { name: string; read: () => void; release: Promise<void> } | null = null;
  const wrapped: Db = {
    ...db,
    query: (async (sql: string, params?: unknown[], name?: string) => {
      const rows = await db.query(sql, params, name);
      if (gate && name === gate.name) {
        const g = gate;
        gate = null;
        g.read();
        await g.release;
      }
      return rows;
    }) as Db["query"],
  };
  const hold = (name: string) => {
    let read = () => {};
    let release = () => {};
    const readP = new Promise<void>((r) => {
      read = r;
    });
    const releaseP = new Promise<void>((r) => {
      release = r;
    });
    gate = { name, read, release: releaseP };
    return { read: readP, release };
  };
  return { db: wrapped, hold };
}

async function world() {
  // Starting with a letter: "5e3xyz" would be read as the number 5e3 and the word xyz (matching.test.ts).
  const tag = `t${Math.random().toString(36).slice(2, 8)}`;
  const loop = (await app.call<{ id: string }>("POST", "/loops", { slug: `r-${tag}`, name: `Race ${tag}` })).body;
  const channel = (
    await app.call<{ id: string }>("POST", "/channels", {
      loopId: loop.id,
      slug: `r-${tag}`,
      name: "Mail",
      kind: "email",
    })
  ).body;
  const pattern = async (title: string) =>
    (await app.call<{ id: string }>("POST", "/patterns", { loopId: loop.id, title })).body.id;
  const signal = async (title: string) =>
    (
      await app.call<{ id: string }>("POST", "/signals", {
        channelId: channel.id,
        contact: { email: `${tag}-${Math.random().toString(36).slice(2, 8)}@example.com` },
        title,
        body: "",
      })
    ).body.id;
  return { tag, pattern, signal };
}

const ids = (found: { suggestions: { patternId: string }[] }[]) => found[0]?.suggestions.map((s) => s.patternId) ?? [];

describe("what the matcher keeps, under overlapping calls and changed patterns", () => {
  it("a pattern dismissed while an earlier call's read of it is in flight is not suggested afterwards", async () => {
    const w = await world();
    const { db, hold } = slowOnce(app.db);
    const p = await w.pattern(`Gizmo ${w.tag}gq frobnicator jams`);
    const s1 = await w.signal(`Gizmo ${w.tag}gq frobnicator jams again`);
    const other = await w.signal(`Unrelated ${w.tag}zz wobble`);
    // Call A reads P (open) and is slow to hand the rows on.
    const held = hold("suggest_read_patterns");
    const a = suggestionsFor(db, [s1]);
    await held.read;
    // P is dismissed and committed; call B runs whole meanwhile: it reads the change and moves `seen` past it.
    expect((await app.call("PATCH", `/patterns/${p}`, { status: "dismissed" })).status).toBe(200);
    await suggestionsFor(db, [other]);
    held.release();
    await a;
    // P is dismissed: the read of it as open, handed on after B forgot it, was not kept.
    const s3 = await w.signal(`Gizmo ${w.tag}gq frobnicator jams once more`);
    expect(ids(await suggestionsFor(db, [s3]))).not.toContain(p);
  });

  it("a term's postings read before a new pattern committed are not kept past the change", async () => {
    const w = await world();
    const { db, hold } = slowOnce(app.db);
    const s1 = await w.signal(`Sprocket ${w.tag}sq grinds loudly`);
    const other = await w.signal(`Unrelated ${w.tag}yy wobble`);
    // Call A reads the postings of "sprocket"/tag (no pattern holds them yet) and is slow to hand them on.
    const held = hold("suggest_pattern_postings");
    const a = suggestionsFor(db, [s1]);
    await held.read;
    const p = await w.pattern(`Sprocket ${w.tag}sq grinds loudly`);
    await suggestionsFor(db, [other]);
    held.release();
    await a;
    const s3 = await w.signal(`Sprocket ${w.tag}sq grinds loudly again`);
    expect(ids(await suggestionsFor(db, [s3]))).toContain(p);
  });

  it("a renamed pattern whose old text was not kept (dismissed: text null) is dropped from its old terms' postings", async () => {
    const w = await world();
    const db = { ...app.db } as Db;
    const p = await w.pattern(`Quux ${w.tag}qq boiler`);
    expect((await app.call("PATCH", `/patterns/${p}`, { status: "dismissed" })).status).toBe(200);
    await suggestionsFor(db, [await w.signal(`Quux ${w.tag}qq boiler`)]);
    expect(
      (await app.call("PATCH", `/patterns/${p}`, { title: `Other ${w.tag}oo thing`, status: "open" })).status,
    ).toBe(200);
    await suggestionsFor(db, [await w.signal(`Unrelated ${w.tag}xx wobble`)]);
    const state = await lookAgain(db);
    const term = `${w.tag}qq`.toLowerCase();
    const inDb = await app.db.query<{ id: string }>(
      "select pattern_id::text as id from pattern_terms where term = $1",
      [term],
    );
    const kept = [...(state.postings.get(term) ?? [])].map((n) => state.numbers?.ids[n]);
    expect(inDb.map((r) => r.id)).not.toContain(p);
    expect(kept).not.toContain(p);
  });
});
