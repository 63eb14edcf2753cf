import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDb, serverUrl } from "../../test/helpers/db.js";
import { type DeliveryFixture, seedDelivery } from "../../test/helpers/delivery-fixtures.js";
import { type LoopbackSmtp, startLoopbackSmtp } from "../../test/helpers/loopback-smtp.js";
import { verifyAnswerToken } from "../core/answer-link.js";
import type { Db } from "../db/connect.js";
import { answerLinkSecretKey, getOrCreateSecret } from "../services/settings.js";
import { deliverDue } from "./outbox-worker.js";

const config = (smtpUrl?: string) => ({
  publicUrl: "https://loop.example",
  emailFrom: "Loopwork <loopwork@loop.example>",
  smtpUrl,
});

// One database per file (a fresh PGlite costs seconds); every test seeds its own random loop and looks
// only at its own rows. Rows an earlier test leaves behind are delivered, dead, or not due for minutes.
describe(`email notifications (${serverUrl ? "postgres" : "pglite"})`, () => {
  let db: Db;
  let smtp: LoopbackSmtp;
  beforeAll(async () => {
    [db, smtp] = await Promise.all([freshDb(), startLoopbackSmtp()]);
  });
  afterAll(async () => {
    await db?.close();
    await smtp?.close();
  });
  const mailsTo = (email: string | null | undefined) =>
    smtp.messages.filter((mail) => mail.to && "text" in mail.to && email && mail.to.text.includes(email));

  it("replies once in the signal's thread, with two answer links that verify", async () => {
    const seeded = await seedDelivery(db);
    expect(await deliverDue(db, config(smtp.url), 10)).toBe(1);
    expect(mailsTo(seeded.contacts[0]?.email)).toHaveLength(1);
    const [mail] = mailsTo(seeded.contacts[0]?.email);
    expect(mail?.inReplyTo).toBe("<original-1@mail.example>");
    expect(mail?.references).toBe("<original-1@mail.example>");
    expect(mail?.headers.get("auto-submitted")).toBe("auto-generated");
    expect(mail?.subject).toBe("Re: Export fails with a timeout #1");
    expect(mail?.messageId).toBe(`<loopwork.notification.${seeded.notifications[0]}@loop.example>`);
    expect(mail?.to && "text" in mail.to ? mail.to.text : "").toContain(seeded.contacts[0]?.email);
    expect(mail?.text).toContain(seeded.patternTitle);
    const links = [...(mail?.text ?? "").matchAll(/https:\/\/loop\.example\/answers\/(\S+)/g)].map((m) => m[1] ?? "");
    expect(links).toHaveLength(2);
    const secret = await getOrCreateSecret(db, answerLinkSecretKey);
    expect(links.map((token) => verifyAnswerToken(secret, token, Date.now()))).toEqual([
      expect.objectContaining({ notificationId: seeded.notifications[0], answer: "works" }),
      expect.objectContaining({ notificationId: seeded.notifications[0], answer: "still_broken" }),
    ]);

    const [outbox] = await db.query(
      "select status, attempts, transport, delivered_at from outbox where id = $1",
      seeded.outbox,
    );
    expect(outbox).toMatchObject({
      status: "delivered",
      attempts: 1,
      transport: "email",
      delivered_at: expect.any(Date),
    });
    const [notification] = await db.query(
      "select status, sent_at from notifications where id = $1",
      seeded.notifications,
    );
    expect(notification).toMatchObject({ status: "sent", sent_at: expect.any(Date) });
    const events = await db.query(
      "select entity_type, verb, actor from timeline_events where entity_id = any($1::text[]) order by id",
      [[...seeded.outbox, ...seeded.notifications]],
    );
    expect(events).toEqual([
      { entity_type: "notification", verb: "delivered", actor: "system:worker" },
      { entity_type: "outbox", verb: "delivered", actor: "system:worker" },
    ]);

    const sent = smtp.messages.length;
    expect(await deliverDue(db, config(smtp.url), 10)).toBe(0);
    expect(smtp.messages).toHaveLength(sent);
  });

  it("sends from the email channel's own address, and the configured sender for other channels", async () => {
    const seeded = await seedDelivery(db, { channelConfig: { address: "support@acme.example" } });
    const forum = await seedDelivery(db, { channelKind: "forum", channelConfig: { address: "forum@acme.example" } });
    // This worker listens for SMTP: a reply to the channel's address comes in.
    expect(await deliverDue(db, { ...config(smtp.url), emailIn: { smtpPort: 2525 } }, 10)).toBe(2);
    const [mail] = mailsTo(seeded.contacts[0]?.email);
    expect(mail?.from?.value).toEqual([{ name: "Loopwork", address: "support@acme.example" }]);
    expect(mail?.messageId).toBe(`<loopwork.notification.${seeded.notifications[0]}@acme.example>`);
    const [other] = mailsTo(forum.contacts[0]?.email);
    expect(other?.from?.value).toEqual([{ name: "Loopwork", address: "loopwork@loop.example" }]);
    // A reply to the channel's address comes back in; one to the configured sender would bounce (no email
    // channel receives there), so that email invites none.
    expect(mail?.text).toContain("You can also just reply to this email.");
    expect(other?.text).toContain("The links work until");
    expect(other?.text).not.toContain("reply");
  });

  it("invites a reply only when one can come in: an SMTP listener, or the channel's IMAP mailbox", async () => {
    const invite = "You can also just reply to this email.";
    const address = () => `support-${randomUUID().slice(0, 8)}@acme.example`;
    const sentTo = async (seeded: DeliveryFixture, listening: boolean) => {
      const emailIn = listening ? { smtpPort: 2525 } : undefined;
      expect(await deliverDue(db, { ...config(smtp.url), emailIn }, 10)).toBe(1);
      const [mail] = mailsTo(seeded.contacts[0]?.email);
      return mail?.text ?? "";
    };
    // No listener, no mailbox: a reply to the channel's address reaches nothing that reads it.
    expect(await sentTo(await seedDelivery(db, { channelConfig: { address: address() } }), false)).not.toContain(
      "reply",
    );
    expect(await sentTo(await seedDelivery(db, { channelConfig: { address: address() } }), true)).toContain(invite);
    const polled = { address: address(), imapUrl: "imaps://support:secret@imap.acme.example/INBOX" };
    expect(await sentTo(await seedDelivery(db, { channelConfig: polled }), false)).toContain(invite);

    // A widget's signal is told From the configured sender: replyable when an email channel has that
    // address and mail reaches it.
    const from = address();
    const channel = await seedDelivery(db, { channelConfig: { address: from } });
    await db.query("delete from outbox where id = any($1::uuid[])", [channel.outbox]);
    const widget = async (listening: boolean) => {
      const seeded = await seedDelivery(db, { channelKind: "widget" });
      const emailIn = listening ? { smtpPort: 2525 } : undefined;
      expect(await deliverDue(db, { ...config(smtp.url), emailFrom: `Loopwork <${from}>`, emailIn }, 10)).toBe(1);
      return mailsTo(seeded.contacts[0]?.email)[0]?.text ?? "";
    };
    expect(await widget(false)).not.toContain("reply");
    expect(await widget(true)).toContain(invite);
  });

  it("sends a fresh email, not a reply, for a signal from another channel", async () => {
    const seeded = await seedDelivery(db, { channelKind: "forum" });
    expect(await deliverDue(db, config(smtp.url), 10)).toBe(1);
    const mails = mailsTo(seeded.contacts[0]?.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.inReplyTo).toBeUndefined();
    // The thread it starts, for the person's reply to name back (a relay may replace the Message-ID).
    expect(mails[0]?.references).toBe(`<loopwork.thread.notification.${seeded.notifications[0]}@loop.example>`);
    expect(mails[0]?.subject).toMatch(/^Fixed in Ledger \w+ 2\.4\.0: Export fails/);
  });

  it("kills at once a notification that has nowhere to go, saying why", async () => {
    const seeded = await seedDelivery(db, { withEmail: false });
    const before = smtp.messages.length;
    expect(await deliverDue(db, config(smtp.url), 10)).toBe(1);
    const [outbox] = await db.query<{ status: string; attempts: number; last_error: string }>(
      "select status, attempts, last_error from outbox where id = $1",
      seeded.outbox,
    );
    expect(outbox).toMatchObject({ status: "dead", attempts: 1 });
    expect(outbox?.last_error).toMatch(/has no email address and channel .* has no webhookUrl/);
    expect(await db.query("select status from notifications where id = $1", seeded.notifications)).toEqual([
      { status: "failed" },
    ]);
    expect(
      await db.query("select entity_type, verb from timeline_events where entity_id = any($1::text[]) order by id", [
        [...seeded.outbox, ...seeded.notifications],
      ]),
    ).toEqual([
      { entity_type: "notification", verb: "dead" },
      { entity_type: "outbox", verb: "dead" },
    ]);
    expect(smtp.messages).toHaveLength(before);
  });

  it("keeps emails waiting, without spending attempts, while no SMTP server is configured", async () => {
    const seeded = await seedDelivery(db);
    expect(await deliverDue(db, config(undefined), 10)).toBe(1);
    const [outbox] = await db.query<{ status: string; attempts: number; last_error: string; later: boolean }>(
      "select status, attempts, last_error, next_attempt_at > now() + interval '30 seconds' as later from outbox where id = $1",
      seeded.outbox,
    );
    expect(outbox).toMatchObject({ status: "pending", attempts: 0, later: true });
    expect(outbox?.last_error).toMatch(/No SMTP server is configured/);
    expect(await deliverDue(db, config(undefined), 10)).toBe(0);
  });
});
