import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/app.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

/** Sends bytes as they are (no client library would send them) and reads the whole answer. */
function sendRaw(request: Buffer): Promise<string> {
  const { hostname, port } = new URL(app.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(request));
    let answer = "";
    socket.on("data", (chunk) => {
      answer += chunk.toString("utf8");
    });
    socket.on("close", () => resolve(answer));
    socket.on("error", reject);
  });
}

describe("requests no route can read", () => {
  it("answer a URL that is not valid percent-encoding in the one error shape", async () => {
    const response = await fetch(`${app.url}/patterns/%E0%A4%A`, {
      headers: { authorization: `Bearer ${app.adminToken}` },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "invalid_input", path: "url" } });
  });

  it("answer a query parameter that is not valid percent-encoding at that parameter, not read as its raw text", async () => {
    await app.call("POST", "/contacts", { name: "Pct", email: "pct@example.com" });
    // Each was read as it was sent: %FF searched for as the letters FF, 100% as "100%".
    for (const [query, path] of [
      ["q=%FF", "query.q"],
      ["q=100%", "query.q"],
      ["email=pct%40example.com&q=%ZZ", "query.q"],
      ["q=half%E2%82", "query.q"],
      ["q=%ED%A0%80", "query.q"],
      ["%FF=1", "query.%FF"],
    ]) {
      const answer = await app.call<{ error: { code: string; path: string } }>("GET", `/contacts?${query}`);
      expect({ query, status: answer.status, code: answer.body.error?.code, path: answer.body.error?.path }).toEqual({
        query,
        status: 400,
        code: "invalid_input",
        path,
      });
    }
    // Valid percent-encoding, "+" as a space, is read as ever.
    const found = await app.call<{ items: { email: string }[] }>("GET", "/contacts?email=PCT%40example.com&limit=+5");
    expect(found.body.items.map((c) => c.email)).toEqual(["pct@example.com"]);
  });

  it("answer raw non-ASCII bytes in the request line in the one error shape, and keep serving", async () => {
    const answer = await sendRaw(Buffer.from("GET /search?q=café HTTP/1.1\r\nHost: loopwork\r\n\r\n", "utf8"));
    const [head = "", body = ""] = answer.split("\r\n\r\n");
    expect(head).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(body)).toMatchObject({ error: { code: "invalid_input", path: "url" } });
    expect((await fetch(`${app.url}/health`)).status).toBe(200);
  });

  it("answer headers too large with 431 and its own code, naming the limit", async () => {
    const big = `GET /health HTTP/1.1\r\nHost: loopwork\r\nX-Big: ${"x".repeat(20_000)}\r\n\r\n`;
    const [head = "", body = ""] = (await sendRaw(Buffer.from(big))).split("\r\n\r\n");
    expect(head).toMatch(/^HTTP\/1\.1 431 /);
    expect(JSON.parse(body)).toMatchObject({ error: { code: "headers_too_large", path: "headers" } });
    expect(JSON.parse(body).error.message).toContain("16,384 bytes");
  });

  it("answer a query string too long for the request line the same way, not as unreadable input", async () => {
    const long = `GET /search?q=${"a".repeat(20_000)} HTTP/1.1\r\nHost: loopwork\r\n\r\n`;
    const [head = "", body = ""] = (await sendRaw(Buffer.from(long))).split("\r\n\r\n");
    expect(head).toMatch(/^HTTP\/1\.1 431 /);
    expect(JSON.parse(body)).toMatchObject({ error: { code: "headers_too_large" } });
    expect((await fetch(`${app.url}/health`)).status).toBe(200);
  });

  it("blame a request's parts on the part that is wrong, not all on the URL's encoding", async () => {
    const post = (headers: string, body = "{}") =>
      `POST /loops HTTP/1.1\r\nHost: loopwork\r\nContent-Type: application/json\r\n${headers}\r\n${body}`;
    const cases: [string, string, number, string | undefined, string][] = [
      ["a Content-Length that is no number", post("Content-Length: two\r\n"), 400, "headers", "Content-Length"],
      ["two Content-Lengths", post("Content-Length: 2\r\nContent-Length: 3\r\n"), 400, "headers", "Content-Length"],
      [
        "Content-Length beside Transfer-Encoding",
        post("Content-Length: 2\r\nTransfer-Encoding: chunked\r\n", "2\r\n{}\r\n0\r\n\r\n"),
        400,
        "headers",
        "Transfer-Encoding",
      ],
      [
        "a header name with a space",
        "GET /health HTTP/1.1\r\nHost: loopwork\r\nX Y: z\r\n\r\n",
        400,
        "headers",
        "header",
      ],
      [
        "a chunk size that is no number",
        post("Transfer-Encoding: chunked\r\n", "zz\r\n{}\r\n0\r\n\r\n"),
        400,
        "body",
        "chunk",
      ],
      [
        "a method HTTP does not know",
        "G@T /health HTTP/1.1\r\nHost: loopwork\r\n\r\n",
        400,
        undefined,
        "Content-Length, or TLS",
      ],
      ["a space in the URL", "GET /he alth HTTP/1.1\r\nHost: loopwork\r\n\r\n", 400, "url", "percent-encode"],
    ];
    for (const [name, request, status, path, said] of cases) {
      const [head = "", body = ""] = (await sendRaw(Buffer.from(request))).split("\r\n\r\n");
      const { error } = JSON.parse(body) as { error: { code: string; message: string; path?: string } };
      expect({ name, status: Number(head.split(" ")[1]), code: error.code, path: error.path }).toEqual({
        name,
        status,
        code: "invalid_input",
        path,
      });
      expect(error.message, name).toContain(said);
    }
    expect((await fetch(`${app.url}/health`)).status).toBe(200);
  });

  it("answer a request whose body is longer than its Content-Length, then the bytes left over", async () => {
    // Node reads the bytes past Content-Length as the next request, which they do not start: the 400 for
    // them ended the connection before the request's own answer was sent — a loop made, its 201 lost.
    const body = JSON.stringify({ slug: "pipelined", name: "Pipelined" });
    const post = (json: string, length: number, extra: string) =>
      `POST /loops HTTP/1.1\r\nHost: loopwork\r\nAuthorization: Bearer ${app.adminToken}\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n${json}${extra}`;
    const answers = (raw: string) =>
      raw
        .split(/(?=HTTP\/1\.1 \d{3} )/)
        .map((one) => ({ status: Number(one.split(" ")[1]), body: JSON.parse(one.split("\r\n\r\n")[1] ?? "") }));

    const made = answers(await sendRaw(Buffer.from(post(body, Buffer.byteLength(body), "x".repeat(20)))));
    expect(made.map((a) => a.status)).toEqual([201, 400]);
    expect(made[0]?.body).toMatchObject({ slug: "pipelined", name: "Pipelined" });
    expect(made[1]?.body).toMatchObject({ error: { code: "invalid_input" } });
    expect(made[1]?.body.error.message).toContain("a body longer than its Content-Length");
    const listed = await app.call<{ items: { id: string; slug: string }[] }>("GET", "/loops");
    expect(listed.body.items.filter((loop) => loop.slug === "pipelined").map((loop) => loop.id)).toEqual([
      made[0]?.body.id,
    ]);

    // As the sweep sent it: Content-Length 10, 20 bytes. The 10 are the request's body, answered as such.
    const ten = answers(await sendRaw(Buffer.from(post('{"name":1}', 10, "0123456789"))));
    expect(ten.map((a) => [a.status, a.body.error?.path])).toEqual([
      [400, "body.slug"],
      [400, undefined],
    ]);

    // Requests sent one after another without waiting (pipelined) are answered each, in order, first.
    const health = "GET /health HTTP/1.1\r\nHost: loopwork\r\n\r\n";
    const three = answers(
      await sendRaw(
        Buffer.from(
          `${post(body.replace("pipelined", "second"), Buffer.byteLength(body) - 3, "")}${health}GARBAGE\r\n\r\n`,
        ),
      ),
    );
    expect(three.map((a) => a.status)).toEqual([201, 200, 400]);
    expect(three[1]?.body).toMatchObject({ status: "ok" });
  });

  it("answer an HTTP/1.1 request without Host in the one error shape (Node's own answer had no body)", async () => {
    const answer = await sendRaw(Buffer.from("GET /health HTTP/1.1\r\nConnection: close\r\n\r\n"));
    const [head = "", body = ""] = answer.split("\r\n\r\n");
    expect(head).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(body)).toMatchObject({ error: { code: "invalid_input", path: "headers.host" } });
    // HTTP/1.0 has no Host to name.
    const old = await sendRaw(Buffer.from("GET /health HTTP/1.0\r\n\r\n"));
    expect(old).toMatch(/^HTTP\/1\.1 200 /);
  });

  it("serve a request whose Expect is not 100-continue, rather than a bare 417", async () => {
    const answer = await sendRaw(
      Buffer.from("GET /health HTTP/1.1\r\nHost: loopwork\r\nExpect: the-unexpected\r\nConnection: close\r\n\r\n"),
    );
    const [head = "", body = ""] = answer.split("\r\n\r\n");
    expect(head).toMatch(/^HTTP\/1\.1 200 /);
    expect(JSON.parse(body)).toMatchObject({ status: "ok" });
  });

  it("cut a connection whose request breaks after its answer began, rather than write a 400 into that answer", async () => {
    const { hostname, port } = new URL(app.url);
    const received = await new Promise<string>((resolve, reject) => {
      let answer = "";
      // A live stream (answered as soon as its headers are read) asked with a chunked body …
      const socket = connect(Number(port), hostname, () =>
        socket.write(
          `GET /timeline/stream HTTP/1.1\r\nHost: loopwork\r\nAuthorization: Bearer ${app.adminToken}\r\nTransfer-Encoding: chunked\r\n\r\n`,
        ),
      );
      let broken = false;
      socket.on("data", (chunk) => {
        answer += chunk.toString("utf8");
        // … whose body breaks once the stream has begun.
        if (!broken && answer.includes(": connected")) {
          broken = true;
          socket.write("zz\r\nnot a chunk\r\n");
        }
      });
      socket.on("close", () => resolve(answer));
      socket.on("error", reject);
    });
    expect(received).toMatch(/^HTTP\/1\.1 200 /);
    expect(received).toContain("text/event-stream");
    expect(received).not.toContain("HTTP/1.1 400");
    expect((await fetch(`${app.url}/health`)).status).toBe(200);
  });
});
