import { z } from "zod";
import type { Route } from "./route.js";

const errorSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string", description: "Stable error code; see docs/ERRORS.md." },
        message: { type: "string" },
        path: { type: "string", description: "The offending field, e.g. body.urgency." },
        issues: {
          type: "array",
          items: { type: "object", properties: { path: { type: "string" }, message: { type: "string" } } },
        },
      },
    },
  },
};

const jsonSchema = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { io: "input", unrepresentable: "any", target: "openapi-3.0" }) as Record<string, unknown>;

function parameters(schema: z.ZodType | undefined, where: "path" | "query") {
  if (!schema) return [];
  const shape = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(shape.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === "path" || (shape.required ?? []).includes(name),
    schema: property,
  }));
}

/** Who may call a route, in words (docs/SECURITY.md has the whole model). */
const whoMay: Record<Route["access"], string> = {
  public: "Anyone: the route checks its own credential (a signed link or signature) or needs none.",
  signed_in: "Anyone signed in (a session or a token of any scope).",
  read: "A member of any loop (viewer and up), or a read, write or admin token.",
  change: "A builder or owner of the loop that owns the target, or a write or admin token of one.",
  manage: "An owner of the loop that owns the target, or an admin-scoped token of one.",
  admin: "An administrator of the installation (a session, or an unbound admin-scoped token).",
};

/** The OpenAPI 3 document of the routes, built from the same schemas that validate requests. */
export function openApiDocument(routes: Route[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:([a-zA-Z]+)/g, "{$1}");
    paths[path] ??= {};
    paths[path][r.method.toLowerCase()] = {
      summary: r.summary,
      description: `${whoMay[r.access]}${r.pipeline ? " Deploy-only tokens too." : ""}`,
      tags: [r.tag],
      security: r.access === "public" ? [] : [{ token: [] }, { session: [] }],
      "x-loopwork-access": r.access,
      parameters: [...parameters(r.params, "path"), ...parameters(r.query, "query")],
      ...(r.body
        ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(r.body) } } } }
        : {}),
      responses: {
        [String(r.status ?? 200)]: { description: "Success" },
        default: { description: "An error", content: { "application/json": { schema: errorSchema } } },
      },
    };
  }
  return {
    openapi: "3.0.3",
    info: {
      title: "Loopwork API",
      version,
      description:
        "Signals, patterns, improvements, issues, pull requests, versions, releases, deployments and snapback.",
    },
    paths,
    components: {
      securitySchemes: {
        token: { type: "http", scheme: "bearer", description: "An API token (POST /tokens, loopwork login)." },
        session: {
          type: "apiKey",
          in: "cookie",
          name: "loopwork_session",
          description: "A browser session (POST /session); changes also need its CSRF token as X-CSRF-Token.",
        },
      },
    },
  };
}
