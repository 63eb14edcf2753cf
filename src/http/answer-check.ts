import type { FastifyReply, FastifyRequest } from "fastify";
import { errorAnswer } from "./answers.js";
import { errorStatuses } from "./openapi.js";
import type { Route } from "./route.js";

/** What is wrong with an answer of route r, measured against the OpenAPI document; undefined when nothing. */
export function answerMismatch(r: Route, status: number, contentType: string, payload: unknown): string | undefined {
  if (status >= 500) return undefined; // a failure already, and the error handler's own answer
  if (status === 302 && r.redirect) return undefined;
  // A success status the document does not list leaves generated clients without a type for it.
  if (status < 300 && status !== (r.status ?? 200) && status !== r.existingStatus) {
    return `an undocumented success status ${status} (route.ts status, existingStatus)`;
  }
  const media = contentType.split(";")[0]?.trim() ?? "";
  if (media !== "application/json") {
    return r.media?.includes(media as "text/html") ? undefined : `an undocumented ${media || "untyped"} answer`;
  }
  let json: unknown;
  try {
    json = JSON.parse(String(payload));
  } catch {
    return "a JSON answer that is not JSON";
  }
  if (status >= 400) {
    if (!errorStatuses(r).includes(status)) return `an undocumented error status ${status} (openapi.ts errorStatuses)`;
    const checked = errorAnswer.safeParse(json);
    return checked.success ? undefined : `an error body unlike the Error schema: ${checked.error.message}`;
  }
  if (!r.response) return "a JSON answer, but the route documents no response schema";
  const checked = r.response.safeParse(json);
  return checked.success ? undefined : `a body unlike its response schema: ${checked.error.message}`;
}

/**
 * An onSend hook that checks every answer of route r against the document (config.checkAnswers: tests).
 * A mismatch becomes a 500 that names it, so the test that caused it fails.
 */
export function checkAnswers(r: Route) {
  return async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const problem = answerMismatch(r, reply.statusCode, String(reply.getHeader("content-type") ?? ""), payload);
    if (problem) {
      throw new Error(
        `${request.method} ${r.url} answered ${reply.statusCode} with ${problem}: ${String(payload).slice(0, 500)}`,
      );
    }
    return payload;
  };
}
