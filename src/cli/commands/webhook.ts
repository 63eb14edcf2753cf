import { type Command, Option } from "commander";
import { eventTypeNames } from "../../core/event-types.js";
import type { Entity } from "../client.js";
import { act, need } from "../context.js";
import { idOf } from "../resolve.js";
import { listCommand } from "./shared.js";

/** `loopwork webhook …`: outgoing event webhooks, e.g. a pipeline that releases when a shared component moves. */
export function webhookCommands(program: Command): void {
  const webhook = program
    .command("webhook")
    .description("Outgoing event webhooks: signed POSTs to your URL when versions, releases, deployments … happen");

  webhook
    .command("subscribe")
    .argument("<url>", "where to POST the events (https://…)")
    .description("Subscribe a URL to events of a loop (without --loop: every loop's, administrators only)")
    .addOption(
      new Option("--event <type...>", "the event types (repeat or list several)")
        .choices(eventTypeNames)
        .makeOptionMandatory(),
    )
    .option("--loop <loop>", "the loop whose events it receives (slug or id)")
    .option("--secret <secret>", "the signing secret, 16 characters or more (default: one is made and shown once)")
    .option("--allow-private-network", "let it reach loopback and private addresses (an on-premises receiver)")
    .addHelpText(
      "after",
      "\nExample (a product's pipeline starts a release when a component it uses has a new version):\n" +
        "  loopwork webhook subscribe https://ci.example/hooks/loopwork --loop notes --event version.created",
    )
    .action(
      act<{ event?: string[]; loop?: string; secret?: string; allowPrivateNetwork?: boolean }>(
        async ({ api, out }, [url = ""], o) => {
          need(o, "event");
          const made = await api.post<Entity & { secret: string }>("/webhook-subscriptions", {
            ...(o.loop ? { loopId: await idOf(api, "loops", o.loop, "--loop") } : {}),
            url,
            eventTypes: o.event,
            ...(o.secret ? { secret: o.secret } : {}),
            ...(o.allowPrivateNetwork ? { allowPrivateNetwork: true } : {}),
          });
          out.result(made, () => {
            out.line(`Subscribed ${url} to ${(made.eventTypes as string[]).join(", ")}  ${made.id}`);
            if (!o.secret) {
              out.line(
                "Its signing secret, shown only now (verify X-Loopwork-Signature with it, docs/SECURITY.md):",
                "",
                `  ${made.secret}`,
              );
            }
          });
        },
      ),
    );

  listCommand(webhook, {
    path: "webhook-subscriptions",
    plural: "webhook subscriptions",
    whole: true,
    slugs: { loopId: "loops" },
    columns: [
      { header: "url", value: (s) => s.url, max: 50 },
      { header: "events", value: (s) => s.eventTypes, max: 60 },
      { header: "loop", value: (s) => s.loopSlug ?? "every loop" },
      { header: "id", value: (s) => s.id },
    ],
    filters: [
      { flags: "--loop <loop>", description: "only this loop's (slug or id)", param: "loopId", resolve: "loops" },
    ],
  });

  webhook
    .command("remove")
    .argument("<id>", "the subscription's id (see webhook list)")
    .description("Remove a subscription: nothing more is sent to it")
    .action(
      act(async ({ api, out }, [id = ""]) => {
        const removed = await api.request<Entity>("DELETE", `/webhook-subscriptions/${encodeURIComponent(id)}`);
        out.result(removed, () => out.line(`Removed the subscription of ${String(removed.url)}  ${removed.id}`));
      }),
    );
}
