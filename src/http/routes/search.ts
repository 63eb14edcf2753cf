import { z } from "zod";
import { AppError } from "../../core/errors.js";
import { instantOrDate } from "../../core/instant.js";
import { queryInteger } from "../../core/query-integer.js";
import { uuid } from "../../core/uuid.js";
import { timestamp } from "../../services/presented.js";
import { search, searchText, searchTypes } from "../../services/search.js";
import { type Route, route } from "../route.js";

const hit = z
  .object({
    type: z.enum(searchTypes),
    id: uuid(),
    title: z.string(),
    snippet: z.string().describe("A few words of the body around the matched words, each match between « and »."),
    rank: z.number(),
    at: timestamp(),
    status: z.string().nullable(),
  })
  .meta({ id: "SearchHit" });

/** A bound of a date range: a date and time with its offset, or a date alone (its midnight, UTC). */
const bound = instantOrDate();

/** GET /search: ranked full text across signals, patterns, improvements, contacts, releases and deployments. */

export function searchRoutes(): Route[] {
  return [
    route({
      method: "GET",
      url: "/search",
      summary:
        "Search signals, patterns, improvements, contacts, releases and deployments: the best matches, ranked together (title over body, prefixes as you type, typos in titles)",
      tag: "search",
      access: "read",
      operationId: "searchAll",
      response: z.object({ items: z.array(hit) }),
      query: z.object({
        q: searchText(),
        types: z
          .string()
          .max(100)
          .transform((value, ctx) => {
            const names = value.split(",").map((name) => name.trim());
            const unknown = names.find((name) => !(searchTypes as readonly string[]).includes(name));
            if (unknown !== undefined) {
              ctx.addIssue({ code: "custom", message: `Unknown type ${unknown}: use ${searchTypes.join(", ")}.` });
              return z.NEVER;
            }
            // Each type is one statement: a type named twice would answer each of its hits twice.
            return [...new Set(names)] as (typeof searchTypes)[number][];
          })
          .optional(),
        loopId: uuid().optional(),
        // A pattern's or an improvement's: a misspelt status must not answer an empty list.
        status: z
          .enum([
            "open",
            "addressed",
            "dismissed",
            "merged",
            "proposed",
            "approved",
            "in_progress",
            "completed",
            "rejected",
          ])
          .optional(),
        channelId: uuid().optional(),
        productId: uuid().optional(),
        from: bound.optional(),
        to: bound.optional(),
        limit: queryInteger({ min: 1, max: 100, fallback: 20 }),
      }),
      handler: async ({ query, principal }, { db }) => {
        const { q, types, limit, from, to, ...filters } = query;
        if (from && to && Date.parse(from) >= Date.parse(to)) {
          throw new AppError("invalid_input", "query.to: The end of the range must come after its start (from).", {
            path: "query.to",
          });
        }
        return search(db, {
          q,
          types: types ?? searchTypes,
          filters: { ...filters, from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined },
          limit,
          withinLoop: principal?.loopId ?? undefined,
        });
      },
    }),
  ];
}
