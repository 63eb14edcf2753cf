import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { buildNotificationEmail } from "../src/integrations/email/notification-email.js";
import { createSmtpSender } from "../src/integrations/email/smtp-sender.js";
import { defaultConcurrency } from "../src/jobs/deliver-due.js";
import { seedDelivery } from "../test/helpers/delivery-fixtures.js";
import { startWorkerProcess } from "../test/helpers/worker-process.js";
import type { BenchDatabase } from "./databases.js";
import type { BenchOptions } from "./options.js";
import { emit, log, round } from "./report.js";
import { startSmtpSink } from "./smtp-sink.js";

const target = 300;

/** A notification email as the worker composes one, for the reference run (no database involved). */
const sample = (i: number) =>
  buildNotificationEmail({
    idempotencyKey: `bench-reference:${i}`,
    from: "Loopwork <loopwork@loop.example>",
    contact: { name: `Person ${i}`, email: `person-${i}@mail.example` },
    signal: {
      title: `Export fails with a timeout #${i}`,
      threadRef: `<original-${i}@mail.example>`,
      channelKind: "email",
    },
    pattern: { title: "CSV export times out" },
    product: { name: "Ledger" },
    release: { name: "2.4.0" },
    environment: "production",
    answerLinks: { works: "https://loop.example/answers/a", stillBroken: "https://loop.example/answers/b" },
    linksExpireAt: new Date(Date.now() + 86_400_000),
    customerLink: "https://loop.example/me/c",
    replyable: true,
  });

/**
 * The reference: how fast one pooled transport sends the same emails to the same sink, no database; and
 * the CPU it took per email (this process: the sender and the sink).
 */
async function reference(url: string, count: number, connections: number) {
  const sender = createSmtpSender(url, { maxConnections: connections });
  try {
    await Promise.all(Array.from({ length: 50 }, (_, i) => sender.send(sample(-1 - i))));
    const started = performance.now();
    const cpu = process.cpuUsage();
    await Promise.all(Array.from({ length: count }, (_, i) => sender.send(sample(i))));
    const used = process.cpuUsage(cpu);
    return {
      rate: count / ((performance.now() - started) / 1000),
      cpuMsPerEmail: (used.user + used.system) / 1000 / count,
    };
  } finally {
    sender.close();
  }
}

/**
 * Delivery of `count` queued notification emails by 2 worker processes (test/fixtures/run-outbox-worker.ts)
 * on the server to a loopback SMTP sink, from "go" to the sink's last acceptance; and, in the same run,
 * the raw send rate of one pooled nodemailer transport to the same sink as the reference.
 */
export async function benchDelivery(database: BenchDatabase, options: BenchOptions): Promise<void> {
  if (!database.url) return;
  const count = options.quick ? 200 : 1000;
  const sink = await startSmtpSink();
  const loadBefore = loadavg()[0] ?? 0;
  try {
    const raw = await reference(sink.url, count, 2 * defaultConcurrency);
    log(`delivery: reference ${Math.round(raw.rate)} emails/s (one pooled transport, no database)`);
    sink.accepted.length = 0;
    // What earlier benchmarks queued (snapback's notifications) is not this run's to deliver.
    await database.db.query(
      "update outbox set status = 'dead', last_error = 'set aside by the delivery benchmark' where status <> 'delivered'",
    );
    await seedDelivery(database.db, { count });
    const workerOptions = { smtpUrl: sink.url, concurrency: defaultConcurrency };
    const workers = await Promise.all(
      ["a", "b"].map((name) => startWorkerProcess(database.url ?? "", name, workerOptions)),
    );
    const started = performance.now();
    const sinkCpuAtGo = process.cpuUsage();
    for (const worker of workers) worker.go();
    const codes = await Promise.all(workers.map((worker) => worker.exited));
    const reports = workers.map(
      (worker) => JSON.parse(worker.output.at(-1) ?? "{}") as { delivered?: number; cpuMs?: number },
    );
    const last = Math.max(...sink.accepted.map((message) => message.at));
    const seconds = (last - started) / 1000;
    const ids = new Set(sink.accepted.map((message) => message.messageId));
    const [row] = await database.db.query<{ n: number }>(
      "select count(*)::int as n from outbox where status = 'delivered'",
    );
    const rate = count / seconds;
    const cpuMs = reports.reduce((sum, report) => sum + (report.cpuMs ?? 0), 0);
    const sinkCpu = process.cpuUsage(sinkCpuAtGo);
    emit({
      bench: "delivery.email",
      driver: database.driver,
      value: rate,
      unit: "emails/s",
      target,
      verified:
        codes.every(([code]) => code === 0) && ids.size === count && sink.accepted.length === count && row?.n === count,
      emails: count,
      workers: workers.length,
      concurrencyPerWorker: defaultConcurrency,
      seconds: round(seconds),
      workerCpuMsPerEmail: round(cpuMs / count),
      sinkCpuMsPerEmail: round((sinkCpu.user + sinkCpu.system) / 1000 / count),
      referenceEmailsPerSecond: round(raw.rate),
      ratioToReference: round(rate / raw.rate),
      referenceCpuMsPerEmail: round(raw.cpuMsPerEmail),
      received: sink.accepted.length,
      loadAverage: [round(loadBefore), round(loadavg()[0] ?? 0)],
    });
  } finally {
    await sink.close();
  }
}
