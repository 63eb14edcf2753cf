import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import nodemailer from "nodemailer";
import { configFromEnv } from "../src/config.js";
import { startSmtpListener } from "../src/integrations/email/smtp-listener.js";
import type { BenchDatabase } from "./databases.js";
import type { BenchOptions } from "./options.js";
import { emit, log, round } from "./report.js";
import { startSmtpSink } from "./smtp-sink.js";

const target = 200;
const address = "support@bench.example";

/** A customer's email as mail clients send it: text and HTML, a quoted earlier message, a signature. */
const email = (i: number) => ({
  from: `Person ${i} <person-${i}@customer${i % 50}.example>`,
  to: address,
  subject: `Export to CSV times out on large workspaces (#${i})`,
  messageId: `<bench-in-${i}-${Date.now()}@customer.example>`,
  text:
    `Hello,\n\nsince the last update, exporting our workspace to CSV stops after about a minute with "Error 504".\n` +
    `We have ${1000 + i} rows. It worked last week. Steps: Settings → Export → CSV.\n\nThanks,\nPerson ${i}\n-- \nACME Corp, Support lead\n\n` +
    `On Mon, 3 Mar 2025 at 10:00, Support <${address}> wrote:\n> Thanks for writing to us.\n> We will look into it.\n`,
  html:
    `<p>Hello,</p><p>since the last update, exporting our workspace to CSV stops after about a minute with ` +
    `<b>"Error 504"</b>.</p><p>Thanks,<br>Person ${i}</p><blockquote>Thanks for writing to us.</blockquote>`,
});

/** Sends `count` emails over `connections` pooled connections to `port`; seconds from first to last acceptance. */
async function send(port: number, count: number, connections: number, offset: number): Promise<number> {
  const transport = nodemailer.createTransport({
    host: "127.0.0.1",
    port,
    secure: false,
    pool: true,
    maxConnections: connections,
    maxMessages: Number.POSITIVE_INFINITY,
    ignoreTLS: true,
  });
  try {
    const started = performance.now();
    await Promise.all(Array.from({ length: count }, (_, i) => transport.sendMail(email(offset + i))));
    return (performance.now() - started) / 1000;
  } finally {
    transport.close();
  }
}

/**
 * Inbound email over SMTP: `count` customer emails sent over 10 pooled connections to the built-in
 * listener, each parsed (mailparser), stripped of quotes and signature, sanitised and stored as a signal
 * with its message before the listener says 250. The reference, in the same run: the same emails to a
 * sink that only reads them (what SMTP itself costs here).
 */
export async function benchEmailIn(database: BenchDatabase, options: BenchOptions): Promise<void> {
  const count = options.quick ? 200 : 2000;
  // A sending mail server opens several connections to one destination (Postfix: up to 20).
  const connections = 10;
  const [loop] = await database.db.query<{ id: string }>(
    "insert into loops (slug, name) values ('bench-email-in', 'Email in') returning id",
  );
  await database.db.query(
    "insert into channels (loop_id, slug, name, kind, config) values ($1, 'bench-support', 'Support', 'email', $2)",
    [loop?.id, JSON.stringify({ address })],
  );
  const config = { ...configFromEnv({}).emailIn, smtpPort: 0, smtpHost: "127.0.0.1", perSenderPerHour: 0 };
  const listener = await startSmtpListener(database.db, config);
  const sink = await startSmtpSink();
  const loadBefore = loadavg()[0] ?? 0;
  try {
    const sinkPort = Number(new URL(sink.url).port);
    await send(sinkPort, 50, connections, -1000);
    const referenceSeconds = await send(sinkPort, count, connections, 0);
    log(`email in: reference ${Math.round(count / referenceSeconds)} emails/s (a sink that stores nothing)`);
    await send(listener.port, 50, connections, 1_000_000);
    const cpu = process.cpuUsage();
    const seconds = await send(listener.port, count, connections, 2_000_000);
    const used = process.cpuUsage(cpu);
    const [row] = await database.db.query<{ n: number }>(
      "select count(*)::int as n from signals s join channels c on c.id = s.channel_id where c.slug = 'bench-support'",
    );
    const rate = count / seconds;
    emit({
      bench: "email.in",
      driver: database.driver,
      value: rate,
      unit: "emails/s",
      target: database.driver === "postgres" ? target : null,
      // Every email sent became one signal (warm-up included).
      verified: row?.n === count + 50,
      emails: count,
      connections,
      seconds: round(seconds),
      cpuMsPerEmail: round((used.user + used.system) / 1000 / count),
      referenceEmailsPerSecond: round(count / referenceSeconds),
      ratioToReference: round(rate / (count / referenceSeconds)),
      loadAverage: [round(loadBefore), round(loadavg()[0] ?? 0)],
    });
  } finally {
    await listener.close();
    await sink.close();
  }
}
