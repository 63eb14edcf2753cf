import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/connect.js";
import { type SmtpListener, startSmtpListener } from "../../src/integrations/email/smtp-listener.js";
import type { ReceiveOutcome } from "../../src/services/receive-email.js";
import { freshDb } from "../helpers/db.js";
import { customer, emailChannel, emailInConfig, smtpClient } from "./email-fixtures.js";

let db: Db;
let listener: SmtpListener;
let address: string;
const outcomes: ReceiveOutcome[] = [];

beforeAll(async () => {
  db = await freshDb();
  ({ address } = await emailChannel(db));
  listener = await startSmtpListener(db, emailInConfig({ perSenderPerHour: 3 }), (o) => outcomes.push(o));
});
afterAll(async () => {
  await listener?.close();
  await db?.close();
});

/**
 * The headers a Google Group puts on each message it relays, as Google Groups writes them (the group at
 * `group`, e.g. support@acme.example: List-ID <support.acme.example>).
 */
const googleGroup = (group: string) => {
  const [local, domain] = group.split("@");
  return [
    "Precedence: list",
    `Mailing-list: list ${group}; contact ${local}+owners@${domain}`,
    `List-ID: <${local}.${domain}>`,
    `X-Spam-Checked-In-Group: ${group}`,
    "X-Google-Group-Id: 357212215037",
    `List-Post: <https://groups.google.com/a/${domain}/group/${local}/post>, <mailto:${group}>`,
    `List-Help: <https://support.google.com/a/${domain}/bin/topic.py?topic=25838>, <mailto:${local}+help@${domain}>`,
    `List-Archive: <https://groups.google.com/a/${domain}/group/${local}/>`,
    "List-Unsubscribe: <mailto:googlegroups-manage+357212215037+unsubscribe@googlegroups.com>,",
    ` <https://groups.google.com/a/${domain}/group/${local}/subscribe>`,
  ];
};

const footer = [
  "",
  "-- ",
  'You received this message because you are subscribed to the Google Groups "Support" group.',
  "To unsubscribe from this group and stop receiving emails from it, send an email to support+unsubscribe@acme.example.",
];

async function send(headers: string[], body = "The CSV export times out.", envelopeFrom = `${address}`) {
  const raw = [`Message-ID: <${randomUUID()}@mail.gmail.com>`, ...headers, "", body, ...footer, ""].join("\r\n");
  await smtpClient(listener.port).sendMail({ envelope: { from: envelopeFrom, to: address }, raw });
  return outcomes.at(-1);
}

/** A copy the group relays with its own bounce address as envelope sender (never <>), and no footer. */
async function sendRaw(headers: string[], body: string) {
  const raw = [`Message-ID: <${randomUUID()}@mail.gmail.com>`, ...headers, "", body, ""].join("\r\n");
  await smtpClient(listener.port).sendMail({ envelope: { from: address.replace("@", "+bncB@"), to: address }, raw });
  return outcomes.at(-1);
}

const signalsFrom = (email: string) =>
  db.query<{ title: string; body: string; name: string }>(
    "select s.title, s.body, c.name from signals s join contacts c on c.id = s.contact_id where c.email = $1",
    [email],
  );

describe("mail relayed by the list that is the channel's own address", () => {
  it("takes a Google Group's copy with From rewritten ('Jane' via Support) from the author it kept aside", async () => {
    const jane = customer();
    const outcome = await send([
      `From: "'Jane Doe' via Support" <${address}>`,
      `To: ${address}`,
      "Subject: Export fails",
      `X-Original-Sender: ${jane}`,
      `X-Original-From: Jane Doe <${jane}>`,
      `Reply-To: Jane Doe <${jane}>`,
      ...googleGroup(address),
    ]);
    expect(outcome).toMatchObject({ status: "created" });
    // The group's footer is its signature, not what she wrote.
    expect(await signalsFrom(jane)).toEqual([
      { title: "Export fails", body: "The CSV export times out.", name: "Jane Doe" },
    ]);
    // Never the list itself as a person: answering it would answer ourselves.
    expect(await signalsFrom(address)).toEqual([]);
  });

  it("names the author as the rewrite shows them when only X-Original-Sender keeps them (Reply-To the group)", async () => {
    const li = customer();
    const outcome = await send([
      `From: "'Li Wei' via Support" <${address}>`,
      `To: ${address}`,
      "Subject: Invoice missing",
      `X-Original-Sender: ${li}`,
      `Reply-To: ${address}`,
      ...googleGroup(address),
    ]);
    expect(outcome).toMatchObject({ status: "created" });
    expect(await signalsFrom(li)).toMatchObject([{ title: "Invoice missing", name: "Li Wei" }]);
  });

  it("takes a copy the group left From alone on, with Reply-To the group, from its From", async () => {
    const ana = customer();
    const outcome = await send([
      `From: Ana Lima <${ana}>`,
      `To: Support <${address}>`,
      "Subject: Sync loses edits",
      `X-Original-Sender: ${ana}`,
      `Reply-To: ${address}`,
      ...googleGroup(address),
    ]);
    expect(outcome).toMatchObject({ status: "created" });
    expect(await signalsFrom(ana)).toMatchObject([{ title: "Sync loses edits", name: "Ana Lima" }]);
  });

  it("takes a Mailman copy rewritten for DMARC from the Reply-To it set to the author", async () => {
    const [local, domain] = address.split("@");
    const bo = customer();
    const outcome = await send([
      `From: Bo Chen via Support <${address}>`,
      `To: ${address}`,
      `Reply-To: Bo Chen <${bo}>`,
      "Subject: Login loops",
      "Precedence: list",
      `List-Id: Support <${local}.${domain}>`,
      `List-Post: <mailto:${address}>`,
      `List-Unsubscribe: <mailto:${local}-leave@${domain}>`,
    ]);
    expect(outcome).toMatchObject({ status: "created" });
    expect(await signalsFrom(bo)).toMatchObject([{ title: "Login loops", name: "Bo Chen" }]);
  });

  it("refuses a rewritten copy that names no author (no one to answer)", async () => {
    await expect(
      send([`From: "'Someone' via Support" <${address}>`, `To: ${address}`, "Subject: ?", ...googleGroup(address)]),
    ).rejects.toThrow(/550 5\.1\.7 email_no_sender/);
    expect(outcomes.at(-1)).toMatchObject({ status: "refused", code: "email_no_sender" });
  });

  it("still drops an auto-reply the group relays", async () => {
    const ana = customer();
    const outcome = await send([
      `From: ${ana}`,
      `To: ${address}`,
      "Subject: Out of office",
      "Auto-Submitted: auto-replied",
      ...googleGroup(address),
    ]);
    expect(outcome).toMatchObject({
      status: "refused",
      code: "email_automatic",
      reason: expect.stringContaining("auto_submitted"),
    });
  });
});

describe("other lists", () => {
  it("drops a list the support address is subscribed to, also a Google Group", async () => {
    const ana = customer();
    const outcome = await send([
      `From: "'Ana' via Kasan Dev" <kasan-dev@googlegroups.com>`,
      "To: kasan-dev@googlegroups.com",
      "Subject: [PATCH] fix",
      `X-Original-From: Ana <${ana}>`,
      ...googleGroup("kasan-dev@googlegroups.com"),
    ]);
    expect(outcome).toMatchObject({
      status: "refused",
      code: "email_automatic",
      reason: expect.stringContaining("precedence"),
    });
    expect(await signalsFrom(ana)).toEqual([]);
  });

  it("drops a newsletter sent To the support address", async () => {
    const outcome = await send(
      [
        "From: Vendor News <news@vendor.example>",
        `To: ${address}`,
        "Subject: Our March news",
        "List-Id: Vendor news <news.vendor.example>",
        "List-Unsubscribe: <https://vendor.example/unsubscribe?u=1>",
      ],
      "News.",
      "bounces@vendor.example",
    );
    expect(outcome).toMatchObject({
      status: "refused",
      code: "email_automatic",
      reason: expect.stringContaining("mailing_list"),
    });
  });

  it("drops a plain-text bounce whose From the group rewrote (X-Original-From MAILER-DAEMON)", async () => {
    const outcome = await sendRaw(
      [
        `From: "'Mail Delivery System' via Support" <${address}>`,
        `To: ${address}`,
        "Subject: Undelivered Mail Returned to Sender",
        "X-Original-From: Mail Delivery System <MAILER-DAEMON@mx.bigcorp.example>",
        "X-Original-Sender: MAILER-DAEMON@mx.bigcorp.example",
        ...googleGroup(address),
      ],
      "This is the mail system at host mx.bigcorp.example.\nI'm sorry to have to inform you that your message could not be delivered.",
    );
    expect(outcome).toMatchObject({ status: "refused", code: "email_automatic" });
  });

  it("drops a vacation reply marked Precedence: bulk when the group put its Precedence: list first", async () => {
    const outcome = await sendRaw(
      [
        `From: "'Bob' via Support" <${address}>`,
        `To: ${address}`,
        "Subject: Out of office",
        ...googleGroup(address),
        "X-Original-From: Bob <bob@bigcorp.example>",
        "Precedence: bulk",
      ],
      "I am away until Monday.",
    );
    expect(outcome).toMatchObject({ status: "refused", code: "email_automatic" });
  });

  it("never takes as the author an address the copy was sent to (X-Original-From naming a Cc)", async () => {
    await expect(
      sendRaw(
        [
          `From: "'Partner' via Support" <${address}>`,
          `To: ${address}`,
          "Cc: partner-desk@elsewhere.example",
          "Subject: Forwarded for you",
          "X-Original-From: partner-desk@elsewhere.example",
          ...googleGroup(address),
        ],
        "Please look at this.",
      ),
    ).rejects.toThrow(/550 5\.1\.7 email_no_sender/);
    expect(outcomes.at(-1)).toMatchObject({ status: "refused", code: "email_no_sender" });
  });

  it("takes the group's copies at a member address when the channel names the group (listAddress), and only then", async () => {
    const group = `${customer().split("@")[0]}-support@acme.example`;
    const member = (await emailChannel(db)).channel;
    const memberAddress = String((member.config as { address: string }).address);
    const copy = async (author: string) => {
      const raw = [
        `Message-ID: <${randomUUID()}@mail.gmail.com>`,
        `From: "'Ana' via Support" <${group}>`,
        `To: ${group}`,
        "Subject: Invoices are late",
        `X-Original-From: Ana <${author}>`,
        ...googleGroup(group),
        "",
        "The invoices arrive a day late.",
        "",
      ].join("\r\n");
      // The group delivers its copy to its member, the channel's address.
      await smtpClient(listener.port).sendMail({
        envelope: { from: group.replace("@", "+bncB@"), to: memberAddress },
        raw,
      });
      return outcomes.at(-1);
    };
    // Not named: another list to this channel, dropped as before.
    expect(await copy(customer())).toMatchObject({ status: "refused", code: "email_automatic" });
    await db.query(`update channels set config = config || jsonb_build_object('listAddress', $2::text) where id = $1`, [
      member.id,
      group,
    ]);
    const ana = customer();
    expect(await copy(ana)).toMatchObject({ status: "created" });
    expect((await signalsFrom(ana)).map((s) => s.title)).toEqual(["Invoices are late"]);
  });

  it("drops the team's own mail through the group (a reply-all from someone with a Loopwork account), not a customer's", async () => {
    const agent = `agent-${randomUUID().slice(0, 8)}@acme.example`;
    await db.query("insert into users (email, name) values ($1, 'Agent')", [agent]);
    const outcome = await send([
      `From: "'Agent' via Support" <${address}>`,
      `To: ${customer()}`,
      `Cc: ${address}`,
      "Subject: Re: Export fails",
      `X-Original-From: Agent <${agent}>`,
      ...googleGroup(address),
    ]);
    expect(outcome).toMatchObject({ status: "refused", code: "email_from_team" });
    expect(await db.query("select 1 from contacts where lower(email) = $1", [agent])).toEqual([]);
  });
});
