import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ServerProcess, startServerProcess } from "../../bench/server-process.js";

let server: ServerProcess;
beforeAll(async () => {
  server = await startServerProcess({ pglite: "memory" });
});
afterAll(async () => server?.stop());

// Issue #8 item 9: the server closed the connection on Content-Length while Node's fetch was still
// sending, and fetch failed with EPIPE (or "other side closed") instead of receiving the 413. The
// server runs as its own process, as in use: in the test's process it could not answer before the
// test had written the whole body.
describe("a body over the limit", () => {
  it("is answered 413 body_too_large, every time, to Node's fetch sending 5 MB", async () => {
    const body = JSON.stringify({ title: "x".repeat(5 * 1024 * 1024) });
    const outcomes: string[] = [];
    for (let i = 0; i < 10; i++) {
      try {
        const response = await fetch(`${server.url}/signals`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
        });
        const answer = (await response.json()) as { error?: { code?: string } };
        outcomes.push(`${response.status} ${answer.error?.code}`);
      } catch (error) {
        outcomes.push(String((error as Error & { cause?: Error }).cause ?? error));
      }
    }
    expect(outcomes).toEqual(Array(10).fill("413 body_too_large"));
    // The server is well afterwards.
    expect((await fetch(`${server.url}/loops`)).status).toBe(401);
  });
});
