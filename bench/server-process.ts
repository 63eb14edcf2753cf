import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const loopwork = fileURLToPath(new URL("../bin/loopwork.js", import.meta.url));

/** A child process running Loopwork's web role: the load generator does not share its event loop. */
export interface ServerProcess {
  url: string;
  pid: number;
  /**
   * The token of the first-run setup link the child prints when its database has no administrator
   * yet (a PGlite child always starts on an empty one); rejects if none is printed within timeoutMs.
   */
  setupToken(timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts the real server as a child on a free port. With databaseUrl it uses that server database;
 * without, it owns its own PGlite (in memory, or in a temporary folder removed on stop).
 */
export async function startServerProcess(options: {
  databaseUrl?: string;
  pglite: "memory" | "disk";
}): Promise<ServerProcess> {
  const folder = options.databaseUrl
    ? undefined
    : options.pglite === "memory"
      ? "memory"
      : mkdtempSync(join(tmpdir(), "loopwork-bench-web-"));
  const env: NodeJS.ProcessEnv = { ...process.env, HOST: "127.0.0.1" };
  delete env.DATABASE_URL;
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  // The write limit (LOOPWORK_WRITE_LIMIT, default 3,000 changes per minute per credential, counted in
  // the database): the load generator sends every request with one token, so the server would answer
  // 429 after 3,000 requests in a minute. 0 turns it off; the benchmark measures taking signals in, not
  // the rate limiter (bench/rate-limit.ts times that).
  env.LOOPWORK_WRITE_LIMIT = "0";
  // The real `loopwork start --role web`, on a free port.
  const args = [loopwork, "start", "--role", "web", "--port", "0", ...(folder ? ["--data", folder] : [])];
  const child = spawn(
    process.execPath,
    [...(process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []), ...args],
    { env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start in 60 s:\n${output}`)), 60_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      // "Serving the workspace at http://localhost:<port>/app/ — the API at …": the first URL on the line.
      const match = /Serving [^\n]*?https?:\/\/[^:\s/]+:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${match[1]}`);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with code ${code}:\n${output}`));
    });
  });
  return {
    url,
    pid: child.pid ?? 0,
    setupToken: async (timeoutMs = 10_000) => {
      // Printed right after the "Serving" line, possibly in a later chunk of stdout.
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = /\/setup\/([A-Za-z0-9_-]+)/.exec(output);
        if (match?.[1]) return match[1];
        if (Date.now() > deadline) throw new Error(`the server printed no setup link:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    stop: async () => {
      await stopChild(child);
      if (folder && folder !== "memory") rmSync(folder, { recursive: true, force: true });
    },
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * A keep-alive JSON client with at most `connections` sockets to one server. Once `token` is set, every
 * request carries it as `Authorization: Bearer <token>`.
 */
export class JsonClient {
  private readonly agent: http.Agent;
  token: string | undefined;

  constructor(
    private readonly baseUrl: string,
    connections: number,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  }

  /**
   * POSTs body as JSON — or, given a Buffer, those exact bytes (a signed webhook) — with extra headers, if
   * any; resolves with the status, the parsed answer and the headers.
   */
  post<T = Record<string, unknown>>(
    path: string,
    body: unknown,
    headers: http.OutgoingHttpHeaders = {},
  ): Promise<{ status: number; body: T; headers: http.IncomingHttpHeaders }> {
    return this.send("POST", path, Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body)), headers);
  }

  /** GETs path; resolves with the status, the parsed answer and the headers. */
  get<T = Record<string, unknown>>(
    path: string,
  ): Promise<{ status: number; body: T; headers: http.IncomingHttpHeaders }> {
    return this.send("GET", path, undefined, {});
  }

  private send<T>(
    method: string,
    path: string,
    payload: Buffer | undefined,
    headers: http.OutgoingHttpHeaders,
  ): Promise<{ status: number; body: T; headers: http.IncomingHttpHeaders }> {
    return new Promise((resolve, reject) => {
      const request = http.request(
        `${this.baseUrl}${path}`,
        {
          method,
          agent: this.agent,
          headers: {
            ...(payload ? { "content-type": "application/json", "content-length": payload.length } : {}),
            ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
            ...headers,
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => {
            try {
              resolve({
                status: response.statusCode ?? 0,
                body: JSON.parse(Buffer.concat(chunks).toString() || "null") as T,
                headers: response.headers,
              });
            } catch (error) {
              reject(error);
            }
          });
          response.on("error", reject);
        },
      );
      request.on("error", reject);
      request.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
