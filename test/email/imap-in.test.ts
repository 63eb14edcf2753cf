import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import hoodiecrow from "hoodiecrow-imap";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/connect.js";
import { pollMailbox } from "../../src/integrations/email/imap-poller.js";
import type { ReceiveOutcome } from "../../src/services/receive-email.js";
import { freshDb, serverUrl } from "../helpers/db.js";
import { customer, emailChannel, emailInConfig } from "./email-fixtures.js";

let db: Db;
const ana = customer();
const opening = `<${randomUUID()}@globex.example>`;
const mail = (...lines: string[]) => `${lines.join("\r\n")}\r\n`;

/** A real IMAP server (hoodiecrow, in this process) holding a mailbox as a team's would. */
const imap = hoodiecrow({
  plugins: ["IDLE", "ENABLE", "UNSELECT"],
  users: { support: { password: "s3cret pass" } },
  storage: {
    INBOX: {
      messages: [
        {
          raw: mail(
            `From: Ana <${ana}>`,
            "To: support@acme.example",
            `Message-ID: ${opening}`,
            "Subject: Export fails",
            "",
            "It times out.",
          ),
        },
        { raw: mail(`From: ${ana}`, "Subject: Read already", "", "x"), flags: ["\\Seen"] },
        { raw: mail(`From: ${ana}`, "Auto-Submitted: auto-replied", "Subject: Away", "", "x") },
        {
          raw: mail(
            `From: ${ana}`,
            `In-Reply-To: ${opening}`,
            `Message-ID: <${randomUUID()}@globex.example>`,
            "Subject: Re: Export fails",
            "",
            "Also on Fridays.",
            "",
            "> It times out.",
          ),
        },
      ],
    },
    "": {},
  },
});

let url: string;
beforeAll(async () => {
  db = await freshDb();
  await new Promise<void>((resolve) => imap.listen(0, "127.0.0.1", resolve));
  const { port } = imap.server.address() as AddressInfo;
  url = `imap://support:${encodeURIComponent("s3cret pass")}@127.0.0.1:${port}/INBOX`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => imap.close(() => resolve()));
  await db?.close();
});

describe(`email in over IMAP (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("reads the unseen messages, takes a person's in, drops automatic mail, and marks them seen", async () => {
    const { channel } = await emailChannel(db);
    const outcomes: ReceiveOutcome[] = [];
    const read = await pollMailbox(db, emailInConfig(), { id: String(channel.id), imapUrl: url }, (o) =>
      outcomes.push(o),
    );
    expect(read).toBe(3);
    expect(outcomes.map((o) => (o.status === "refused" ? o.code : o.status))).toEqual([
      "created",
      "email_automatic",
      "joined",
    ]);
    const signals = await db.query<{ id: string; title: string }>(
      "select s.id, s.title from signals s join contacts c on c.id = s.contact_id where c.email = $1",
      [ana],
    );
    expect(signals.map((s) => s.title)).toEqual(["Export fails"]);
    const bodies = await db.query<{ body: string }>(
      "select body from messages where signal_id = $1 order by created_at, id",
      [signals[0]?.id],
    );
    expect(bodies.map((b) => b.body)).toEqual(["It times out.", "Also on Fridays."]);
    expect(imap.getMailbox("INBOX").messages.every((m) => m.flags.includes("\\Seen"))).toBe(true);
    // The next poll finds nothing new.
    expect(await pollMailbox(db, emailInConfig(), { id: String(channel.id), imapUrl: url })).toBe(0);
  });

  it("fails loudly on a wrong password", async () => {
    const { channel } = await emailChannel(db);
    await expect(
      pollMailbox(db, emailInConfig(), { id: String(channel.id), imapUrl: url.replace("s3cret", "wrong") }),
    ).rejects.toThrow();
  });
});
