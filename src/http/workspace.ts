import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply } from "fastify";

/**
 * The workspace's policy: its own scripts and styles only (no inline script, no inline style element),
 * API calls and the live stream to this origin, never framed.
 */
export const workspacePolicy =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** The workspace's path prefix: the API keeps the root (docs/adr/0004). */
export const workspacePrefix = "/app/";

/**
 * Serves the built workspace (web/dist) under /app/: hashed assets cached for a year, every other path
 * under /app/ answers index.html (the router in the browser shows the page: deep links survive a reload),
 * and GET / sends a browser to /app/. A rebuild while it runs is served at once (`indexOf`).
 */
export async function serveWorkspace(server: FastifyInstance, folder: string): Promise<void> {
  const readIndex = indexOf(join(folder, "index.html"));
  await server.register(fastifyStatic, {
    root: join(folder, "assets"),
    prefix: `${workspacePrefix}assets/`,
    // Names carry their content's hash: a changed file is a new name, so the old one never goes stale.
    immutable: true,
    maxAge: "365d",
    index: false,
    wildcard: true,
  });
  const sendIndex = (reply: FastifyReply) => {
    const index = readIndex();
    if (!index) {
      return reply
        .code(503)
        .type("text/plain; charset=utf-8")
        .send("The workspace is not built: run `npm run build:web`, or start Loopwork with `npm start`.");
    }
    return (
      reply
        .type("text/html; charset=utf-8")
        .header("content-security-policy", workspacePolicy)
        // The page is tiny and names the current assets: always ask again, so a new build is seen at once.
        .header("cache-control", "no-cache")
        .send(index)
    );
  };
  server.get("/", (_request, reply) => reply.redirect(workspacePrefix));
  server.get("/app", (_request, reply) => reply.redirect(workspacePrefix));
  server.get(`${workspacePrefix}*`, (request, reply) => {
    // A missing asset is a 404, not the page: a stale tab asking for an old chunk learns it is gone.
    if (request.url.startsWith(`${workspacePrefix}assets/`)) {
      return reply.code(404).send({ error: { code: "route_not_found", message: "No such asset." } });
    }
    return sendIndex(reply);
  });
}

/**
 * index.html as it is now: kept in memory, and read again when the file changed (another inode, mtime
 * or size: `npm run build:web` moves a new folder in place) or came to be, so a workspace rebuilt while
 * the server runs is served at once — the kept page named assets the rebuild deleted, a blank page.
 * One stat a request, no read.
 */
export function indexOf(file: string): () => string | undefined {
  let kept: { ino: number; mtimeMs: number; size: number; html: string } | undefined;
  return () => {
    let stat: ReturnType<typeof statSync>;
    try {
      stat = statSync(file);
    } catch {
      // Not built, or between the old folder's removal and the new one's arrival.
      return undefined;
    }
    if (kept?.ino !== stat.ino || kept.mtimeMs !== stat.mtimeMs || kept.size !== stat.size) {
      try {
        kept = { ino: stat.ino, mtimeMs: stat.mtimeMs, size: stat.size, html: readFileSync(file, "utf8") };
      } catch {
        return undefined;
      }
    }
    return kept.html;
  };
}
