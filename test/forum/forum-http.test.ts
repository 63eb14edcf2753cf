import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { maintainDatabase } from "../../src/jobs/maintain-database.js";
import { deliverDue } from "../../src/jobs/outbox-worker.js";
import { openSecret } from "../../src/services/secret-keys.js";
import { runCli } from "../cli/run-cli.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";
import { seedDelivery } from "../helpers/delivery-fixtures.js";
import { uniqueSlug } from "../helpers/factories.js";
import { type LoopbackDiscourse, startLoopbackDiscourse } from "../helpers/loopback-discourse.js";
import { snapshotTables } from "../helpers/snapshot.js";
import { discourseHeaders, forumUser, postCreated, topicCreated, topicId } from "./discourse-fixtures.js";

const secret = "discourse-webhook-secret-0123456789";
const apiKey = "d1sc0urse-api-key-with-write-scope";
const apiUsername = "loopwork-bot";
const config = { publicUrl: "https://loop.example", emailFrom: "loopwork@loop.example" };
// Retries come due at once: the test drives every attempt itself, without waiting.
const options = { backoff: { baseMs: 0, capMs: 0 } };

let app: TestApp;
let discourse: LoopbackDiscourse;
let channelId: string;
let forumConfig: Record<string, unknown>;

beforeAll(async () => {
  [app, discourse] = await Promise.all([startTestApp(), startLoopbackDiscourse(apiKey, apiUsername)]);
  const loop = await app.call<{ id: string }>("POST", "/loops", { slug: uniqueSlug("loop"), name: "Community" });
  forumConfig = {
    webhookSecret: secret,
    forumUrl: discourse.url,
    forumApiKey: apiKey,
    forumApiUsername: apiUsername,
    allowPrivateNetwork: true,
  };
  const channel = await app.call<{ id: string; config: Record<string, unknown> }>("POST", "/channels", {
    loopId: loop.body.id,
    slug: uniqueSlug("forum"),
    name: "Community forum",
    kind: "forum",
    config: forumConfig,
  });
  expect(channel.status).toBe(201);
  channelId = channel.body.id;
});
afterAll(async () => {
  await app?.stop();
  await discourse?.close();
});

/** Posts a Discourse event to the channel, signed with the channel's secret unless headers say otherwise. */
async function send(event: string, body: unknown, eventId: string | number = randomInt(1, 2 ** 40), headers = {}) {
  const bytes = typeof body === "string" || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  const response = await fetch(`${app.url}/channels/${channelId}/discourse`, {
    method: "POST",
    headers: { ...discourseHeaders(secret, bytes, event, eventId), ...headers },
    body: typeof bytes === "string" ? bytes : new Uint8Array(bytes),
  });
  type Answer = { status: string; signalId?: string; messageId?: string; error?: { code: string } };
  return { status: response.status, body: (await response.json()) as Answer };
}

type Entry = { direction: string; body: string; status: string; externalId: string | null; type: string };
const conversation = async (signalId: string) =>
  (await app.call<{ items: Entry[] }>("GET", `/signals/${signalId}/conversation`)).body.items;

/** A topic or post event as if its topic or post was made at `at` (its created_at, as Discourse signs it). */
function madeAt<T extends { topic: { created_at: string } } | { post: { created_at: string } }>(body: T, at: Date): T {
  const time = at.toISOString();
  if ("topic" in body) return { ...body, topic: { ...body.topic, created_at: time, last_posted_at: time } };
  return { ...body, post: { ...body.post, created_at: time, updated_at: time } };
}

/** A topic opened on the forum: its topic_created and its first post's post_created, as Discourse sends both. */
async function openTopic(title: string, raw: string) {
  const ana = forumUser();
  const id = topicId();
  const topic = await send("topic_created", topicCreated(id, title, ana));
  await send("post_created", postCreated({ id: randomInt(1, 2 ** 40), topicId: id, number: 1, raw, title }, ana));
  return { id, ana, signalId: String(topic.body.signalId) };
}

describe(`forum channel: Discourse in and out (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("never returns the API key, and says it is set", async () => {
    const shown = await app.call<{ config: Record<string, unknown> }>("GET", `/channels/${channelId}`);
    expect(shown.body.config).toMatchObject({
      forumUrl: discourse.url,
      forumApiUsername: apiUsername,
      forumApiKeySet: true,
    });
    expect(JSON.stringify(shown.body)).not.toContain(apiKey);
    expect(JSON.stringify(shown.body)).not.toContain(secret);
  });

  it("is set up from the CLI, which prints the URL to give Discourse", async () => {
    const slug = uniqueSlug("forum");
    const loop = await app.call<{ slug: string }>("POST", "/loops", { slug: uniqueSlug("loop"), name: "CLI loop" });
    const args = ["channel", "add", slug, "--loop", loop.body.slug, "--kind", "forum", "--forum-url", discourse.url];
    const run = await runCli(
      app.url,
      [...args, "--forum-api-key", apiKey, "--forum-api-username", apiUsername, "--secret", secret],
      { token: app.adminToken },
    );
    expect(run.code).toBe(0);
    const [made] = await app.db.query<{ id: string; config: Record<string, unknown> }>(
      "select id, config from channels where slug = $1",
      [slug],
    );
    expect(made?.config).toMatchObject({ forumUrl: discourse.url, forumApiUsername: apiUsername });
    // Stored sealed (docs/SECURITY.md "Secrets at rest"), opened where used.
    expect(JSON.stringify(made?.config)).not.toContain(apiKey);
    expect(openSecret(made?.config.forumApiKey)).toBe(apiKey);
    expect(run.stdout).toContain(`${app.url}/channels/${made?.id}/discourse`);
    expect(run.stdout).not.toContain(apiKey);
  });

  it("makes a signal of a new topic, its first post the signal's text, a reply a message of its conversation", async () => {
    const ana = forumUser("Ana Lima");
    const id = topicId();
    const topic = await send("topic_created", topicCreated(id, "CSV export times out", ana));
    expect(topic).toMatchObject({ status: 200, body: { status: "created" } });
    const opening = postCreated(
      { id: randomInt(1, 2 ** 40), topicId: id, number: 1, raw: "It stops at 30 s.", title: "CSV export times out" },
      ana,
    );
    expect((await send("post_created", opening)).body.status).toBe("joined");
    const signal = await app.call<{ title: string; body: string; threadRef: string; contactId: string }>(
      "GET",
      `/signals/${topic.body.signalId}`,
    );
    expect(signal.body).toMatchObject({
      title: "CSV export times out",
      body: "It stops at 30 s.",
      threadRef: String(id),
    });
    // No email in Discourse's payloads: a contact known by the forum username.
    const contact = await app.call<{ name: string; email: string | null }>("GET", `/contacts/${signal.body.contactId}`);
    expect(contact.body).toMatchObject({ name: "Ana Lima", email: null });

    const later = postCreated(
      { id: randomInt(1, 2 ** 40), topicId: id, number: 2, raw: "Still slow today.", title: "CSV export times out" },
      ana,
    );
    const joined = await send("post_created", later);
    expect(joined.body).toMatchObject({ status: "joined", signalId: topic.body.signalId });
    const items = await conversation(String(topic.body.signalId));
    expect(items.map((m) => [m.direction, m.body])).toEqual([
      ["in", "It stops at 30 s."],
      ["in", "Still slow today."],
    ]);
    // The same person writing again is the same contact.
    const [{ count } = { count: 0 }] = await app.db.query<{ count: number }>(
      "select count(distinct author_contact_id)::int as count from messages where signal_id = $1",
      [topic.body.signalId],
    );
    expect(count).toBe(1);
  });

  it("cuts a long title and opening post between characters, never inside an emoji", async () => {
    const ana = forumUser();
    const title = `${"a".repeat(499)}😀`;
    const topic = await send("topic_created", topicCreated(topicId(), title, ana));
    expect(topic).toMatchObject({ status: 200, body: { status: "created" } });
    const signal = await app.call<{ title: string }>("GET", `/signals/${topic.body.signalId}`);
    expect(signal.body.title).toBe("a".repeat(499));

    // The opening post before its topic: it makes the signal, its text cut at 100,000 characters.
    const id = topicId();
    const raw = `${"r".repeat(99_999)}😀 and more`;
    const post = await send(
      "post_created",
      postCreated({ id: randomInt(1, 2 ** 40), topicId: id, number: 1, raw, title: "Long" }, ana),
    );
    expect(post).toMatchObject({ status: 200, body: { status: "created" } });
    const opened = await app.call<{ body: string }>("GET", `/signals/${post.body.signalId}`);
    expect(opened.body.body).toBe("r".repeat(99_999));
  });

  it("writes nothing, not even the author's contact, when the topic's signal cannot be written", async () => {
    // The database refuses this one title (a trigger standing for any failure of the signal's write).
    await app.db.query(`create function refuse_forum_title() returns trigger language plpgsql as $$
      begin if new.title = 'Refused by the database' then raise exception 'refused for the test'; end if; return new; end $$`);
    await app.db.query(
      "create trigger refuse_forum_title before insert on signals for each row execute function refuse_forum_title()",
    );
    try {
      const before = await snapshotTables(app.db);
      const refused = await send("topic_created", topicCreated(topicId(), "Refused by the database", forumUser()));
      expect(refused.status).toBe(500);
      expect(await snapshotTables(app.db)).toEqual(before);
    } finally {
      await app.db.query("drop trigger refuse_forum_title on signals");
      await app.db.query("drop function refuse_forum_title()");
    }
  });

  it("takes the email when the payload carries one", async () => {
    const bo = forumUser("Bo Chen");
    const email = `${bo.username}@mail.example`;
    const body = topicCreated(topicId(), "Dark mode please", bo);
    const made = await send("topic_created", {
      topic: { ...body.topic, created_by: { ...body.topic.created_by, email } },
    });
    const signal = await app.call<{ contactId: string }>("GET", `/signals/${made.body.signalId}`);
    const contact = await app.call<{ email: string | null }>("GET", `/contacts/${signal.body.contactId}`);
    expect(contact.body.email).toBe(email);
  });

  it("refuses a forged or missing signature with nothing written", async () => {
    const body = JSON.stringify(topicCreated(topicId(), "Forged", forumUser()));
    const before = await snapshotTables(app.db);
    const forged = await send("topic_created", body, 1, { "x-discourse-event-signature": `sha256=${"0".repeat(64)}` });
    expect(forged).toMatchObject({ status: 401, body: { error: { code: "invalid_signature" } } });
    const otherKey = await send("topic_created", body, 2, {
      "x-discourse-event-signature": discourseHeaders("another-secret-0123456789", body, "topic_created", 2)[
        "x-discourse-event-signature"
      ],
    });
    expect(otherKey.status).toBe(401);
    // Signed over other bytes than those sent (a re-encoded body): refused.
    const reencoded = await send("topic_created", `${body} `, 3, {
      "x-discourse-event-signature": discourseHeaders(secret, body, "topic_created", 3)["x-discourse-event-signature"],
    });
    expect(reencoded.status).toBe(401);
    const missing = await fetch(`${app.url}/channels/${channelId}/discourse`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-discourse-event": "topic_created" },
      body,
    });
    expect(missing.status).toBe(401);
    expect(await snapshotTables(app.db)).toEqual(before);
  });

  it("applies a redelivered event once", async () => {
    const body = topicCreated(topicId(), "Replayed topic", forumUser());
    const first = await send("topic_created", body, 777_001);
    const again = await send("topic_created", body, 777_001);
    expect(first.body.status).toBe("created");
    expect(again.body).toMatchObject({ status: "duplicate" });
    // A new event id for the same topic (Discourse's "Redeliver" of an older event) still makes one signal.
    const other = await send("topic_created", body, 777_002);
    expect(other.body).toMatchObject({ status: "duplicate", signalId: first.body.signalId });
    const [{ count } = { count: 0 }] = await app.db.query<{ count: number }>(
      "select count(*)::int as count from signals where channel_id = $1 and title = 'Replayed topic'",
      [channelId],
    );
    expect(count).toBe(1);
  });

  it("refuses a replayed event as stale once its topic or post is older than the 30-day replay window, after its id was forgotten", async () => {
    const day = 86_400_000;
    const ana = forumUser();
    const id = topicId();
    // A topic made 29 days ago (inside the window), taken then; its event id is kept in forum_events.
    const topic = madeAt(topicCreated(id, "Old topic", ana), new Date(Date.now() - 29 * day));
    const first = await send("topic_created", topic, 888_001);
    expect(first).toMatchObject({ status: 200, body: { status: "created" } });
    expect(await send("topic_created", topic, 888_001)).toMatchObject({ status: 200, body: { status: "duplicate" } });
    // 32 days on: the worker's upkeep forgets event ids older than 31 days, so the table stops growing ...
    await app.db.query(
      "update forum_events set received_at = now() - interval '32 days' where channel_id = $1 and event_id = '888001'",
      [channelId],
    );
    expect((await maintainDatabase(app.db, { githubBodyDays: 30 })).forumEventsForgotten).toBeGreaterThanOrEqual(1);
    const kept = await app.db.query("select 1 from forum_events where channel_id = $1 and event_id = '888001'", [
      channelId,
    ]);
    expect(kept).toEqual([]);
    // ... and the captured delivery, sent again then under its own id or another, is stale by the time its
    // signed body names: nothing written, not even the event id.
    const before = await snapshotTables(app.db);
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 3 * day });
    try {
      for (const eventId of [888_001, 888_002]) {
        expect(await send("topic_created", topic, eventId)).toMatchObject({
          status: 200,
          body: { status: "stale", reason: expect.stringContaining("more than 30 days ago") },
        });
      }
    } finally {
      vi.useRealTimers();
    }
    // A post made 31 days ago is refused the first time too, even in a signal's topic: Discourse sends a
    // post's event when it is made, so one that old is a replay (here, of a post never taken).
    const post = { id: randomInt(1, 2 ** 40), topicId: id, number: 2, raw: "An old reply.", title: "Old topic" };
    const old = madeAt(postCreated(post, forumUser()), new Date(Date.now() - 31 * day));
    expect(await send("post_created", old, 888_003)).toMatchObject({ status: 200, body: { status: "stale" } });
    expect(await snapshotTables(app.db)).toEqual(before);
    expect(await conversation(String(first.body.signalId))).not.toContainEqual(
      expect.objectContaining({ body: "An old reply." }),
    );
  });

  it("answers malformed JSON and payloads of another shape with stable codes", async () => {
    expect(await send("topic_created", "{not json")).toMatchObject({
      status: 400,
      body: { error: { code: "invalid_json" } },
    });
    expect(await send("post_created", { post: { id: "x" } })).toMatchObject({
      status: 400,
      body: { error: { code: "invalid_input" } },
    });
    expect((await send("ping", { ping: "OK" })).body.status).toBe("ignored");
  });

  it("refuses a signed event holding bytes that are not UTF-8 (invalid_json), storing nothing in their place", async () => {
    const before = await snapshotTables(app.db);
    // A topic title in Latin-1 ("Café"): its é is one byte, 0xE9, which is no UTF-8.
    const latin1 = Buffer.from(JSON.stringify(topicCreated(topicId(), "Café menu broken", forumUser())), "latin1");
    expect(await send("topic_created", latin1)).toMatchObject({
      status: 400,
      body: { error: { code: "invalid_json", path: "body", message: expect.stringContaining("not UTF-8") } },
    });
    expect(await snapshotTables(app.db)).toEqual(before);
  });

  it("ignores private messages, whispers, posts outside a signal's topic and the channel's own posts", async () => {
    const pm = topicCreated(topicId(), "A private message", forumUser(), "private_message");
    expect((await send("topic_created", pm)).body.status).toBe("ignored");
    const { id } = await openTopic("Whispered about", "Hello");
    const staff = forumUser("Staff Member");
    const whisper = postCreated(
      { id: randomInt(1, 2 ** 40), topicId: id, number: 3, raw: "internal", title: "t", type: 4 },
      staff,
    );
    expect((await send("post_created", whisper)).body.status).toBe("ignored");
    const elsewhere = postCreated(
      { id: randomInt(1, 2 ** 40), topicId: topicId(), number: 7, raw: "old topic", title: "t" },
      staff,
    );
    expect((await send("post_created", elsewhere)).body.status).toBe("ignored");
    const bot = { id: 2, username: apiUsername, name: "Loopwork" };
    const ours = postCreated({ id: randomInt(1, 2 ** 40), topicId: id, number: 4, raw: "our reply", title: "t" }, bot);
    expect((await send("post_created", ours)).body.status).toBe("ignored");
  });

  it("posts a builder's reply in the topic, once, with the channel's Api-Key and Api-Username", async () => {
    const { id, signalId } = await openTopic("Login loops", "I keep getting logged out.");
    const replied = await app.call<Entry>("POST", `/signals/${signalId}/replies`, { body: "Thanks! Which browser?" });
    expect(replied.status).toBe(202);
    const before = discourse.posts.length;
    expect(await deliverDue(app.db, config, 10, options)).toBeGreaterThanOrEqual(1);
    const posted = discourse.posts.slice(before);
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ path: "/posts.json", topicId: id });
    expect(posted[0]?.headers["api-key"]).toBe(apiKey);
    expect(posted[0]?.headers["api-username"]).toBe(apiUsername);
    expect(posted[0]?.raw).toMatch(/^Thanks! Which browser\?\n\n<!-- loopwork:reply:/);
    const items = await conversation(signalId);
    expect(items.at(-1)).toMatchObject({
      direction: "out",
      status: "sent",
      externalId: `${channelId}:post:${posted[0]?.id}`,
    });
    // Nothing more to deliver: a second run posts nothing.
    await deliverDue(app.db, config, 10, options);
    expect(discourse.posts.length).toBe(before + 1);
  });

  it("does not post twice when an attempt died after Discourse took the post", async () => {
    const { signalId } = await openTopic("Upload fails", "PNG uploads fail.");
    await app.call("POST", `/signals/${signalId}/replies`, { body: "Looking into it." });
    const before = discourse.posts.length;
    discourse.dropAfterNextPost = true;
    await deliverDue(app.db, config, 10, options);
    expect(discourse.posts.length).toBe(before + 1);
    const reads = discourse.rawReads;
    // The retry finds its marker in the topic and posts nothing.
    await deliverDue(app.db, config, 10, options);
    expect(discourse.rawReads).toBeGreaterThan(reads);
    expect(discourse.posts.length).toBe(before + 1);
    expect((await conversation(signalId)).at(-1)).toMatchObject({ direction: "out", status: "sent" });
  });

  it("posts a snapback notification in the topic of a forum signal, with its answer links", async () => {
    const seeded = await seedDelivery(app.db, { channelKind: "forum", channelConfig: forumConfig, withEmail: false });
    const topic = topicId();
    await app.db.query("update signals set thread_ref = $2 where id = $1", [seeded.signals[0]?.id, String(topic)]);
    const before = discourse.posts.length;
    await deliverDue(app.db, config, 10, options);
    const posted = discourse.posts.slice(before);
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ topicId: topic });
    expect(posted[0]?.headers["api-username"]).toBe(apiUsername);
    expect(posted[0]?.raw).toContain(seeded.patternTitle.replace(/([\\`*_[\]<>#|])/g, "\\$1"));
    expect(posted[0]?.raw).toMatch(/\[It works now\]\(https:\/\/loop\.example\/answers\/[^)]+\)/);
    const [n] = await app.db.query<{ status: string }>("select status from notifications where id = $1", [
      seeded.notifications[0],
    ]);
    expect(n?.status).toBe("sent");
  });

  it("retries a failing Discourse, then dead-letters the reply with Discourse's reason", async () => {
    const { signalId } = await openTopic("Search is slow", "Takes ages.");
    const replied = await app.call<{ id: string }>("POST", `/signals/${signalId}/replies`, { body: "On it." });
    await app.db.query("update outbox set max_attempts = 3 where kind = 'reply' and payload->>'messageId' = $1", [
      replied.body.id,
    ]);
    discourse.failWith = 503;
    try {
      for (let i = 0; i < 3; i++) await deliverDue(app.db, config, 10, options);
    } finally {
      discourse.failWith = null;
    }
    const [row] = await app.db.query<{ status: string; attempts: number; last_error: string; transport: string }>(
      "select status, attempts, last_error, transport from outbox where kind = 'reply' and payload->>'messageId' = $1",
      [replied.body.id],
    );
    expect(row).toMatchObject({ status: "dead", attempts: 3, transport: "forum" });
    expect(row?.last_error).toMatch(
      /Gave up after 3 attempts: Discourse answered 503: Discourse is down for maintenance/,
    );
    expect((await conversation(signalId)).at(-1)).toMatchObject({ direction: "out", status: "failed" });
  });
});
