// Writes the OpenAPI document exactly as a server serves it at GET /openapi.json, for linters and client
// generators: `node bin/run-ts.js scripts/write-openapi.ts <file>`. No database is opened: building the
// server touches none, and the document's route answers without one.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { configFromEnv } from "../src/config.js";
import type { Db } from "../src/db/connect.js";
import { buildServer } from "../src/http/server.js";
import type { TimelineHub } from "../src/http/timeline-hub.js";

const file = process.argv[2] ?? ".openapi/openapi.json";
const server = await buildServer({
  db: undefined as unknown as Db,
  config: configFromEnv(),
  timeline: undefined as unknown as TimelineHub,
});
const response = await server.inject({ method: "GET", url: "/openapi.json" });
if (response.statusCode !== 200) throw new Error(`GET /openapi.json answered ${response.statusCode}`);
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, `${JSON.stringify(response.json(), null, 2)}\n`);
await server.close();
console.log(`wrote ${file}`);
