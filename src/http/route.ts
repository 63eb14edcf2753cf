import type { FastifyReply, FastifyRequest } from "fastify";
import type { z } from "zod";
import type { Config } from "../config.js";
import type { Db } from "../db/connect.js";
import type { Actor } from "../services/transaction.js";
import type { TimelineHub } from "./timeline-hub.js";

/** What every handler can reach: the database, the configuration and the live timeline. */
export interface AppContext {
  db: Db;
  config: Config;
  timeline: TimelineHub;
}

/** A validated request as a handler sees it. */
export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  actor: Actor;
  request: FastifyRequest;
  reply: FastifyReply;
}

/** One endpoint: its schemas (validation and OpenAPI come from the same zod schemas) and its handler. */
export interface Route<P = unknown, Q = unknown, B = unknown> {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  url: string;
  summary: string;
  tag: string;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Status of a successful answer (200 unless said). */
  status?: number;
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
