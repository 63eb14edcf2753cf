import type { FastifyInstance, FastifyReply } from "fastify";

/** Headers every answer carries: no sniffing, no framing (clickjacking), no referrer leaking tokens. */
export const securityHeaders: Record<string, string> = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
};

/**
 * The policy of the pages the server renders itself (forms behind one-time links, answer pages, the
 * customers' view): they load nothing and run no script, their only style is inline.
 */
export const pagePolicy =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/** The policy of /docs (Swagger UI): its own scripts and styles, nothing from elsewhere, never framed. */
export const docsPolicy =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** HSTS for a year: sent only when the public URL is https (a browser ignores it over http anyway). */
const hsts = "max-age=31536000";

/** Marks an answer that carries a secret (a session's CSRF token, an API token, a one-time link) as never to be cached. */
export function noStore(reply: FastifyReply): void {
  reply.header("cache-control", "no-store");
}

/**
 * Adds the security headers to every answer of the server; HTML pages also get a Content-Security-
 * Policy (unless they set their own) and are never cached: they hold links and forms behind tokens.
 */
export function addSecurityHeaders(server: FastifyInstance, options: { https: boolean }): void {
  server.addHook("onSend", async (_request, reply) => {
    // A route may loosen one on purpose (the widget's script is loaded by other sites: CORP cross-origin).
    for (const [name, value] of Object.entries(securityHeaders)) if (!reply.hasHeader(name)) reply.header(name, value);
    if (options.https) reply.header("strict-transport-security", hsts);
    if (String(reply.getHeader("content-type") ?? "").startsWith("text/html")) {
      if (!reply.hasHeader("content-security-policy")) reply.header("content-security-policy", pagePolicy);
      if (!reply.hasHeader("cache-control")) noStore(reply);
    }
  });
}
