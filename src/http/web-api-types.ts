import { join } from "node:path";
import openapiTS, { astToString } from "openapi-typescript";
import { configFromEnv } from "../config.js";
import type { Db } from "../db/connect.js";
import { buildServer } from "./server.js";
import type { TimelineHub } from "./timeline-hub.js";
import { projectRoot } from "./workspace-build.js";

/** The committed file the workspace imports its API types from. */
export const webApiTypesFile = join(projectRoot, "web", "src", "api", "schema.d.ts");

/** The workspace's API types, generated from the OpenAPI document the server serves (no database opened). */
export async function webApiTypes(): Promise<string> {
  const server = await buildServer({
    db: undefined as unknown as Db,
    config: { ...configFromEnv({}), publicUrl: "http://localhost:4400" },
    timeline: undefined as unknown as TimelineHub,
  });
  const response = await server.inject({ method: "GET", url: "/openapi.json" });
  await server.close();
  const document = response.json();
  const header = "// Generated from the server's OpenAPI document by `npm run web:types`: do not edit.\n";
  return header + astToString(await openapiTS(document, { alphabetize: false }));
}
