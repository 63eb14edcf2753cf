import { randomUUID } from "node:crypto";
import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/connect.js";
import { type SmtpListener, startSmtpListener } from "../../src/integrations/email/smtp-listener.js";
import { deliverDue } from "../../src/jobs/deliver-due.js";
import type { ReceiveOutcome } from "../../src/services/receive-email.js";
import { freshDb, serverUrl } from "../helpers/db.js";
import { make, mergedFixOnSharedComponent, uniqueSlug } from "../helpers/factories.js";
import { type LoopbackSmtp, startLoopbackSmtp } from "../helpers/loopback-smtp.js";
import { emailInConfig, smtpClient } from "./email-fixtures.js";

let db: Db;
let listener: SmtpListener;
let smtp: LoopbackSmtp;
const outcomes: ReceiveOutcome[] = [];

beforeAll(async () => {
  db = await freshDb();
  listener = await startSmtpListener(db, emailInConfig(), (o) => outcomes.push(o));
  smtp = await startLoopbackSmtp();
});
afterAll(async () => {
  await smtp?.close();
  await listener?.close();
  await db?.close();
});

describe(`a reply to a snapback email (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("joins the signal's conversation whatever channel the signal came by (a widget's, the API's)", async () => {
    // Ana's signal came by a channel mail never reaches; she is told by email, from the support address.
    const { world, ship } = await mergedFixOnSharedComponent(db);
    await db.query("update channels set kind = 'widget' where id = $1", [world.channel.id]);
    const address = `${uniqueSlug("support")}@acme.example`;
    await make(db, "channel", {
      loopId: world.loop.id,
      slug: uniqueSlug("mail"),
      name: "Mail",
      kind: "email",
      config: { address },
    });
    await ship(world.productA.id, "1.0");
    await ship(world.productB.id, "1.0");
    const [told] = await db.query<{ id: string; signal_id: string }>(
      "select n.id, n.signal_id from notifications n join contacts c on c.id = n.contact_id where c.email = 'ana@example.com'",
    );
    expect(told).toBeDefined();
    const notificationMessageId = `<loopwork.notification.${told?.id}@acme.example>`;

    await smtpClient(listener.port).sendMail({
      from: "ana@example.com",
      to: address,
      subject: "Re: Fixed in Web 1.0: Edits lost",
      inReplyTo: notificationMessageId,
      references: notificationMessageId,
      text: "Works now, thanks!\n\nOn Tue, Loopwork wrote:\n> We have shipped a fix",
    });
    expect(outcomes.at(-1)).toMatchObject({ status: "joined", signalId: told?.signal_id });
    const messages = await db.query<{ body: string; direction: string }>(
      "select body, direction from messages where signal_id = $1 order by created_at, id",
      [told?.signal_id],
    );
    expect(messages.map((m) => m.body)).toContain("Works now, thanks!");
    // No new signal was made of the reply.
    const replies = await db.query("select 1 from signals where title like 'Re: Fixed in%'");
    expect(replies).toHaveLength(0);
  });

  it("joins it when the notification really went out From LOOPWORK_EMAIL_FROM, an email channel's address, and the reply comes back in", async () => {
    const { told, sent, address } = await widgetSignalToldByEmail();
    expect(sent.text).toContain("You can also just reply to this email.");
    await replyTo(sent, String(sent.messageId), told.email, address);
    expect(outcomes.at(-1)).toMatchObject({ status: "joined", signalId: told.signal_id });
    const made = await db.query("select 1 from signals where title = $1", [`Re: ${sent.subject}`]);
    expect(made).toHaveLength(0);
  });

  it("joins it when the relay in SMTP_URL replaced the notification's Message-ID with its own (Amazon SES does)", async () => {
    const { told, sent, address } = await widgetSignalToldByEmail();
    // What reached Ana carries the relay's Message-ID; the References we wrote pass on untouched.
    await replyTo(sent, `<0100019a${randomUUID()}-000000@email.amazonses.com>`, told.email, address);
    expect(outcomes.at(-1)).toMatchObject({ status: "joined", signalId: told.signal_id });
    const made = await db.query("select 1 from signals where title = $1", [`Re: ${sent.subject}`]);
    expect(made).toHaveLength(0);
  });
});

/**
 * A shipped fix told by email to the person behind a widget's signal, From LOOPWORK_EMAIL_FROM set to an
 * email channel's address, delivered through the real worker to a loopback SMTP server.
 */
async function widgetSignalToldByEmail() {
  const { world, ship } = await mergedFixOnSharedComponent(db);
  await db.query("update channels set kind = 'widget' where id = $1", [world.channel.id]);
  const address = `${uniqueSlug("support")}@acme.example`;
  await make(db, "channel", {
    loopId: world.loop.id,
    slug: uniqueSlug("mail"),
    name: "Mail",
    kind: "email",
    config: { address },
  });
  await ship(world.productA.id, "1.0");
  await ship(world.productB.id, "1.0");
  const [told] = await db.query<{ id: string; signal_id: string; email: string }>(
    `select n.id, n.signal_id, c.email from notifications n join contacts c on c.id = n.contact_id
      join signals s on s.id = n.signal_id where s.channel_id = $1`,
    [world.channel.id],
  );
  if (!told) throw new Error("nobody was told");
  const config = { publicUrl: "https://loop.example", emailFrom: `Loopwork <${address}>`, smtpUrl: smtp.url };
  while ((await deliverDue(db, { ...config, emailIn: { smtpPort: listener.port } }, 20)) > 0);
  const sent = smtp.messages.find((m) => m.messageId?.includes(told.id));
  if (!sent) throw new Error("the notification was not sent");
  return { told, sent, address };
}

/** The person's answer as any client writes it: In-Reply-To the Message-ID they got, References the email's and it. */
async function replyTo(sent: ParsedMail, messageId: string, from: string, to: string) {
  await smtpClient(listener.port).sendMail({
    from,
    to,
    subject: `Re: ${sent.subject}`,
    inReplyTo: messageId,
    references: [...[sent.references ?? []].flat(), messageId],
    text: `Still broken on my phone.\n\nOn Sun, Loopwork <${to}> wrote:\n> ${sent.text?.split("\n")[0]}`,
  });
}
