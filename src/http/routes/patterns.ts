import { z } from "zod";
import { AppError, notFound } from "../../core/errors.js";
import { queryInteger } from "../../core/query-integer.js";
import { uuid } from "../../core/uuid.js";
import { setEmergingDigest } from "../../services/emerging-digests.js";
import { explainPatternPriority } from "../../services/explain-pattern-priority.js";
import { listPatternsWithSignals } from "../../services/list-patterns.js";
import { pageOf, presented, timestamp } from "../../services/presented.js";
import { listRecords } from "../../services/records.js";
import { listQuery, resources } from "../../services/resources.js";
import { searchText } from "../../services/search.js";
import { ownersOf, requireRole } from "../authorize.js";
import { type Route, route } from "../route.js";

/** Signals one list of patterns may carry at most (patterns × signals per pattern). */
const maxSignalsPerPage = 10_000;

const velocity = z
  .object({
    recent: z.number().int().describe("Reports today and the six days before."),
    baseline: z.number().int().describe("Reports in the 28 days before those."),
    recentPerDay: z.number(),
    baselinePerDay: z.number(),
    ratio: z.number().describe("recentPerDay over baselinePerDay (a baseline of no report counts as one)."),
    emerging: z.boolean().describe("At least 3 recent reports arriving at least twice the baseline rate."),
    factor: z.number().describe("What velocity multiplies the priority by: 1 to 2."),
  })
  .meta({ id: "PatternVelocity" });

const priorityBreakdown = z
  .object({
    patternId: uuid(),
    priority: z.number().describe("base × momentum, as of computedAt."),
    storedPriority: z.number().describe("What lists sort by: recomputed with every attachment, and hourly."),
    rank: z.number().int().nullable().describe("Its place among open patterns by stored priority (null unless open)."),
    base: z.number().describe("volume × reachFactor × recencyFactor, rounded."),
    momentum: z.number().describe("velocity.factor × channelFactor."),
    volume: z.number().describe("Reports weighted by urgency: low ½, normal 1, high 2, critical 4."),
    reachFactor: z.number().describe("1 + log2(1 + reach)."),
    recencyFactor: z.number().describe("Halves every 14 days since the newest report."),
    ageDays: z.number().nullable(),
    velocity,
    channels: z.number().int().describe("Distinct channels its reports came from."),
    channelFactor: z.number().describe("1 + ¼ log2(channels)."),
    emergingSince: timestamp().nullable(),
    reports: z.object({
      low: z.number().int(),
      normal: z.number().int(),
      high: z.number().int(),
      critical: z.number().int(),
    }),
    reach: z.number(),
    lastSignalAt: timestamp().nullable(),
    computedAt: timestamp(),
  })
  .meta({ id: "PatternPriority" });

/** GET /patterns: the generic list, and with include=signals each pattern's newest signals and their count. */
export function patternListRoutes(): Route[] {
  return [
    route({
      method: "GET",
      url: "/patterns",
      summary:
        "List patterns, newest first or by priority (with q, the best matches of a full text search over title and description); include=signals adds each pattern's newest signals (signalLimit, default 10) and their count",
      tag: "patterns",
      access: "read",
      operationId: "listPatterns",
      // Without include=signals a plain page of patterns; with it each pattern also has `signals`.
      response: pageOf(
        presented.pattern
          .extend({
            signals: z
              .object({ items: z.array(presented.signal), count: z.number().int(), nextCursor: z.string().nullable() })
              .optional(),
          })
          .meta({ id: "PatternWithSignals" }),
      ),
      query: listQuery.extend({
        ...resources.pattern.filters.shape,
        sort: z.enum(["newest", "priority"]).default("newest"),
        include: z.enum(["signals"]).optional(),
        signalLimit: queryInteger({ min: 1, max: 100, fallback: 10 }),
        q: searchText().optional(),
      }),
      handler: async ({ query, principal, request }, { db }) => {
        const { cursor, limit, sort, include, signalLimit, q, ...filters } = query;
        const options = { filters, cursor, limit, sort, q, withinLoop: principal?.loopId ?? undefined };
        // Read from the request: the parsed query holds the default. Without include=signals it was
        // ignored, and the page came without the signals it asked a number of.
        if (include !== "signals" && (request.query as Record<string, unknown>).signalLimit !== undefined) {
          throw new AppError("invalid_input", "signalLimit says how many signals include=signals adds: add it.", {
            path: "query.signalLimit",
          });
        }
        if (include !== "signals") return listRecords(db, resources.pattern, options);
        if (limit * signalLimit > maxSignalsPerPage) {
          throw new AppError(
            "invalid_input",
            `A page with signals carries at most ${maxSignalsPerPage} of them: lower limit (${limit}) or signalLimit (${signalLimit}).`,
            { path: "query.signalLimit" },
          );
        }
        return listPatternsWithSignals(db, { ...options, perPattern: signalLimit });
      },
    }),
    route({
      method: "GET",
      url: "/patterns/:id/priority",
      summary:
        "Why a pattern ranks where it does: each factor of its priority (volume, reach, recency, velocity, channels)",
      tag: "patterns",
      access: "read",
      params: z.object({ id: uuid() }),
      operationId: "explainPatternPriority",
      response: priorityBreakdown,
      handler: ({ params }, { db }) => explainPatternPriority(db, params.id),
    }),
    route({
      method: "PUT",
      url: "/loops/:id/emerging-digest",
      summary: "An owner turns their daily email of the loop's emerging patterns on or off",
      tag: "loops",
      access: "manage",
      params: z.object({ id: uuid() }),
      body: z.strictObject({ enabled: z.boolean() }),
      operationId: "setEmergingDigest",
      response: z.object({ loopId: uuid(), enabled: z.boolean() }).meta({ id: "EmergingDigest" }),
      authorize: async ({ params, principal }, db) => {
        requireRole(principal, await ownersOf(db, resources.loop, params.id, "params.id"), "owner", () =>
          notFound("loop", params.id, "params.id"),
        );
      },
      handler: ({ params, body, principal, actor }, { db }) =>
        setEmergingDigest(db, actor, { userId: principal?.userId ?? "", loopId: params.id, enabled: body.enabled }),
    }),
  ];
}
