import { randomUUID } from "node:crypto";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/connect.js";
import { type SmtpListener, startSmtpListener } from "../../src/integrations/email/smtp-listener.js";
import type { ReceiveOutcome } from "../../src/services/receive-email.js";
import { freshDb } from "../helpers/db.js";
import { make } from "../helpers/factories.js";
import { customer, emailChannel, emailInConfig, smtpClient } from "./email-fixtures.js";

let db: Db;
let listener: SmtpListener;
let address: string;
let channelId: string;
const outcomes: ReceiveOutcome[] = [];

beforeAll(async () => {
  db = await freshDb();
  ({
    address,
    channel: { id: channelId },
  } = await emailChannel(db).then((w) => ({ ...w, channel: { id: String(w.channel.id) } })));
  listener = await startSmtpListener(db, emailInConfig({ perSenderPerHour: 3 }), (o) => outcomes.push(o));
});
afterAll(async () => {
  await listener?.close();
  await db?.close();
});

const signalsFrom = (from: string) =>
  db.query<{ id: string; title: string; body: string; thread_ref: string; email: string; channel_id: string }>(
    "select s.*, c.email from signals s join contacts c on c.id = s.contact_id where c.email = $1 order by s.id",
    [from],
  );

describe("email in over SMTP", () => {
  it("makes a signal of a new message: sender, subject, new text only, sanitised html, attachments kept to the limit", async () => {
    const from = customer();
    const info = await smtpClient(listener.port).sendMail({
      from: `Ana Lima <${from}>`,
      to: address,
      subject: "Export fails",
      text: "The CSV export times out.\n\n-- \nAna Lima\nGlobex\n",
      html: '<p onclick="steal()">The CSV export <b>times out</b>, <a href="https://x.example" rel="opener">see</a>.</p><script>alert(1)</script>',
      attachments: [
        { filename: "log.txt", content: "line 1\nline 2\n" },
        { filename: "huge.bin", content: Buffer.alloc(4096, 1) },
      ],
    });
    const [signal] = await signalsFrom(from);
    expect(signal).toMatchObject({ title: "Export fails", body: "The CSV export times out.", channel_id: channelId });
    expect(signal?.thread_ref).toBe(info.messageId);
    const [message] = await db.query<{ id: string; html: string; direction: string }>(
      "select * from messages where signal_id = $1",
      [signal?.id],
    );
    expect(message?.direction).toBe("in");
    // Links open nothing back and pass no referrer (docs/SECURITY.md).
    expect(message?.html).toBe(
      '<p>The CSV export <b>times out</b>, <a href="https://x.example" rel="noopener noreferrer nofollow">see</a>.</p>',
    );
    const files = await db.query<{ filename: string; content: Uint8Array | null; skipped_reason: string | null }>(
      "select filename, content, skipped_reason from attachments where message_id = $1 order by filename",
      [message?.id],
    );
    expect(files.map((f) => [f.filename, f.content ? Buffer.from(f.content).toString() : null])).toEqual([
      ["huge.bin", null],
      ["log.txt", "line 1\nline 2\n"],
    ]);
    expect(files[0]?.skipped_reason).toMatch(/larger than the limit of 1024 bytes/);
  });

  it("joins a reply (In-Reply-To / References) to the signal's conversation, without its quoted history", async () => {
    const from = customer();
    const client = smtpClient(listener.port);
    const first = await client.sendMail({ from, to: address, subject: "Sync loses edits", text: "Edits vanish." });
    await client.sendMail({
      from,
      to: address,
      subject: "Re: Sync loses edits",
      inReplyTo: first.messageId,
      references: first.messageId,
      text: `Also on mobile.\n\nOn Tue, Jan 6, 2026 at 10:00 AM ${from} wrote:\n> Edits vanish.\n`,
    });
    // Sent again (a server retrying): nothing is written twice.
    const signals = await signalsFrom(from);
    expect(signals).toHaveLength(1);
    const messages = await db.query<{ body: string }>(
      "select body from messages where signal_id = $1 order by created_at, id",
      [signals[0]?.id],
    );
    expect(messages.map((m) => m.body)).toEqual(["Edits vanish.", "Also on mobile."]);
  });

  it("joins a reply whose In-Reply-To names two messages or carries a comment, as RFC 5322 and older clients write it", async () => {
    const from = customer();
    const client = smtpClient(listener.port);
    const first = await client.sendMail({
      from,
      to: address,
      subject: "Invoices blank",
      text: "Every invoice PDF is blank.",
    });
    // No References: In-Reply-To alone names what it answers (Emacs Gnus adds a comment; RFC 5322 allows several ids).
    const replies = [
      `${first.messageId} (${from}'s message of "Tue, 6 Jan 2026 10:00:00 +0100")`,
      `${first.messageId} <elsewhere-${randomUUID()}@globex.example>`,
    ];
    for (const inReplyTo of replies) {
      await client.sendMail({
        from,
        to: address,
        subject: "Re: Invoices blank",
        headers: { "In-Reply-To": inReplyTo },
        text: "Still blank.",
      });
    }
    const signals = await signalsFrom(from);
    expect(signals.map((s) => s.title)).toEqual(["Invoices blank"]);
    const messages = await db.query("select 1 from messages where signal_id = $1", [signals[0]?.id]);
    expect(messages).toHaveLength(3);
  });

  it("titles a message with no subject by the first line of its text, as the widget does", async () => {
    const from = customer();
    const client = smtpClient(listener.port);
    await client.sendMail({ from, to: address, text: "\n  The invoice PDF is blank since Monday.\nSecond line." });
    await client.sendMail({ from, to: address, subject: "   ", text: "" });
    const titles = (await signalsFrom(from)).map((s) => s.title).sort();
    expect(titles).toEqual(["(no subject)", "The invoice PDF is blank since Monday."]);
  });

  it("takes the person from Reply-To when a contact form's relay sends for them, and answers them there", async () => {
    const visitor = customer();
    const other = customer();
    const client = smtpClient(listener.port);
    const relay = "WordPress <wordpress@shop.example>";
    await client.sendMail({ from: relay, replyTo: `Ana Visitor <${visitor}>`, to: address, subject: "Form: refund" });
    await client.sendMail({ from: relay, replyTo: `Bo <${other}>`, to: address, subject: "Form: shipping" });
    const [ana] = await signalsFrom(visitor);
    expect(ana?.title).toBe("Form: refund");
    // Who sent it for them is kept with the message.
    const [message] = await db.query<{ raw: unknown }>("select raw from messages where signal_id = $1", [ana?.id]);
    expect(message?.raw).toMatchObject({ from: visitor, sender: "wordpress@shop.example" });
    const [contact] = await db.query<{ name: string }>("select name from contacts where email = $1", [visitor]);
    expect(contact?.name).toBe("Ana Visitor");
    expect(await signalsFrom(other)).toHaveLength(1);
    // The relay is nobody's contact.
    expect(await signalsFrom("wordpress@shop.example")).toHaveLength(0);
    // The From is the person when Reply-To names the sender itself, two addresses, no valid address, an
    // address the mail went to, or the channel's own (answers would go to the channel itself).
    const colleague = customer();
    for (const [subject, replyTo, cc] of [
      ["Mine", "self", undefined],
      ["Two", [customer(), customer()], undefined],
      ["Broken", "<ana@>", undefined],
      ["Cc", colleague, colleague],
      ["Ours", address, undefined],
    ] as const) {
      const self = customer();
      const mail = { from: self, to: address, cc, subject };
      await client.sendMail({ ...mail, replyTo: replyTo === "self" ? self.toUpperCase() : [...[replyTo].flat()] });
      expect(
        (await signalsFrom(self)).map((s) => s.title),
        subject,
      ).toEqual([subject]);
    }
    expect(await signalsFrom(address)).toHaveLength(0);
    expect(await signalsFrom(colleague)).toHaveLength(0);
  });

  it("takes a repeated message (same Message-ID) once", async () => {
    const from = customer();
    const messageId = `<${randomUUID()}@globex.example>`;
    const client = smtpClient(listener.port);
    for (let i = 0; i < 2; i++) await client.sendMail({ from, to: address, subject: "Twice", text: "x", messageId });
    expect(await signalsFrom(from)).toHaveLength(1);
    expect(outcomes.at(-1)).toMatchObject({ status: "duplicate" });
  });

  it("keeps a message whose text holds NUL bytes (replaced) or an emoji at the length limit (left out whole)", async () => {
    const from = customer();
    // An emoji whose two halves straddle the 500-character limit of a subject, and NULs in the text.
    const subject = `${"s".repeat(499)}😀 tail`;
    await smtpClient(listener.port).sendMail({
      from,
      to: address,
      subject,
      text: "Crash dump:\u0000\u0000 then text.",
    });
    const [signal] = await signalsFrom(from);
    expect(signal?.title).toBe("s".repeat(499));
    expect(signal?.body).toBe("Crash dump:\ufffd\ufffd then text.");
  });

  it("refuses mail for an address no email channel receives at, at RCPT TO", async () => {
    await expect(
      smtpClient(listener.port).sendMail({ from: customer(), to: "nobody@acme.example", subject: "x", text: "x" }),
    ).rejects.toMatchObject({ responseCode: 550, response: expect.stringContaining("email_no_channel") });
  });

  it("refuses a message over the size limit with 552 and keeps listening", async () => {
    const from = customer();
    await expect(
      smtpClient(listener.port).sendMail({ from, to: address, subject: "Big", text: "x".repeat(300 * 1024) }),
    ).rejects.toMatchObject({ responseCode: 552, response: expect.stringContaining("email_too_large") });
    // The channel's health says why it never arrived.
    const [refusal] = await db.query<{ code: string }>(
      "select code from channel_refusals where channel_id = $1 order by id desc limit 1",
      [channelId],
    );
    expect(refusal).toMatchObject({ code: "email_too_large" });
    await smtpClient(listener.port).sendMail({ from, to: address, subject: "Small", text: "x" });
    expect((await signalsFrom(from)).map((s) => s.title)).toEqual(["Small"]);
  });

  it("refuses a message declared too large (MAIL FROM SIZE=) with the same code, and remembers it in the channel's health", async () => {
    const replies = await smtpConversation(listener.port, [
      "EHLO sender.example",
      `MAIL FROM:<${customer()}> SIZE=999999999`,
      `RCPT TO:<${address}>`,
      "QUIT",
    ]);
    expect(replies[2]).toMatch(/^250 /);
    expect(replies[3]).toMatch(/^552 5\.3\.4 email_too_large: /);
    const [refusal] = await db.query<{ code: string; reason: string }>(
      "select code, reason from channel_refusals where channel_id = $1 order by id desc limit 1",
      [channelId],
    );
    expect(refusal).toMatchObject({ code: "email_too_large", reason: expect.stringContaining("999999999") });
  });

  it("refuses a message with no From address, and keeps a broken MIME structure's readable part", async () => {
    const client = smtpClient(listener.port);
    await expect(
      client.sendMail({ envelope: { from: "x@globex.example", to: address }, raw: "Subject: who\r\n\r\nhello\r\n" }),
    ).rejects.toMatchObject({ responseCode: 550, response: expect.stringContaining("email_no_sender") });
    const from = customer();
    const broken = [
      `From: ${from}`,
      `To: ${address}`,
      "Subject: Broken",
      'Content-Type: multipart/mixed; boundary="b1"',
      "",
      "--b1",
      "Content-Type: text/plain",
      "",
      "The part that arrived.",
      "--b1",
      "Content-Type: application/octet-stream",
      "Content-Transfer-Encoding: base64",
      "",
      "%%%not base64 and no closing boundary",
    ].join("\r\n");
    await client.sendMail({ envelope: { from, to: address }, raw: broken });
    expect((await signalsFrom(from)).map((s) => [s.title, s.body])).toEqual([["Broken", "The part that arrived."]]);
  });

  it("limits mail per sender (shared through the database): the next one is deferred with 451", async () => {
    const from = customer();
    const client = smtpClient(listener.port);
    for (let i = 0; i < 3; i++) await client.sendMail({ from, to: address, subject: `n${i}`, text: "x" });
    await expect(client.sendMail({ from, to: address, subject: "n3", text: "x" })).rejects.toMatchObject({
      responseCode: 451,
      response: expect.stringContaining("email_rate_limited"),
    });
    expect(await signalsFrom(from)).toHaveLength(3);
  });

  it("a mail on a channel whose owners set autoAttachThreshold is attached by the matcher, like an API signal", async () => {
    const world = await emailChannel(db);
    const pattern = await make(db, "pattern", {
      loopId: world.loop.id,
      title: "Invoice PDF shows ERR_PDF_FONT_MISSING",
    });
    await db.query("update channels set config = config || '{\"autoAttachThreshold\": 0.3}' where id = $1", [
      world.channel.id,
    ]);
    const client = smtpClient(listener.port);
    const sure = customer();
    await client.sendMail({
      from: sure,
      to: world.address,
      subject: "Invoice PDF fails",
      text: "ERR_PDF_FONT_MISSING on every invoice PDF",
    });
    const unsure = customer();
    await client.sendMail({
      from: unsure,
      to: world.address,
      subject: "Where is my avatar?",
      text: "Profile page question",
    });
    const attachedTo = async (from: string) =>
      db.query<{ pattern_id: string; attached_by: string }>(
        "select sp.pattern_id, sp.attached_by from signal_patterns sp where sp.signal_id = $1",
        [(await signalsFrom(from))[0]?.id],
      );
    expect(await attachedTo(sure)).toEqual([
      { pattern_id: pattern.id, attached_by: expect.stringMatching(/^matcher:v\d+$/) },
    ]);
    expect(await attachedTo(unsure)).toEqual([]);
  });
});

/** Real-world automatic mail, header for header as such systems send it (shortened bodies). */
const automatic: { name: string; reason: string; envelopeFrom: (from: string) => string; headers: string[] }[] = [
  {
    name: "a Gmail vacation reply",
    reason: "auto_submitted",
    envelopeFrom: (from) => from,
    headers: ["Auto-Submitted: auto-replied", "Subject: Out of office: Export fails"],
  },
  {
    name: "an Exchange out-of-office",
    reason: "auto_submitted",
    envelopeFrom: (from) => from,
    headers: [
      "Subject: Automatic reply: Export fails",
      "Auto-Submitted: auto-generated",
      "X-Auto-Response-Suppress: All",
      "X-MS-Exchange-Inbox-Rules-Loop: ana@globex.example",
    ],
  },
  {
    name: "an old autoresponder",
    reason: "precedence",
    envelopeFrom: (from) => from,
    headers: ["Subject: I am away", "Precedence: auto_reply", "X-Autorespond: yes"],
  },
  {
    name: "a newsletter",
    reason: "precedence",
    envelopeFrom: (from) => from,
    headers: ["Subject: Our March news", "Precedence: bulk"],
  },
  {
    name: "a Mailman list copy",
    reason: "mailing_list",
    envelopeFrom: (from) => from,
    headers: [
      "Subject: [dev] Export fails",
      "List-Id: Developers <dev.lists.globex.example>",
      "List-Unsubscribe: <mailto:dev-leave@lists.globex.example>",
    ],
  },
  {
    name: "a Postfix bounce",
    reason: "empty_return_path",
    envelopeFrom: () => "",
    headers: [
      "Subject: Undelivered Mail Returned to Sender",
      "Return-Path: <>",
      'Content-Type: multipart/report; report-type=delivery-status; boundary="r"',
    ],
  },
  {
    name: "a MAILER-DAEMON notice with a sender set",
    reason: "mailer_daemon",
    envelopeFrom: (from) => from,
    headers: ["Subject: Warning: could not send message for past 4 hours"],
  },
];

describe("automatic mail", () => {
  for (const mail of automatic) {
    it(`accepts and drops ${mail.name} (${mail.reason})`, async () => {
      const from = mail.reason === "mailer_daemon" ? `MAILER-DAEMON@${customer().split("@")[0]}.example` : customer();
      const raw = [
        `From: ${from}`,
        `To: ${address}`,
        `Message-ID: <${randomUUID()}@mx.example>`,
        ...mail.headers,
        "",
        "--r",
        "",
        "body",
        "",
      ].join("\r\n");
      await smtpClient(listener.port).sendMail({ envelope: { from: mail.envelopeFrom(from), to: address }, raw });
      expect(outcomes.at(-1)).toMatchObject({ status: "refused", code: "email_automatic" });
      expect(outcomes.at(-1)).toHaveProperty("reason", expect.stringContaining(mail.reason));
      expect(await signalsFrom(from.toLowerCase())).toHaveLength(0);
      // Remembered for the channel's health (GET /channels/:id/health, recentErrors).
      const [refusal] = await db.query<{ code: string; reason: string }>(
        "select code, reason from channel_refusals where channel_id = $1 order by id desc limit 1",
        [channelId],
      );
      expect(refusal).toMatchObject({ code: "email_automatic", reason: expect.stringContaining(mail.reason) });
    });
  }
});

/**
 * Speaks SMTP over a socket, one command at a time: the greeting and each command's reply, the last line
 * of each (a multi-line reply's lines but the last have a `-` after the code).
 */
function smtpConversation(port: number, commands: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const replies: string[] = [];
    let buffer = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      buffer += chunk;
      for (let end = buffer.indexOf("\r\n"); end >= 0; end = buffer.indexOf("\r\n")) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (line[3] === "-") continue;
        replies.push(line);
        const next = commands[replies.length - 1];
        if (next === undefined) socket.end();
        else socket.write(`${next}\r\n`);
      }
    });
    socket.on("close", () => resolve(replies));
    socket.on("error", reject);
  });
}
