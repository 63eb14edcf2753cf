import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream } from "smtp-server";
import type { EmailInConfig } from "../../config.js";
import type { Db } from "../../db/connect.js";
import { emailChannelFor, type ReceiveOutcome, receiveEmail } from "../../services/receive-email.js";
import { recordChannelRefusal } from "../../services/record-channel-refusal.js";

/** A running SMTP listener: where it listens, and how to stop it. */
export interface SmtpListener {
  port: number;
  close(): Promise<void>;
}

/** An SMTP reply code and enhanced status for each refusal: 4xx asks the sender to try again later. */
const replyFor: Record<string, { code: number; status: string }> = {
  email_too_large: { code: 552, status: "5.3.4" },
  email_malformed: { code: 550, status: "5.6.0" },
  email_no_sender: { code: 550, status: "5.1.7" },
  email_no_channel: { code: 550, status: "5.1.1" },
  email_rate_limited: { code: 451, status: "4.7.1" },
};

/** An error smtp-server turns into the reply the client reads: "<code> <status> <our code>: <reason>". */
function smtpError(code: string, reason: string): Error & { responseCode: number } {
  const reply = replyFor[code] ?? { code: 550, status: "5.0.0" };
  return Object.assign(new Error(`${reply.status} ${code}: ${reason}`), { responseCode: reply.code });
}

/** Reads a message to its end, or to the point it goes over the limit (smtp-server marks sizeExceeded). */
function readAll(stream: SMTPServerDataStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => {
      if (!stream.sizeExceeded) chunks.push(chunk);
    });
    stream.on("end", () => resolve(Buffer.concat(chunks)));
    stream.on("error", reject);
  });
}

/**
 * An unexpected failure (the database down, a bug): logged here, and answered 451 so that the sending
 * server keeps the message and tries again. The sender is told nothing of the cause (it is not theirs).
 */
function tryAgainLater(step: string, error: Error): Error {
  console.error(`SMTP ${step}:`, error);
  return Object.assign(new Error("Cannot take this message now; try again later."), { responseCode: 451 });
}

/**
 * Why a recipient is refused, if it is: an address no email channel receives at, or a message its sender
 * declared larger than the limit (MAIL FROM … SIZE=<n>, RFC 1870). The latter is refused at RCPT TO, the
 * first step that knows the channel (552 is a reply RCPT TO may give, RFC 5321 §4.3.2), and recorded in
 * that channel's health.
 */
async function acceptRecipient(
  db: Db,
  config: EmailInConfig,
  address: string,
  mailFrom: SMTPServerAddress | false,
): Promise<Error | undefined> {
  const channelId = await emailChannelFor(db, [address]);
  if (!channelId) return smtpError("email_no_channel", `No email channel receives at ${address}.`);
  const args = mailFrom ? mailFrom.args : false;
  const declared = args ? Number(args.SIZE ?? 0) : 0;
  if (declared <= config.maxBytes) return undefined;
  const reason = `The message is declared larger (SIZE=${declared}) than the limit of ${config.maxBytes} bytes.`;
  await recordChannelRefusal(db, channelId, "email_too_large", reason);
  return smtpError("email_too_large", reason);
}

/**
 * The built-in SMTP listener a team points a forwarding rule or an MX record at (docs/CHANNELS.md): it
 * accepts mail only for the address of an email channel (RCPT TO), up to config.maxBytes (SIZE), and
 * hands each message to receiveEmail. Automatic mail is accepted and dropped (refusing it would make a
 * bounce, which is mail to nobody). `onOutcome` hears what became of every message, for logs and tests.
 */
export async function startSmtpListener(
  db: Db,
  config: EmailInConfig,
  onOutcome: (outcome: ReceiveOutcome) => void = () => {},
): Promise<SmtpListener> {
  const server = new SMTPServer({
    name: "loopwork",
    banner: "Loopwork email in",
    authOptional: true,
    // No credentials are asked of the mail servers that deliver here; STARTTLS needs a certificate,
    // which a relay in front of Loopwork holds (docs/CHANNELS.md).
    disabledCommands: ["AUTH", "STARTTLS"],
    size: config.maxBytes,
    // EHLO says SIZE without the number, and smtp-server leaves a declared MAIL FROM … SIZE=<n> to
    // onRcptTo: refused there with our code, and remembered in the channel's health, as a message found
    // too large while it arrives is (else smtp-server answered it at MAIL FROM with its own text).
    hideSize: true,
    logger: false,
    onRcptTo(address, session, callback) {
      acceptRecipient(db, config, address.address, session.envelope.mailFrom).then(
        (refusal) => callback(refusal),
        (error: Error) => callback(tryAgainLater("RCPT TO", error)),
      );
    },
    onData(stream, session, callback) {
      readAll(stream)
        .then(async (raw) => {
          const mailFrom = session.envelope.mailFrom;
          // Over SIZE too: receiveEmail refuses it, and the channel's health remembers the refusal.
          const outcome = await receiveEmail(db, config, {
            raw,
            envelopeFrom: mailFrom ? mailFrom.address : "",
            recipients: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            overSize: stream.sizeExceeded,
          });
          onOutcome(outcome);
          // Automatic mail and the team's own through our list: accepted (no bounce made of it), never a signal.
          if (outcome.status !== "refused" || outcome.code === "email_automatic" || outcome.code === "email_from_team")
            return callback();
          return callback(smtpError(outcome.code, outcome.reason));
        })
        .catch((error: Error) => callback(tryAgainLater("DATA", error)));
    },
  });
  // A client that drops its connection is its own problem; the listener keeps running.
  server.on("error", () => {});
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(config.smtpPort ?? 0, config.smtpHost, () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
