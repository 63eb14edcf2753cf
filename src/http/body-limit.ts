import type { FastifyInstance } from "fastify";
import { AppError } from "../core/errors.js";

/** Bodies up to this many times the limit are read and discarded before the 413; larger ones are cut off. */
const discardFactor = 64;

/**
 * A body whose Content-Length is over the limit is read to its end and thrown away, then answered
 * 413 body_too_large. Answering at once (Fastify's way) closes the connection while the client is still
 * sending, and a client such as Node's fetch then fails with EPIPE instead of reading the 413. A body
 * over discardFactor times the limit is not worth reading: it gets the 413 at once and the connection
 * closes, as before. Nothing of the body is kept; the request timeout still bounds a slow sender.
 */
export function readLargeBodiesBeforeRefusing(server: FastifyInstance, bodyLimit: number): void {
  server.addHook("onRequest", async (request) => {
    const length = Number(request.headers["content-length"]);
    if (!(length > bodyLimit)) return;
    const tooLarge = new AppError(
      "body_too_large",
      `The body is larger than this server accepts (${bodyLimit} bytes, LOOPWORK_BODY_LIMIT).`,
      { path: "body" },
    );
    if (length > bodyLimit * discardFactor) throw tooLarge;
    const body = request.raw;
    await new Promise<void>((resolve) => {
      body.once("end", resolve);
      body.once("error", () => resolve());
      body.once("close", resolve);
      body.resume();
    });
    throw tooLarge;
  });
}
