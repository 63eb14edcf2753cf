import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance } from "fastify";
import { AppError } from "../core/errors.js";
import { invalidInput, toErrorResponse } from "./errors.js";
import { openApiDocument } from "./openapi.js";
import type { AppContext, Route } from "./route.js";
import { allRoutes } from "./routes/index.js";
import { addSecurityHeaders } from "./security-headers.js";

const actorHeader = /^[a-z]+(:[\w.@-]{1,80})?$/;

/** The HTTP API: every route validated by its schemas, every error mapped in one place. */
export async function buildServer(app: AppContext, version = "0.1.0"): Promise<FastifyInstance> {
  // Answer tokens are longer than a path parameter may be by default (100).
  const server = Fastify({ bodyLimit: app.config.bodyLimit, logger: false, routerOptions: { maxParamLength: 300 } });
  const routes = allRoutes();
  const document = openApiDocument(routes, version);
  // The API speaks JSON only: a text body is refused (415) rather than half-understood.
  server.removeContentTypeParser("text/plain");
  // The answer page's form posts url-encoded; nothing else accepts it (routes validate the parsed body).
  server.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_request, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );

  addSecurityHeaders(server);
  server.setErrorHandler((error, request, reply) => {
    const { status, body, unexpected } = toErrorResponse(error);
    // Fastify's own logger is off: a bug's details go to stderr, never into the answer.
    if (unexpected) console.error(`${request.method} ${request.url}:`, error);
    reply.code(status).send(body);
  });
  server.setNotFoundHandler((request, reply) => {
    reply.code(404).send({
      error: { code: "route_not_found", message: `No route ${request.method} ${request.url.split("?")[0]}.` },
    });
  });

  await server.register(swagger, { mode: "static", specification: { document: document as never } });
  await server.register(swaggerUi, { routePrefix: "/docs" });
  server.get("/openapi.json", async () => document);

  for (const r of routes.filter((r) => !r.rawBody)) register(server, app, r);
  // Routes that verify a signature over the body get its bytes: nothing is parsed before it is verified.
  await server.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, done) => done(null, body));
    for (const r of routes.filter((r) => r.rawBody)) register(scope, app, r);
  });
  return server;
}

function register(server: FastifyInstance, app: AppContext, r: Route): void {
  server.route({
    method: r.method,
    url: r.url,
    handler: async (request, reply) => {
      const parse = (part: "params" | "query" | "body", schema: Route[typeof part], value: unknown) => {
        if (!schema) return undefined;
        const parsed = schema.safeParse(value ?? (part === "body" ? undefined : {}));
        if (!parsed.success) throw invalidInput(part, parsed.error);
        return parsed.data;
      };
      const params = parse("params", r.params, request.params);
      const query = parse("query", r.query, request.query);
      // A raw-body route parses its body itself, once it has verified the bytes.
      const body = r.rawBody ? request.body : parse("body", r.body, request.body);
      const claimed = request.headers["x-loopwork-actor"];
      if (claimed !== undefined && (typeof claimed !== "string" || !actorHeader.test(claimed))) {
        throw new AppError("invalid_input", "X-Loopwork-Actor must look like cli or user:<id>.", {
          path: "headers.x-loopwork-actor",
        });
      }
      const actor = typeof claimed === "string" ? claimed : "api";
      const result = await r.handler({ params, query, body, actor, request, reply }, app);
      if (r.raw || reply.sent) return reply;
      return reply.code(r.status ?? 200).send(result);
    },
  });
}
