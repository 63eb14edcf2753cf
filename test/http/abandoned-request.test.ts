import { connect as tcp } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { configFromEnv } from "../../src/config.js";
import type { Db } from "../../src/db/connect.js";
import { buildServer } from "../../src/http/server.js";
import { TimelineHub } from "../../src/http/timeline-hub.js";
import { freshDb } from "../helpers/db.js";

let db: Db;
let server: Awaited<ReturnType<typeof buildServer>>;
/** Resolves when the server has seen a request abandoned (Fastify's onRequestAbort, after its error handling). */
let abandoned: Promise<void>;
let seen: () => void = () => {};

beforeAll(async () => {
  db = await freshDb();
  server = await buildServer({ db, config: { ...configFromEnv({}), port: 0 }, timeline: new TimelineHub(db) });
  server.addHook("onRequestAbort", async (_request) => seen());
  await server.listen({ port: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await server?.close();
  await db?.close();
});

/** Sends a request's head and part of its body, then hangs up. */
function abandon(path: string): Promise<void> {
  abandoned = new Promise((resolve) => {
    seen = resolve;
  });
  const { port } = server.server.address() as { port: number };
  const socket = tcp(port, "127.0.0.1", () => {
    socket.write(
      `POST ${path} HTTP/1.1\r\nhost: loopwork.test\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"title":`,
      () => socket.destroy(),
    );
  });
  return abandoned;
}

describe("a request its client abandons mid-body", () => {
  it("is not logged as an unexpected error", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      await abandon("/signals");
      await abandon(`/channels/${crypto.randomUUID()}/webhook`);
      // The error handler ran before onRequestAbort; one more turn of the event loop for anything it queued.
      await new Promise(setImmediate);
      expect(errors.mock.calls.map((call) => call.map(String).join(" "))).toEqual([]);
    } finally {
      errors.mockRestore();
    }
  });
});
