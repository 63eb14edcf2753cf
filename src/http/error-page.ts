import type { FastifyReply, FastifyRequest } from "fastify";
import { escapeHtml as e } from "../core/html.js";
import type { ErrorBody } from "./errors.js";
import { page } from "./page.js";

/** The pages the server renders run no script and load nothing: the browser is told so. */
export const pagePolicy =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/** A browser asks for HTML (a program asking for JSON and not HTML gets JSON). */
export function wantsHtml(request: FastifyRequest): boolean {
  return request.headers.accept?.includes("text/html") ?? false;
}

const headings: Record<string, string> = {
  invalid_signature: "This link does not work",
  link_expired: "This link has expired",
  rate_limited: "Too many tries",
  body_too_large: "That was too much to send",
  route_not_found: "Nothing here",
  method_not_allowed: "Not this way",
  invalid_input: "Something needs fixing",
};

const nextSteps: Record<string, string> = {
  invalid_signature: "Check that the whole link was copied (mail programs sometimes break long links).",
  rate_limited: "Wait a minute, then try again.",
  invalid_input: "Go back, correct it and send the form again.",
};

/**
 * An error as a page, for a person who opened a link or sent a form in a browser (customer-facing and
 * first-run pages): the same status and message as the JSON error, never the JSON itself.
 */
export function sendErrorPage(reply: FastifyReply, status: number, body: ErrorBody): FastifyReply {
  const { code, message } = body.error;
  const heading = headings[code] ?? (status >= 500 ? "Something went wrong on our side" : "Something is wrong");
  const next = nextSteps[code];
  return reply
    .code(status)
    .header("content-security-policy", pagePolicy)
    .header("cache-control", "no-store")
    .type("text/html; charset=utf-8")
    .send(page(heading, `<h1>${e(heading)}</h1><p>${e(message)}</p>${next ? `<p>${e(next)}</p>` : ""}`));
}
