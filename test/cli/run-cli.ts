import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

const bin = fileURLToPath(new URL("../../bin/loopwork.js", import.meta.url));

/** How one run of the CLI ended. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** How to run it: the API token it finds in LOOPWORK_TOKEN, and what it reads on stdin (a password). */
export interface CliOptions {
  token?: string;
  stdin?: string;
  /** How long it may run (30 s unless said: a command that waits for a rate limit needs longer). */
  timeoutMs?: number;
}

/** Runs the real `loopwork` CLI as a child process against the server at url. */
export function runCli(url: string, args: string[], options: CliOptions = {}): Promise<CliRun> {
  const env = { ...process.env, LOOPWORK_URL: undefined, LOOPWORK_TOKEN: options.token, NO_COLOR: "1" };
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [bin, ...args, "--url", url],
      { env, timeout: options.timeoutMs ?? 30_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        // Killed by the timeout: say so, or a failing test shows only "expected 1 to be 0".
        const killed = error?.killed ? `\n(killed after ${options.timeoutMs ?? 30_000} ms)` : "";
        resolve({ code, stdout, stderr: stderr + killed });
      },
    );
    child.stdin?.end(options.stdin ?? "");
  });
}

/** Runs the CLI with --json and returns its parsed output; a failed run fails the test with its stderr. */
export async function cliJson<T = Record<string, unknown>>(
  url: string,
  args: string[],
  options: CliOptions = {},
): Promise<T> {
  const run = await runCli(url, [...args, "--json"], options);
  if (run.code !== 0) throw new Error(`loopwork ${args.join(" ")} exited ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}
