import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const script = fileURLToPath(new URL("../fixtures/run-outbox-worker.ts", import.meta.url));

/** A worker process (test/fixtures/run-outbox-worker.ts), connected and waiting for go(). */
export interface WorkerProcess {
  child: ChildProcess;
  /** Every line it printed; the last is its report once it exited by itself. */
  output: string[];
  /** Resolves with the exit code (null when killed) and the signal. */
  exited: Promise<[number | null, NodeJS.Signals | null]>;
  go(): void;
}

/** Starts a worker on database (a postgres:// URL or a data folder); resolves once it is ready. */
export async function startWorkerProcess(database: string, name: string, options: object = {}): Promise<WorkerProcess> {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
      "--import",
      "tsx",
      script,
      database,
      name,
      JSON.stringify(options),
    ],
    {
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  const lines = createInterface({ input: child.stdout });
  const output: string[] = [];
  const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  await new Promise<void>((resolve, reject) => {
    lines.on("line", (line) => {
      output.push(line);
      if (line === "ready") resolve();
    });
    child.once("exit", (code) => reject(new Error(`worker ${name} exited with ${code} before it was ready`)));
  });
  return { child, output, exited, go: () => child.stdin?.write("go\n") };
}
