import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { CliError } from "../client.js";
import { lostConnection } from "./timeline.js";

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  server?.close();
  server = undefined;
});

/** A loopback server on a free port that writes the start of a body and then destroys the socket. */
async function cutting(): Promise<string> {
  server = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/event-stream" });
    response.write(": connected\n\n");
    setTimeout(() => response.socket?.destroy(), 20);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** What reading the whole body of url throws. */
async function readingFails(url: string): Promise<unknown> {
  try {
    const response = await fetch(url);
    await response.text();
  } catch (error) {
    return error;
  }
  throw new Error(`reading ${url} did not fail`);
}

describe("which failures --follow retries", () => {
  it("a connection refused or cut mid-stream, as fetch reports them", async () => {
    const url = await cutting();
    const cut = await readingFails(url);
    expect(cut).toBeInstanceOf(TypeError);
    expect(lostConnection(cut)).toBe(true);
    const closed = server as Server;
    server = undefined;
    closed.closeAllConnections();
    closed.close();
    await once(closed, "close");
    const refused = await readingFails(url);
    expect((refused as { cause?: { code?: string } }).cause?.code).toBe("ECONNREFUSED");
    expect(lostConnection(refused)).toBe(true);
    expect(lostConnection(new CliError("unreachable", "Cannot reach Loopwork"))).toBe(true);
    expect(lostConnection(Object.assign(new CliError("unreachable", "Cannot reach"), { cause: refused }))).toBe(true);
  });

  it("not a host that does not exist, nor a certificate refused: those are no server restarting", () => {
    const failed = (code: string) => new TypeError("fetch failed", { cause: Object.assign(new Error(code), { code }) });
    expect(lostConnection(failed("ENOTFOUND"))).toBe(false);
    expect(lostConnection(failed("CERT_HAS_EXPIRED"))).toBe(false);
    expect(
      lostConnection(Object.assign(new CliError("unreachable", "Cannot reach"), { cause: failed("ENOTFOUND") })),
    ).toBe(false);
    expect(lostConnection(failed("ECONNREFUSED"))).toBe(true);
  });

  it("not a fault of the program's own, nor an answer of the server's", () => {
    const own = (() => {
      try {
        (null as unknown as { at: string }).at.trim();
      } catch (error) {
        return error;
      }
    })();
    expect(own).toBeInstanceOf(TypeError);
    expect(lostConnection(own)).toBe(false);
    expect(lostConnection(new SyntaxError("Unexpected token"))).toBe(false);
    expect(lostConnection(new CliError("unauthorized", "The token was revoked."))).toBe(false);
  });
});
