import { createHmac, randomUUID } from "node:crypto";
import examples from "@octokit/webhooks-examples";
import { CpuMeter } from "./cpu.js";
import type { BenchDatabase } from "./databases.js";
import type { BenchOptions } from "./options.js";
import { emit, log, now, round, since, summarize } from "./report.js";
import { JsonClient, startServerProcess } from "./server-process.js";

/** The target: GitHub webhooks accepted per second at the HTTP layer on the PostgreSQL server. */
const target = 1000;
const secret = "bench-github-webhook-secret-0123456789";

/** One delivery of the mix: its channel, its event, and its payload as JSON text. */
interface Delivery {
  channel: "feedback" | "component";
  event: string;
  json: string;
}

/**
 * The bytes and signature of the n-th delivery of a payload: each GitHub sends is a body of its own, and
 * Loopwork takes a body it has seen under a fresh X-GitHub-Delivery for a replay (`duplicate`, migration
 * 0040) — so each request's body carries its sequence number, signed as GitHub signs (HMAC-SHA256).
 */
function signedAt(d: Delivery, n: number): { raw: Buffer; signature: string } {
  const raw = Buffer.from(`${d.json.slice(0, -1)},"loopwork_bench_sequence":${n}}`);
  return { raw, signature: `sha256=${createHmac("sha256", secret).update(raw).digest("hex")}` };
}

/** Real payloads (@octokit/webhooks-examples) of the events Loopwork maps, in the mix a busy repository sends. */
function deliveries(): Delivery[] {
  const all = examples as unknown as { name: string; examples: Record<string, unknown>[] }[];
  const first = (event: string, action?: string) => {
    const found = all.find((e) => e.name === event)?.examples.find((x) => !action || x.action === action);
    if (!found) throw new Error(`no example of ${event} ${action ?? ""}`);
    // Changed now: an example's time (2019) is past the replay window, and a delivery that old is stale.
    const copy = structuredClone(found);
    for (const key of ["issue", "comment", "pull_request", "deployment_status"]) {
      if (copy[key] && typeof copy[key] === "object")
        Object.assign(copy[key], { updated_at: new Date().toISOString() });
    }
    return copy;
  };
  const mix: [Delivery["channel"], string, Record<string, unknown>][] = [
    ["feedback", "issues", first("issues", "opened")],
    ["feedback", "issue_comment", first("issue_comment", "created")],
    ["feedback", "issue_comment", first("issue_comment", "created")],
    ["component", "pull_request", first("pull_request", "opened")],
    ["component", "pull_request", first("pull_request", "closed")],
    ["component", "push", first("push")],
    ["component", "release", first("release", "published")],
    ["component", "deployment_status", first("deployment_status")],
  ];
  return mix.map(([channel, event, payload]) => ({ channel, event, json: JSON.stringify(payload) }));
}

/**
 * GitHub webhooks accepted per second: `loopwork start --role web` in a child process on the benchmark's
 * PostgreSQL database, `concurrency` keep-alive connections posting real payloads with real signatures,
 * each with a new X-GitHub-Delivery, so each is verified (HMAC-SHA256 over the raw body), parsed and
 * queued as an outbox row before the 202 (no worker runs: applying them is the worker's, not measured
 * here). The reference, in the same run on the same server and connections: GET /health.
 */
export async function benchGithubWebhooks(database: BenchDatabase, options: BenchOptions): Promise<void> {
  if (!database.url) throw new Error("the GitHub webhook benchmark runs against a PostgreSQL server");
  const [loop] = await database.db.query<{ id: string }>(
    "insert into loops (slug, name) values ('bench-github', 'GitHub') returning id",
  );
  const [component] = await database.db.query<{ id: string }>(
    "insert into components (slug, name) values ('bench-github-web', 'Web') returning id",
  );
  const channelIds = { feedback: "", component: "" };
  for (const role of ["feedback", "component"] as const) {
    const [row] = await database.db.query<{ id: string }>(
      "insert into channels (loop_id, slug, name, kind, config) values ($1, $2, $2, 'github', $3) returning id",
      [
        loop?.id,
        `bench-github-${role}`,
        JSON.stringify({
          repository: "Codertocat/Hello-World",
          webhookSecret: secret,
          githubRole: role,
          ...(role === "component" ? { componentId: component?.id } : {}),
        }),
      ],
    );
    channelIds[role] = String(row?.id);
  }
  const signed = deliveries();
  const requests = options.quick ? 2000 : options.httpRequests;
  const warmup = options.quick ? 200 : options.httpWarmup;
  const server = await startServerProcess({ databaseUrl: database.url, pglite: options.pglite });
  const client = new JsonClient(server.url, options.concurrency);
  try {
    const health = async () => {
      const response = await client.get("/health");
      if (response.status !== 200) throw new Error(`GET /health answered ${response.status}`);
    };
    let sent = 0;
    const webhook = async () => {
      const n = sent++;
      const d = signed[n % signed.length] as Delivery;
      const { raw, signature } = signedAt(d, n);
      const response = await client.post(`/channels/${channelIds[d.channel]}/github`, raw, {
        "x-github-event": d.event,
        "x-github-delivery": randomUUID(),
        "x-hub-signature-256": signature,
        "user-agent": "GitHub-Hookshot/bench",
      });
      if (response.status !== 202)
        throw new Error(`a webhook answered ${response.status}: ${JSON.stringify(response.body)}`);
    };
    await fire(health, warmup, options.concurrency);
    const reference = await fire(health, requests, options.concurrency);
    log(`github: reference GET /health ${Math.round(requests / reference.seconds)}/s`);
    await fire(webhook, warmup, options.concurrency);
    const cpu = new CpuMeter(server.pid);
    const measured = await fire(webhook, requests, options.concurrency);
    const used = cpu.read();
    const [queued] = await database.db.query<{ n: number }>(
      "select count(*)::int as n from outbox where kind = 'github_event'",
    );
    const rate = requests / measured.seconds;
    const latency = summarize(measured.latencies);
    emit({
      bench: "github.webhooks",
      driver: database.driver,
      value: rate,
      unit: "webhooks/s",
      target,
      // Every delivery sent (warm-up included) is one queued outbox row.
      verified: queued?.n === requests + warmup,
      requests,
      concurrency: options.concurrency,
      events: [...new Set(signed.map((d) => d.event))],
      meanPayloadBytes: Math.round(signed.reduce((n, d) => n + Buffer.byteLength(d.json), 0) / signed.length),
      seconds: round(measured.seconds),
      latencyMs: { p50: latency.p50, p95: latency.p95, max: latency.max },
      referenceHealthPerSecond: round(requests / reference.seconds),
      ratioToReference: round(rate / (requests / reference.seconds)),
      cpuSeconds: {
        webServer: used.server === null ? null : round(used.server),
        postgres: used.postgres === null ? null : round(used.postgres),
        loadGenerator: round(used.loadGenerator),
      },
      serverMsPerWebhook: used.server === null ? null : round((used.server * 1000) / requests),
    });
  } finally {
    client.close();
    await server.stop();
  }
}

/** Runs `call` `count` times, `concurrency` at a time; the seconds it took and each call's latency. */
async function fire(
  call: () => Promise<void>,
  count: number,
  concurrency: number,
): Promise<{ seconds: number; latencies: number[] }> {
  const latencies: number[] = [];
  let next = 0;
  const begin = now();
  const worker = async () => {
    while (next++ < count) {
      const start = now();
      await call();
      latencies.push(since(start));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { seconds: since(begin) / 1000, latencies };
}
