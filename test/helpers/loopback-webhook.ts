import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { verifyWebhookSignature } from "../../src/integrations/webhooks/signature.js";

/** One request the webhook receiver accepted (its signature verified). */
export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  json: unknown;
}

/** A webhook receiver on loopback: verifies every signature, counts deliveries by Idempotency-Key. */
export interface LoopbackWebhook {
  url: string;
  received: ReceivedWebhook[];
  /** Requests refused because their signature did not verify. */
  forged: number;
  /** Requests answered with the failure status (while `failWith` was set). */
  failed: number;
  byKey: Map<string, number>;
  /** Answer every request with this status (e.g. 500) until set back to null. */
  failWith: number | null;
  /** While set, every verified request waits for this promise before it is answered. */
  hold: Promise<void> | null;
  /** How many requests are being held right now. */
  held: number;
  close(): Promise<void>;
}

/** Starts a receiver on 127.0.0.1 on a free port, checking signatures with secret. */
export async function startLoopbackWebhook(secret: string): Promise<LoopbackWebhook> {
  const state: LoopbackWebhook = {
    url: "",
    received: [],
    forged: 0,
    failed: 0,
    byKey: new Map(),
    failWith: null,
    hold: null,
    held: 0,
    close: async () => {},
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", async () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const header = (name: string) => {
        const value = request.headers[name];
        return Array.isArray(value) ? value[0] : value;
      };
      const signature = { timestamp: header("x-loopwork-timestamp"), signature: header("x-loopwork-signature"), body };
      if (!verifyWebhookSignature(secret, signature, Date.now())) {
        state.forged++;
        response.writeHead(401).end("bad signature");
        return;
      }
      if (state.hold) {
        state.held++;
        await state.hold;
        state.held--;
      }
      if (state.failWith !== null) {
        state.failed++;
        response.writeHead(state.failWith).end("down for maintenance");
      } else {
        const key = header("idempotency-key") ?? "";
        state.byKey.set(key, (state.byKey.get(key) ?? 0) + 1);
        state.received.push({ headers: request.headers, body, json: JSON.parse(body) });
        response.writeHead(204).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  state.url = `http://127.0.0.1:${port}/hooks/loopwork`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
