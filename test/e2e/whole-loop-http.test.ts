import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok } from "../helpers/api.js";
import { type Credential, startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";
import { type LoopbackSmtp, startLoopbackSmtp } from "../helpers/loopback-smtp.js";

type Row = { id: string; status?: string };
let smtp: LoopbackSmtp;
let app: TestApp;

beforeAll(async () => {
  smtp = await startLoopbackSmtp();
  app = await startTestApp(
    { smtpUrl: smtp.url, roles: { web: true, worker: true }, workerPollMs: 100 },
    { admin: false },
  );
});
afterAll(async () => {
  await app?.stop();
  await smtp?.close();
});

/** Who the next calls are made as: the steps below sign in as different people and use tokens. */
let as: Credential = "anonymous";

/** Calls the API as whoever `as` is now, and insists on the expected status (helpers/api.ts). */
const okAs = <T = Row>(method: string, path: string, body?: unknown, status?: number) =>
  ok<T>(app, method, path, body, status, as);

/** The browser credential a sign-in answer (session cookie + CSRF token) gives. */
async function signedIn(response: { status: number; body: unknown; headers: Headers }): Promise<Credential> {
  expect(response.status).toBe(200);
  const cookie = response.headers.get("set-cookie") ?? "";
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Lax/);
  return { cookie: cookie.split(";")[0] ?? "", csrfToken: (response.body as { csrfToken: string }).csrfToken };
}

describe(`the whole loop through the HTTP API (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("tells every person in their own thread when the fix reaches both products, once", async () => {
    // First run: the link printed at start makes the first administrator, who is signed in by it.
    expect(app.setupUrl).toMatch(/\/setup\/lwl_/);
    const setupPath = new URL(String(app.setupUrl)).pathname;
    const owner = await signedIn(
      await app.call("POST", setupPath, { email: "olga@notes.example", name: "Olga", password: "owner password 1" }),
    );
    expect(
      (await app.call("POST", setupPath, { email: "x@y.example", name: "X", password: "another password" })).status,
    ).toBe(410);
    as = owner;
    const loop = await okAs("POST", "/loops", { slug: "notes", name: "Notes" });
    // Olga invites a builder; he chooses his password through the one-time link and is signed in.
    const invited = await okAs<{ user: Row; invitation: { url: string } }>("POST", "/users", {
      email: "ben@notes.example",
      name: "Ben",
    });
    await okAs("PUT", `/loops/${loop.id}/members/${invited.user.id}`, { role: "builder" }, 200);
    const builder = await signedIn(
      await app.call(
        "POST",
        new URL(invited.invitation.url).pathname,
        { password: "builder password 1" },
        {},
        "anonymous",
      ),
    );
    // Signed out, the session is worthless; signing in again with the password works.
    expect((await app.call("DELETE", "/session", undefined, {}, builder)).status).toBe(200);
    expect((await app.call("GET", "/session", undefined, {}, builder)).status).toBe(401);
    const ben = await app.signIn("ben@notes.example", "builder password 1");
    const sync = await okAs("POST", "/components", { slug: "sync-engine", name: "Sync engine" });
    const web = await okAs("POST", "/products", { loopId: loop.id, slug: "web", name: "Web", componentIds: [sync.id] });
    const desktop = await okAs("POST", "/products", {
      loopId: loop.id,
      slug: "desktop",
      name: "Desktop",
      componentIds: [sync.id],
    });
    const email = await okAs("POST", "/channels", { loopId: loop.id, slug: "support", name: "Support", kind: "email" });

    // The support inbox's integration posts signals with a write token bound to the loop.
    as = ben;
    const inbox = await okAs<Row & { token: string }>("POST", "/tokens", {
      name: "support inbox",
      scope: "write",
      loopId: loop.id,
    });
    as = { token: inbox.token };

    const people = ["ana@example.com", "bo@example.com", "cy@example.com"];
    const signals = [];
    for (const [i, person] of people.entries()) {
      signals.push(
        await okAs("POST", "/signals", {
          channelId: email.id,
          contact: { email: person, name: person.split("@")[0] },
          title: `My edits vanished (${i + 1})`,
          body: "I typed on two devices and lost a paragraph.",
          urgency: "high",
          threadRef: `<report-${i + 1}@mail.example>`,
          externalId: `<report-${i + 1}@mail.example>`,
        }),
      );
    }
    as = ben;
    const pattern = await okAs("POST", "/patterns", { loopId: loop.id, title: "Edits lost when syncing two devices" });
    await okAs("POST", `/patterns/${pattern.id}/signals`, { signalIds: signals.map((s) => s.id) }, 200);
    const improvement = await okAs("POST", "/improvements", {
      loopId: loop.id,
      title: "Merge concurrent edits",
      why: "People lose work.",
      what: "Edits from two devices merge.",
      how: "A CRDT in the sync engine.",
      productIds: [web.id, desktop.id],
      patternIds: [pattern.id],
    });
    await okAs("PATCH", `/improvements/${improvement.id}`, { status: "approved" });
    const issue = await okAs("POST", "/issues", {
      componentId: sync.id,
      improvementId: improvement.id,
      title: "CRDT merge",
      number: 42,
    });
    const pr = await okAs("POST", "/pull-requests", {
      componentId: sync.id,
      title: "Merge with a CRDT",
      issueIds: [issue.id],
      number: 43,
    });
    await okAs("PATCH", `/pull-requests/${pr.id}`, { status: "merged" });

    // The pipeline holds a deploy-only token: it versions, releases and deploys, and reads nothing else.
    as = owner;
    const pipeline = await okAs<Row & { token: string }>("POST", "/tokens", {
      name: "ci",
      scope: "deploy",
      loopId: loop.id,
    });
    as = { token: pipeline.token };
    expect((await app.call("GET", "/patterns", undefined, {}, as)).status).toBe(403);
    const version = await okAs<Row & { pullRequestIds: string[] }>("POST", "/versions", {
      componentId: sync.id,
      name: "2.4.0",
    });
    expect(version.pullRequestIds).toEqual([pr.id]);
    const releaseA = await okAs("POST", "/releases", { productId: web.id, name: "2026.11" });
    const releaseB = await okAs("POST", "/releases", { productId: desktop.id, name: "7.2.0" });

    type Deployed = {
      deployment: Row;
      snapback: { notificationsQueued: number; improvementsCompleted: string[] } | null;
    };
    const failed = await okAs<Deployed>("POST", "/deployments", {
      releaseId: releaseA.id,
      environment: "production",
      status: "failed",
    });
    expect(failed.snapback).toMatchObject({ replay: false, pullRequestsShipped: 0, notificationsQueued: 0 });
    expect((await okAs("GET", `/pull-requests/${pr.id}`)).status).toBe("merged");
    as = ben;
    expect((await okAs("GET", `/improvements/${improvement.id}`)).status).toBe("approved");
    as = { token: pipeline.token };

    const a = await okAs<Deployed>("POST", "/deployments", {
      releaseId: releaseA.id,
      environment: "production",
      status: "success",
      externalId: "ci-1",
    });
    expect(a.snapback).toMatchObject({ improvementsCompleted: [], notificationsQueued: 0 });

    const b = await okAs<Deployed>("POST", "/deployments", {
      releaseId: releaseB.id,
      environment: "production",
      status: "success",
      externalId: "ci-2",
    });
    expect(b.snapback).toMatchObject({ improvementsCompleted: [improvement.id], notificationsQueued: 3 });
    as = ben;
    expect((await okAs("GET", `/improvements/${improvement.id}`)).status).toBe("completed");
    expect((await okAs("GET", `/patterns/${pattern.id}`)).status).toBe("addressed");

    await expect.poll(() => smtp.messages.length, { timeout: 15_000 }).toBe(3);
    const threads = smtp.messages
      .map((m) => [m.to && "value" in m.to ? m.to.value[0]?.address : "", m.inReplyTo, m.references])
      .sort();
    expect(threads).toEqual(
      people.map((person, i) => [person, `<report-${i + 1}@mail.example>`, `<report-${i + 1}@mail.example>`]),
    );
    for (const message of smtp.messages) expect(message.headers.get("auto-submitted")).toBe("auto-generated");

    // A replayed deployment, and the same release deployed again, send nothing more.
    as = { token: pipeline.token };
    const replay = await okAs<Deployed>(
      "POST",
      "/deployments",
      { releaseId: releaseB.id, environment: "production", status: "success", externalId: "ci-2" },
      200,
    );
    expect(replay.snapback).toMatchObject({ replay: true, pullRequestsShipped: 0, notificationsQueued: 0 });
    const again = await okAs<Deployed>("POST", "/deployments", {
      releaseId: releaseB.id,
      environment: "production",
      status: "success",
    });
    expect(again.snapback?.notificationsQueued).toBe(0);
    as = ben;
    const outbox = await okAs<{ items: { status: string }[] }>("GET", "/outbox");
    expect(outbox.items.map((item) => item.status)).toEqual(["delivered", "delivered", "delivered"]);
    expect(smtp.messages).toHaveLength(3);

    // One person answers "still broken" from the link in their email: the pattern is open again.
    const bo = smtp.messages.find((m) => m.inReplyTo === "<report-2@mail.example>");
    const brokenLink = (bo?.text?.match(/https?:\/\/\S+\/answers\/\S+/g) ?? []).find((l) =>
      l.includes(".still_broken."),
    );
    expect(brokenLink).toBeTruthy();
    const token = String(brokenLink).split("/answers/")[1];
    const page = await fetch(`${app.url}/answers/${token}`);
    expect(page.status).toBe(200);
    expect((await okAs("GET", `/patterns/${pattern.id}`)).status).toBe("addressed");
    as = "anonymous";
    await okAs("POST", `/answers/${token}`, {}, 200);
    as = ben;
    expect((await okAs("GET", `/patterns/${pattern.id}`)).status).toBe("open");
    const answers = await okAs<{ items: { kind: string }[] }>(
      "GET",
      `/signals?patternId=${pattern.id}&kind=still_broken`,
    );
    expect(answers.items).toHaveLength(1);

    // The trace of the deployment reaches everyone it helped; the metrics saw three lead times.
    const trace = await okAs<{ contacts: { email: string }[] }>("GET", `/trace/deployment/${b.deployment.id}`);
    expect(trace.contacts.map((c) => c.email).sort()).toEqual(people);
    const metrics = await okAs<{ signalToSnapback: { count: number } }>("GET", "/metrics");
    expect(metrics.signalToSnapback.count).toBe(3);
  });
});
