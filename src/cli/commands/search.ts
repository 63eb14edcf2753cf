import type { Command } from "commander";
import type { Query } from "../client.js";
import { act, integer } from "../context.js";
import { idOf } from "../resolve.js";

type Hit = Record<string, unknown> & { type: string; id: string; title: string; snippet: string };

/** `loopwork search <words…>`: ranked full text across signals, patterns, improvements and contacts. */
export function searchCommand(program: Command): void {
  program
    .command("search")
    .argument("<words...>", "what to look for; each word may be the start of one ('exp csv')")
    .description("Search signals, patterns, improvements, contacts, releases and deployments, best match first")
    .option(
      "--type <types>",
      "only these kinds, comma-separated: signal, pattern, improvement, contact, release, deployment",
    )
    .option("--loop <slug|id>", "only this loop's signals, patterns, improvements, releases and deployments")
    .option("--status <status>", "only patterns or improvements with this status")
    .option("--channel <slug|id>", "only this channel's signals")
    .option(
      "--product <slug|id>",
      "only signals about this product, improvements that target it, its releases and deployments",
    )
    .option("--from <date>", "only what happened at or after this time (ISO 8601, e.g. 2026-01-31T00:00:00Z)")
    .option("--to <date>", "only what happened before this time")
    .option("--limit <n>", "how many hits to show (at most 100)", "20")
    .action(
      act<{
        type?: string;
        loop?: string;
        status?: string;
        channel?: string;
        product?: string;
        from?: string;
        to?: string;
        limit: string;
      }>(async ({ api, out }, words, o) => {
        const query: Query = {
          q: words.join(" "),
          types: o.type,
          status: o.status,
          from: o.from,
          to: o.to,
          limit: integer(o.limit, "--limit"),
          loopId: o.loop === undefined ? undefined : await idOf(api, "loops", o.loop, "--loop"),
          channelId: o.channel === undefined ? undefined : await idOf(api, "channels", o.channel, "--channel"),
          productId: o.product === undefined ? undefined : await idOf(api, "products", o.product, "--product"),
        };
        const found = await api.get<{ items: Hit[] }>("/search", query);
        out.result(found, () => {
          out.table(
            found.items,
            [
              { header: "type", value: (h) => h.type },
              { header: "title", value: (h) => h.title, max: 40 },
              { header: "snippet", value: (h) => String(h.snippet).replaceAll(/\s+/g, " "), max: 60 },
              { header: "id", value: (h) => h.id },
            ],
            "Nothing found.",
          );
        });
      }),
    );
}
