import type { AddressInfo } from "node:net";
import hoodiecrow from "hoodiecrow-imap";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/connect.js";
import { pollMailbox } from "../../src/integrations/email/imap-poller.js";
import { type SmtpListener, startSmtpListener } from "../../src/integrations/email/smtp-listener.js";
import type { ReceiveOutcome } from "../../src/services/receive-email.js";
import { freshDb, serverUrl } from "../helpers/db.js";
import { customer, emailChannel, emailInConfig, smtpClient } from "./email-fixtures.js";

const lines = (...all: string[]) => `${all.join("\r\n")}\r\n`;
const ana = customer();
const address = "support@acme.example";

/** What Ana's client sent: no Message-ID (some scripts and old clients leave it to the servers). */
const sent = (date: string, text: string) =>
  lines(`From: Ana <${ana}>`, `To: ${address}`, "Subject: Export fails", `Date: ${date}`, "", text);
const first = sent("Sun, 29 Nov 2026 09:12:00 +0000", "It times out at 30 seconds.");
const other = sent("Sun, 29 Nov 2026 09:40:00 +0000", "It times out at 30 seconds.");

/**
 * The same message as the team's mailbox keeps it: its server put its trace on top (Return-Path,
 * Delivered-To, Received, its spam verdict), as any receiving server does; the SMTP copy has none of it.
 */
const mailboxCopy = (message: string) =>
  lines(
    `Return-Path: <${ana}>`,
    `Delivered-To: ${address}`,
    "Received: from mail.globex.example (mail.globex.example [192.0.2.7])",
    "\tby imap.acme.example with ESMTPS id 4f1c2a; Sun, 29 Nov 2026 09:12:03 +0000",
    "X-Spam-Status: No, score=-0.1",
  ) + message;

const imap = hoodiecrow({
  plugins: ["IDLE", "ENABLE", "UNSELECT"],
  users: { support: { password: "pass" } },
  storage: { INBOX: { messages: [{ raw: mailboxCopy(first) }, { raw: mailboxCopy(other) }] }, "": {} },
});

let db: Db;
let listener: SmtpListener;
let channelId: string;
let url: string;
const outcomes: ReceiveOutcome[] = [];

beforeAll(async () => {
  db = await freshDb();
  const made = await emailChannel(db);
  channelId = String(made.channel.id);
  await db.query("update channels set config = jsonb_set(config, '{address}', to_jsonb($2::text)) where id = $1", [
    channelId,
    address,
  ]);
  listener = await startSmtpListener(db, emailInConfig(), (o) => outcomes.push(o));
  await new Promise<void>((resolve) => imap.listen(0, "127.0.0.1", resolve));
  url = `imap://support:pass@127.0.0.1:${(imap.server.address() as AddressInfo).port}/INBOX`;
});
afterAll(async () => {
  await listener?.close();
  await new Promise<void>((resolve) => imap.close(() => resolve()));
  await db?.close();
});

describe(`an email without a Message-ID, over SMTP and IMAP both (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("is taken once, by a digest of what its sender wrote; another message of the same words is its own", async () => {
    // A forwarding rule sends it to the listener, and the mailbox keeps its own copy, which the poller reads.
    await smtpClient(listener.port).sendMail({ envelope: { from: ana, to: [address] }, raw: first });
    expect(outcomes.map((o) => o.status)).toEqual(["created"]);
    const polled: ReceiveOutcome[] = [];
    expect(await pollMailbox(db, emailInConfig(), { id: channelId, imapUrl: url }, (o) => polled.push(o))).toBe(2);
    // The first is the SMTP copy again; the second, written later with the same words, is a message of its own.
    expect(polled.map((o) => o.status)).toEqual(["duplicate", "created"]);
    const signals = await db.query<{ title: string }>(
      "select s.title from signals s join contacts c on c.id = s.contact_id where c.email = $1",
      [ana],
    );
    expect(signals).toHaveLength(2);
  });
});
