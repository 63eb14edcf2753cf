import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signAnswerToken } from "../../src/core/answer-link.js";
import { answerLinkSecretKey, getOrCreateSecret } from "../../src/services/settings.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";
import { seedDelivery } from "../helpers/delivery-fixtures.js";
import { snapshotTables } from "../helpers/snapshot.js";

let app: TestApp;
let answerToken: string;
let seeded: Awaited<ReturnType<typeof seedDelivery>>;

beforeAll(async () => {
  app = await startTestApp();
  seeded = await seedDelivery(app.db);
  answerToken = signAnswerToken(await getOrCreateSecret(app.db, answerLinkSecretKey), {
    notificationId: String(seeded.notifications[0]),
    answer: "works",
    expiresAt: Math.floor(Date.now() / 1000) + 3600,
  });
});
afterAll(async () => app?.stop());

const html = { accept: "text/html" };

/** A new person's invitation link (its path). */
async function invitation(): Promise<string> {
  const made = await app.call<{ invitation: { url: string } }>("POST", "/users", {
    email: `p${Math.random().toString(36).slice(2)}@team.example`,
    name: "Pat",
  });
  expect(made.status).toBe(201);
  return new URL(made.body.invitation.url).pathname;
}

function expectLockedDown(headers: Headers, what: string) {
  expect(headers.get("content-security-policy"), what).toMatch(/default-src 'none'/);
  expect(headers.get("content-security-policy"), what).toMatch(/frame-ancestors 'none'/);
  expect(headers.get("cache-control"), what).toBe("no-store");
}

describe(`the server's own pages (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("send a Content-Security-Policy and Cache-Control: no-store", async () => {
    const link = await invitation();
    const form = await app.call("GET", link, undefined, html, "anonymous");
    expect(form.status).toBe(200);
    expectLockedDown(form.headers, "the invitation form");
    const welcome = await app.call("POST", link, { password: "a long enough password" }, html, "anonymous");
    expect(welcome.status).toBe(200);
    expect(String(welcome.body)).toContain("Welcome");
    expectLockedDown(welcome.headers, "the welcome page");
    expectLockedDown((await app.call("GET", link, undefined, html, "anonymous")).headers, "a used link's page");
    expectLockedDown((await app.call("GET", "/setup/lwl_unknown", undefined, html)).headers, "the setup form");
    const question = await app.call("GET", `/answers/${answerToken}`, undefined, html, "anonymous");
    expect(question.status).toBe(200);
    expectLockedDown(question.headers, "the answer page");
    // The page says what it asks about: the person's own report and where the fix is live.
    expect(String(question.body)).toContain(`You told us about “${seeded.signals[0]?.title}”`);
    expect(String(question.body)).toMatch(/The fix for “[^”]+” is live in [^(]+ \(production\)/);
    const thanks = await app.call("POST", `/answers/${answerToken}`, { answer: "works" }, html, "anonymous");
    expect(thanks.status).toBe(200);
    expectLockedDown(thanks.headers, "the thank-you page");
  });

  it("serve /docs under a policy that runs only its own scripts", async () => {
    const docs = await fetch(`${app.url}/docs/static/index.html`);
    expect(docs.status).toBe(200);
    const policy = docs.headers.get("content-security-policy") ?? "";
    expect(policy).toMatch(/script-src 'self'(;|$)/);
    expect(policy).toMatch(/frame-ancestors 'none'/);
    expect(policy).toMatch(/object-src 'none'/);
  });

  it("never let a cache keep an answer that carries a session, CSRF token, API token or link", async () => {
    const link = await invitation();
    const accepted = await app.call("POST", link, { password: "another long password" }, {}, "anonymous");
    expect(accepted.headers.get("cache-control"), "POST /invitations/:token").toBe("no-store");
    const made = await app.call<{ user: { email: string } }>("GET", "/session", undefined, {});
    expect(made.headers.get("cache-control"), "GET /session").toBe("no-store");
    const users = await app.call<{ items: { email: string; signedUp: boolean }[] }>("GET", "/users");
    const email = users.body.items.find((u) => u.signedUp && u.email.startsWith("p"))?.email ?? "";
    const session = await fetch(`${app.url}/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password: "another long password" }),
    });
    expect(session.status).toBe(200);
    expect(session.headers.get("cache-control"), "POST /session").toBe("no-store");
    const token = await app.call("POST", "/tokens", { name: "cache test", scope: "read" });
    expect(token.status).toBe(201);
    expect(token.headers.get("cache-control"), "POST /tokens").toBe("no-store");
    const invited = await app.call("POST", "/users", { email: "q@team.example", name: "Q" });
    expect(invited.headers.get("cache-control"), "POST /users").toBe("no-store");
  });

  it("refuses unknown fields in an answer, like every other body, and writes nothing", async () => {
    const before = await snapshotTables(app.db);
    const answered = await app.call<{ error: { code: string; path: string } }>(
      "POST",
      `/answers/${answerToken}`,
      { answer: "works", comment: "sneaky" },
      {},
      "anonymous",
    );
    expect(answered).toMatchObject({ status: 400, body: { error: { code: "invalid_input", path: "body.comment" } } });
    expect(await snapshotTables(app.db)).toEqual(before);
  });
});

describe("Strict-Transport-Security", () => {
  it("is sent when the public URL is https, and not otherwise", async () => {
    expect((await fetch(`${app.url}/health`)).headers.get("strict-transport-security")).toBeNull();
    const secure = await startTestApp({ publicUrl: "https://loopwork.example" }, { admin: false });
    try {
      const answer = await fetch(`${secure.url}/health`);
      expect(answer.headers.get("strict-transport-security")).toBe("max-age=31536000");
    } finally {
      await secure.stop();
    }
  });
});
