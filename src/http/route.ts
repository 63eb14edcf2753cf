import type { FastifyReply, FastifyRequest } from "fastify";
import type { z } from "zod";
import type { Config } from "../config.js";
import type { Principal } from "../core/access.js";
import type { Db, Queryable } from "../db/connect.js";
import type { Actor } from "../services/transaction.js";
import type { TimelineHub } from "./timeline-hub.js";

/** What every handler can reach: the database, the configuration and the live timeline. */
export interface AppContext {
  db: Db;
  config: Config;
  timeline: TimelineHub;
}

/**
 * Who may call a route (docs/SECURITY.md has the whole model):
 * - public: anyone; the route checks its own credential (a signature, a signed link) or needs none;
 * - signed_in: any signed-in person or token, whatever its scope;
 * - read: a member of any loop (viewer and up) or a token with read, write or admin scope;
 * - change: a builder of the loop that owns the target (checked by `authorize`), a write or admin token;
 * - manage: an owner of the loop that owns the target, or an admin-scoped token of one;
 * - admin: an administrator of the whole installation.
 */
export type AccessLevel = "public" | "signed_in" | "read" | "change" | "manage" | "admin";

/** A validated request as a handler sees it. */
export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** Who the timeline says made the change: "user:<id>" or "token:<id>"; "anonymous" on public routes. */
  actor: Actor;
  /** The signed-in person or token; undefined on public routes called anonymously. */
  principal?: Principal;
  request: FastifyRequest;
  reply: FastifyReply;
}

/** One endpoint: its schemas (validation and OpenAPI come from the same zod schemas) and its handler. */
export interface Route<P = unknown, Q = unknown, B = unknown> {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  url: string;
  summary: string;
  tag: string;
  access: AccessLevel;
  /** Deploy-only tokens may call it: a step a CI pipeline takes (version, release, deploy) or a lookup for one. */
  pipeline?: boolean;
  /**
   * Object-level check, after validation and before the handler: throws forbidden (or not_found where
   * existence is private) when the principal may not touch this target. change and manage routes have one.
   */
  authorize?(input: { params: P; query: Q; body: B; principal: Principal }, db: Queryable): Promise<void>;
  /** It shows what spans every loop (the timeline, traces, the outbox): not for a token bound to one loop. */
  crossLoop?: boolean;
  /**
   * Pages of other sites post to it (the feedback widget): the origin whose page may read its answers,
   * errors included, decided once the path is read — before the body is read and the limits counted, so
   * a body too large and a write limit reached are errors the page can show too. Throws for a caller none
   * may (a page the channel does not allow is refused before its body is read). Its CORS preflight
   * (OPTIONS, for a page's fetch of JSON) is answered by the same decision (server.ts, registerPreflight).
   */
  crossOrigin?(input: { params: P; request: FastifyRequest }, db: Queryable): Promise<string>;
  /** Its page posts an HTML form: it also takes url-encoded bodies (every other route takes JSON only). */
  form?: boolean;
  /**
   * A page a person opens in a browser (a link from an email, the first-run link) or its form's target:
   * with Accept: text/html its errors are pages too, never JSON.
   */
  page?: boolean;
  /** Sign-in and link requests are limited much more tightly than other changes (config.signInLimit). */
  guessable?: boolean;
  /**
   * How many changes a request counts as against the write limit (1 unless said): a batch counts its
   * signals. Given the body as parsed, before validation.
   */
  cost?(body: unknown): number;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Status of a successful answer (200 unless said). */
  status?: number;
  /**
   * Status of a successful answer that created nothing (a repeat, or a change of what it names), where
   * `status` says created: documented beside it; the handler sets it.
   */
  existingStatus?: number;
  /** Its name in the OpenAPI document and generated clients; list/get/create/update<Resource> unless given. */
  operationId?: string;
  /** The JSON of a successful answer (the OpenAPI document shows it; tests check every answer against it). */
  response?: z.ZodType;
  /** What it answers besides JSON (a raw route: instead of it): pages to browsers, an event stream. */
  media?: ("text/html" | "text/event-stream" | "text/javascript")[];
  /** It may answer 302 to a browser: where to, and why (the OpenAPI document lists it). */
  redirect?: string;
  /** Error statuses it answers besides those its access and inputs imply (openapi.ts, errorStatuses). */
  errors?: number[];
  /** The answer is not JSON (a stream or a page): the handler writes it. */
  raw?: boolean;
  /** The handler gets the body's exact bytes (a Buffer), unparsed: for verifying signatures over them. */
  rawBody?: boolean;
  handler(input: RouteInput<P, Q, B>, app: AppContext): Promise<unknown>;
}

/** Declares a route with its types inferred from its schemas. */
export function route<P = undefined, Q = undefined, B = undefined>(spec: Route<P, Q, B>): Route {
  return spec as unknown as Route;
}
