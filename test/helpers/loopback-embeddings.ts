import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** One request the provider took: what the matcher sent. */
export interface EmbeddingsRequest {
  path: string;
  authorization: string | undefined;
  model: string;
  input: string[];
}

/** An OpenAI-compatible embeddings API on loopback that checks what it receives. */
export interface LoopbackEmbeddings {
  /** The base URL to configure (…/v1): requests must go to …/v1/embeddings. */
  url: string;
  received: EmbeddingsRequest[];
  /** Requests it refused, and why (wrong path, model, key or body): a test expects none. */
  refused: string[];
  /** Answer every request with this status until set back to null. */
  failWith: number | null;
  /** Wait this long before answering (to outlast the matcher's timeout). */
  delayMs: number;
  close(): Promise<void>;
}

/**
 * Words that mean the same thing share a dimension, so texts in different words are close in meaning;
 * any other word adds a little to one of eight dimensions by its hash. Deterministic: the same text
 * always gets the same vector.
 */
const concepts = [
  ["freeze", "freezes", "frozen", "hang", "hangs", "stuck", "unresponsive"],
  ["settings", "preferences", "options", "configuration", "setup"],
  ["calendar", "agenda", "events", "sync", "syncing"],
  ["pdf", "export", "exported", "print", "printout"],
];

/** The vector a text gets (12 dimensions). */
export function conceptVector(text: string): number[] {
  const vector = new Array(concepts.length + 8).fill(0);
  for (const word of text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)) {
    const concept = concepts.findIndex((group) => group.includes(word));
    if (concept >= 0) vector[concept] += 1;
    else {
      let hash = 0;
      for (const ch of word) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
      vector[concepts.length + (hash % 8)] += 0.1;
    }
  }
  return vector;
}

/** Starts the provider on 127.0.0.1, expecting this model and `Authorization: Bearer <key>`. */
export async function startLoopbackEmbeddings(expected: { model: string; key: string }): Promise<LoopbackEmbeddings> {
  const state: LoopbackEmbeddings = {
    url: "",
    received: [],
    refused: [],
    failWith: null,
    delayMs: 0,
    close: async () => {},
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", async () => {
      const refuse = (why: string) => {
        state.refused.push(why);
        response.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ error: why }));
      };
      if (request.method !== "POST" || request.url !== "/v1/embeddings")
        return refuse(`${request.method} ${request.url}`);
      if (!String(request.headers["content-type"]).startsWith("application/json")) return refuse("content-type");
      let body: { model?: unknown; input?: unknown };
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        return refuse("body is not JSON");
      }
      if (!Array.isArray(body.input) || !body.input.every((t) => typeof t === "string" && t.length > 0))
        return refuse("input is not an array of texts");
      state.received.push({
        path: request.url,
        authorization: request.headers.authorization,
        model: String(body.model),
        input: body.input,
      });
      if (request.headers.authorization !== `Bearer ${expected.key}`) {
        response.writeHead(401, { "content-type": "application/json" });
        return response.end(JSON.stringify({ error: { message: "Incorrect API key provided" } }));
      }
      if (body.model !== expected.model) return refuse(`model ${String(body.model)}`);
      if (state.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, state.delayMs));
      if (state.failWith !== null) {
        response.writeHead(state.failWith, { "content-type": "application/json" });
        return response.end(JSON.stringify({ error: { message: "The server is overloaded" } }));
      }
      const data = (body.input as string[]).map((text, index) => ({
        object: "embedding",
        index,
        embedding: conceptVector(text),
      }));
      // Out of order on purpose: clients must order by index.
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ object: "list", model: expected.model, data: data.reverse() }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
