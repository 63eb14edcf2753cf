import { createTransport } from "nodemailer";
import type { EmailMessage } from "./notification-email.js";

/** Sends emails; one per delivery, closed when the batch is done. */
export interface EmailSender {
  send(message: EmailMessage): Promise<void>;
  close(): void;
}

/**
 * An SMTP sender for smtp://user:pass@host:port (or smtps://). Every network step has a timeout, and
 * together they stay well under the outbox lock: a delivery that hangs past its lock would be claimed
 * again by another worker while this one may still send it (a duplicate email).
 */
export function createSmtpSender(smtpUrl: string, timeoutMs = 20_000): EmailSender {
  const transport = createTransport({
    url: smtpUrl,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  return {
    send: async (message) => {
      await transport.sendMail({
        from: message.from,
        to: message.to,
        subject: message.subject,
        messageId: message.messageId,
        ...(message.inReplyTo ? { inReplyTo: message.inReplyTo } : {}),
        ...(message.references ? { references: message.references } : {}),
        headers: message.headers,
        text: message.text,
        html: message.html,
      });
    },
    close: () => transport.close(),
  };
}
