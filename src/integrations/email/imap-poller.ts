import { ImapFlow } from "imapflow";
import type { EmailInConfig } from "../../config.js";
import type { Db } from "../../db/connect.js";
import { trySessionLock } from "../../db/session-lock.js";
import { type ReceiveOutcome, receiveEmail } from "../../services/receive-email.js";

/** Where an email channel's mailbox is: imaps://user:password@host:993/INBOX (the path names the mailbox). */
export function imapTarget(imapUrl: string) {
  const url = new URL(imapUrl);
  const secure = url.protocol === "imaps:";
  return {
    host: url.hostname,
    port: Number(url.port || (secure ? 993 : 143)),
    secure,
    auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) },
    mailbox: decodeURIComponent(url.pathname.replace(/^\//, "")) || "INBOX",
  };
}

/** Messages read from one mailbox per poll at most: a large backlog drains over several polls. */
const batch = 200;

/**
 * Reads the unseen messages of one channel's mailbox, hands each to receiveEmail and marks it seen; one
 * refused for the sender's limit stays unseen, to be read again at a later poll. A message read twice
 * (a crash before \Seen) is taken once: receiveEmail knows its Message-ID.
 */
export async function pollMailbox(
  db: Db,
  config: EmailInConfig,
  channel: { id: string; imapUrl: string },
  onOutcome: (outcome: ReceiveOutcome) => void = () => {},
): Promise<number> {
  const target = imapTarget(channel.imapUrl);
  const client = new ImapFlow({
    host: target.host,
    port: target.port,
    secure: target.secure,
    auth: target.auth,
    logger: false,
    socketTimeout: 60_000,
  });
  // A dropped connection rejects the call in progress; this keeps it from also crashing the process.
  client.on("error", () => {});
  await client.connect();
  let read = 0;
  try {
    const lock = await client.getMailboxLock(target.mailbox);
    try {
      const unseen = (await client.search({ seen: false }, { uid: true })) || [];
      for (const uid of unseen.slice(0, batch)) {
        const message = await client.fetchOne(String(uid), { source: true, size: true }, { uid: true });
        // false when the message was expunged meanwhile.
        if (message === false || !message.source) continue;
        const outcome: ReceiveOutcome =
          (message.size ?? message.source.length) > config.maxBytes
            ? { status: "refused", code: "email_too_large", reason: `larger than ${config.maxBytes} bytes` }
            : await receiveEmail(db, config, { raw: message.source, channelId: channel.id });
        onOutcome(outcome);
        read++;
        if (outcome.status === "refused" && outcome.code === "email_rate_limited") continue;
        await client.messageFlagsAdd(String(uid), ["\\Seen"], { uid: true });
      }
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
  return read;
}

/** A lock key per channel: two workers never poll the same mailbox at once (a collision only skips a poll). */
const lockKey = (channelId: string) => Number.parseInt(channelId.replace(/-/g, "").slice(-8), 16) | 0;

/**
 * The worker's IMAP poller: every config.imapPollMs, each email channel with an imapUrl is polled by the
 * one worker that holds its lock. A mailbox that fails (unreachable, wrong password) is reported to
 * onError and tried again at the next poll; the others go on.
 */
export function startImapPoller(
  db: Db,
  config: EmailInConfig,
  databaseUrl: string | undefined,
  onError: (error: unknown) => void = (error) => console.error("IMAP poll failed:", error),
): { stop(): Promise<void> } {
  let running: Promise<void> | undefined;
  const pollAll = async () => {
    const channels = await db.query<{ id: string; imap_url: string }>(
      "select id, config->>'imapUrl' as imap_url from channels where kind = 'email' and config ? 'imapUrl'",
    );
    for (const channel of channels) {
      const lock = await trySessionLock(db, databaseUrl, lockKey(channel.id));
      if (!lock) continue;
      try {
        await pollMailbox(db, config, { id: channel.id, imapUrl: channel.imap_url });
      } catch (error) {
        onError(error);
      } finally {
        await lock.release();
      }
    }
  };
  // A poll still running when the next is due is not doubled: the next waits for its turn.
  const timer = setInterval(() => {
    running ??= pollAll()
      .catch(onError)
      .finally(() => {
        running = undefined;
      });
  }, config.imapPollMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
