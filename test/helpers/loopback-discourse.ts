import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** One post the stand-in Discourse accepted. */
export interface ReceivedPost {
  id: number;
  topicId: number;
  postNumber: number;
  raw: string;
  headers: IncomingHttpHeaders;
  path: string;
}

/** A stand-in Discourse on loopback: takes POST /posts.json with the right Api-Key and Api-Username, serves GET /raw/:topic. */
export interface LoopbackDiscourse {
  url: string;
  posts: ReceivedPost[];
  /** Requests refused for a wrong or missing Api-Key / Api-Username. */
  refused: number;
  /** Answer every POST /posts.json with this status until set back to null. */
  failWith: number | null;
  failed: number;
  /** Create the next post, then drop the connection without an answer (the poster cannot know it posted). */
  dropAfterNextPost: boolean;
  rawReads: number;
  close(): Promise<void>;
}

/** Starts a stand-in Discourse on 127.0.0.1 that expects apiKey as Api-Key and apiUsername as Api-Username. */
export async function startLoopbackDiscourse(apiKey: string, apiUsername: string): Promise<LoopbackDiscourse> {
  let nextId = 900_000;
  const state: LoopbackDiscourse = {
    url: "",
    posts: [],
    refused: 0,
    failWith: null,
    failed: 0,
    dropAfterNextPost: false,
    rawReads: 0,
    close: async () => {},
  };
  const json = (response: import("node:http").ServerResponse, status: number, body: unknown) =>
    response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (request.headers["api-key"] !== apiKey || request.headers["api-username"] !== apiUsername) {
        state.refused++;
        json(response, 403, {
          errors: ["You are not permitted to view the requested resource."],
          error_type: "invalid_access",
        });
        return;
      }
      const url = new URL(request.url ?? "/", "http://x");
      const raw = /^\/raw\/(\d+)$/.exec(url.pathname);
      if (request.method === "GET" && raw) {
        state.rawReads++;
        // As PostsController#markdown_num writes a topic's Markdown: 100 posts a page.
        const page = Number(url.searchParams.get("page") ?? 1);
        const inTopic = state.posts.filter((p) => p.topicId === Number(raw[1])).slice((page - 1) * 100, page * 100);
        const text = inTopic
          .map(
            (p) =>
              `${apiUsername} | 2025-01-01 00:00:00 UTC | #${p.postNumber}\n\n${p.raw}\n\n-------------------------\n\n`,
          )
          .join("");
        response.writeHead(200, { "content-type": "text/plain" }).end(text);
        return;
      }
      if (request.method !== "POST" || url.pathname !== "/posts.json") {
        json(response, 404, { errors: ["The requested URL or resource could not be found."] });
        return;
      }
      if (state.failWith !== null) {
        state.failed++;
        json(response, state.failWith, { errors: ["Discourse is down for maintenance"] });
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { topic_id: number; raw: string };
      const postNumber = state.posts.filter((p) => p.topicId === body.topic_id).length + 2;
      const post = {
        id: nextId++,
        topicId: body.topic_id,
        postNumber,
        raw: body.raw,
        headers: request.headers,
        path: url.pathname,
      };
      state.posts.push(post);
      if (state.dropAfterNextPost) {
        state.dropAfterNextPost = false;
        request.socket.destroy();
        return;
      }
      json(response, 200, {
        id: post.id,
        username: apiUsername,
        raw: post.raw,
        post_number: postNumber,
        post_type: 1,
        topic_id: post.topicId,
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  state.url = `http://127.0.0.1:${port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
