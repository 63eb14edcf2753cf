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

/** One in-process run at a time: stdout, stderr, the exit status and LOOPWORK_TOKEN are the process's. */
let running: Promise<unknown> = Promise.resolve();

/**
 * Runs the CLI's own entry, `main` from src/cli/main.ts (what bin/loopwork.js runs after compiling the
 * sources), in this process: the same arguments, LOOPWORK_TOKEN, stdout, stderr and exit status a spawn
 * gets, without the second or more each spawn spends loading tsx and the sources. For a test's many runs
 * of commands; each test file keeps runs of the real binary too (runCli). Only for commands that read no
 * stdin; while it runs, whatever this process writes to stdout or stderr is the command's.
 */
export function runCliHere(url: string, args: string[], options: Omit<CliOptions, "stdin" | "timeoutMs"> = {}) {
  const run = running.then(() => runMain(url, args, options));
  running = run.catch(() => undefined);
  return run;
}

async function runMain(url: string, args: string[], options: Omit<CliOptions, "stdin" | "timeoutMs">): Promise<CliRun> {
  const { main } = await import("../../src/cli/main.js");
  const written = { stdout: "", stderr: "" };
  const saved = {
    stdout: process.stdout.write,
    stderr: process.stderr.write,
    exitCode: process.exitCode,
    env: {
      LOOPWORK_URL: process.env.LOOPWORK_URL,
      LOOPWORK_TOKEN: process.env.LOOPWORK_TOKEN,
      NO_COLOR: process.env.NO_COLOR,
    },
    errorListeners: process.stdout.listeners("error"),
  };
  const capture = (stream: "stdout" | "stderr") =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      written[stream] += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
      const done = rest.find((r) => typeof r === "function") as (() => void) | undefined;
      done?.();
      return true;
    }) as typeof process.stdout.write;
  const setEnv = (name: keyof typeof saved.env, value: string | undefined) => {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  };
  setEnv("LOOPWORK_URL", undefined);
  setEnv("LOOPWORK_TOKEN", options.token);
  setEnv("NO_COLOR", "1");
  process.exitCode = undefined;
  process.stdout.write = capture("stdout");
  process.stderr.write = capture("stderr");
  let code: number;
  try {
    await main([process.execPath, bin, ...args, "--url", url]);
    code = Number(process.exitCode ?? 0);
  } catch (error) {
    // The binary would end on the unhandled rejection: status 1, its stack on stderr.
    written.stderr += `${error instanceof Error ? error.stack : String(error)}\n`;
    code = 1;
  } finally {
    process.stdout.write = saved.stdout;
    process.stderr.write = saved.stderr;
    process.exitCode = saved.exitCode;
    for (const [name, value] of Object.entries(saved.env)) setEnv(name as keyof typeof saved.env, value);
    // main() stops quietly on a closed pipe (EPIPE): its listener belongs to that run's process only.
    for (const listener of process.stdout.listeners("error")) {
      if (!saved.errorListeners.includes(listener)) process.stdout.off("error", listener as () => void);
    }
  }
  return { code, ...written };
}

/** As cliJson, through runCliHere. */
export async function cliJsonHere<T = Record<string, unknown>>(
  url: string,
  args: string[],
  options: Omit<CliOptions, "stdin" | "timeoutMs"> = {},
): Promise<T> {
  const run = await runCliHere(url, [...args, "--json"], options);
  if (run.code !== 0) throw new Error(`loopwork ${args.join(" ")} exited ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}
