import { maxHeaderSize } from "node:http";
import cookie from "@fastify/cookie";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { z } from "zod";
import { decide } from "../core/access.js";
import { AppError, type ErrorCode } from "../core/errors.js";
import { unstorableTextAt } from "../core/storable-text.js";
import { loopworkVersion } from "../version.js";
import { checkAnswers } from "./answer-check.js";
import { authenticate } from "./authenticate.js";
import { readLargeBodiesBeforeRefusing } from "./body-limit.js";
import { sendErrorPage, wantsHtml } from "./error-page.js";
import { parseInput, toErrorResponse } from "./errors.js";
import { mediaTypeOf } from "./media-type.js";
import { openApiDocument } from "./openapi.js";
import { enforceRateLimit, rateLimitOf } from "./rate-limit.js";
import { charsetRefusal, encodedBodyRefusal, parseJsonBody } from "./request-body.js";
import type { AppContext, Route } from "./route.js";
import { allRoutes } from "./routes/index.js";
import { addSecurityHeaders, docsPolicy } from "./security-headers.js";
import { endUnusedConnectionsOnClose } from "./unused-connections.js";
import { serveWorkspace } from "./workspace.js";

/**
 * What a request Node's parser refuses is answered with, by llhttp's error code: the status Node would
 * give, why (llhttp's reason, "Invalid character in Content-Length", in brackets), and where — the URL, a
 * header or the body, as the code says, so that a bad Content-Length is not blamed on the URL's encoding.
 */
function unreadableRequest(
  code: string | undefined,
  reason: string,
): { status: number; statusText: string; message: string; errorCode: ErrorCode; path?: string } {
  const bad = { status: 400, statusText: "Bad Request", errorCode: "invalid_input" as const };
  switch (code) {
    // The request line (a long query string) counts with the headers against Node's limit.
    case "HPE_HEADER_OVERFLOW":
      return {
        status: 431,
        statusText: "Request Header Fields Too Large",
        message: `The request's URL and headers together are larger than ${maxHeaderSize.toLocaleString("en")} bytes: send less in the query (a search's q takes 200 characters) or in the headers.`,
        errorCode: "headers_too_large",
        path: "headers",
      };
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return { ...bad, status: 408, statusText: "Request Timeout", message: "The request took too long to arrive." };
    // Raw non-ASCII bytes, a space or a control character in the request line.
    case "HPE_INVALID_URL":
    case "HPE_INVALID_CONSTANT":
      return {
        ...bad,
        message: `The request's URL cannot be read (${reason}): percent-encode the URL (a query's non-ASCII letters and spaces too).`,
        path: "url",
      };
    case "HPE_INVALID_HEADER_TOKEN":
    case "HPE_INVALID_CONTENT_LENGTH":
    case "HPE_UNEXPECTED_CONTENT_LENGTH":
    case "HPE_INVALID_TRANSFER_ENCODING":
      return { ...bad, message: `A header of the request cannot be read (${reason}).`, path: "headers" };
    case "HPE_INVALID_CHUNK_SIZE":
    case "HPE_CHUNK_EXTENSIONS_OVERFLOW":
      return {
        ...bad,
        message: `The request's chunked body cannot be read (${reason}).`,
        path: "body",
      };
    // Bytes where a request should start that are none: what is left of a body longer than its
    // Content-Length, TLS sent to this plain HTTP port, a method HTTP does not have.
    case "HPE_INVALID_METHOD":
      return {
        ...bad,
        message: `The request is not HTTP/1.1 this server can read (${reason}): a body longer than its Content-Length, or TLS sent to a plain HTTP port, reads so.`,
      };
    default:
      return { ...bad, message: `The request is not HTTP/1.1 this server can read (${reason}).` };
  }
}

/** The connections whose unreadable bytes are answered (or will be, once what came before is). */
const refusedConnections = new WeakSet<object>();

/**
 * Runs `then` once every request read whole before the unreadable bytes on this connection has its
 * answer sent, in order, as HTTP/1.1 pipelining wants: a body longer than its Content-Length is a whole
 * request and then bytes that start none, and the request was served (a POST wrote) — its answer must
 * not be lost to the 400 that ends the connection. Node keeps the answer under way on the socket
 * (`_httpMessage`) and hands the socket to the next one as each finishes. A request whose own bytes are
 * broken (a bad chunk) will never be whole: nothing waits for it, the 400 is its answer.
 */
function answeredBefore(socket: { destroy(): void }, then: () => void): void {
  const underWay = (
    socket as {
      _httpMessage?: { req?: { complete?: boolean }; headersSent?: boolean; once(e: "close", f: () => void): void };
    }
  )._httpMessage;
  if (underWay?.req?.complete) underWay.once("close", () => answeredBefore(socket, then));
  // Its own bytes broken after its answer began (a 429 before the body was read, a stream): a 400 now
  // would land inside that answer. The connection is cut, as before.
  else if (underWay?.headersSent) socket.destroy();
  else then();
}

/** The HTTP API: every route validated by its schemas, every error mapped in one place. */
export async function buildServer(app: AppContext, version = loopworkVersion): Promise<FastifyInstance> {
  // Answer tokens are longer than a path parameter may be by default (100).
  const server = Fastify({
    bodyLimit: app.config.bodyLimit,
    logger: false,
    routerOptions: { maxParamLength: 300 },
    // Behind a reverse proxy, the client's address comes from X-Forwarded-For (rate limits, audit).
    trustProxy: app.config.trustProxy,
    // What the router refuses before any route (a path that is not valid percent-encoding) is answered
    // in the one error shape too (docs/ERRORS.md).
    frameworkErrors: (error, _request, reply) => {
      (reply as FastifyReply).code(400).send({
        error: { code: "invalid_input", message: `The request's URL cannot be read: ${error.message}`, path: "url" },
      });
    },
    // A request Node's parser cannot read at all (raw UTF-8 in the query, a broken request line, headers
    // too large, too slow): no route ever sees it. Answered as JSON in the same shape, with the status
    // Node would give, then the connection is closed — after the answers to the requests read whole
    // before it on the same connection (answeredBefore).
    clientErrorHandler: (error, socket) => {
      const code = (error as NodeJS.ErrnoException).code;
      if (!socket.writable || code === "ECONNRESET") return socket.destroy(error);
      // Once a connection: the parser, once failed, fails again on every chunk that arrives after.
      if (refusedConnections.has(socket)) return;
      refusedConnections.add(socket);
      const reason = (error as { reason?: string }).reason ?? error.message;
      const { status, statusText, message, errorCode, path } = unreadableRequest(code, reason);
      const body = JSON.stringify({ error: { code: errorCode, message, ...(path ? { path } : {}) } });
      answeredBefore(socket, () => {
        if (!socket.writable) return socket.destroy();
        socket.end(
          `HTTP/1.1 ${status} ${statusText}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
        );
        // A client that keeps its half of the connection open does not hold the socket.
        setTimeout(() => socket.destroy(), 1_000).unref();
      });
    },
    // Node answers an HTTP/1.1 request without Host itself, 400 with no body: the onRequest hook below
    // answers it in the one error shape instead.
    http: { requireHostHeader: false },
  });
  // An Expect other than 100-continue: Node answers 417 with no body unless told. Such an expectation may
  // be ignored (RFC 9110 §10.1.1): the request is served as any other.
  server.server.on("checkExpectation", (request, response) => server.server.emit("request", request, response));
  server.addHook("onRequest", async (request, reply) => {
    const { httpVersionMajor: major, httpVersionMinor: minor } = request.raw;
    if (request.headers.host === undefined && (major > 1 || (major === 1 && minor >= 1))) {
      throw new AppError("invalid_input", "An HTTP/1.1 request names its Host header (RFC 9112 §3.2).", {
        path: "headers.host",
      });
    }
    // `/loops/` is not `/loops/:id` with an empty id: no route, as for any other path (routeNotFound).
    if (emptyParameter(request.params)) return answerNoRoute(server, request, reply);
  });
  const routes = allRoutes();
  const document = openApiDocument(routes, version, app.config.publicUrl);
  // The API speaks JSON only: a text body is refused (415) rather than half-understood.
  server.removeContentTypeParser("text/plain");
  // JSON is UTF-8 (RFC 8259), uncompressed, without a key __proto__: request-body.ts reads every JSON body.
  server.addContentTypeParser("application/json", { parseAs: "buffer" }, (request, body, done) => {
    try {
      done(null, parseJsonBody(request.headers, body as Buffer));
    } catch (error) {
      done(error as AppError, undefined);
    }
  });
  // The answer page's form posts url-encoded; nothing else accepts it (routes validate the parsed body).
  server.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (request, body, done) => {
    const encoded = encodedBodyRefusal(request.headers);
    if (encoded) return done(encoded, undefined);
    const fields = new URLSearchParams(String(body));
    // A field given twice is refused, as a query parameter is: Object.fromEntries kept the last and
    // dropped the others unsaid (`email=a@…&email=b@…` was a message from b@… alone).
    const repeated = [...fields.keys()].find((key) => fields.getAll(key).length > 1);
    if (repeated === undefined) return done(null, Object.fromEntries(fields));
    const path = `body.${repeated}`;
    const times = fields.getAll(repeated).length;
    done(new AppError("invalid_input", `${path}: Give it once, not ${times} times.`, { path }), undefined);
  });

  addSecurityHeaders(server, { https: app.config.publicUrl.startsWith("https:") });
  // Before the body-size check: a page another site shows may read a 413 too (Route.crossOrigin).
  server.addHook("onRequest", async (request, reply) => {
    const config = request.routeOptions.config as { allowCrossOrigin?: AllowCrossOrigin } | undefined;
    await config?.allowCrossOrigin?.(request, reply);
  });
  readLargeBodiesBeforeRefusing(server, app.config.bodyLimit);
  endUnusedConnectionsOnClose(server);
  await server.register(cookie);
  server.setErrorHandler((error, request, reply) => {
    const { status, body, unexpected } = toErrorResponse(error);
    const missingId = error instanceof AppError ? error.details.id : undefined;
    if (body.error.code === "not_found" && !body.error.path && missingId) {
      const named = paramHolding(missingId, (request.params ?? {}) as Record<string, unknown>);
      if (named) body.error.path = `params.${named}`;
    }
    // Fastify's own logger is off: a bug's details go to stderr, never into the answer. The route's
    // pattern, not the URL: a path may hold a signed link's token, which must never reach a log.
    if (unexpected) console.error(`${request.method} ${request.routeOptions.url ?? "(no route)"}:`, error);
    const retryAfter = error instanceof AppError ? error.details.retryAfterSeconds : undefined;
    if (retryAfter !== undefined) reply.header("retry-after", String(retryAfter));
    // A page a person opened in a browser (a link in an email, the first-run link) answers a page.
    const isPage = (request.routeOptions.config as { page?: boolean } | undefined)?.page;
    if (isPage && wantsHtml(request)) sendErrorPage(reply, status, body);
    else reply.code(status).send(body);
  });
  server.setNotFoundHandler((request, reply) => answerNoRoute(server, request, reply));

  await server.register(swagger, { mode: "static", specification: { document: document as never } });
  await server.register(swaggerUi, { routePrefix: "/docs", staticCSP: docsPolicy });
  server.get("/openapi.json", async () => document);
  if (app.config.workspaceFolder) await serveWorkspace(server, app.config.workspaceFolder);

  for (const r of routes.filter((r) => !r.rawBody)) register(server, app, r);
  for (const r of routes.filter((r) => r.crossOrigin)) registerPreflight(server, app, r);
  // Routes that verify a signature over the body get its bytes: nothing is parsed before it is verified.
  await server.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "buffer" }, (request, body, done) => {
      const refused = encodedBodyRefusal(request.headers) ?? charsetRefusal(request.headers);
      if (refused) done(refused, undefined);
      else done(null, body);
    });
    for (const r of routes.filter((r) => r.rawBody)) register(scope, app, r);
  });
  return server;
}

/** Decoded as a query string's part is (`+` a space), or undefined when it is not valid percent-encoding of UTF-8. */
function decodedQueryPart(part: string): string | undefined {
  try {
    return decodeURIComponent(part.replaceAll("+", " "));
  } catch {
    return undefined;
  }
}

/**
 * The name of the first query parameter whose name or value is not valid percent-encoding of UTF-8
 * (`?q=100%`, `?email=%FF`), as sent when the name itself is not. The query parser keeps such a value as
 * its raw text: `%FF` was searched for, or compared with an email, as it was sent, where a path holding
 * one is refused (`url`).
 */
export function undecodableQueryParameter(url: string): string | undefined {
  const start = url.indexOf("?");
  if (start < 0) return undefined;
  for (const pair of url.slice(start + 1).split("&")) {
    const equals = pair.indexOf("=");
    const name = equals < 0 ? pair : pair.slice(0, equals);
    const decodedName = decodedQueryPart(name);
    if (decodedName === undefined) return name;
    if (equals >= 0 && decodedQueryPart(pair.slice(equals + 1)) === undefined) return decodedName;
  }
  return undefined;
}

/** The body of a route that takes none: nothing, or an empty object. */
const noBody = z.strictObject({});

/** The methods a route may have, in the order an `Allow` header lists them. */
const routeMethods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

/** A path parameter matched as empty (`/loops/` against `/loops/:id`); a wildcard's rest may be empty. */
function emptyParameter(params: unknown): boolean {
  return Object.entries((params ?? {}) as Record<string, unknown>).some(
    ([name, value]) => name !== "*" && value === "",
  );
}

/**
 * The methods the router has a route for at this path (HEAD with every GET); none: no such path. A route
 * the path would match only with an empty parameter is none of them.
 */
function methodsAt(server: FastifyInstance, path: string): string[] {
  return routeMethods.filter((method) => {
    const route = server.findRoute({ method, url: path });
    return route !== null && !emptyParameter(route.params);
  });
}

/**
 * The one answer for a request no route takes (the not-found handler, and a path parameter matched as
 * empty): a path no route has is `404 route_not_found` — one with a trailing slash names the path
 * without it, when that one has the method; a path that has routes, but not for this method, is
 * `405 method_not_allowed` with `Allow` (RFC 9110 §15.5.6); OPTIONS of such a path is `204` with
 * `Allow` (§9.3.7), and nothing of CORS. A route that found nothing to answer itself (a static file
 * missing) stays a 404.
 */
function answerNoRoute(server: FastifyInstance, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const path = request.url.split("?")[0] ?? "/";
  const routed = methodsAt(server, path);
  const send = (status: number, code: ErrorCode, message: string) => {
    const body = { error: { code, message } };
    return wantsHtml(request) ? sendErrorPage(reply, status, body) : reply.code(status).send(body);
  };
  if (routed.length > 0 && !routed.includes(request.method)) {
    const allow = routed.includes("OPTIONS") ? routed : [...routed, "OPTIONS"];
    reply.header("allow", allow.join(", "));
    if (request.method === "OPTIONS") return reply.code(204).send();
    return send(405, "method_not_allowed", `${path} does not take ${request.method}: it takes ${allow.join(", ")}.`);
  }
  const trimmed = path.length > 1 && path.endsWith("/") ? path.replace(/\/+$/, "") || "/" : undefined;
  const hint =
    trimmed && methodsAt(server, trimmed).includes(request.method)
      ? ` (without the trailing slash: ${request.method} ${trimmed})`
      : "";
  return send(404, "route_not_found", `No route ${request.method} ${path}${hint}.`);
}

function register(server: FastifyInstance, app: AppContext, r: Route): void {
  server.route({
    method: r.method,
    url: r.url,
    // Read back by the error handler: a page route answers its errors as pages.
    config: {
      page: r.page ?? false,
      ...(r.crossOrigin ? { allowCrossOrigin: countedThenAllow(app, r) } : {}),
    } as Record<string, unknown>,
    ...(app.config.checkAnswers ? { onSend: checkAnswers(r) } : {}),
    handler: async (request, reply) => {
      // Counted in the database, so every web process shares the counters (src/http/rate-limit.ts). A
      // route other sites post to was counted as the request arrived (countedThenAllow).
      if (!r.crossOrigin) await enforceRateLimit(app.db, reply, rateLimitOf(r, app.config, request));
      // Who is asking, before anything else is read: a stranger learns nothing from validation errors.
      const principal = r.access === "public" ? undefined : await authenticate(request, app.db);
      const decision = decide(principal, r.access, r.pipeline);
      if (decision === "unauthenticated") {
        throw new AppError("unauthenticated", "Sign in, or send an API token as Authorization: Bearer <token>.");
      }
      if (decision === "forbidden") throw forbiddenFor(principal?.scope, r);
      if (r.crossLoop && principal?.loopId) {
        throw new AppError(
          "forbidden",
          "A token bound to a loop cannot read what spans every loop (the timeline, traces, the outbox).",
        );
      }
      // Cross-site pages can post forms without a preflight: only routes whose own pages post forms
      // take them (no sign-in or change by a form on someone else's site).
      // The media type is compared as HTTP compares it: case-insensitively.
      if (!r.form && mediaTypeOf(request.headers["content-type"]).type === "application/x-www-form-urlencoded") {
        throw new AppError("unsupported_media_type", "Send the body as application/json.", { path: "body" });
      }
      const parse = (part: "params" | "query" | "body", schema: Route[typeof part], value: unknown) => {
        if (!schema) {
          // A route that takes no query refuses one too (a page a link opens may carry what it likes).
          const unknown = part === "query" && !r.page && Object.keys((value as object | undefined) ?? {})[0];
          if (unknown) {
            throw new AppError("invalid_input", `query.${unknown}: Unrecognized key: "${unknown}"`, {
              path: `query.${unknown}`,
            });
          }
          // A route that takes no body refuses a field sent in one (`POST /users/:id/invitation
          // {"expiresInDays": 30}` was answered 201 as if it had been read), or a body that is no object;
          // an empty object, as clients send for "no body", is none.
          if (part === "body" && value !== undefined) parseInput(part, noBody, value);
          return undefined;
        }
        // Unknown query parameters are refused like unknown body fields: a misspelt filter must not
        // silently answer the unfiltered list (docs/API.md).
        const strict = part === "query" && schema instanceof z.ZodObject ? schema.strict() : schema;
        // A body of JSON null is null, not "no body": refused where an object is expected, as null.
        return parseInput(part, strict, part === "body" ? value : (value ?? {}));
      };
      const params = parse("params", r.params, request.params);
      // The pages a link opens take any query; elsewhere a parameter that cannot be decoded is refused.
      const undecodable = r.page ? undefined : undecodableQueryParameter(request.url);
      if (undecodable !== undefined) {
        throw new AppError(
          "invalid_input",
          `query.${undecodable}: Not valid percent-encoding (a % not followed by two hex digits, or bytes that are no UTF-8): send a % as %25.`,
          { path: `query.${undecodable}` },
        );
      }
      const query = parse("query", r.query, request.query);
      // A raw-body route parses its body itself, once it has verified the bytes.
      const body = r.rawBody ? request.body : parse("body", r.body, request.body);
      const unstorable =
        unstorableTextAt(params, "params") ??
        unstorableTextAt(query, "query") ??
        (r.rawBody ? undefined : unstorableTextAt(body, "body"));
      if (unstorable) {
        throw new AppError(
          "invalid_input",
          `${unstorable}: holds a character that cannot be stored (a NUL, \\u0000, or half of an emoji's surrogate pair).`,
          { path: unstorable },
        );
      }
      if (r.authorize && principal) await r.authorize({ params, query, body, principal }, app.db);
      const actor = principal?.actor ?? "anonymous";
      const result = await r.handler({ params, query, body, actor, principal, request, reply }, app);
      if (r.raw || reply.sent) return reply;
      return reply.code(r.status ?? 200).send(result);
    },
  });
}

/** How long a browser may keep a preflight's answer: a channel's list of sites may change. */
const preflightMaxAgeSeconds = 600;

/**
 * The CORS preflight of a route other sites' pages post to (Route.crossOrigin): a page's fetch that
 * sends JSON asks first (OPTIONS). The origin is decided as for the route itself (the onRequest hook);
 * a page the route refuses gets that error, with no origin, and its browser sends nothing. Not in the
 * OpenAPI document: it is the browser's business, not a client's.
 */
function registerPreflight(server: FastifyInstance, app: AppContext, r: Route): void {
  const allow = allowCrossOrigin(app, r);
  // Each preflight looks its channel up: it counts against the limit of the request it asks for (the
  // widget's posts: the write limit of the sender's address), and first, so that a flood of them is
  // refused (429) without a lookup each. A browser reads no refused preflight: it needs no origin.
  const limitedThenAllow: AllowCrossOrigin = async (request, reply) => {
    await enforceRateLimit(app.db, reply, rateLimitOf(r, app.config, request));
    await allow(request, reply);
  };
  server.route({
    method: "OPTIONS",
    url: r.url,
    config: { page: false, allowCrossOrigin: limitedThenAllow } as Record<string, unknown>,
    handler: async (_request, reply) =>
      reply
        .code(204)
        .header("access-control-allow-methods", r.method)
        .header("access-control-allow-headers", "content-type")
        .header("access-control-max-age", String(preflightMaxAgeSeconds))
        .send(),
  });
}

/**
 * How a request to a route other sites' pages post to (the widget's) is let in, when it arrives: counted
 * against its limit first, as its preflight is, so that a flood is refused (429) whatever it names — made-up
 * channel ids too, which would otherwise each be looked up and answered 404 without ever being counted —
 * then its origin decided.
 * A refused request's origin is still decided, without failing on it: the page its channel allows reads
 * the 429 and can say when to try again, rather than "unreachable"; a made-up channel lets nobody read it.
 */
function countedThenAllow(app: AppContext, r: Route): AllowCrossOrigin {
  const allow = allowCrossOrigin(app, r);
  // Its body unread yet, the route's cost cannot be counted: one change.
  const counted = { method: r.method, url: r.url, guessable: r.guessable };
  return async (request, reply) => {
    try {
      await enforceRateLimit(app.db, reply, rateLimitOf(counted, app.config, request));
    } catch (refused) {
      // Whatever the origin check says (no channel, a foreign page), the answer is the refusal.
      await allow(request, reply).catch(() => {});
      throw refused;
    }
    await allow(request, reply);
  };
}

/**
 * The path parameter a not_found is about, wherever in the services it was thrown: the one that holds
 * the id it names (notFound). An id the request gave elsewhere (a body field) names none.
 */
function paramHolding(id: string, params: Record<string, unknown>): string | undefined {
  return Object.entries(params).find(([, value]) => value === id)?.[0];
}

/**
 * A route other sites' pages post to (Route.crossOrigin): the origin that may read the answer, decided
 * when the request arrives (an onRequest hook, in the route's config) — before the body is read (a 413
 * carries it), after the write limit is counted (countedThenAllow; a 429 carries it too). Path parameters that do not
 * parse are left to the handler's validation, whose answer then carries no origin.
 */
type AllowCrossOrigin = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
function allowCrossOrigin(app: AppContext, r: Route): AllowCrossOrigin {
  return async (request, reply) => {
    const params = r.params ? r.params.safeParse(request.params) : { success: true as const, data: undefined };
    if (!params.success || !r.crossOrigin) return;
    const origin = await r.crossOrigin({ params: params.data, request }, app.db);
    reply.header("access-control-allow-origin", origin).header("vary", "origin");
    reply.header("cross-origin-resource-policy", "cross-origin");
  };
}

function forbiddenFor(scope: string | undefined, r: Route): AppError {
  if (scope === "deploy") {
    return new AppError(
      "forbidden",
      "A deploy-only token can record versions, releases and deployments, and nothing else.",
    );
  }
  const needs: Record<string, string> = {
    read: "a member of a loop",
    change: "a builder of a loop (a write token)",
    manage: "an owner of a loop (an admin-scoped token)",
    admin: "an administrator",
  };
  return new AppError("forbidden", `${r.method} ${r.url} is for ${needs[r.access] ?? "someone else"}.`);
}
