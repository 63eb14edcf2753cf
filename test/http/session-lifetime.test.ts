import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { credentialHeaders, startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";

const day = 24 * 60 * 60_000;
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ sessionMaxAgeMs: 2 * day });
});
afterAll(async () => app?.stop());

/** Signs the administrator in and answers the session's row id and a GET /session with its cookie. */
async function signedIn() {
  const credential = await app.signIn("admin@loopwork.test", "correct horse battery");
  const [row] = await app.db.query<{ id: string }>("select id from sessions order by created_at desc limit 1");
  const ask = () => fetch(`${app.url}/session`, { headers: credentialHeaders(credential) });
  return { id: String(row?.id), ask };
}

describe(`a session's absolute lifetime (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("is set at sign-in from the configuration, and caps the cookie too", async () => {
    const response = await fetch(`${app.url}/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "admin@loopwork.test", password: "correct horse battery" }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("set-cookie")).toMatch(/Max-Age=172800;/);
    const [row] = await app.db.query<{ lifetime_ms: number; idle_within: boolean }>(
      `select (extract(epoch from absolute_expires_at - created_at) * 1000)::float8 as lifetime_ms,
              expires_at <= absolute_expires_at as idle_within
         from sessions order by created_at desc limit 1`,
    );
    expect(row).toEqual({ lifetime_ms: 2 * day, idle_within: true });
  });

  it("is not pushed back by use: the sliding idle expiry stops at it", async () => {
    const { id, ask } = await signedIn();
    // Last seen two hours ago (so this use slides the idle expiry), and ending in an hour whatever happens.
    await app.db.query(
      `update sessions set last_seen_at = now() - interval '2 hours', absolute_expires_at = now() + interval '1 hour'
        where id = $1`,
      [id],
    );
    expect((await ask()).status).toBe(200);
    const [row] = await app.db.query<{ capped: boolean; slid: boolean }>(
      `select expires_at <= absolute_expires_at as capped, last_seen_at > now() - interval '1 minute' as slid
         from sessions where id = $1`,
      [id],
    );
    expect(row).toEqual({ capped: true, slid: true });
  });

  it("ends the session once passed, however recently it was used", async () => {
    const { id, ask } = await signedIn();
    expect((await ask()).status).toBe(200);
    await app.db.query(
      `update sessions set expires_at = now() + interval '10 days', absolute_expires_at = now() - interval '1 second'
        where id = $1`,
      [id],
    );
    const refused = await ask();
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("unauthenticated");
  });
});
