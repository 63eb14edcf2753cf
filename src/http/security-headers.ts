import type { FastifyInstance } from "fastify";

/** Headers every answer carries: no sniffing, no framing (clickjacking), no referrer leaking tokens. */
export const securityHeaders: Record<string, string> = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
};

/** Adds the security headers to every answer of the server. */
export function addSecurityHeaders(server: FastifyInstance): void {
  server.addHook("onSend", async (_request, reply) => {
    reply.headers(securityHeaders);
  });
}
