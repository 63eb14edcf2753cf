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

/** The OpenAPI 3 document of the routes, built from the same schemas that validate requests. */
export function openApiDocument(routes: Route[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:([a-zA-Z]+)/g, "{$1}");
    paths[path] ??= {};
    paths[path][r.method.toLowerCase()] = {
      summary: r.summary,
      tags: [r.tag],
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
  };
}
