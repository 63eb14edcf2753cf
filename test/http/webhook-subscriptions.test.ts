import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverDue } from "../../src/jobs/outbox-worker.js";
import { cliJson, runCli } from "../cli/run-cli.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";
import { type LoopbackWebhook, startLoopbackWebhook } from "../helpers/loopback-webhook.js";

const secret = "whsec-subscriptions-0123456789";
const config = { publicUrl: "https://loop.example", emailFrom: "loopwork@loop.example" };
const options = { backoff: { baseMs: 0, capMs: 0 } };

let app: TestApp;
let hook: LoopbackWebhook;
beforeAll(async () => {
  [app, hook] = await Promise.all([startTestApp(), startLoopbackWebhook(secret)]);
});
afterAll(async () => {
  await app?.stop();
  await hook?.close();
});

let loops = 0;
/** A loop of its own for each test, with a channel to post signals to (each a signal.created event). */
async function aLoop() {
  const slug = `loop-${++loops}`;
  const loopId = (await app.call<{ id: string }>("POST", "/loops", { slug, name: slug })).body.id;
  const channelId = (
    await app.call<{ id: string }>("POST", "/channels", { loopId, slug: `api-${slug}`, name: "API", kind: "api" })
  ).body.id;
  return {
    loopId,
    subscribe: (body: Record<string, unknown>) =>
      app.call<{ id: string; secret?: string; secretSet?: boolean }>("POST", "/webhook-subscriptions", {
        loopId,
        eventTypes: ["signal.created"],
        ...body,
      }),
    signal: (title: string) => app.call("POST", "/signals", { channelId, title }),
  };
}
const drain = async () => {
  while ((await deliverDue(app.db, config, 50, options)) > 0);
};
const outboxOf = (subscriptionId: string) =>
  app.db.query<{ status: string; attempts: number; last_error: string | null }>(
    "select status, attempts, last_error from outbox where kind = 'event' and payload->>'subscriptionId' = $1",
    [subscriptionId],
  );

describe(`event webhook subscriptions (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("show a secret they made once, then only that one is set; the timeline keeps neither it nor the path", async () => {
    const { loopId, subscribe } = await aLoop();
    const made = await subscribe({ url: "https://hooks.example/loopwork/t0k3n-in-path" });
    expect(made.status).toBe(201);
    expect(made.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{40,}$/);
    const read = await app.call<Record<string, unknown>>("GET", `/webhook-subscriptions/${made.body.id}`);
    expect(read.body).toMatchObject({ id: made.body.id, loopId, eventTypes: ["signal.created"], secretSet: true });
    expect(read.body).not.toHaveProperty("secret");
    const listed = await app.call<{ items: Record<string, unknown>[] }>(
      "GET",
      `/webhook-subscriptions?loopId=${loopId}`,
    );
    expect(listed.body.items.map((s) => s.id)).toContain(made.body.id);
    expect(JSON.stringify(listed.body)).not.toContain(made.body.secret);
    const events = await app.db.query<{ text: string }>(
      "select concat(before::text, after::text) as text from timeline_events where entity_id = $1",
      [made.body.id],
    );
    expect(events).toHaveLength(1);
    expect(events[0]?.text).toContain("hooks.example");
    expect(events[0]?.text).not.toContain("t0k3n");
    expect(events[0]?.text).not.toContain(made.body.secret);
  });

  it("refuse private targets written out, unknown event types and other schemes", async () => {
    const { subscribe } = await aLoop();
    for (const url of [
      "http://127.0.0.1:8080/x",
      "http://[::1]/x",
      "http://localhost/x",
      "http://localhost./x",
      "http://169.254.169.254/",
    ]) {
      const refused = await subscribe({ url });
      expect({ url, status: refused.status, body: refused.body }).toMatchObject({
        status: 400,
        body: { error: { code: "invalid_input", path: "body.url" } },
      });
    }
    expect((await subscribe({ url: "ftp://hooks.example/x" })).status).toBe(400);
    expect((await subscribe({ url: "https://hooks.example/x", eventTypes: ["signal.deleted"] })).status).toBe(400);
    expect((await subscribe({ url: "https://hooks.example/x", eventTypes: [] })).status).toBe(400);
  });

  it("refuse a private target at delivery too (checked when connecting): a dead letter at once, nothing sent", async () => {
    const { subscribe, signal } = await aLoop();
    const made = await subscribe({ url: hook.url, secret, allowPrivateNetwork: true });
    // As if its name now resolved to a private address: the guard at connection time is what stops it.
    await app.db.query("update webhook_subscriptions set allow_private_network = false where id = $1", [made.body.id]);
    await signal("Refused");
    await drain();
    expect(await outboxOf(made.body.id)).toEqual([
      { status: "dead", attempts: 1, last_error: expect.stringMatching(/^Refused to call 127\.0\.0\.1/) },
    ]);
    expect(hook.received).toHaveLength(0);
    expect(hook.failed).toBe(0);
  });

  it("stop sending when removed: deliveries still waiting go dead, and nothing new is queued", async () => {
    const { subscribe, signal } = await aLoop();
    const made = await subscribe({ url: hook.url, secret, allowPrivateNetwork: true });
    hook.failWith = 500;
    await signal("Waiting");
    const attempted = await deliverDue(app.db, config, 50, options);
    hook.failWith = null;
    expect(attempted).toBe(1);
    expect((await app.call("DELETE", `/webhook-subscriptions/${made.body.id}`)).status).toBe(200);
    await signal("After removal");
    await drain();
    expect(await outboxOf(made.body.id)).toEqual([
      { status: "dead", attempts: 2, last_error: `The subscription ${made.body.id} was removed.` },
    ]);
    expect(hook.received).toHaveLength(0);
    expect((await app.call("GET", `/webhook-subscriptions/${made.body.id}`)).status).toBe(404);
  });

  it("sign with a new secret as soon as it is changed, also what was queued before", async () => {
    const { subscribe, signal } = await aLoop();
    const made = await subscribe({ url: hook.url, secret: "whsec-old-0123456789", allowPrivateNetwork: true });
    await signal("Rotated");
    const changed = await app.call("PATCH", `/webhook-subscriptions/${made.body.id}`, { secret });
    expect(changed.status).toBe(200);
    await drain();
    expect(hook.forged).toBe(0);
    const mine = hook.received.filter((r) => (r.json as { subscriptionId: string }).subscriptionId === made.body.id);
    expect(mine).toHaveLength(1);
  });

  // Six runs of the CLI, each a process of its own.
  it("are made, listed and removed with the CLI, which prints a made secret once", { timeout: 120_000 }, async () => {
    const { loopId } = await aLoop();
    const slug = (await app.call<{ slug: string }>("GET", `/loops/${loopId}`)).body.slug;
    const as = { token: app.adminToken };
    const url = "https://ci.example/hooks/loopwork";
    const made = await runCli(
      app.url,
      ["webhook", "subscribe", url, "--loop", slug, "--event", "version.created", "release.created"],
      as,
    );
    expect(made.stderr).toBe("");
    expect(made.stdout).toMatch(
      /^Subscribed https:\/\/ci\.example\/hooks\/loopwork to version\.created, release\.created {2}\S+/,
    );
    expect(made.stdout).toMatch(/shown only now[\s\S]*\n {2}whsec_\S+\n$/);
    const listed = await runCli(app.url, ["webhook", "list", "--loop", slug], as);
    expect(listed.stdout).toContain(url);
    // The loop as commands name it, its slug (not its id).
    expect(listed.stdout).toMatch(new RegExp(`release\\.created +${slug} +\\S+\\n$`));
    expect(listed.stdout).not.toContain("whsec_");
    const [item] = (await cliJson<{ items: { id: string }[] }>(app.url, ["webhook", "list", "--loop", slug], as)).items;
    const removed = await runCli(app.url, ["webhook", "remove", item?.id ?? ""], as);
    expect(removed.stdout).toBe(`Removed the subscription of ${url}  ${item?.id}\n`);
    expect((await cliJson<{ items: unknown[] }>(app.url, ["webhook", "list", "--loop", slug], as)).items).toEqual([]);
    const wrong = await runCli(app.url, ["webhook", "subscribe", url, "--event", "version.deleted"], as);
    expect(wrong.code).toBe(2);
  });

  it("let builders of the subscription's loop retry its dead deliveries, and no one else's builders", async () => {
    const mine = await aLoop();
    const theirs = await aLoop();
    const made = await mine.subscribe({ url: hook.url, secret, allowPrivateNetwork: true });
    await app.db.query("update webhook_subscriptions set allow_private_network = false where id = $1", [made.body.id]);
    await mine.signal("Dead at once");
    await drain();
    const [dead] = await app.db.query<{ id: string }>(
      "select id from outbox where status = 'dead' and payload->>'subscriptionId' = $1",
      [made.body.id],
    );
    const builderOf = async (loopId: string, email: string) => {
      const invited = await app.call<{ user: { id: string }; invitation: { url: string } }>("POST", "/users", {
        email,
        name: email,
      });
      const password = "a long enough password";
      await app.call("POST", new URL(invited.body.invitation.url).pathname, { password }, {}, "anonymous");
      await app.call("PUT", `/loops/${loopId}/members/${invited.body.user.id}`, { role: "builder" });
      return app.signIn(email, password);
    };
    const outsider = await builderOf(theirs.loopId, "otto@team.example");
    const insider = await builderOf(mine.loopId, "bob@team.example");
    const refused = await app.call("POST", `/outbox/${dead?.id}/retry`, undefined, {}, outsider);
    expect(refused.status).toBe(403);
    const retried = await app.call("POST", `/outbox/${dead?.id}/retry`, undefined, {}, insider);
    expect(retried.body).toMatchObject({ status: "pending", attempts: 0 });
  });
});
