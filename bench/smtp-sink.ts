import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { SMTPServer } from "smtp-server";

/** A fast SMTP server on loopback: reads each message to its end, keeps its Message-ID and when. */
export interface SmtpSink {
  url: string;
  accepted: { messageId: string; at: number }[];
  close(): Promise<void>;
}

/** Starts the sink on 127.0.0.1 on a free port. It parses no bodies: it stands for a fast relay. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const accepted: SmtpSink["accepted"] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      let head = "";
      stream.on("data", (chunk: Buffer) => {
        if (head.length < 8192) head += chunk.toString("latin1");
      });
      stream.on("end", () => {
        accepted.push({ messageId: /^message-id:\s*(<[^>\r\n]+>)/im.exec(head)?.[1] ?? "", at: performance.now() });
        callback();
      });
    },
  });
  server.on("error", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    accepted,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
