import { type Command, Option } from "commander";
import { CliError, UsageError } from "../client.js";
import { act, need, score } from "../context.js";
import { clip, tableLines, when } from "../output.js";
import { idOf } from "../resolve.js";
import { listCommand, printCreated, showCommand } from "./shared.js";

const kinds = ["email", "forum", "github", "chat", "widget", "api", "webhook", "csv"];

/** A channel's health as GET /channels/:id/health answers it. */
interface Health {
  slug: string;
  kind: string;
  lastInbound: { at: string; what: string } | null;
  lastOutbound: { at: string; what: string } | null;
  outbox: { pending: number; retrying: number; dead: number };
  dead: { id: string; kind: string; direction: string; lastError: string | null }[];
  recentErrors: { at: string; code: string; reason: string }[];
}

/** The tag a site pastes into its pages to show the feedback form of widget channel `id`. */
function widgetSnippet(baseUrl: string, id: string): string {
  return `<script src="${baseUrl}/widget.js" data-channel="${id}" async></script>`;
}

/** The threshold `--auto-attach` names: a score from 0 to 1, or null for `off`. */
function autoAttachOf(value: string): number | null {
  if (value.trim().toLowerCase() === "off") return null;
  return score(value, "--auto-attach", "0.35", " or off");
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
    .option(
      "--list-address <address>",
      "email channels: the list (a Google Group) the address is a member of, whose copies are customers' mail",
    )
    .option(
      "--webhook-url <url>",
      "where notifications and replies for this channel are posted, signed with --secret (webhook channels)",
    )
    .option(
      "--secret <secret>",
      "the secret webhooks in and out are signed with (webhook, GitHub and forum channels; 16 characters or more; write-only)",
    )
    .option("--repository <owner/name>", "GitHub channels: the repository")
    .addOption(
      new Option("--role <role>", "GitHub channels: a feedback source or a component's repository").choices([
        "feedback",
        "component",
      ]),
    )
    .option("--component <component>", "GitHub channels of role component: the component (slug or id)")
    .option("--github-token <token>", "GitHub channels: a personal access token or an installation token (write-only)")
    .option("--api-url <url>", "GitHub channels: the REST API's base URL (GitHub Enterprise; administrators only)")
    .option("--imap-url <url>", "an email channel's mailbox to poll: imaps://user:password@host:993/INBOX (write-only)")
    .option("--widget-origin <origin...>", "sites whose feedback widget may post to it (widget channels)")
    .option("--forum-url <url>", "a forum channel's Discourse site, e.g. https://forum.acme.example")
    .option("--forum-api-key <key>", "a Discourse API key with write scope, for posting replies (write-only)")
    .option("--forum-api-username <name>", "the Discourse user replies are posted as")
    .action(
      act<{
        loop?: string;
        kind?: string;
        name?: string;
        address?: string;
        listAddress?: string;
        webhookUrl?: string;
        secret?: string;
        repository?: string;
        role?: string;
        component?: string;
        githubToken?: string;
        apiUrl?: string;
        widgetOrigin?: string[];
        imapUrl?: string;
        forumUrl?: string;
        forumApiKey?: string;
        forumApiUsername?: string;
      }>(async ({ api, out }, [slug = ""], o) => {
        need(o, "loop", "kind");
        if (o.kind === "github") need(o, "repository", "role", "secret");
        if (o.role === "component") need(o, "component");
        // The worker never posts unsigned (docs/SECURITY.md): the API refuses the URL alone, say why first.
        if (o.webhookUrl !== undefined && o.secret === undefined)
          throw new UsageError(
            "--webhook-url needs --secret (16 characters or more): what Loopwork posts there is signed with it, and nothing is sent unsigned.",
            "--secret",
          );
        const created = await api.post("/channels", {
          loopId: await idOf(api, "loops", o.loop ?? "", "--loop"),
          slug,
          name: o.name ?? slug,
          kind: o.kind,
          config: {
            address: o.address,
            listAddress: o.listAddress,
            webhookUrl: o.webhookUrl,
            webhookSecret: o.secret,
            repository: o.repository,
            githubRole: o.role,
            componentId: o.component ? await idOf(api, "components", o.component, "--component") : undefined,
            githubToken: o.githubToken,
            githubApiUrl: o.apiUrl,
            widgetOrigins: o.widgetOrigin,
            imapUrl: o.imapUrl,
            forumUrl: o.forumUrl,
            forumApiKey: o.forumApiKey,
            forumApiUsername: o.forumApiUsername,
          },
        });
        printCreated(out, `${o.kind} channel`, created, slug);
        // Where Discourse's webhook must point (Admin → API → Webhooks → Payload URL).
        if (o.kind === "forum" && !out.json)
          out.line(`Discourse webhook URL: ${api.baseUrl}/channels/${created.id}/discourse`);
        if (o.kind === "widget" && o.widgetOrigin && !out.json) out.line(widgetSnippet(api.baseUrl, created.id));
        if (o.kind === "github" && !out.json) {
          out.line(`GitHub webhook URL: ${api.baseUrl}/channels/${created.id}/github (content type application/json)`);
        }
      }),
    );

  channel
    .command("set")
    .argument("<channel>", "the channel (slug or id)")
    .description(
      "Change how a channel's signals are handled: automatic attachment by the matcher, an email channel's list (owners)",
    )
    .option(
      "--list-address <address|off>",
      "email channels: the list (a Google Group) the address is a member of, whose copies are customers' mail; off: none",
    )
    .option(
      "--auto-attach <threshold|off>",
      "attach each new report to its best suggested pattern when that scores at least this (0 to 1; 0.35 to start, docs/MATCHING.md); off: every report waits in triage",
    )
    .action(
      act<{ autoAttach?: string; listAddress?: string }>(async ({ api, out }, [ref = ""], o) => {
        if (o.autoAttach === undefined && o.listAddress === undefined) {
          throw new UsageError("Nothing to set: give --auto-attach or --list-address.", "--auto-attach");
        }
        const threshold = o.autoAttach === undefined ? undefined : autoAttachOf(o.autoAttach);
        const list = o.listAddress === undefined ? undefined : o.listAddress === "off" ? null : o.listAddress;
        const id = await idOf(api, "channels", ref, "<channel>");
        const changed = await api.patch<{ slug: string }>(`/channels/${id}`, {
          config: { autoAttachThreshold: threshold, listAddress: list },
        });
        out.result(changed, () => {
          if (threshold === null)
            out.line(`Channel ${changed.slug} no longer attaches reports on its own: they wait in triage.`);
          else if (threshold !== undefined)
            out.line(
              `Channel ${changed.slug} attaches each new report to its best suggested pattern when that scores at least ${threshold}.`,
            );
          if (list === null) out.line(`Channel ${changed.slug} takes no list's copies as its own.`);
          else if (list !== undefined)
            out.line(`Channel ${changed.slug} takes the copies of the list ${list} as its customers' mail.`);
        });
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
        // The form posts only to a widget channel: another's tag would be refused on every page it is on.
        const found = await api.get(`/channels/${id}`);
        if (found.kind !== "widget") {
          throw new CliError(
            "invalid_input",
            `${ref} is ${/^[aeiou]/.test(String(found.kind)) ? "an" : "a"} ${found.kind} channel: the feedback form posts only to a widget channel (loopwork channel add <slug> --loop <loop> --kind widget --widget-origin https://…).`,
            "<channel>",
          );
        }
        const changed = o.origin ? await api.patch(`/channels/${id}`, { config: { widgetOrigins: o.origin } }) : found;
        const origins = ((changed.config as { widgetOrigins?: string[] } | undefined)?.widgetOrigins ?? []).length;
        const snippet = widgetSnippet(api.baseUrl, id);
        out.result({ channelId: id, snippet }, () => {
          out.line(snippet);
          if (!origins)
            out.line(`No site may use it yet: name them with loopwork channel widget ${ref} --origin https://…`);
        });
      }),
    );

  channel
    .command("health")
    .argument("[channel]", "a channel (slug or id); without one, every channel you own")
    .description("A channel's health: last delivery in and out, pending, retrying and dead deliveries, recent errors")
    .action(
      act(async ({ api, out }, [ref]) => {
        if (!ref) {
          const all = (await api.get("/channels/health")) as { items: Health[] };
          out.result(all, () =>
            out.line(
              ...tableLines(all.items, [
                { header: "channel", value: (h) => h.slug },
                { header: "kind", value: (h) => h.kind },
                { header: "last in", value: (h) => (h.lastInbound ? when(h.lastInbound.at) : "never") },
                { header: "last out", value: (h) => (h.lastOutbound ? when(h.lastOutbound.at) : "never") },
                { header: "pending", value: (h) => h.outbox.pending },
                { header: "retrying", value: (h) => h.outbox.retrying },
                { header: "dead", value: (h) => h.outbox.dead },
                { header: "last error", value: (h) => h.recentErrors[0]?.reason, max: 40 },
              ]),
            ),
          );
          return;
        }
        const id = await idOf(api, "channels", ref, "<channel>");
        const health = (await api.get(`/channels/${id}/health`)) as Health;
        out.result(health, () => {
          out.line(
            `Channel ${health.slug} (${health.kind})`,
            `  last in:   ${health.lastInbound ? `${when(health.lastInbound.at)}  ${health.lastInbound.what}` : "never"}`,
            `  last out:  ${health.lastOutbound ? `${when(health.lastOutbound.at)}  ${health.lastOutbound.what}` : "never"}`,
            `  outbox:    ${health.outbox.pending} pending, ${health.outbox.retrying} retrying, ${health.outbox.dead} dead`,
          );
          for (const dead of health.dead) {
            out.line(`  dead ${dead.direction} ${dead.kind} ${dead.id}: ${clip(dead.lastError ?? "", 60)}`);
          }
          for (const error of health.recentErrors) {
            out.line(`  ${when(error.at)}  ${error.code}: ${clip(error.reason, 70)}`);
          }
          if (health.dead.length > 0) out.line("Replay one with: loopwork channel replay <channel> <delivery id>");
        });
      }),
    );

  channel
    .command("replay")
    .argument("<channel>", "the channel (slug or id)")
    .argument("<delivery>", "the id of a dead delivery of it (see `loopwork channel health <channel>`)")
    .description("Replay a dead inbound delivery (a GitHub event) or retry a dead outbound one, now")
    .action(
      act(async ({ api, out }, [ref = "", delivery = ""]) => {
        const id = await idOf(api, "channels", ref, "<channel>");
        const item = await api.post(`/channels/${id}/deliveries/${encodeURIComponent(delivery)}/replay`);
        out.result(item, () => out.line(`Delivery ${delivery} will be delivered again.`));
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
