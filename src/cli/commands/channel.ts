import { type Command, Option } from "commander";
import { act, need } from "../context.js";
import { idOf } from "../resolve.js";
import { listCommand, printCreated, showCommand } from "./shared.js";

const kinds = ["email", "forum", "github", "chat", "widget", "api", "webhook", "csv"];

/** The tag a site pastes into its pages to show the feedback form of widget channel `id`. */
function widgetSnippet(baseUrl: string, id: string): string {
  return `<script src="${baseUrl}/widget.js" data-channel="${id}" async></script>`;
}

/** `loopwork channel …`: where signals come in (support email, forum, GitHub …). */
export function channelCommands(program: Command): void {
  const channel = program
    .command("channel")
    .description("Channels: where signals come in (support email, forum, GitHub, widget, API …), owned by a loop");

  channel
    .command("add")
    .argument("<slug>", "short name used in commands, e.g. support-email")
    .description("Add a channel")
    .option("--loop <loop>", "the loop that owns it (slug or id)")
    .addOption(new Option("--kind <kind>", "what kind of channel").choices(kinds))
    .option("--name <name>", "its name for people (default: the slug)")
    .option("--address <address>", "its address, e.g. support@acme.example for an email channel")
    .option("--webhook-url <url>", "where notifications for this channel are posted (webhook channels)")
    .option("--imap-url <url>", "an email channel's mailbox to poll: imaps://user:password@host:993/INBOX (write-only)")
    .option("--widget-origin <origin...>", "sites whose feedback widget may post to it (widget channels)")
    .action(
      act<{
        loop?: string;
        kind?: string;
        name?: string;
        address?: string;
        webhookUrl?: string;
        widgetOrigin?: string[];
        imapUrl?: string;
      }>(async ({ api, out }, [slug = ""], o) => {
        need(o, "loop", "kind");
        const created = await api.post("/channels", {
          loopId: await idOf(api, "loops", o.loop ?? "", "--loop"),
          slug,
          name: o.name ?? slug,
          kind: o.kind,
          config: { address: o.address, webhookUrl: o.webhookUrl, widgetOrigins: o.widgetOrigin, imapUrl: o.imapUrl },
        });
        printCreated(out, `${o.kind} channel`, created, slug);
        if (o.kind === "widget" && o.widgetOrigin && !out.json) out.line(widgetSnippet(api.baseUrl, created.id));
      }),
    );

  channel
    .command("widget")
    .argument("<channel>", "a widget channel (slug or id)")
    .description(
      "Print the <script> tag of a widget channel's feedback form; --origin sets the sites allowed to use it",
    )
    .option(
      "--origin <origin...>",
      "the sites (https://shop.example.com) whose pages may post to it; replaces the list",
    )
    .action(
      act<{ origin?: string[] }>(async ({ api, out }, [ref = ""], o) => {
        const id = await idOf(api, "channels", ref, "<channel>");
        if (o.origin) await api.patch(`/channels/${id}`, { config: { widgetOrigins: o.origin } });
        const snippet = widgetSnippet(api.baseUrl, id);
        out.result({ channelId: id, snippet }, () => out.line(snippet));
      }),
    );

  listCommand(channel, {
    path: "channels",
    plural: "channels",
    columns: [
      { header: "slug", value: (c) => c.slug },
      { header: "kind", value: (c) => c.kind },
      { header: "name", value: (c) => c.name, max: 30 },
      { header: "id", value: (c) => c.id },
    ],
    filters: [
      {
        flags: "--loop <loop>",
        description: "only this loop's channels (slug or id)",
        param: "loopId",
        resolve: "loops",
      },
      { flags: "--kind <kind>", description: `only channels of this kind (${kinds.join(", ")})`, param: "kind" },
    ],
  });
  showCommand(channel, { path: "channels", noun: "channel", sluggable: "channels" });
}
