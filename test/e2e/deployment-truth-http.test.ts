import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ok } from "../helpers/api.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";
import { type LoopbackSmtp, startLoopbackSmtp } from "../helpers/loopback-smtp.js";

type Row = { id: string; status?: string };
type Outcome = {
  deployment: Row;
  snapback: {
    replay: boolean;
    notificationsQueued: number;
    followUpsQueued: number;
    notificationsCancelled: number;
    patternsAddressed: string[];
    patternsReopened: string[];
  };
};
let smtp: LoopbackSmtp;
let app: TestApp;

beforeAll(async () => {
  smtp = await startLoopbackSmtp();
  app = await startTestApp({ smtpUrl: smtp.url, roles: { web: true, worker: true }, workerPollMs: 50 });
});
afterAll(async () => {
  await app?.stop();
  await smtp?.close();
});

/** Waits until the worker has delivered everything due (or the test's own timeout ends it). */
async function delivered(): Promise<void> {
  for (;;) {
    const [row] = await app.db.query<{ n: number }>(
      "select count(*)::int as n from outbox where status in ('pending', 'sending')",
    );
    if (row?.n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Who received what: each email's recipient and whether it was a fix or its rollback. */
const mailbox = () =>
  smtp.messages.map((m) => {
    const to = Array.isArray(m.to) ? m.to[0] : m.to;
    return `${to?.value[0]?.address} ${/rolled back/.test(m.text ?? "") ? "rolled back" : "fixed"}`;
  });

describe(`deployment truth through the HTTP API and real SMTP (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("tells people when the fix runs in their region, takes it back on rollback, and tells them again", async () => {
    const loop = await ok(app, "POST", "/loops", { slug: "notes", name: "Notes" });
    const sync = await ok(app, "POST", "/components", { slug: "sync", name: "Sync" });
    const web = await ok(app, "POST", "/products", {
      loopId: loop.id,
      slug: "web",
      name: "Web",
      componentIds: [sync.id],
    });
    const channel = await ok(app, "POST", "/channels", { loopId: loop.id, slug: "mail", name: "Mail", kind: "email" });
    // EU people are pinned one by one; the US ones through their account.
    await ok(app, "POST", "/environments", { name: "eu-production", production: true, productId: web.id });
    await ok(app, "POST", "/environments", {
      name: "us-production",
      production: true,
      productId: web.id,
      accounts: ["acme-us"],
    });
    const pattern = await ok(app, "POST", "/patterns", { loopId: loop.id, title: "Sync drops edits" });
    const people = [
      { email: "eu1@example.com" },
      { email: "eu2@example.com" },
      { email: "us1@example.com", account: "acme-us" },
    ];
    for (const contact of people) {
      await ok(app, "POST", "/signals", {
        channelId: channel.id,
        contact,
        title: "My edits vanished",
        threadRef: `<${contact.email}-thread@mail.example>`,
        patternIds: [pattern.id],
      });
    }
    const contacts = await ok<{ items: (Row & { email: string })[] }>(app, "GET", "/contacts?limit=10");
    for (const contact of contacts.items.filter((c) => c.email.startsWith("eu"))) {
      await ok(app, "PATCH", `/contacts/${contact.id}`, { environments: ["eu-production"] });
    }
    const improvement = await ok(app, "POST", "/improvements", {
      loopId: loop.id,
      title: "Merge edits",
      productIds: [web.id],
      patternIds: [pattern.id],
    });
    const issue = await ok(app, "POST", "/issues", {
      componentId: sync.id,
      improvementId: improvement.id,
      title: "Merge",
    });
    const pr = await ok(app, "POST", "/pull-requests", { componentId: sync.id, title: "CRDT", issueIds: [issue.id] });
    await ok(app, "PATCH", `/pull-requests/${pr.id}`, { status: "merged" });
    await ok(app, "POST", "/versions", { componentId: sync.id, name: "1.0.0" });
    const release = await ok(app, "POST", "/releases", { productId: web.id, name: "2026.11" });
    // A run's externalId again is the deployment recorded before: 200, where a new one is 201.
    const deploy = (environment: string, externalId: string, status = 201) =>
      ok<Outcome>(
        app,
        "POST",
        "/deployments",
        { releaseId: release.id, environment, status: "success", externalId },
        status,
      );
    const status = async () => (await ok<Row>(app, "GET", `/patterns/${pattern.id}`)).status;

    // EU first: only the EU people are told; the pattern is addressed. A replay changes nothing.
    const eu = await deploy("eu-production", "eu-1");
    expect(eu.snapback).toMatchObject({ replay: false, notificationsQueued: 2, patternsAddressed: [pattern.id] });
    await delivered();
    expect(mailbox().sort()).toEqual(["eu1@example.com fixed", "eu2@example.com fixed"]);
    expect((await deploy("eu-production", "eu-1", 200)).snapback).toMatchObject({
      replay: true,
      notificationsQueued: 0,
    });

    // Rolled back: the pattern reopens, each EU person hears once, in their own thread.
    const back = await ok<Outcome>(app, "PATCH", `/deployments/${eu.deployment.id}`, { status: "rolled_back" });
    expect(back.snapback).toMatchObject({ followUpsQueued: 2, patternsReopened: [pattern.id] });
    expect(await status()).toBe("open");
    expect(
      (await ok<Outcome>(app, "PATCH", `/deployments/${eu.deployment.id}`, { status: "rolled_back" })).snapback,
    ).toMatchObject({
      replay: true,
      followUpsQueued: 0,
    });
    expect((await deploy("eu-production", "eu-1", 200)).snapback).toMatchObject({
      replay: true,
      notificationsQueued: 0,
    });
    await delivered();
    const followUp = smtp.messages.find((m) => /rolled back/.test(m.text ?? ""));
    expect(followUp?.inReplyTo).toMatch(/-thread@mail\.example>$/);
    expect(
      mailbox()
        .filter((m) => m.endsWith("rolled back"))
        .sort(),
    ).toEqual(["eu1@example.com rolled back", "eu2@example.com rolled back"]);

    // Their thread shows what they were told: that it shipped, then that it was rolled back.
    const eu1 = (await ok<{ items: Row[] }>(app, "GET", "/contacts?email=eu1@example.com")).items[0];
    const [thread] = (await ok<{ items: Row[] }>(app, "GET", `/signals?contactId=${eu1?.id}`)).items;
    const said = await ok<{ items: { type: string; status: string }[] }>(
      app,
      "GET",
      `/signals/${thread?.id}/conversation`,
    );
    expect(said.items.map((entry) => `${entry.type} ${entry.status}`)).toEqual(["snapback sent", "rolled_back sent"]);

    // Live again in the EU: they are told again. Then the US: its person, once.
    expect((await deploy("eu-production", "eu-2")).snapback).toMatchObject({ notificationsQueued: 2 });
    expect(await status()).toBe("addressed");
    const us = await deploy("us-production", "us-1");
    expect(us.snapback).toMatchObject({ notificationsQueued: 1, patternsAddressed: [] });
    expect((await deploy("us-production", "us-1", 200)).snapback).toMatchObject({
      replay: true,
      notificationsQueued: 0,
    });
    await delivered();
    expect(mailbox().sort()).toEqual([
      "eu1@example.com fixed",
      "eu1@example.com fixed",
      "eu1@example.com rolled back",
      "eu2@example.com fixed",
      "eu2@example.com fixed",
      "eu2@example.com rolled back",
      "us1@example.com fixed",
    ]);
    // Which deployment answered whom: the US person by the US deployment.
    const [answered] = await app.db.query<{ deployment_id: string }>(
      `select n.deployment_id from notifications n join contacts c on c.id = n.contact_id
        where c.email = 'us1@example.com' and n.withdrawn_at is null`,
    );
    expect(answered?.deployment_id).toBe(us.deployment.id);

    // The US pipeline runs the release again, then rolls it back: the release no longer runs there, so
    // the US person hears it was rolled back (its first deployment is not left standing for it).
    await deploy("us-production", "us-2");
    const usBack = await ok<Outcome>(
      app,
      "POST",
      "/deployments",
      { releaseId: release.id, environment: "us-production", status: "rolled_back" },
      200,
    );
    expect(usBack.snapback).toMatchObject({ replay: false, followUpsQueued: 1 });
    await delivered();
    expect(mailbox().filter((m) => m.startsWith("us1"))).toEqual([
      "us1@example.com fixed",
      "us1@example.com rolled back",
    ]);
  }, 120_000);
});
