import { z } from "zod";
import { AppError } from "../../core/errors.js";
import { listPatternsWithSignals } from "../../services/list-patterns.js";
import { pageOf, presented } from "../../services/presented.js";
import { listRecords } from "../../services/records.js";
import { listQuery, resources } from "../../services/resources.js";
import { searchText } from "../../services/search.js";
import { type Route, route } from "../route.js";

/** Signals one list of patterns may carry at most (patterns × signals per pattern). */
const maxSignalsPerPage = 10_000;

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
        signalLimit: z.coerce.number().int().min(1).max(100).default(10),
        q: searchText().optional(),
      }),
      handler: async ({ query, principal }, { db }) => {
        const { cursor, limit, sort, include, signalLimit, q, ...filters } = query;
        const options = { filters, cursor, limit, sort, q, withinLoop: principal?.loopId ?? undefined };
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
  ];
}
