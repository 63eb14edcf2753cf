import { Transform, type TransformCallback } from "node:stream";
import { createTransport } from "nodemailer";
import type { EmailMessage } from "./notification-email.js";

/** What a caller may do around one send. */
export interface SendOptions {
  /**
   * Runs just before the message is complete on the wire (before SMTP's end-of-data dot), when nothing
   * has been accepted yet. If it rejects, the message is cut off and the server discards it.
   */
  beforeAccept?: () => Promise<void>;
}

/** Sends emails over a pool of SMTP connections; closed when its worker stops. */
export interface EmailSender {
  send(message: EmailMessage, options?: SendOptions): Promise<void>;
  close(): void;
}

/** How the pool connects. */
export interface SmtpPoolOptions {
  /** Per network step (connect, greeting, each socket read). */
  timeoutMs?: number;
  /** Open connections at most: one message goes over a connection at a time. */
  maxConnections?: number;
  /** The name given in EHLO; the host name unless told. */
  clientName?: string;
}

/**
 * Holds the message back and passes it on whole, in one chunk (one socket write instead of one per MIME
 * part), then ends it only once `beforeEnd` has resolved: the end is what makes SMTP send its dot.
 */
class HoldEnd extends Transform {
  private readonly chunks: Buffer[] = [];
  constructor(private readonly beforeEnd: () => Promise<void>) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.chunks.push(chunk);
    done();
  }
  override _flush(done: TransformCallback): void {
    this.push(Buffer.concat(this.chunks));
    this.chunks.length = 0;
    this.beforeEnd().then(
      () => done(),
      (error: unknown) => done(error instanceof Error ? error : new Error(String(error))),
    );
  }
}

/**
 * An SMTP sender for smtp://user:pass@host:port (or smtps://) over a pool of kept-open connections:
 * opening one per email cost a third of the worker's time. Every network step has a timeout.
 */
export function createSmtpSender(smtpUrl: string, options: SmtpPoolOptions = {}): EmailSender {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const transport = createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: Math.max(1, options.maxConnections ?? 5),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    ...(options.clientName ? { name: options.clientName } : {}),
  });
  // The hooks of the messages being sent, by Message-ID (unique: one per outbox row, and a row is
  // sent by one delivery at a time). The 'stream' step runs once a message is composed.
  const hooks = new Map<string, () => Promise<void>>();
  transport.use("stream", (mail, done) => {
    const hook = typeof mail.data.messageId === "string" ? hooks.get(mail.data.messageId) : undefined;
    // A factory: a message the pool sends again over another connection gets a fresh stream.
    if (hook) mail.message.transform(() => new HoldEnd(hook));
    done();
  });
  return {
    send: async (message, sendOptions = {}) => {
      const { beforeAccept } = sendOptions;
      if (beforeAccept) hooks.set(message.messageId, beforeAccept);
      try {
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
      } finally {
        if (beforeAccept) hooks.delete(message.messageId);
      }
    },
    close: () => transport.close(),
  };
}
