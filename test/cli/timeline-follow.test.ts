import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failOnce, startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

type Event = { id: number; entityType: string; entityId: string; verb: string };

/** `loopwork timeline --follow …` running as its own process, with what it printed so far (--json lines). */
function following(args: string[]) {
  const bin = fileURLToPath(new URL("../../bin/loopwork.js", import.meta.url));
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    [bin, "timeline", "--follow", ...args, "--json", "--url", app.url],
    { env: { ...process.env, LOOPWORK_URL: undefined, LOOPWORK_TOKEN: app.adminToken }, stdio: "pipe" },
  );
  let printed = "";
  child.stdout.on("data", (chunk) => {
    printed += chunk;
  });
  return {
    child,
    events: () =>
      printed
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Event),
    async stop() {
      child.kill();
      if (child.exitCode === null) await once(child, "exit");
    },
  };
}

const newLoop = async (slug: string) =>
  (await app.call<{ id: string }>("POST", "/loops", { slug, name: slug })).body.id;

describe(`loopwork timeline --follow (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("with --latest or --limit prints the newest events first, then follows, like tail -n N -f", {
    timeout: 90_000,
  }, async () => {
    const made = [await newLoop("tail-a"), await newLoop("tail-b"), await newLoop("tail-c")];
    for (const args of [
      ["--latest", "--limit", "2"],
      ["--limit", "2"],
    ]) {
      const cli = following(["--entity-type", "loop", ...args]);
      try {
        // The CLI is a process of its own: its start takes seconds on a loaded machine.
        const loops = () => cli.events().map((e) => e.entityId);
        await expect.poll(loops, { timeout: 30_000 }).toEqual(made.slice(-2));
        made.push(await newLoop(`tail-${made.length}`));
        await expect.poll(loops, { timeout: 10_000 }).toEqual(made.slice(-3));
      } finally {
        await cli.stop();
      }
    }
  });

  it("reads on from the last event it printed when the server ends the stream (events it may have missed)", {
    timeout: 90_000,
  }, async () => {
    const start = (await app.call<{ items: Event[] }>("GET", "/timeline?order=desc&limit=1")).body.items[0]?.id;
    const cli = following(["--entity-type", "loop", "--after", String(start)]);
    try {
      const loops = () => cli.events().map((e) => e.entityId);
      const first = await newLoop("resume-first");
      await expect.poll(loops, { timeout: 30_000 }).toContain(first);
      // The server's next read of announced events fails once: it ends every stream (timeline-hub.ts).
      const fault = failOnce(app, (sql) => sql.includes("e.xmin = any"));
      const missed = await newLoop("resume-missed");
      await expect.poll(fault.failed, { timeout: 10_000 }).toBe(1);
      fault.restore();
      const after = await newLoop("resume-after");
      await expect.poll(loops, { timeout: 10_000 }).toEqual([first, missed, after]);
      expect(cli.child.exitCode).toBeNull();
    } finally {
      await cli.stop();
    }
  });

  it("keeps following when the connection is cut mid-stream, from the last event it printed", {
    timeout: 30_000,
  }, async () => {
    // A stand-in for a server that restarts: its first stream is cut (the socket destroyed, no clean end),
    // its second must be asked from the event printed last.
    const asked: (string | undefined)[] = [];
    const standIn = createServer((request, response) => {
      if (!request.url?.startsWith("/timeline/stream")) {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify({ items: [{ id: 6 }], nextCursor: null }));
        return;
      }
      asked.push(request.headers["last-event-id"] as string | undefined);
      response.writeHead(200, { "content-type": "text/event-stream" });
      const id = 6 + asked.length;
      const event = {
        id,
        at: new Date().toISOString(),
        actor: "system",
        entityType: "loop",
        entityId: `loop-${id}`,
        verb: "created",
      };
      response.write(`id: ${id}\nevent: timeline\ndata: ${JSON.stringify(event)}\n\n`);
      if (asked.length === 1) setTimeout(() => response.socket?.destroy(), 100);
    });
    standIn.listen(0, "127.0.0.1");
    await once(standIn, "listening");
    const url = `http://127.0.0.1:${(standIn.address() as AddressInfo).port}`;
    const bin = fileURLToPath(new URL("../../bin/loopwork.js", import.meta.url));
    const child = spawn(process.execPath, [bin, "timeline", "--follow", "--json", "--url", url], {
      env: { ...process.env, LOOPWORK_URL: undefined, LOOPWORK_TOKEN: "lw_standin" },
      stdio: "pipe",
    });
    let printed = "";
    child.stdout.on("data", (chunk) => {
      printed += chunk;
    });
    try {
      await expect
        .poll(
          () =>
            printed
              .split("\n")
              .filter(Boolean)
              .map((line) => (JSON.parse(line) as Event).id),
          { timeout: 15_000 },
        )
        .toEqual([7, 8]);
      expect(asked).toEqual(["6", "7"]);
      expect(child.exitCode).toBeNull();
    } finally {
      child.kill();
      if (child.exitCode === null) await once(child, "exit");
      standIn.closeAllConnections();
      standIn.close();
    }
  });

  it("waits for a server that is not up yet, then follows it", { timeout: 30_000 }, async () => {
    // A free port, with nothing listening on it yet.
    const probe = createServer().listen(0, "127.0.0.1");
    await once(probe, "listening");
    const port = (probe.address() as AddressInfo).port;
    probe.close();
    await once(probe, "close");
    // Without --json: it says on stderr that it is trying again.
    const cli = followingStandIn(`http://127.0.0.1:${port}`, []);
    const standIn = streamingStandIn(() => `data: ${JSON.stringify(loopEvent(7))}`);
    try {
      await expect.poll(cli.stderr, { timeout: 15_000 }).toContain("trying again");
      expect(cli.child.exitCode).toBeNull();
      standIn.listen(port, "127.0.0.1");
      await once(standIn, "listening");
      await expect.poll(cli.printed, { timeout: 15_000 }).toContain("loop-7");
    } finally {
      await cli.stop();
      standIn.closeAllConnections();
      standIn.close();
    }
  });

  it("ends with its error, not retrying forever, when it fails on its own (an event it cannot show)", {
    timeout: 30_000,
  }, async () => {
    // An event whose actor is no text (a server of another version, a proxy's rewrite): printing it fails
    // in the CLI itself with a TypeError, which is no lost connection.
    const odd = { ...loopEvent(7), actor: { toString: 1 } };
    const standIn = streamingStandIn(() => `data: ${JSON.stringify(odd)}`);
    standIn.listen(0, "127.0.0.1");
    await once(standIn, "listening");
    const cli = followingStandIn(`http://127.0.0.1:${(standIn.address() as AddressInfo).port}`, []);
    try {
      await expect.poll(() => cli.child.exitCode, { timeout: 15_000 }).toBe(1);
      expect(cli.stderr()).toContain("error internal: Cannot convert object to primitive value");
      expect(cli.stderr()).not.toContain("trying again");
    } finally {
      await cli.stop();
      standIn.closeAllConnections();
      standIn.close();
    }
  });
});

/** A timeline event about a loop, as the server streams it. */
const loopEvent = (id: number) => ({
  id,
  at: new Date().toISOString(),
  actor: "system",
  entityType: "loop",
  entityId: `loop-${id}`,
  verb: "created",
});

/** A stand-in server: the newest event is 6; its stream sends one event with id 7 and `data` as given. */
function streamingStandIn(data: () => string) {
  return createServer((request, response) => {
    if (!request.url?.startsWith("/timeline/stream")) {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ items: [{ id: 6 }], nextCursor: null }));
      return;
    }
    response.writeHead(200, { "content-type": "text/event-stream" });
    response.write(`id: 7\nevent: timeline\n${data()}\n\n`);
  });
}

/** `loopwork timeline --follow` against url, with what it printed (lines as a person reads them). */
function followingStandIn(url: string, options: string[]) {
  const bin = fileURLToPath(new URL("../../bin/loopwork.js", import.meta.url));
  const child = spawn(process.execPath, [bin, "timeline", "--follow", ...options, "--url", url], {
    env: { ...process.env, LOOPWORK_URL: undefined, LOOPWORK_TOKEN: "lw_standin" },
    stdio: "pipe",
  });
  let printed = "";
  let errors = "";
  child.stdout.on("data", (chunk) => {
    printed += chunk;
  });
  child.stderr.on("data", (chunk) => {
    errors += chunk;
  });
  return {
    child,
    printed: () => printed,
    stderr: () => errors,
    async stop() {
      child.kill();
      if (child.exitCode === null && child.signalCode === null) await once(child, "exit");
    },
  };
}
