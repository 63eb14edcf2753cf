import { startLoopwork } from "../../src/app.js";
import { type Config, configFromEnv } from "../../src/config.js";
import type { Db } from "../../src/db/connect.js";
import { createToken } from "../../src/services/api-tokens.js";
import { createAdmin } from "../../src/services/create-user.js";
import { inTransaction } from "../../src/services/transaction.js";
import { freshDb } from "./db.js";

/** What a test calls the API with: a token (Bearer), a browser session (cookie + CSRF token) or nothing. */
export type Credential = { token: string } | { cookie: string; csrfToken: string } | "anonymous";

/** The headers that present a credential. */
export function credentialHeaders(credential: Credential, method = "GET"): Record<string, string> {
  if (credential === "anonymous") return {};
  if ("token" in credential) return { authorization: `Bearer ${credential.token}` };
  return method === "GET"
    ? { cookie: credential.cookie }
    : { cookie: credential.cookie, "x-csrf-token": credential.csrfToken };
}

/** An administrator (made as `loopwork admin create` makes one) and an admin-scoped API token of theirs. */
export async function makeAdmin(db: Db, email = "admin@loopwork.test") {
  const admin = await createAdmin(db, { email, name: "Admin", password: "correct horse battery" });
  const principal = {
    userId: admin.id,
    admin: true,
    roles: {},
    scope: "admin" as const,
    loopId: null,
    actor: `user:${admin.id}`,
  };
  const { token } = await inTransaction(db, principal.actor, (tx) =>
    createToken(tx, principal, { name: "tests", scope: "admin" }),
  );
  return { admin, token };
}

/**
 * A Loopwork web process on a fresh database, listening on a free loopback port, with an administrator
 * (made as `loopwork admin create` makes one) and an admin-scoped API token that `call` sends unless told.
 */
export async function startTestApp(overrides: Partial<Config> = {}, options: { admin?: boolean } = {}) {
  const db: Db = await freshDb();
  const config: Config = {
    ...configFromEnv({}),
    port: 0,
    host: "127.0.0.1",
    roles: { web: true, worker: false },
    // Every answer of every HTTP test is checked against the OpenAPI document (src/http/answer-check.ts).
    checkAnswers: true,
    ...overrides,
  };
  const running = await startLoopwork(config, db);
  const url = running.url ?? "";
  // Without one, the first-run setup link printed at start stays the way in (as on a fresh install).
  const { admin, token } = options.admin === false ? { admin: undefined, token: "" } : await makeAdmin(db);
  const adminCredential: Credential = options.admin === false ? "anonymous" : { token };
  return {
    db,
    url,
    /** The web role's Fastify server. */
    server: running.server,
    admin,
    adminCredential,
    /** The administrator's admin-scoped API token ("" without an administrator). */
    adminToken: token,
    setupUrl: running.setupUrl,
    /** The SMTP listener's port, when the config asked the worker role for one. */
    smtpInPort: running.smtpInPort,
    /** Calls the API with JSON as the administrator (or as `as` says); returns status, parsed body and headers. */
    async call<T = Record<string, unknown>>(
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = {},
      as: Credential = adminCredential,
    ) {
      const sent = { ...credentialHeaders(as, method), ...headers };
      const response = await fetch(url + path, {
        method,
        headers: body === undefined ? sent : { "content-type": "application/json", ...sent },
        body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
      });
      const text = await response.text();
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = text;
      }
      return { status: response.status, body: parsed as T, headers: response.headers };
    },
    /** Signs a person in with the API (POST /session) and returns their browser credential. */
    async signIn(email: string, password: string): Promise<Credential> {
      const response = await fetch(`${url}/session`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email, password }),
      });
      if (response.status !== 200)
        throw new Error(`sign-in of ${email} answered ${response.status}: ${await response.text()}`);
      const { csrfToken } = (await response.json()) as { csrfToken: string };
      const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
      return { cookie, csrfToken };
    },
    async stop() {
      await running.stop();
      await db.close();
    },
  };
}
export type TestApp = Awaited<ReturnType<typeof startTestApp>>;

/**
 * Makes the app's database fail the next statement whose SQL `matches`, once (as a dropped connection
 * would): `failed()` says whether it has, `restore()` puts the database back as it was.
 */
export function failOnce(
  app: TestApp,
  matches: (sql: string) => boolean,
): { failed: () => number; restore: () => void } {
  const query = app.db.query;
  let failed = 0;
  app.db.query = (async (sql: string, params?: unknown[], name?: string) => {
    if (failed === 0 && matches(sql)) {
      failed++;
      throw new Error("connection lost");
    }
    return query(sql, params, name);
  }) as typeof query;
  return { failed: () => failed, restore: () => (app.db.query = query) };
}

/**
 * Holds the app's next statement whose SQL `matches` until `release()` (run then, on the same database)
 * or `fail()` (it fails as a dropped connection would): `reached` resolves once it is held.
 */
export function holdOnce(
  app: TestApp,
  matches: (sql: string) => boolean,
): { reached: Promise<void>; release: () => void; fail: () => void; restore: () => void } {
  const query = app.db.query;
  let reach = () => {};
  const reached = new Promise<void>((resolve) => {
    reach = resolve;
  });
  let decide: (go: boolean) => void = () => {};
  const decided = new Promise<boolean>((resolve) => {
    decide = resolve;
  });
  let holding = true;
  app.db.query = (async (sql: string, params?: unknown[], name?: string) => {
    if (holding && matches(sql)) {
      holding = false;
      reach();
      if (!(await decided)) throw new Error("connection lost");
    }
    return query(sql, params, name);
  }) as typeof query;
  return {
    reached,
    release: () => decide(true),
    fail: () => decide(false),
    restore: () => {
      app.db.query = query;
    },
  };
}
