import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDb, serverUrl } from "../../test/helpers/db.js";
import { seedDelivery } from "../../test/helpers/delivery-fixtures.js";
import { type LoopbackWebhook, startLoopbackWebhook } from "../../test/helpers/loopback-webhook.js";
import type { Db } from "../db/connect.js";
import { deliverDue } from "./outbox-worker.js";

const config = { publicUrl: "https://loop.example", emailFrom: "loopwork@loop.example" };
const secret = "whsec-retry-window";
const options = { random: () => 0.5 };

interface Row {
  status: string;
  attempts: number;
  last_error: string | null;
  window_h: number | null;
  wait_beyond_window_s: number | null;
}
const rowOf = async (db: Db, id: string | undefined) =>
  (
    await db.query<Row>(
      `select status, attempts, last_error,
              extract(epoch from retry_until - now())::float8 / 3600 as window_h,
              extract(epoch from next_attempt_at - retry_until)::float8 as wait_beyond_window_s
         from outbox where id = $1`,
      [id],
    )
  )[0];
const makeDue = (db: Db, id: string | undefined) =>
  db.query("update outbox set next_attempt_at = now() where id = $1", [id]);

describe(`delivery retries (${serverUrl ? "postgres" : "pglite"})`, () => {
  let db: Db;
  let hook: LoopbackWebhook;
  beforeAll(async () => {
    [db, hook] = await Promise.all([freshDb(), startLoopbackWebhook(secret)]);
    hook.failWith = 503;
  });
  afterAll(async () => {
    await db?.close();
    await hook?.close();
  });

  const seedFailing = async () => {
    const seeded = await seedDelivery(db, {
      channelKind: "api",
      channelConfig: { webhookUrl: hook.url, webhookSecret: secret, allowPrivateNetwork: true },
    });
    // As snapback queues it: the column's default number of attempts.
    await db.query("update outbox set max_attempts = default where id = $1", [seeded.outbox[0]]);
    return seeded;
  };

  it("keeps retrying for 24 hours from the first failure, far beyond 8 attempts, then dead-letters with the reason", async () => {
    const seeded = await seedFailing();
    const id = seeded.outbox[0];
    for (let attempt = 1; attempt <= 12; attempt++) {
      expect(await deliverDue(db, config, 10, options)).toBe(1);
      await makeDue(db, id);
    }
    const pending = await rowOf(db, id);
    expect(pending).toMatchObject({ status: "pending", attempts: 12 });
    expect(pending?.window_h).toBeGreaterThan(23.9);
    expect(pending?.window_h).toBeLessThanOrEqual(24);

    // Near the end of the window, the next retry is due when the window closes, not an hour later.
    await db.query("update outbox set retry_until = now() + interval '2 seconds' where id = $1", [id]);
    expect(await deliverDue(db, config, 10, options)).toBe(1);
    const last = await rowOf(db, id);
    expect(last?.status).toBe("pending");
    expect(last?.wait_beyond_window_s).toBeLessThanOrEqual(0);

    // The window has closed: the next failure is the last.
    await db.query(
      "update outbox set retry_until = now() - interval '1 second', next_attempt_at = now() where id = $1",
      [id],
    );
    expect(await deliverDue(db, config, 10, options)).toBe(1);
    const dead = await rowOf(db, id);
    expect(dead?.status).toBe("dead");
    expect(dead?.last_error).toMatch(/^Gave up after 14 attempts over 24 h: The webhook answered 503/);
    expect(await db.query("select status from notifications where id = $1", seeded.notifications)).toEqual([
      { status: "failed" },
    ]);
    const [event] = await db.query<{ after: { error: string } }>(
      "select after from timeline_events where entity_type = 'outbox' and entity_id = $1 and verb = 'dead'",
      [id],
    );
    expect(event?.after.error).toMatch(/^Gave up after 14 attempts over 24 h/);
  });

  it("takes its window from the worker's options", async () => {
    const seeded = await seedFailing();
    expect(await deliverDue(db, config, 10, { ...options, retryForMs: 90 * 60_000 })).toBe(1);
    const row = await rowOf(db, seeded.outbox[0]);
    expect(row?.status).toBe("pending");
    expect(row?.window_h).toBeGreaterThan(1.4);
    expect(row?.window_h).toBeLessThanOrEqual(1.5);
  });
});
