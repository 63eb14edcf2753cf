import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { connect as tcp } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { credentialHeaders, failOnce, holdOnce, makeAdmin, startTestApp, type TestApp } from "../helpers/app.js";
import { freshServerDatabase, serverUrl } from "../helpers/db.js";
import { subscribe } from "../helpers/sse.js";

let app: TestApp | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

describe(`the live timeline (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("streams every change as it commits, and resumes after Last-Event-ID", async () => {
    app = await startTestApp();
    const stream = await subscribe(`${app.url}/timeline/stream`, credentialHeaders(app.adminCredential));
    expect(stream.contentType).toBe("text/event-stream");
    const loop = await app.call<{ id: string }>("POST", "/loops", { slug: "core", name: "Core" });
    await app.call("PATCH", `/loops/${loop.body.id}`, { name: "Core loop" });
    // The administrator's own events, committed just before the stream opened, may still be announced
    // after it did (the announcement crosses the database's NOTIFY): only the loop's events are asserted.
    const loopEvents = () => stream.events.filter((e) => e.data.entityType === "loop");
    await expect.poll(() => loopEvents().map((e) => e.data.verb)).toEqual(["created", "updated"]);
    expect(loopEvents()[1]?.data).toMatchObject({
      entityType: "loop",
      entityId: loop.body.id,
      after: { name: "Core loop" },
    });
    await stream.close();

    // The same events as a page: oldest first, or newest first.
    const oldest = await app.call<{ items: { verb: string }[] }>("GET", `/timeline?entityType=loop`);
    expect(oldest.body.items.map((e) => e.verb)).toEqual(["created", "updated"]);
    const newest = await app.call<{ items: { verb: string }[]; nextCursor: string }>(
      "GET",
      "/timeline?entityType=loop&order=desc&limit=1",
    );
    expect(newest.body.items.map((e) => e.verb)).toEqual(["updated"]);
    const before = await app.call<{ items: { verb: string }[] }>(
      "GET",
      `/timeline?entityType=loop&order=desc&before=${newest.body.nextCursor}`,
    );
    expect(before.body.items.map((e) => e.verb)).toEqual(["created"]);

    // A client that reconnects gets what it missed, from the id it last saw.
    const resumed = await subscribe(`${app.url}/timeline/stream`, {
      ...credentialHeaders(app.adminCredential),
      "last-event-id": String(loopEvents()[0]?.id),
    });
    await expect.poll(() => resumed.events.map((e) => e.data.verb)).toEqual(["updated"]);
    await resumed.close();
  });

  it("ends every stream when it cannot read announced events, and a client resuming from Last-Event-ID gets them", async () => {
    app = await startTestApp();
    const stream = await subscribe(`${app.url}/timeline/stream`, credentialHeaders(app.adminCredential));
    const first = await app.call<{ id: string }>("POST", "/loops", { slug: "read", name: "Read" });
    await expect.poll(() => stream.events.map((e) => e.data.entityId)).toContain(first.body.id);
    const lastSeen = stream.events.at(-1)?.id ?? "";
    // The hub's next read of announced events fails once, as a dropped connection would make it.
    const fault = failOnce(app, (sql) => sql.includes("e.xmin = any"));
    const missed = await app.call<{ id: string }>("POST", "/loops", { slug: "missed", name: "Missed" });
    // Not left open and silent: the stream ends, as when the hub's listener is lost …
    await expect.poll(() => stream.ended(), { timeout: 5000 }).toBe(true);
    expect(fault.failed()).toBe(1);
    expect(stream.events.map((e) => e.data.entityId)).not.toContain(missed.body.id);
    await stream.close();
    // … so its client reconnects with the last id it saw and reads what it missed; the hub reads on.
    const resumed = await subscribe(`${app.url}/timeline/stream`, {
      ...credentialHeaders(app.adminCredential),
      "last-event-id": lastSeen,
    });
    await expect.poll(() => resumed.events.map((e) => e.data.entityId)).toContain(missed.body.id);
    const live = await app.call<{ id: string }>("POST", "/loops", { slug: "live", name: "Live" });
    await expect.poll(() => resumed.events.map((e) => e.data.entityId)).toContain(live.body.id);
    await resumed.close();
  });

  describe("a live event while a resumed stream still reads what it missed", () => {
    /** A stream resuming before loop "old" was made, its catch-up held; then loop "live" is made. */
    async function liveDuringCatchUp() {
      const started = await startTestApp();
      app = started;
      await started.call("POST", "/loops", { slug: "first", name: "First" });
      const seen = await started.call<{ items: { id: number }[] }>("GET", "/timeline?entityType=loop");
      const lastSeen = String(seen.body.items.at(-1)?.id);
      const old = await started.call<{ id: string }>("POST", "/loops", { slug: "old", name: "Old" });
      const headers = credentialHeaders(started.adminCredential);
      // Another stream, not catching up, hears the live event: once it has, the hub has handed it out.
      const other = await subscribe(`${started.url}/timeline/stream`, headers);
      const catchUp = holdOnce(started, (sql) => sql.includes("order by w.id asc limit $6"));
      const resumed = await subscribe(`${started.url}/timeline/stream`, { ...headers, "last-event-id": lastSeen });
      await catchUp.reached;
      const live = await started.call<{ id: string }>("POST", "/loops", { slug: "live", name: "Live" });
      await expect.poll(() => other.events.map((e) => e.data.entityId)).toContain(live.body.id);
      await other.close();
      return { lastSeen, old: old.body.id, live: live.body.id, headers, resumed, catchUp };
    }

    it("sends it after the backlog, in order, once", async () => {
      const { old, live, resumed, catchUp } = await liveDuringCatchUp();
      catchUp.release();
      await expect.poll(() => resumed.events.map((e) => e.data.entityId)).toContain(live);
      const ids = resumed.events.map((e) => Number(e.data.id));
      // What was sent, should it fail: where each resumes, its id, entity and verb.
      const sent = JSON.stringify(resumed.events.map((e) => [e.id, e.data.id, e.data.entityType, e.data.verb]));
      expect(ids, sent).toEqual([...new Set(ids)].sort((a, b) => a - b));
      // Where the client resumes never goes back, nor past what it was sent.
      const resumeAt = resumed.events.map((e) => Number(e.id));
      expect(resumeAt, sent).toEqual([...resumeAt].sort((a, b) => a - b));
      resumed.events.forEach((e, i) => {
        expect(Number(e.id), sent).toBeLessThanOrEqual(ids[i] as number);
      });
      const loops = resumed.events.filter((e) => e.data.entityType === "loop").map((e) => e.data.entityId);
      expect(loops).toEqual([old, live]);
      await resumed.close();
    });

    it("ended before the backlog was sent, the client resumes before the backlog, not after the live event", async () => {
      const { lastSeen, old, live, headers, resumed, catchUp } = await liveDuringCatchUp();
      catchUp.fail();
      await expect.poll(() => resumed.ended(), { timeout: 5000 }).toBe(true);
      await resumed.close();
      // Where an EventSource would resume: the last id the stream sent, else where it started.
      const from = resumed.events.at(-1)?.id ?? lastSeen;
      const again = await subscribe(`${app?.url}/timeline/stream`, { ...headers, "last-event-id": from });
      await expect.poll(() => again.events.map((e) => e.data.entityId)).toContain(live);
      expect(again.events.map((e) => e.data.entityId)).toContain(old);
      await again.close();
    });
  });

  it("ends open streams when the server stops, so that stopping does not wait for their clients", {
    timeout: 20_000,
  }, async () => {
    const started = await startTestApp();
    const stream = await subscribe(`${started.url}/timeline/stream`, credentialHeaders(started.adminCredential));
    const stopping = Date.now();
    // Left open, a stream kept the server's close waiting for as long as its client stayed (heartbeats).
    await started.stop();
    expect(Date.now() - stopping).toBeLessThan(5_000);
    await expect.poll(() => stream.ended()).toBe(true);
    await stream.close();
  });

  it("stops without waiting for a connection its client opened and never used", { timeout: 20_000 }, async () => {
    const started = await startTestApp();
    // Such as a browser's preconnect, or the spare one fetch opens once a stream it reads is aborted:
    // Node's close ends idle keep-alive connections, not these, and waited until their client gave up
    // (fetch's after 4 s, each stream test's stop did). This client gives up after 10 s.
    const { port } = new URL(started.url);
    const unused = tcp(Number(port), "127.0.0.1").on("error", () => {});
    setTimeout(() => unused.destroy(), 10_000).unref();
    const connections = () =>
      new Promise<number>((resolve, reject) =>
        started.server?.server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
      );
    await expect.poll(connections).toBe(1);
    const stopping = Date.now();
    await started.stop();
    expect(Date.now() - stopping).toBeLessThan(5_000);
    unused.destroy();
  });

  it("filters by entity", async () => {
    app = await startTestApp();
    const a = await app.call<{ id: string }>("POST", "/loops", { slug: "a", name: "A" });
    const stream = await subscribe(
      `${app.url}/timeline/stream?entityType=loop&entityId=${a.body.id}`,
      credentialHeaders(app.adminCredential),
    );
    await app.call("POST", "/loops", { slug: "b", name: "B" });
    await app.call("PATCH", `/loops/${a.body.id}`, { name: "A2" });
    // Loop a's own "created" may still arrive (announced up to 5 ms after commit, docs/adr/0003, so it
    // can reach a stream opened just after): whatever comes is about loop a only.
    await expect.poll(() => stream.events.map((e) => e.data.verb)).toContain("updated");
    expect(new Set(stream.events.map((e) => e.data.entityId))).toEqual(new Set([a.body.id]));
    await stream.close();
  });

  it.skipIf(!serverUrl)("reaches subscribers of one process with changes made through another", async () => {
    const database = await freshServerDatabase(serverUrl ?? "");
    let other: ChildProcess | undefined;
    try {
      const { connect } = await import("../../src/db/connect.js");
      const db = await connect({ databaseUrl: database.url });
      const { startLoopwork } = await import("../../src/app.js");
      const { configFromEnv } = await import("../../src/config.js");
      const here = await startLoopwork({ ...configFromEnv({}), port: 0, roles: { web: true, worker: false } }, db);
      const { token } = await makeAdmin(db);
      other = spawn(process.execPath, ["bin/loopwork.js", "start", "--role", "web", "--port", "0"], {
        env: { ...process.env, DATABASE_URL: database.url },
        stdio: ["ignore", "pipe", "inherit"],
      });
      let printed = "";
      other.stdout?.on("data", (chunk) => {
        printed += chunk;
      });
      await expect.poll(() => /Serving (\S+)/.exec(printed)?.[1], { timeout: 20_000 }).toBeTruthy();
      const otherUrl = /Serving (\S+)/.exec(printed)?.[1];
      const stream = await subscribe(`${here.url}/timeline/stream`, { authorization: `Bearer ${token}` });
      const made = await fetch(`${otherUrl}/loops`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ slug: "elsewhere", name: "Made elsewhere" }),
      });
      expect(made.status).toBe(201);
      await expect
        .poll(() => stream.events.map((e) => e.data.after && (e.data.after as { slug: string }).slug))
        .toEqual(["elsewhere"]);
      await stream.close();
      await here.stop();
      await db.close();
    } finally {
      other?.kill();
      if (other && other.exitCode === null) await once(other, "exit");
      await database.drop();
    }
  });
});
