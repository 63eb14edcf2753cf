import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { connect } from "../src/db/connect.js";
import { freshServerDatabase, serverUrl } from "./helpers/db.js";
import { seedDelivery } from "./helpers/delivery-fixtures.js";
import { startLoopbackWebhook } from "./helpers/loopback-webhook.js";

const script = fileURLToPath(new URL("./fixtures/run-outbox-worker.ts", import.meta.url));
const secret = "whsec-scale-out";

/** Starts a worker process; resolves once it is connected and waiting for "go". */
async function startWorker(url: string, name: string) {
  // Few deliveries in flight mean many claims racing each other: without SKIP LOCKED (or with a claim
  // that can return a row another worker holds) this test sees duplicates; with 10 at once it rarely would.
  const child = spawn(process.execPath, ["--import", "tsx", script, url, name, JSON.stringify({ concurrency: 3 })], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout });
  const output: string[] = [];
  const ready = new Promise<void>((resolve, reject) => {
    lines.on("line", (line) => {
      output.push(line);
      if (line === "ready") resolve();
    });
    child.once("exit", (code) => reject(new Error(`worker ${name} exited with ${code} before it was ready`)));
  });
  const exited = once(child, "exit") as Promise<[number | null]>;
  await ready;
  return { child, output, exited };
}

// Locking across processes needs a real server: PGlite is one process by construction.
describe.skipIf(!serverUrl)("two worker processes on one PostgreSQL server", () => {
  it("deliver 1,000 queued notifications, none twice", async () => {
    const database = await freshServerDatabase(serverUrl ?? "");
    const hook = await startLoopbackWebhook(secret);
    const db = await connect({ databaseUrl: database.url, poolSize: 2 });
    const children: ChildProcess[] = [];
    try {
      await seedDelivery(db, {
        count: 1000,
        channelKind: "api",
        channelConfig: { webhookUrl: hook.url, webhookSecret: secret, allowPrivateNetwork: true },
      });
      const workers = await Promise.all([startWorker(database.url, "a"), startWorker(database.url, "b")]);
      children.push(...workers.map((w) => w.child));
      for (const worker of workers) worker.child.stdin.write("go\n");
      const codes = await Promise.all(workers.map((w) => w.exited));
      expect(codes.map(([code]) => code)).toEqual([0, 0]);

      const reports = workers.map((w) => JSON.parse(w.output.at(-1) ?? "{}") as { name: string; delivered: number });
      expect(hook.forged).toBe(0);
      expect(hook.byKey.size).toBe(1000);
      expect([...hook.byKey.values()].filter((n) => n > 1)).toEqual([]);
      expect(hook.received).toHaveLength(1000);
      expect(reports.map((r) => r.delivered).reduce((a, b) => a + b, 0)).toBe(1000);
      expect(reports.every((r) => r.delivered > 0)).toBe(true);
      expect(await db.query("select status, count(*)::int as n from outbox group by status")).toEqual([
        { status: "delivered", n: 1000 },
      ]);
      const byActor = await db.query<{ actor: string; n: number }>(
        `select actor, count(*)::int as n from timeline_events
          where entity_type = 'outbox' and verb = 'delivered' group by actor order by actor`,
      );
      expect(byActor.map((row) => [row.actor, row.n])).toEqual(
        reports.map((r) => [`system:worker:${r.name}`, r.delivered]),
      );
    } finally {
      for (const child of children) if (child.exitCode === null) child.kill();
      await db.close();
      await hook.close();
      await database.drop();
    }
  }, 60_000);
});
