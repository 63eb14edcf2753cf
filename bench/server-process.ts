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
  // The real `loopwork start --role web`, on a free port.
  const args = [loopwork, "start", "--role", "web", "--port", "0", ...(folder ? ["--data", folder] : [])];
  const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start in 60 s:\n${output}`)), 60_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Serving https?:\/\/[^:\s]+:(\d+)/.exec(output);
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

/** A keep-alive JSON client with at most `connections` sockets to one server. */
export class JsonClient {
  private readonly agent: http.Agent;

  constructor(
    private readonly baseUrl: string,
    connections: number,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  }

  /** POSTs body as JSON; resolves with the status and the parsed answer. */
  post<T = Record<string, unknown>>(path: string, body: unknown): Promise<{ status: number; body: T }> {
    const payload = Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const request = http.request(
        `${this.baseUrl}${path}`,
        {
          method: "POST",
          agent: this.agent,
          headers: {
            "content-type": "application/json",
            "content-length": payload.length,
            "x-loopwork-actor": "system:bench",
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
