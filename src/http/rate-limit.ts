import type { FastifyReply, FastifyRequest } from "fastify";
import type { Config } from "../config.js";
import { AppError } from "../core/errors.js";
import { clientAddressKey } from "../core/network-address.js";
import type { Queryable } from "../db/connect.js";
import { consumeRateLimit, type RateLimit } from "../services/consume-rate-limit.js";
import { rateLimitKey } from "./authenticate.js";
import type { Route } from "./route.js";

/**
 * The limit a request to route r counts against, or undefined. Guessable routes (sign-in, one-time
 * links, link requests): config.signInLimit per client address per window (a minute unless
 * config.rateLimitWindowSeconds says otherwise), per route. Every other change (non-GET):
 * config.writeLimit per credential (else address) per window across ALL routes, a route's `cost` (a
 * batch: its signals) counted in units.
 */
export function rateLimitOf(
  r: Pick<Route, "method" | "url" | "guessable" | "cost">,
  config: Pick<Config, "signInLimit" | "writeLimit" | "rateLimitWindowSeconds">,
  request: FastifyRequest,
): { limit: RateLimit; cost: number } | undefined {
  const windowSeconds = config.rateLimitWindowSeconds;
  if (r.guessable) {
    const key = `g:${r.url}:${clientAddressKey(request.ip)}`;
    return { limit: { key, max: config.signInLimit, windowSeconds }, cost: 1 };
  }
  if (r.method === "GET" || config.writeLimit <= 0) return undefined;
  const cost = Math.max(1, r.cost?.(request.body) ?? 1);
  return { limit: { key: `w:${rateLimitKey(request)}`, max: config.writeLimit, windowSeconds }, cost };
}

/**
 * Counts the request against its limit (shared by every process on the database) and sets the
 * X-RateLimit-* headers; over the limit, throws rate_limited with Retry-After. Runs before the
 * credential is looked up: a flood of made-up tokens is refused without a lookup each.
 */
export async function enforceRateLimit(
  db: Queryable,
  reply: FastifyReply,
  applies: { limit: RateLimit; cost: number } | undefined,
): Promise<void> {
  if (!applies) return;
  const { limit, cost } = applies;
  const outcome = await consumeRateLimit(db, limit, cost);
  reply.header("x-ratelimit-limit", String(limit.max));
  reply.header("x-ratelimit-remaining", String(outcome.remaining));
  reply.header("x-ratelimit-reset", String(outcome.resetSeconds));
  if (outcome.allowed) return;
  const per = limit.windowSeconds === 60 ? "per minute" : `per ${limit.windowSeconds} s`;
  const what = cost > 1 ? `${cost} changes (one per signal)` : "another request";
  const over =
    cost > limit.max
      ? `${cost} changes at once are more than the limit of ${limit.max} ${per}: send smaller batches.`
      : `Too many requests: ${what} would go over the limit of ${limit.max} ${per}; try again in ${outcome.resetSeconds} s (see Retry-After).`;
  throw new AppError("rate_limited", over, { retryAfterSeconds: outcome.resetSeconds });
}
