import type { SignalInput } from "../src/services/create-signals.js";
import { adminTokenInDatabase, adminTokenThroughSetup } from "./admin.js";
import { CpuMeter } from "./cpu.js";
import type { BenchDatabase } from "./databases.js";
import type { BenchOptions } from "./options.js";
import { emit, log, now, round, since, summarize } from "./report.js";
import { JsonClient, startServerProcess } from "./server-process.js";
import { Contacts, signalInputs } from "./workload.js";

/** Targets of the HTTP benchmark, in single-signal requests per second. */
export const httpTargets = { postgres: 1000, pglite: 200 } as const;

/**
 * Benchmark 2: POST /signals, one signal per request, against `loopwork start --role web` in a child
 * process, from `concurrency` keep-alive connections. The loop is set up through the API too. Every
 * request carries an administrator's admin-scoped API token (Authorization: Bearer), so each one also
 * pays for its authentication: the token lookup and the check of the loop that owns the channel.
 */
export async function benchHttpSignals(
  driver: "pglite" | "postgres",
  options: BenchOptions,
  database: BenchDatabase,
): Promise<void> {
  // On the server the child uses the benchmark's database: the administrator and token are made in it
  // directly. A PGlite child owns its database: there they are made through its first-run setup link.
  const shared = database.url ? { url: database.url, token: await adminTokenInDatabase(database.db) } : undefined;
  const startup = now();
  const server = await startServerProcess({ databaseUrl: shared?.url, pglite: options.pglite });
  log(`${driver} web server up at ${server.url} in ${Math.round(since(startup))} ms (pid ${server.pid})`);
  const client = new JsonClient(server.url, options.concurrency);
  try {
    client.token = shared?.token ?? (await adminTokenThroughSetup(server, client));
    const label = `bench-http-${Date.now().toString(36)}`;
    const loop = await expect(client.post<{ id: string }>("/loops", { slug: label, name: label }), 201);
    const channel = await expect(
      client.post<{ id: string }>("/channels", {
        loopId: loop.id,
        slug: `${label}-support`,
        name: "Support",
        kind: "email",
      }),
      201,
    );
    const patternIds: string[] = [];
    for (let p = 0; p < options.patterns; p++) {
      patternIds.push(
        (
          await expect(
            client.post<{ id: string }>("/patterns", { loopId: loop.id, title: `${label} pattern ${p}` }),
            201,
          )
        ).id,
      );
    }
    const contacts = new Contacts(`${label}.example.com`, 2);
    // A loop in use, not an empty database: its earlier signals (and people, some of whom write again)
    // arrive first in batches of 1,000. Then the server's tables are analyzed, as autovacuum does on a
    // running server. Without both, connections cache plans made for an empty contacts table (a scan,
    // cheapest there) and keep them while the table grows for the minute autovacuum takes to notice:
    // the benchmark then measured the first minute of a new installation, and moved ±30 % between runs.
    const history = signalInputs(options.httpHistory, {
      channelId: channel.id,
      patternIds,
      contacts,
      label: `${label}-h`,
    });
    for (let start = 0; start < history.inputs.length; start += 1000) {
      await expect(client.post("/signals/batch", { signals: history.inputs.slice(start, start + 1000) }), 201);
    }
    if (shared) await database.db.exec("vacuum analyze");
    const warmup = signalInputs(options.httpWarmup, {
      channelId: channel.id,
      patternIds,
      contacts,
      label: `${label}-w`,
    });
    await fire(client, warmup.inputs, options.concurrency);
    const measured = signalInputs(options.httpRequests, { channelId: channel.id, patternIds, contacts, label });
    const cpu = new CpuMeter(server.pid);
    const start = now();
    const { latencies, doneAt } = await fire(client, measured.inputs, options.concurrency);
    const seconds = since(start) / 1000;
    // Throughput of the last quarter of the requests against the first: below 1 means each request
    // gets slower as the database grows.
    const quarter = Math.max(1, Math.floor(doneAt.length / 4));
    const firstRate = quarter / ((doneAt[quarter - 1] ?? 1) / 1000);
    const lastRate = quarter / (((doneAt.at(-1) ?? 0) - (doneAt.at(-quarter - 1) ?? 0)) / 1000);
    const used = cpu.read();
    const latency = summarize(latencies);
    emit({
      bench: "signals.http",
      driver,
      value: measured.inputs.length / seconds,
      unit: "requests/s",
      target: httpTargets[driver],
      requests: measured.inputs.length,
      warmupRequests: warmup.inputs.length,
      concurrency: options.concurrency,
      seconds: round(seconds),
      newContactShare: round(measured.newContacts / measured.inputs.length),
      historySignals: history.inputs.length,
      latencyMs: { p50: latency.p50, p95: latency.p95, max: latency.max },
      firstQuarterPerSecond: round(firstRate),
      lastQuarterPerSecond: round(lastRate),
      lastToFirst: round(lastRate / firstRate),
      // CPU seconds per part during the measured requests (a 2-core machine: 2 s per elapsed second at most).
      cpuSeconds: {
        webServer: used.server === null ? null : round(used.server),
        postgres: driver === "postgres" && used.postgres !== null ? round(used.postgres) : null,
        loadGenerator: round(used.loadGenerator),
      },
      serverMsPerRequest: used.server === null ? null : round((used.server * 1000) / measured.inputs.length),
    });
  } finally {
    client.close();
    await server.stop();
  }
}

/**
 * Sends every input as its own POST /signals, `concurrency` at a time; returns each request's latency
 * and the times (ms from the start) at which requests completed, in order.
 */
async function fire(
  client: JsonClient,
  inputs: SignalInput[],
  concurrency: number,
): Promise<{ latencies: number[]; doneAt: number[] }> {
  const latencies: number[] = [];
  const doneAt: number[] = [];
  const begin = now();
  let next = 0;
  const worker = async () => {
    while (next < inputs.length) {
      const input = inputs[next++];
      const start = now();
      const response = await client.post("/signals", input);
      latencies.push(since(start));
      doneAt.push(since(begin));
      if (response.status !== 201)
        throw new Error(`POST /signals answered ${response.status}: ${JSON.stringify(response.body)}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { latencies, doneAt };
}

async function expect<T>(request: Promise<{ status: number; body: T }>, status: number): Promise<T> {
  const response = await request;
  if (response.status !== status)
    throw new Error(`expected ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body;
}
