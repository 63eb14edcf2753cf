import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { connect, type Db } from "../src/db/connect.js";
import { freshServerDatabase, serverUrl } from "./helpers/db.js";
import { seedDelivery } from "./helpers/delivery-fixtures.js";
import { type AcceptedMessage, type LoopbackSmtp, startLoopbackSmtp } from "./helpers/loopback-smtp.js";
import { startWorkerProcess, type WorkerProcess } from "./helpers/worker-process.js";

// A short lease, so that the claims of a killed worker come back in about 1.5 s instead of 15.
const workerOptions = (smtp: LoopbackSmtp) => ({ smtpUrl: smtp.url, concurrency: 4, leaseMs: 1500 });

interface Kill {
  /**
   * The worker to kill, by the name it gives in EHLO: at its first message accepted once the server has
   * accepted afterTotal in all. Late in the run, so that the time to the last email measures the
   * lease coming back, not the rest of the work on a busy machine.
   */
  client: string;
  afterTotal: number;
  /** Filled in when it happens: the message just accepted, and when the SIGKILL was sent. */
  message?: AcceptedMessage;
  at?: number;
}

/**
 * An SMTP server that SIGKILLs a worker right after it accepted one of its messages (before the
 * worker can hear the 250, let alone record the delivery) and starts a replacement at once.
 */
async function killingSmtp(
  kills: Kill[],
  workers: Map<string, WorkerProcess>,
  restart: (client: string) => Promise<WorkerProcess>,
) {
  const restarted: Promise<WorkerProcess>[] = [];
  const smtp = await startLoopbackSmtp({
    onAccepted: (message) => {
      const total = smtp.accepted.length;
      const kill = kills.find((k) => k.client === message.client && k.at === undefined && total >= k.afterTotal);
      if (!kill) return;
      const victim = workers.get(message.client);
      victim?.child.kill("SIGKILL");
      kill.at = Date.now();
      kill.message = message;
      // Started once the killed one is reaped: until then its pid is alive (a zombie), and on PGlite
      // the data folder's lock would still count as held.
      restarted.push(
        (victim?.exited ?? Promise.resolve())
          .then(() => restart(message.client))
          .then((worker) => {
            worker.go();
            return worker;
          }),
      );
    },
  });
  return { smtp, restarted };
}

/** What every crash run must show: each notification delivered, doubles only where a worker died. */
async function expectDeliveredOnce(db: Db, smtp: LoopbackSmtp, count: number, kills: Kill[]) {
  expect(kills.every((kill) => kill.at !== undefined)).toBe(true);
  expect(await db.query("select status, count(*)::int as n from outbox group by status")).toEqual([
    { status: "delivered", n: count },
  ]);
  expect(await db.query("select status, count(*)::int as n from notifications group by status")).toEqual([
    { status: "sent", n: count },
  ]);
  const times = new Map<string, number>();
  for (const message of smtp.accepted) times.set(message.messageId, (times.get(message.messageId) ?? 0) + 1);
  expect(times.size).toBe(count);
  // A re-send carries the same Message-ID, so a receiver can drop it; at most one per kill. (Not always
  // the message whose acceptance sent the kill: the server's 250 races the SIGKILL, and on a busy machine
  // the worker may record that one and get its next message accepted before it dies — still one.)
  const doubled = [...times].filter(([, n]) => n > 1).map(([id]) => id);
  expect(doubled.length, `doubled: ${doubled.join(", ")}`).toBeLessThanOrEqual(kills.length);
  expect([...times.values()].every((n) => n <= 2)).toBe(true);
  // The last email arrived within 30 s of the last kill, by the server's own timestamps.
  const lastKill = Math.max(...kills.map((kill) => kill.at ?? 0));
  const lastAccepted = Math.max(...smtp.accepted.map((message) => message.at));
  expect(lastAccepted - lastKill, `the last email came ${lastAccepted - lastKill} ms after the last kill`).toBeLessThan(
    30_000,
  );
}

describe.skipIf(!serverUrl)("a worker killed mid-delivery, on a PostgreSQL server", () => {
  it("two workers, each killed once right after an email was accepted: all delivered, at most one doubled per kill", async () => {
    const count = 300;
    const database = await freshServerDatabase(serverUrl ?? "");
    const db = await connect({ databaseUrl: database.url, poolSize: 2 });
    const workers = new Map<string, WorkerProcess>();
    const kills: Kill[] = [
      { client: "worker-b", afterTotal: 150 },
      { client: "worker-a", afterTotal: 240 },
    ];
    let smtp: LoopbackSmtp | undefined;
    try {
      await seedDelivery(db, { count });
      const killing = await killingSmtp(kills, workers, (client) =>
        startWorkerProcess(database.url, `${client.slice(-1)}2`, workerOptions(smtp as LoopbackSmtp)),
      );
      smtp = killing.smtp;
      for (const name of ["a", "b"]) {
        workers.set(`worker-${name}`, await startWorkerProcess(database.url, name, workerOptions(smtp)));
      }
      for (const worker of workers.values()) worker.go();
      const killed = await Promise.all([...workers.values()].map((w) => w.exited));
      expect(killed.map(([, signal]) => signal)).toEqual(["SIGKILL", "SIGKILL"]);
      const replacements = await Promise.all(killing.restarted);
      const codes = await Promise.all(replacements.map((w) => w.exited));
      expect(codes.map(([code]) => code)).toEqual([0, 0]);
      await expectDeliveredOnce(db, smtp, count, kills);
    } finally {
      for (const worker of workers.values()) if (worker.child.exitCode === null) worker.child.kill();
      await db.close();
      await smtp?.close();
      await database.drop();
    }
  }, 120_000);
});

describe.skipIf(serverUrl)("the worker process killed mid-delivery, on the embedded database", () => {
  it("killed right after an email was accepted and started again: all delivered, at most one doubled", async () => {
    const count = 150;
    const folder = await mkdtemp(join(tmpdir(), "loopwork-crash-"));
    const seeding = await connect({ dataFolder: folder, loadDataDir: await readFile(inject("templateDumpFile")) });
    await seedDelivery(seeding, { count });
    await seeding.close();
    const workers = new Map<string, WorkerProcess>();
    const kills: Kill[] = [{ client: "worker-a", afterTotal: 120 }];
    let smtp: LoopbackSmtp | undefined;
    try {
      const killing = await killingSmtp(kills, workers, () =>
        startWorkerProcess(folder, "a2", workerOptions(smtp as LoopbackSmtp)),
      );
      smtp = killing.smtp;
      const worker = await startWorkerProcess(folder, "a", workerOptions(smtp));
      workers.set("worker-a", worker);
      worker.go();
      expect((await worker.exited)[1]).toBe("SIGKILL");
      const [replacement] = await Promise.all(killing.restarted);
      expect((await replacement?.exited)?.[0]).toBe(0);
      const db = await connect({ dataFolder: folder });
      try {
        await expectDeliveredOnce(db, smtp, count, kills);
      } finally {
        await db.close();
      }
    } finally {
      for (const worker of workers.values()) if (worker.child.exitCode === null) worker.child.kill();
      await smtp?.close();
      await rm(folder, { recursive: true, force: true });
    }
  }, 120_000);
});
