import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDb, serverUrl } from "../../test/helpers/db.js";
import { seedDelivery } from "../../test/helpers/delivery-fixtures.js";
import { type LoopbackWebhook, startLoopbackWebhook } from "../../test/helpers/loopback-webhook.js";
import { verifyAnswerToken } from "../core/answer-link.js";
import type { Db } from "../db/connect.js";
import { retryDeadLetter } from "../services/outbox.js";
import { answerLinkSecretKey, getOrCreateSecret } from "../services/settings.js";
import { deliverDue, startOutboxWorker } from "./outbox-worker.js";

const config = { publicUrl: "https://loop.example", emailFrom: "loopwork@loop.example", workerPollMs: 60_000 };
const secret = "whsec-outbox-test";
// Jitter pinned to its middle: delays are 3/4 of each ceiling (7.5 s, 15 s …), so growth is visible.
const options = { random: () => 0.5 };

interface Row {
  status: string;
  attempts: number;
  last_error: string | null;
  delay_s: number;
  next_attempt_at: Date;
}
const rowOf = async (db: Db, id: string | undefined) =>
  (
    await db.query<Row>(
      `select status, attempts, last_error, next_attempt_at,
              extract(epoch from next_attempt_at - now())::float8 as delay_s from outbox where id = $1`,
      [id],
    )
  )[0];
// Moves a row's retry time to now instead of sleeping until it comes due.
const makeDue = (db: Db, id: string | undefined) =>
  db.query("update outbox set next_attempt_at = now() where id = $1", [id]);

describe(`outbox delivery by webhook (${serverUrl ? "postgres" : "pglite"})`, () => {
  let db: Db;
  let hook: LoopbackWebhook;
  beforeAll(async () => {
    [db, hook] = await Promise.all([freshDb(), startLoopbackWebhook(secret)]);
  });
  afterAll(async () => {
    await db?.close();
    await hook?.close();
  });

  it("posts a signed payload the receiver verifies, once", async () => {
    const seeded = await seedDelivery(db, {
      channelKind: "api",
      channelConfig: { webhookUrl: hook.url, webhookSecret: secret, allowPrivateNetwork: true },
    });
    expect(await deliverDue(db, config, 10, options)).toBe(1);
    const key = `notification:${seeded.notifications[0]}`;
    expect(hook.byKey.get(key)).toBe(1);
    const received = hook.received.find((r) => r.headers["idempotency-key"] === key);
    expect(received?.headers["x-loopwork-delivery"]).toBe(seeded.outbox[0]);
    expect(received?.json).toMatchObject({
      type: "snapback.notification",
      notification: { id: seeded.notifications[0], generation: 1 },
      pattern: { id: seeded.patternId, title: seeded.patternTitle },
      contact: { id: seeded.contacts[0]?.id, email: seeded.contacts[0]?.email },
      signal: { id: seeded.signals[0]?.id, threadRef: "<original-1@mail.example>", title: seeded.signals[0]?.title },
      release: { id: seeded.releaseId, name: "2.4.0", product: { id: seeded.productId } },
    });
    const links = (received?.json as { answerLinks: { works: string; stillBroken: string } } | undefined)
      ?.answerLinks ?? {
      works: "",
      stillBroken: "",
    };
    const linkSecret = await getOrCreateSecret(db, answerLinkSecretKey);
    const token = (link: string) => link.replace("https://loop.example/answers/", "");
    expect(verifyAnswerToken(linkSecret, token(links.works), Date.now()).answer).toBe("works");
    expect(verifyAnswerToken(linkSecret, token(links.stillBroken), Date.now()).answer).toBe("still_broken");
    expect(await rowOf(db, seeded.outbox[0])).toMatchObject({ status: "delivered", attempts: 1 });
    expect(await deliverDue(db, config, 10, options)).toBe(0);
    expect(hook.byKey.get(key)).toBe(1);
    expect(hook.forged).toBe(0);
  });

  it("retries a failing endpoint later and later, then dead-letters it; a retried dead letter is delivered", async () => {
    const seeded = await seedDelivery(db, {
      channelKind: "api",
      channelConfig: { webhookUrl: hook.url, webhookSecret: secret, allowPrivateNetwork: true },
      maxAttempts: 3,
    });
    const id = seeded.outbox[0];
    const key = `notification:${seeded.notifications[0]}`;
    hook.failWith = 500;
    const seen: Row[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(await deliverDue(db, config, 10, options)).toBe(1);
      const row = await rowOf(db, id);
      if (row) seen.push(row);
      await makeDue(db, id);
    }
    hook.failWith = null;
    expect(seen.map((r) => [r.status, r.attempts])).toEqual([
      ["pending", 1],
      ["pending", 2],
      ["dead", 3],
    ]);
    expect(seen[0]?.last_error).toMatch(/answered 500: down for maintenance/);
    expect(seen[0]?.delay_s).toBeCloseTo(7.5, 0);
    expect(seen[1]?.delay_s).toBeCloseTo(15, 0);
    expect(Number(seen[1]?.next_attempt_at)).toBeGreaterThan(Number(seen[0]?.next_attempt_at));
    expect(await db.query("select status from notifications where id = $1", seeded.notifications)).toEqual([
      { status: "failed" },
    ]);
    // A dead row stays dead: no worker picks it up again.
    expect(await deliverDue(db, config, 10, options)).toBe(0);
    expect(hook.byKey.get(key)).toBeUndefined();

    expect(await retryDeadLetter(db, "user:ops", id ?? "")).toMatchObject({ status: "pending", attempts: 0 });
    expect(await deliverDue(db, config, 10, options)).toBe(1);
    expect(hook.byKey.get(key)).toBe(1);
    expect(await rowOf(db, id)).toMatchObject({ status: "delivered", attempts: 1 });
    expect(await db.query("select status from notifications where id = $1", seeded.notifications)).toEqual([
      { status: "sent" },
    ]);
    const events = await db.query<{ entity_type: string; verb: string }>(
      "select entity_type, verb from timeline_events where entity_id = any($1::text[]) order by id",
      [[id, seeded.notifications[0]]],
    );
    expect(events.map((e) => `${e.entity_type} ${e.verb}`)).toEqual([
      "notification dead",
      "outbox dead",
      "outbox retried",
      "notification retried",
      "notification delivered",
      "outbox delivered",
    ]);
  });

  it("refuses to send an unsigned webhook: a channel without a secret dead-letters at once", async () => {
    const seeded = await seedDelivery(db, {
      channelKind: "api",
      channelConfig: { webhookUrl: hook.url, allowPrivateNetwork: true },
    });
    expect(await deliverDue(db, config, 10, options)).toBe(1);
    const row = await rowOf(db, seeded.outbox[0]);
    expect(row).toMatchObject({ status: "dead", attempts: 1 });
    expect(row?.last_error).toMatch(/webhookUrl but no webhookSecret/);
  });

  it("refuses a loopback or private target unless the channel allows it (SSRF), and sends nothing", async () => {
    const before = hook.received.length;
    const refused = await seedDelivery(db, {
      channelKind: "api",
      channelConfig: { webhookUrl: hook.url, webhookSecret: secret },
    });
    const metadata = await seedDelivery(db, {
      channelKind: "api",
      channelConfig: { webhookUrl: "http://169.254.169.254/latest/meta-data", webhookSecret: secret },
    });
    expect(await deliverDue(db, config, 10, options)).toBe(2);
    for (const seeded of [refused, metadata]) {
      const row = await rowOf(db, seeded.outbox[0]);
      expect(row).toMatchObject({ status: "dead", attempts: 1 });
      expect(row?.last_error).toMatch(/private, loopback or link-local/);
    }
    expect(hook.received.length).toBe(before);
  });

  it("reclaims a row whose worker died mid-delivery, but not one whose lock still holds", async () => {
    const seeded = await seedDelivery(db, {
      count: 2,
      channelKind: "api",
      channelConfig: { webhookUrl: hook.url, webhookSecret: secret, allowPrivateNetwork: true },
    });
    const [dead, alive] = seeded.outbox;
    await db.query(
      `update outbox set status = 'sending', attempts = 1,
              locked_until = case when id = $1 then now() - interval '1 second' else now() + interval '1 hour' end
        where id = any($2::uuid[])`,
      [dead, seeded.outbox],
    );
    expect(await deliverDue(db, config, 10, options)).toBe(1);
    expect(await rowOf(db, dead)).toMatchObject({ status: "delivered", attempts: 2 });
    expect(await rowOf(db, alive)).toMatchObject({ status: "sending", attempts: 1 });
  });

  it("wakes on NOTIFY", async () => {
    const worker = await startOutboxWorker(db, config, { ...options, onError: (error) => expect.fail(String(error)) });
    try {
      // The first run (at start) must be over before seeding, or it could be what delivers the rows.
      await worker.drain();
      const seeded = await seedDelivery(db, {
        count: 3,
        channelKind: "api",
        channelConfig: { webhookUrl: hook.url, webhookSecret: secret, allowPrivateNetwork: true },
      });
      // The poll is a minute away: only the NOTIFY can make this happen within the poll's timeout.
      await db.query("select pg_notify('loopwork_outbox', '')");
      await expect
        .poll(() => seeded.notifications.map((n) => hook.byKey.get(`notification:${n}`)), { timeout: 10_000 })
        .toEqual([1, 1, 1]);
    } finally {
      await worker.stop();
    }
    expect(await worker.drain()).toBe(0);
  });

  it("stop() waits for the batch in flight and settles it", async () => {
    const seeded = await seedDelivery(db, {
      channelKind: "api",
      channelConfig: { webhookUrl: hook.url, webhookSecret: secret, allowPrivateNetwork: true },
    });
    let release = () => {};
    hook.hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    const worker = await startOutboxWorker(db, config, options);
    try {
      await expect.poll(() => hook.held).toBe(1);
      let stopped = false;
      const stopping = worker.stop().then(() => {
        stopped = true;
      });
      await new Promise((resolve) => setImmediate(resolve));
      expect(stopped).toBe(false);
      hook.hold = null;
      release();
      await stopping;
    } finally {
      hook.hold = null;
      release();
      await worker.stop();
    }
    expect(await rowOf(db, seeded.outbox[0])).toMatchObject({ status: "delivered", attempts: 1 });
  });

  it("drain() delivers what is due and counts it", async () => {
    const worker = await startOutboxWorker(db, config, options);
    try {
      await worker.drain();
      const seeded = await seedDelivery(db, {
        count: 25,
        channelKind: "api",
        channelConfig: { webhookUrl: hook.url, webhookSecret: secret, allowPrivateNetwork: true },
      });
      expect(await worker.drain()).toBeGreaterThanOrEqual(25);
      expect(seeded.notifications.every((n) => hook.byKey.get(`notification:${n}`) === 1)).toBe(true);
    } finally {
      await worker.stop();
    }
  });
});
