import { startLoopwork } from "../../src/app.js";
import { type Config, configFromEnv } from "../../src/config.js";
import type { Db } from "../../src/db/connect.js";
import { freshDb } from "./db.js";

/** A Loopwork web process on a fresh database, listening on a free loopback port. */
export async function startTestApp(overrides: Partial<Config> = {}) {
  const db: Db = await freshDb();
  const config: Config = {
    ...configFromEnv({}),
    port: 0,
    host: "127.0.0.1",
    roles: { web: true, worker: false },
    ...overrides,
  };
  const running = await startLoopwork(config, db);
  const url = running.url ?? "";
  return {
    db,
    url,
    /** Calls the API with JSON; returns status and parsed body. */
    async call<T = Record<string, unknown>>(
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ) {
      const response = await fetch(url + path, {
        method,
        headers: body === undefined ? headers : { "content-type": "application/json", ...headers },
        body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
    },
    async stop() {
      await running.stop();
      await db.close();
    },
  };
}
export type TestApp = Awaited<ReturnType<typeof startTestApp>>;
