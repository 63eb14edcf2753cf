import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { Webhooks } from "@octokit/webhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverDue } from "../../src/jobs/deliver-due.js";
import { cliJson, runCli } from "../cli/run-cli.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";
import { uniqueSlug } from "../helpers/factories.js";
import { githubExample as example } from "../helpers/github-examples.js";

const secret = "a-github-webhook-secret-of-32-chars";
const repo = "Codertocat/Hello-World";
let app: TestApp;
let channelId: string;
let otherChannelId: string;

/** Posts a payload to the channel's GitHub endpoint (channelId unless told), signed with key. */
async function deliver(event: string, payload: unknown, key = secret, channel = channelId) {
  const body = JSON.stringify(payload);
  const response = await fetch(`${app.url}/channels/${channel}/github`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": event,
      "x-github-delivery": randomUUID(),
      "x-hub-signature-256": await new Webhooks({ secret: key }).sign(body),
    },
    body,
  });
  return response.status;
}

type Health = {
  lastInbound: { at: string; what: string } | null;
  lastOutbound: unknown;
  outbox: { pending: number; retrying: number; dead: number };
  dead: { id: string; direction: string; lastError: string | null }[];
  recentErrors: { at: string; code: string; reason: string; deliveryId: string | null }[];
};

beforeAll(async () => {
  app = await startTestApp();
  const loopId = (await app.call<{ id: string }>("POST", "/loops", { slug: uniqueSlug("core"), name: "Core" })).body.id;
  const make = async (slug: string) =>
    (
      await app.call<{ id: string }>("POST", "/channels", {
        loopId,
        slug: uniqueSlug(slug),
        name: "GitHub issues",
        kind: "github",
        config: { repository: repo, webhookSecret: secret, githubRole: "feedback" },
      })
    ).body.id;
  channelId = await make("gh");
  otherChannelId = await make("gh-other");
});
afterAll(async () => app?.stop());

describe(`channel health and replay (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("shows the last delivery in, refused signatures, pending and dead deliveries; replays a dead inbound one", async () => {
    const fresh = await app.call<Health>("GET", `/channels/${channelId}/health`);
    expect(fresh.status).toBe(200);
    expect(fresh.body).toMatchObject({ lastInbound: null, lastOutbound: null, outbox: { pending: 0, dead: 0 } });

    expect(await deliver("issues", example("issues", "opened"))).toBe(202);
    expect(await deliver("issues", example("issues", "opened"), "a-forged-secret-of-enough-length")).toBe(401);
    const queued = await app.call<Health>("GET", `/channels/${channelId}/health`);
    expect(queued.body.lastInbound?.what).toMatch(/^GitHub issues event /);
    expect(queued.body.outbox).toEqual({ pending: 1, retrying: 0, dead: 0 });
    expect(queued.body.recentErrors).toEqual([
      expect.objectContaining({ code: "invalid_signature", deliveryId: null }),
    ]);

    // The worker gave up on it (as after its retry window): the event is a dead letter of the channel.
    const [row] = await app.db.query<{ id: string }>(
      "update outbox set status = 'dead', attempts = 5, last_error = 'applying failed: database was away' where kind = 'github_event' and payload->>'channelId' = $1 returning id",
      [channelId],
    );
    const deadId = row?.id ?? "";
    const dead = await app.call<Health>("GET", `/channels/${channelId}/health`);
    expect(dead.body.outbox).toEqual({ pending: 0, retrying: 0, dead: 1 });
    expect(dead.body.dead).toEqual([expect.objectContaining({ id: deadId, direction: "in" })]);
    expect(dead.body.recentErrors).toContainEqual(
      expect.objectContaining({
        code: "delivery_failed",
        reason: "applying failed: database was away",
        deliveryId: deadId,
      }),
    );

    // Not a delivery of another channel, and not unknown.
    const foreign = await app.call<{ error: { code: string } }>(
      "POST",
      `/channels/${otherChannelId}/deliveries/${deadId}/replay`,
    );
    expect(foreign).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
    const replayed = await app.call<{ status: string; attempts: number }>(
      "POST",
      `/channels/${channelId}/deliveries/${deadId}/replay`,
    );
    expect(replayed).toMatchObject({ status: 200, body: { status: "pending", attempts: 0 } });
    const again = await app.call<{ error: { code: string } }>(
      "POST",
      `/channels/${channelId}/deliveries/${deadId}/replay`,
    );
    expect(again).toMatchObject({ status: 409, body: { error: { code: "invalid_transition" } } });

    // Replayed, the worker applies it: the issue becomes a signal of the channel.
    while ((await deliverDue(app.db, { publicUrl: app.url, emailFrom: "Loopwork <l@loop.example>" }, 20)) > 0);
    const applied = await app.call<Health>("GET", `/channels/${channelId}/health`);
    expect(applied.body.outbox).toEqual({ pending: 0, retrying: 0, dead: 0 });
    expect(applied.body.lastInbound?.what).toMatch(/^signal: /);
  });

  it("says when the events that come are another repository's (renamed or transferred): each is ignored", async () => {
    const renamed = structuredClone(example("issues", "opened")) as { repository: { full_name: string } };
    renamed.repository.full_name = "Codertocat/Hello-World-Renamed";
    // Forged once, then every event of the renamed repository: one line for the run, the forgery kept.
    expect(await deliver("issues", renamed, "a-forged-secret-of-enough-length", otherChannelId)).toBe(401);
    for (const n of [1, 2, 3]) {
      const again = { ...renamed, loopwork_test_sequence: n };
      expect(await deliver("issues", again, secret, otherChannelId)).toBe(202);
    }
    while ((await deliverDue(app.db, { publicUrl: app.url, emailFrom: "Loopwork <l@loop.example>" }, 20)) > 0);
    const health = await app.call<Health>("GET", `/channels/${otherChannelId}/health`);
    expect(health.body.recentErrors.map((e) => e.code)).toEqual(["github_other_repository", "invalid_signature"]);
    expect(health.body.recentErrors).toContainEqual(
      expect.objectContaining({
        code: "github_other_repository",
        reason:
          "Ignored an event of Codertocat/Hello-World-Renamed, not of the channel's repository Codertocat/Hello-World: was it renamed or transferred? Set the channel's repository to it.",
      }),
    );
    const signals = await app.db.query("select 1 from signals where channel_id = $1", [otherChannelId]);
    expect(signals).toHaveLength(0);
  });

  it("lists every owned channel's health, and the CLI shows it", async () => {
    const all = await app.call<{ items: { channelId: string }[] }>("GET", "/channels/health");
    expect(all.status).toBe(200);
    expect(all.body.items.map((h) => h.channelId)).toEqual(expect.arrayContaining([channelId, otherChannelId]));
    const one = await cliJson<{ channelId: string }>(app.url, ["channel", "health", channelId], {
      token: app.adminToken,
    });
    expect(one).toMatchObject({ channelId });
    const table = await runCli(app.url, ["channel", "health"], { token: app.adminToken });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/PENDING\s+RETRYING\s+DEAD/);
    // The last inbound time says its zone, as every time the CLI prints.
    expect(table.stdout).toMatch(/ \d{4}-\d\d-\d\d \d\d:\d\d UTC /);
    expect(table.stdout.trim().split("\n")).toHaveLength(3);
  });

  it("dates a failing delivery at its failed attempt, not at its next one", async () => {
    // A GitHub that cannot be reached: a port nobody listens on.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as { port: number };
    await new Promise((resolve) => closed.close(resolve));
    const failing = await app.call<{ id: string }>("POST", "/channels", {
      loopId: (await app.call<{ loopId: string }>("GET", `/channels/${channelId}`)).body.loopId,
      slug: uniqueSlug("gh-away"),
      name: "GitHub away",
      kind: "github",
      config: {
        repository: repo,
        webhookSecret: secret,
        githubRole: "feedback",
        githubToken: "ghp_unreachable0123456789",
        githubApiUrl: `http://127.0.0.1:${port}`,
      },
    });
    expect(failing.status).toBe(201);
    const opened = example("issues", "opened");
    Object.assign(opened.issue as object, { number: 7070, html_url: `https://github.com/${repo}/issues/7070` });
    expect(await deliver("issues", opened, secret, failing.body.id)).toBe(202);
    const config = { publicUrl: app.url, emailFrom: "Loopwork <l@loop.example>" };
    while ((await deliverDue(app.db, config, 20)) > 0);
    const [signal] = (await app.call<{ items: { id: string }[] }>("GET", `/signals?channelId=${failing.body.id}`)).body
      .items;
    expect((await app.call("POST", `/signals/${signal?.id}/replies`, { body: "Which browser?" })).status).toBe(202);
    // One attempt, which fails: the next one is due later (backoff).
    await deliverDue(app.db, config, 20);
    const checked = Date.now();
    const health = await app.call<Health>("GET", `/channels/${failing.body.id}/health`);
    expect(health.body.outbox).toMatchObject({ retrying: 1 });
    const [failed] = health.body.recentErrors.filter((e) => e.code === "delivery_failed");
    expect(failed).toBeDefined();
    expect(Date.parse(failed?.at ?? "")).toBeLessThanOrEqual(checked);
  });
});
