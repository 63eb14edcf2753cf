import { z } from "zod";
import { errorAnswer } from "./answers.js";
import type { Route } from "./route.js";

/** The kinds of error answer, by status: the document's shared responses (docs/ERRORS.md has the codes). */
const errorResponses: Record<number, { name: string; description: string }> = {
  400: {
    name: "BadRequest",
    description: "invalid_json, invalid_input or invalid_cursor: the error names the field (path, issues).",
  },
  401: {
    name: "Unauthenticated",
    description: "unauthenticated, sign_in_failed or invalid_signature: no valid credential came with the request.",
  },
  403: { name: "Forbidden", description: "forbidden or csrf_failed: the credential may not do this." },
  404: { name: "NotFound", description: "not_found: the target, or an entity the body names, does not exist." },
  409: {
    name: "Conflict",
    description:
      "conflict, invalid_transition, pattern_merged, pattern_notified, move_not_undoable or signals_attached: the request clashes with what is stored.",
  },
  410: { name: "Gone", description: "link_expired: the signed link has expired or was already used." },
  413: { name: "BodyTooLarge", description: "body_too_large: the body is larger than this server accepts." },
  415: { name: "UnsupportedMediaType", description: "unsupported_media_type: send the body as application/json." },
  431: {
    name: "HeadersTooLarge",
    description: "headers_too_large: the URL and headers together are larger than 16,384 bytes.",
  },
  429: { name: "RateLimited", description: "rate_limited: too many requests; Retry-After says when to try again." },
};

/**
 * The error statuses a route may answer (besides 500): those its access and inputs imply, and those it
 * declares. Tests check every error answer's status is one of these (test/helpers/answer-check.ts).
 */
export function errorStatuses(r: Route): number[] {
  const statuses = new Set<number>(r.errors ?? []);
  const withBody = Boolean(r.body || r.rawBody);
  // Unknown query parameters are refused on every route but the pages a link opens (server.ts).
  if (r.params || r.query || withBody || r.method !== "GET" || !r.page) statuses.add(400);
  if (r.access !== "public") statuses.add(401).add(403);
  // A signed link in the path: altered (401) or expired (410).
  if (r.params && "token" in ((r.params as unknown as z.ZodObject).shape ?? {})) statuses.add(401).add(410);
  if (r.params || withBody) statuses.add(404);
  if (r.method !== "GET") statuses.add(409);
  if (withBody || r.method !== "GET") statuses.add(413).add(415);
  // Every route may be limited (per token, session or address): a client should expect a 429 anywhere;
  // and any request may be too large to read at all (431, answered before a route sees it).
  statuses.add(429).add(431);
  return [...statuses].sort((a, b) => a - b);
}

/** Tags (an area of the API each) in the order the document lists them, with what each is for. */
const tagDescriptions: Record<string, string> = {
  health: "Whether this process and its database are up.",
  session: "Signing in and out with a browser session; the first administrator; accepting invitations.",
  users: "The people of this installation (administrators invite them).",
  tokens: "API tokens: scoped, optionally bound to one loop, optionally expiring.",
  loops: "Loops: one team's feedback loop, its people and their roles.",
  products: "Products a loop ships; each is built from components.",
  components: "Components (repositories) that products are built from.",
  channels: "Where signals come from (email, forum, webhook…); a webhook channel receives signed requests.",
  contacts: "The people and accounts who send signals.",
  "webhook-subscriptions":
    "Event webhooks: a loop's owners subscribe a URL to events (signed, retried through the outbox).",
  signals: "What people said: reports, and their answers after a fix shipped.",
  patterns: "Signals grouped by what they are about, with a priority.",
  search: "Full text search across signals, patterns, improvements and contacts.",
  improvements: "The changes a loop decides to make, for patterns, in products.",
  issues: "Issues (e.g. on GitHub) that carry out an improvement in a component.",
  "pull-requests": "Pull requests that resolve issues.",
  versions: "Component versions: the merged pull requests they include.",
  releases: "Product releases: the component versions they include.",
  environments: "Where releases are deployed; production deployments run snapback.",
  deployments: "A release deployed to an environment; success in production tells everyone who asked.",
  "brainstorm-topics": "Topics a loop wants to discuss (what to do, how to do it).",
  "brainstorm-sessions": "Planned and held discussions of brainstorm topics.",
  notifications: "Who was told that their fix is live, by which deployment, and what they answered.",
  outbox: "Deliveries (emails, webhooks) waiting, sent or dead, and retrying dead ones.",
  answers: "The signed links in notifications: 'it works' or 'it is still broken'.",
  customers: "The customers' own view of their signals, reached by a signed link.",
  timeline: "Every change, as a list or a live stream.",
  metrics: "How fast the loop turns.",
  trace: "The whole chain through one entity.",
};

const pascal = (words: string) => words.replace(/(^|[-_/])([a-z])/g, (_, __, c: string) => c.toUpperCase());

/** The operation's name: the route's own, else list/get/create/update/delete and its resource (listPatterns). */
export function operationIdOf(r: Route): string {
  if (r.operationId) return r.operationId;
  const segments = r.url.split("/").filter(Boolean);
  const many = pascal(segments.filter((s) => !s.startsWith(":")).join("-"));
  const one = many.replace(/([^s])s$/, "$1");
  const byKey = segments.at(-1)?.startsWith(":");
  const verb = { GET: byKey ? "get" : "list", POST: "create", PATCH: "update", PUT: "update", DELETE: "delete" }[
    r.method
  ];
  return `${verb}${r.method === "GET" && !byKey ? many : one}`;
}

/** Schemas by id (zod's registry `.meta({ id })`): shared in components.schemas, referred to by $ref. */
type Schemas = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, shared: Schemas): Record<string, unknown> {
  const converted = z.toJSONSchema(schema, { io: "input", unrepresentable: "any", target: "openapi-3.0" }) as Record<
    string,
    unknown
  > & { definitions?: Schemas };
  const { definitions, ...rest } = converted;
  for (const [name, definition] of Object.entries(definitions ?? {})) shared[name] ??= toComponents(definition);
  return toComponents(rest) as Record<string, unknown>;
}

/**
 * zod refers to shared schemas as #/definitions/X; OpenAPI keeps them in components. A nullable reference
 * ({ nullable, allOf: [{ $ref }] }) needs a type beside nullable in OpenAPI 3.0: every shared one is an object.
 */
function toComponents(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toComponents);
  if (value === null || typeof value !== "object") return value;
  if ("nullable" in value && "allOf" in value && !("type" in value)) return toComponents({ type: "object", ...value });
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      key === "$ref" && typeof inner === "string"
        ? inner.replace("#/definitions/", "#/components/schemas/")
        : toComponents(inner),
    ]),
  );
}

function parameters(schema: z.ZodType | undefined, where: "path" | "query", shared: Schemas) {
  if (!schema) return [];
  const shape = jsonSchema(schema, shared) as { properties?: Record<string, unknown>; required?: string[] };
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

const text = { schema: { type: "string" } };

function success(r: Route, shared: Schemas) {
  const content: Record<string, unknown> = {};
  if (r.response) content["application/json"] = { schema: jsonSchema(r.response, shared) };
  for (const media of r.media ?? []) content[media] = text;
  return { description: r.summary, ...(Object.keys(content).length ? { content } : {}) };
}

function operation(r: Route, shared: Schemas) {
  const body = r.body && jsonSchema(r.body, shared);
  const forms = r.form ? { "application/x-www-form-urlencoded": { schema: body } } : {};
  return {
    operationId: operationIdOf(r),
    summary: r.summary,
    description: `${whoMay[r.access]}${r.pipeline ? " Deploy-only tokens too." : ""}`,
    tags: [r.tag],
    security: r.access === "public" ? [] : [{ token: [] }, { session: [] }],
    "x-loopwork-access": r.access,
    parameters: [...parameters(r.params, "path", shared), ...parameters(r.query, "query", shared)],
    ...(body ? { requestBody: { required: true, content: { "application/json": { schema: body }, ...forms } } } : {}),
    responses: {
      [String(r.status ?? 200)]: success(r, shared),
      ...(r.existingStatus ? { [String(r.existingStatus)]: success(r, shared) } : {}),
      ...(r.redirect
        ? { "302": { description: r.redirect, headers: { Location: { schema: { type: "string" } } } } }
        : {}),
      ...Object.fromEntries(
        errorStatuses(r).map((status) => [
          String(status),
          { $ref: `#/components/responses/${errorResponses[status]?.name}` },
        ]),
      ),
      default: { $ref: "#/components/responses/UnexpectedError" },
    },
  };
}

/** The OpenAPI 3 document of the routes, built from the same schemas that validate requests and answers. */
export function openApiDocument(routes: Route[], version: string, publicUrl = ""): Record<string, unknown> {
  const shared: Schemas = {};
  const error = { "application/json": { schema: jsonSchema(errorAnswer, shared) } };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:([a-zA-Z]+)/g, "{$1}");
    paths[path] ??= {};
    paths[path][r.method.toLowerCase()] = operation(r, shared);
  }
  const used = new Set(routes.map((r) => r.tag));
  const tags = [
    ...Object.keys(tagDescriptions).filter((tag) => used.has(tag)),
    ...[...used].filter((t) => !(t in tagDescriptions)),
  ];
  return {
    openapi: "3.0.3",
    info: {
      title: "Loopwork API",
      version,
      description:
        "Signals, patterns, improvements, issues, pull requests, versions, releases, deployments and snapback. " +
        "Errors are described in docs/ERRORS.md; who may call what in docs/SECURITY.md.",
      license: { name: "MIT", url: "https://opensource.org/licenses/MIT" },
    },
    servers: publicUrl ? [{ url: publicUrl, description: "This installation (its public URL)." }] : [],
    tags: tags.map((name) => ({ name, description: tagDescriptions[name] ?? name })),
    paths,
    components: {
      schemas: shared,
      responses: {
        ...Object.fromEntries(
          Object.values(errorResponses).map(({ name, description }) => [
            name,
            {
              description,
              content: error,
              ...(name === "RateLimited"
                ? {
                    headers: {
                      "Retry-After": { description: "Seconds to wait.", schema: { type: "integer", minimum: 0 } },
                    },
                  }
                : {}),
            },
          ]),
        ),
        UnexpectedError: { description: "internal_error: a bug on the server's side (it is logged).", content: error },
      },
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
