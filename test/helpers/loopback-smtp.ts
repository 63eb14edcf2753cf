import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/** One message the server accepted: when (this process's clock) and from whom (the client's EHLO name). */
export interface AcceptedMessage {
  messageId: string;
  at: number;
  client: string;
}

/** A real SMTP server on loopback that keeps every message it accepts, parsed. */
export interface LoopbackSmtp {
  url: string;
  messages: ParsedMail[];
  /** In the order the client heard 250. */
  accepted: AcceptedMessage[];
  /** How many connections clients opened. */
  connections: number;
  close(): Promise<void>;
}

export interface LoopbackSmtpOptions {
  /** Called right after the 250 that accepts a message has been written (e.g. to kill its sender). */
  onAccepted?: (message: AcceptedMessage) => void;
}

/** Starts an SMTP server on 127.0.0.1 on a free port; messages are parsed before the client hears 250. */
export async function startLoopbackSmtp(options: LoopbackSmtpOptions = {}): Promise<LoopbackSmtp> {
  const messages: ParsedMail[] = [];
  const accepted: AcceptedMessage[] = [];
  let connections = 0;
  const server = new SMTPServer({
    authOptional: true,
    // The default STARTTLS offer would make the client upgrade to a self-signed certificate.
    disabledCommands: ["STARTTLS"],
    logger: false,
    onConnect(_session, callback) {
      connections++;
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          messages.push(mail);
          const message = { messageId: mail.messageId ?? "", at: Date.now(), client: session.hostNameAppearsAs };
          accepted.push(message);
          callback();
          options.onAccepted?.(message);
        })
        .catch((error: Error) => callback(error));
    },
  });
  // A client killed mid-message resets its connection: that is a test's doing, not the server's error.
  server.on("error", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    accepted,
    get connections() {
      return connections;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
