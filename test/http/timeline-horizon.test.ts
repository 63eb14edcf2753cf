import { afterEach, describe, expect, it } from "vitest";
import { inTransaction } from "../../src/services/transaction.js";
import { credentialHeaders, startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";
import { subscribe } from "../helpers/sse.js";

let app: TestApp | undefined;
/** Writers still open when a test failed: committed, so that the app can stop. */
const open: (() => void)[] = [];
afterEach(async () => {
  for (const commit of open.splice(0)) commit();
  await app?.stop();
  app = undefined;
});

type Page = { items: { id: number; entityId: string }[]; nextCursor: string | null };

/**
 * A transaction that writes a timeline event and stays open until `commit()` — as a snapback telling
 * people does, or a delivery held open. Its event's id is taken now, below those of whatever commits
 * meanwhile. "unannounced": written as another process that died before its NOTIFY would leave it (the
 * hub must find it by itself); "announced": through inTransaction, announced once it commits.
 */
async function openWriter(started: TestApp, entityId: string, how: "announced" | "unannounced" = "unannounced") {
  let commit = () => {};
  const committing = new Promise<void>((resolve) => {
    commit = resolve;
  });
  open.push(() => commit());
  let written: (id: number) => void = () => {};
  const id = new Promise<number>((resolve) => {
    written = resolve;
  });
  const done =
    how === "announced"
      ? inTransaction(started.db, "system:test", async (tx) => {
          tx.record({ entityType: "loop", entityId, verb: "created" });
          await tx.flush();
          const [row] = await tx.query<{ id: string }>("select max(id)::text as id from timeline_events");
          written(Number(row?.id));
          await committing;
        })
      : started.db.transaction(async (q) => {
          const [row] = await q.query<{ id: string }>(
            `insert into timeline_events (actor, entity_type, entity_id, verb)
             values ('system:test', 'loop', $1, 'created') returning id::text`,
            [entityId],
          );
          written(Number(row?.id));
          await committing;
        });
  return {
    id: await id,
    commit: async () => {
      commit();
      await done;
    },
  };
}

describe.skipIf(!serverUrl)("the timeline's horizon (postgres)", () => {
  it("a page read oldest first stops below an event still to be committed, so a reader going on from it misses nothing", async () => {
    app = await startTestApp();
    const started = app;
    await started.call("POST", "/loops", { slug: "first", name: "First" });
    const start = (await started.call<Page>("GET", "/timeline?order=desc&limit=1")).body.items[0]?.id ?? 0;
    const slow = await openWriter(started, "slow");
    const fast = await started.call<{ id: string }>("POST", "/loops", { slug: "fast", name: "Fast" });
    // A reader polling the timeline, going on each time from the last event it read.
    let cursor = start;
    const read: string[] = [];
    const poll = async () => {
      const page = await started.call<Page>("GET", `/timeline?after=${cursor}`);
      expect(page.status).toBe(200);
      read.push(...page.body.items.map((e) => e.entityId));
      cursor = page.body.items.at(-1)?.id ?? cursor;
      return page.body;
    };
    // Asked for by entity (no cursor to go on from), what committed is shown at once.
    const own = await started.call<Page>("GET", `/timeline?entityType=loop&entityId=${fast.body.id}`);
    expect(own.body.items.map((e) => e.entityId)).toEqual([fast.body.id]);
    const before = await poll();
    // The fast loop committed, but above an id not yet committed: not read yet, and the page says it ended.
    expect(read).not.toContain(fast.body.id);
    expect(before.nextCursor).toBeNull();
    await slow.commit();
    await poll();
    expect(read).toEqual(["slow", fast.body.id]);
    // Newest first, what is committed is shown at once (a view, not a cursor to go on from).
    const newest = await started.call<Page>("GET", "/timeline?order=desc&limit=2");
    expect(newest.body.items.map((e) => e.entityId)).toEqual([fast.body.id, "slow"]);
  });

  it("a live stream resumes from below an event still to be committed, and hears it once it is", async () => {
    app = await startTestApp();
    const started = app;
    const headers = credentialHeaders(started.adminCredential);
    const stream = await subscribe(`${started.url}/timeline/stream`, headers);
    const slow = await openWriter(started, "slow");
    const fast = await started.call<{ id: string }>("POST", "/loops", { slug: "fast", name: "Fast" });
    await expect.poll(() => stream.events.map((e) => e.data.entityId)).toContain(fast.body.id);
    const heard = stream.events.find((e) => e.data.entityId === fast.body.id);
    // Sent at once, but the client is told to resume from below the slow event's id, not from its own.
    expect(Number(heard?.id)).toBeLessThan(slow.id);
    await stream.close();
    await slow.commit();
    // Resumed from there, the slow event is read (and the fast one again: each event carries its own id).
    const resumed = await subscribe(`${started.url}/timeline/stream`, { ...headers, "last-event-id": heard?.id ?? "" });
    await expect.poll(() => resumed.events.map((e) => e.data.entityId)).toEqual(["slow", fast.body.id]);
    expect(resumed.events.map((e) => Number(e.data.id))).toEqual([slow.id, Number(heard?.data.id)]);
    await resumed.close();
  });

  it("a live stream hears an event whose writer never announced it, once a later announcement comes", async () => {
    app = await startTestApp();
    const started = app;
    const stream = await subscribe(`${started.url}/timeline/stream`, credentialHeaders(started.adminCredential));
    const unannounced = await openWriter(started, "unannounced");
    await unannounced.commit();
    const later = await started.call<{ id: string }>("POST", "/loops", { slug: "later", name: "Later" });
    await expect.poll(() => stream.events.map((e) => e.data.entityId)).toContain(later.body.id);
    const loops = stream.events.filter((e) => e.data.entityType === "loop").map((e) => e.data.entityId);
    expect(loops).toEqual(["unannounced", later.body.id]);
    // Where it resumes moved past both.
    expect(Number(stream.events.at(-1)?.id)).toBe(stream.events.at(-1)?.data.id);
    await stream.close();
  });

  it("an open stream sends a late event when it commits, and then tells its client to resume past both", async () => {
    app = await startTestApp();
    const started = app;
    const stream = await subscribe(`${started.url}/timeline/stream`, credentialHeaders(started.adminCredential));
    const slow = await openWriter(started, "slow", "announced");
    const fast = await started.call<{ id: string }>("POST", "/loops", { slug: "fast", name: "Fast" });
    await expect.poll(() => stream.events.map((e) => e.data.entityId)).toContain(fast.body.id);
    await slow.commit();
    await expect.poll(() => stream.events.map((e) => e.data.entityId)).toContain("slow");
    const newest = Math.max(...stream.events.map((e) => Number(e.data.id)));
    await expect.poll(() => Number(stream.lastId())).toBe(newest);
    await stream.close();
  });

  it("a stream resumed from an id read newest first (past a change still open) still sends that change", async () => {
    app = await startTestApp();
    const started = app;
    const headers = credentialHeaders(started.adminCredential);
    const slow = await openWriter(started, "slow", "announced");
    await started.call("POST", "/loops", { slug: "fast", name: "Fast" });
    const page = await started.call<Page & { horizon: number }>("GET", "/timeline?order=desc&limit=1");
    const newest = page.body.items[0]?.id ?? 0;
    // The page says where a reader may go on from without passing the open change.
    expect(page.body.horizon).toBeLessThan(newest);
    const stream = await subscribe(`${started.url}/timeline/stream`, { ...headers, "last-event-id": String(newest) });
    await slow.commit();
    const after = await started.call<{ id: string }>("POST", "/loops", { slug: "after", name: "After" });
    // Sent again what the client had above the horizon, perhaps (at least once); never without the slow one.
    await expect.poll(() => stream.events.map((e) => e.data.entityId)).toContain(after.body.id);
    expect(stream.events.map((e) => e.data.entityId)).toContain("slow");
    await stream.close();
  });

  it("a catch-up of more than 20 pages above a change still open goes on instead of ending where it began", {
    timeout: 120_000,
  }, async () => {
    app = await startTestApp();
    const started = app;
    const slow = await openWriter(started, "slow", "announced");
    const page = await started.call<Page & { horizon: number }>("GET", "/timeline?order=desc&limit=1");
    await started.db.query(`insert into timeline_events (actor, entity_type, entity_id, verb)
      select 'system:test', 'loop', 'bulk-' || g, 'created' from generate_series(1, 21000) g`);
    const stream = await subscribe(`${started.url}/timeline/stream`, {
      ...credentialHeaders(started.adminCredential),
      "last-event-id": String(page.body.horizon),
    });
    // Ended after 20 pages, it would be told to resume where it began, and read the same pages for ever.
    await expect.poll(() => stream.events.length, { timeout: 60_000 }).toBeGreaterThanOrEqual(21_000);
    expect(stream.ended()).toBe(false);
    await slow.commit();
    await expect.poll(() => stream.events.map((e) => e.data.entityId)).toContain("slow");
    await stream.close();
  });

  it("a live stream goes on when a great many events were committed unannounced (a lost listener, a backfill)", {
    timeout: 120_000,
  }, async () => {
    app = await startTestApp();
    const started = app;
    const stream = await subscribe(`${started.url}/timeline/stream`, credentialHeaders(started.adminCredential));
    await started.db.query(`insert into timeline_events (actor, entity_type, entity_id, verb)
      select 'system:test', 'loop', 'backfill-' || g, 'created' from generate_series(1, 150000) g`);
    const next = await started.call<{ id: string }>("POST", "/loops", { slug: "next", name: "Next" });
    await expect.poll(() => stream.events.map((e) => e.data.entityId), { timeout: 30_000 }).toContain(next.body.id);
    // Handed on a thousand at a time, with each announcement: the stream is still open, in order so far.
    const again = await started.call<{ id: string }>("POST", "/loops", { slug: "again", name: "Again" });
    await expect.poll(() => stream.events.map((e) => e.data.entityId), { timeout: 30_000 }).toContain(again.body.id);
    expect(stream.ended()).toBe(false);
    const backfill = stream.events.filter((e) => String(e.data.entityId).startsWith("backfill-"));
    expect(backfill.length).toBeGreaterThanOrEqual(1000);
    expect(backfill.map((e) => e.data.entityId).slice(0, 3)).toEqual(["backfill-1", "backfill-2", "backfill-3"]);
    await stream.close();
  });
});
