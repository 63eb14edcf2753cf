import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDb, serverUrl } from "../../test/helpers/db.js";
import { seedDelivery } from "../../test/helpers/delivery-fixtures.js";
import { type LoopbackSmtp, startLoopbackSmtp } from "../../test/helpers/loopback-smtp.js";
import { type LoopbackWebhook, startLoopbackWebhook } from "../../test/helpers/loopback-webhook.js";
import type { Db } from "../db/connect.js";
import { messageIdFor } from "../integrations/email/notification-email.js";
import { createDeliverer } from "./deliverer.js";
import { deliverDue, startOutboxWorker } from "./outbox-worker.js";

const secret = "whsec-lease-test";
const config = (smtpUrl?: string) => ({
  publicUrl: "https://loop.example",
  emailFrom: "Loopwork <loopwork@loop.example>",
  smtpUrl,
  workerPollMs: 60_000,
});

describe(`delivery leases (${serverUrl ? "postgres" : "pglite"})`, () => {
  let db: Db;
  let hook: LoopbackWebhook;
  let smtp: LoopbackSmtp;
  beforeAll(async () => {
    [db, hook, smtp] = await Promise.all([freshDb(), startLoopbackWebhook(secret), startLoopbackSmtp()]);
  });
  afterAll(async () => {
    await db?.close();
    await hook?.close();
    await smtp?.close();
  });

  it("renews the lease of a delivery that outlasts it, so no other worker takes the row", async () => {
    const seeded = await seedDelivery(db, {
      channelKind: "api",
      channelConfig: { webhookUrl: hook.url, webhookSecret: secret, allowPrivateNetwork: true },
    });
    const id = seeded.outbox[0];
    let release = () => {};
    hook.hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    const worker = await startOutboxWorker(db, config(), { leaseMs: 300 });
    try {
      await expect.poll(() => hook.held, { timeout: 10_000 }).toBe(1);
      const [claimed] = await db.query<{ locked_until: Date }>("select locked_until from outbox where id = $1", [id]);
      // The first lease has run out by the database's clock, and the row is still locked well past it.
      await expect
        .poll(
          async () =>
            (
              await db.query<{ renewed: boolean }>(
                `select now() > $2::timestamptz and locked_until > $2::timestamptz + interval '300 milliseconds' as renewed
                   from outbox where id = $1`,
                [id, claimed?.locked_until],
              )
            )[0]?.renewed,
          { timeout: 10_000 },
        )
        .toBe(true);
      expect(await deliverDue(db, config(), 10)).toBe(0);
    } finally {
      hook.hold = null;
      release();
      await worker.stop();
    }
    expect(hook.byKey.get(`notification:${seeded.notifications[0]}`)).toBe(1);
    expect(await db.query("select status, attempts from outbox where id = $1", [id])).toEqual([
      { status: "delivered", attempts: 1 },
    ]);
  });

  it("sends no email for a row another worker took over: the message is cut off before the server accepts it", async () => {
    const seeded = await seedDelivery(db);
    const deliverer = createDeliverer(db, config(smtp.url));
    try {
      const rows = await deliverer.claim(10);
      const row = rows.find((r) => r.id === seeded.outbox[0]);
      if (!row) throw new Error("the seeded row was not claimed");
      // Our lease ran out and another worker claimed the row (its attempt is now the current one).
      await db.query(
        "update outbox set attempts = attempts + 1, locked_until = now() + interval '1 minute' where id = $1",
        [row.id],
      );
      expect(await deliverer.deliver(row)).toBe("lost_lock");
    } finally {
      deliverer.close();
    }
    const messageId = messageIdFor(`notification:${seeded.notifications[0]}`, "Loopwork <loopwork@loop.example>");
    expect(smtp.accepted.map((m) => m.messageId)).not.toContain(messageId);
    expect(await db.query("select status, attempts from outbox where id = $1", [seeded.outbox[0]])).toEqual([
      { status: "sending", attempts: 2 },
    ]);
  });
});
