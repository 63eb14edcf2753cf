// What the shared rate limit costs a request: one upsert per limited request, timed alone.
// `node bin/run-ts.js bench/rate-limit.ts [postgres://… server URL]`
import { consumeRateLimit } from "../src/services/consume-rate-limit.js";
import { type BenchDatabase, openPglite, openServer } from "./databases.js";

const calls = 3000;

async function measure(bench: BenchDatabase): Promise<Record<string, unknown>> {
  const limit = { key: "bench:one-credential", max: 1_000_000, windowSeconds: 60 };
  for (let i = 0; i < 300; i++) await consumeRateLimit(bench.db, limit); // warm-up
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    await consumeRateLimit(bench.db, limit);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => Number((times[Math.floor(q * (times.length - 1))] ?? 0).toFixed(3));
  return {
    benchmark: "rate-limit-upsert",
    driver: bench.driver,
    calls,
    p50Ms: at(0.5),
    p95Ms: at(0.95),
    p99Ms: at(0.99),
  };
}

const pglite = await openPglite("memory");
console.log(JSON.stringify(await measure(pglite)));
await pglite.close();
const url = process.argv[2];
if (url) {
  const server = await openServer(url);
  if ("unreachable" in server) console.log(JSON.stringify({ unreachable: server.unreachable }));
  else {
    console.log(JSON.stringify(await measure(server)));
    await server.close();
  }
}
