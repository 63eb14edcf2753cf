import { type Command, Option } from "commander";
import { act, need } from "../context.js";
import { when } from "../output.js";
import { contactIdOf, idOf } from "../resolve.js";
import { label, listCommand, searchFilter, showCommand, textOf, titled } from "./shared.js";
import { signalImportCommand } from "./signal-import.js";

const urgencies = ["low", "normal", "high", "critical"];

interface SignalOptions {
  channel?: string;
  from?: string;
  name?: string;
  account?: string;
  title?: string;
  body?: string;
  urgency: string;
  messageId?: string;
  receivedAt?: string;
  productVersion?: string;
  product?: string;
  pattern?: string[];
}

/** What a conversation entry Loopwork sent on its own is called; a message is named by its channel. */
const entryLabels: Record<string, string> = { snapback: "snapback notification", rolled_back: "rollback follow-up" };

/** `loopwork signal …`: what people say, as it comes in through a channel. */
export function signalCommands(program: Command): void {
  const signal = program
    .command("signal")
    .description("Signals: what a person said, received through a channel (an email, a forum post, an issue …)");

  signal
    .command("add")
    .description("Record a signal; its contact is found by email or created")
    .option("--channel <channel>", "the channel it came through (slug or id)")
    .option("--from <email>", "who said it")
    .option("--name <name>", "their name, when the contact is new")
    .option("--account <account>", "their customer account, when the contact is new")
    .option("--title <title>", "what it is about, e.g. the email's subject")
    .option("--body <text>", "what they wrote (@file.txt reads a file)")
    .addOption(new Option("--urgency <urgency>", "how urgent it is").choices(urgencies).default("normal"))
    .option(
      "--message-id <id>",
      "the email's Message-ID: the notification replies in this thread, and a repeat is ignored",
    )
    .option("--received-at <time>", "when it arrived (ISO 8601, default now)")
    .option("--product <product>", "the product the person runs (slug or id)")
    .option("--product-version <version>", "the version of it they run (or product@version)")
    .option("--pattern <id...>", "attach it to these patterns")
    .addHelpText(
      "after",
      "\nExample:\n  loopwork signal add --channel support-email --from ana@globex.example --title 'Edits lost after sync' \\\n" +
        "    --urgency high --message-id '<CAF1234@mail.globex.example>'",
    )
    .action(
      act<SignalOptions>(async ({ api, out }, _args, o) => {
        need(o, "channel", "from", "title");
        const created = await api.post("/signals", {
          channelId: await idOf(api, "channels", o.channel ?? "", "--channel"),
          contact: { email: o.from, name: o.name, account: o.account },
          title: o.title,
          body: await textOf(o.body, "--body"),
          urgency: o.urgency,
          receivedAt: o.receivedAt,
          product: o.product,
          productVersion: o.productVersion,
          threadRef: o.messageId,
          externalId: o.messageId,
          patternIds: o.pattern,
        });
        out.result(created, () => {
          const patterns = (created.patternIds as string[] | undefined) ?? [];
          // Attached without --pattern: the channel's matcher did it (its auto-attach threshold), undone in one step.
          const byMatcher = patterns.length > 0 && !o.pattern?.length;
          const attached = !patterns.length
            ? ""
            : byMatcher
              ? `; the matcher attached it to ${patterns.join(", ")}`
              : `, attached to ${patterns.join(", ")}`;
          out.line(`${["Added signal", titled(created), `(${created.id})`].filter(Boolean).join(" ")}${attached}.`);
          if (byMatcher) out.line(`Undo with: loopwork pattern detach ${patterns[0]} ${created.id}`);
        });
      }),
    );

  listCommand(signal, {
    path: "signals",
    plural: "signals",
    columns: [
      { header: "received", value: (s) => s.receivedAt },
      { header: "urgency", value: (s) => s.urgency },
      { header: "kind", value: (s) => label(s.kind) },
      { header: "title", value: (s) => s.title, max: 48 },
      { header: "patterns", value: (s) => ((s.patternIds as string[] | undefined) ?? []).length },
      { header: "id", value: (s) => s.id },
    ],
    filters: [
      searchFilter,
      { flags: "--pattern <id>", description: "only signals attached to this pattern", param: "patternId" },
      {
        flags: "--attached <true|false>",
        description: "false: the triage queue, signals attached to no pattern; true: those attached to some",
        param: "attached",
      },
      {
        flags: "--channel <channel>",
        description: "only this channel's signals (slug or id)",
        param: "channelId",
        resolve: "channels",
      },
      {
        flags: "--loop <loop>",
        description: "only the signals of this loop's channels (slug or id)",
        param: "loopId",
        resolve: "loops",
      },
      {
        flags: "--contact <email|id>",
        description: "only this person's signals",
        param: "contactId",
        resolve: contactIdOf,
      },
      { flags: "--urgency <urgency>", description: `only this urgency (${urgencies.join(", ")})`, param: "urgency" },
    ],
  });
  showCommand(signal, { path: "signals", noun: "signal" });

  signal
    .command("reply")
    .argument("<id>", "the signal's id")
    .description("Answer a signal in its own thread (an email reply to the person), through the outbox")
    .option("--body <text>", "what to say (@file.txt reads a file)")
    .addHelpText("after", "\nExample:\n  loopwork signal reply 0190… --body 'Thanks Ana, we are on it: how many rows?'")
    .action(
      act<{ body?: string }>(async ({ api, out }, [id = ""], o) => {
        need(o, "body");
        const sent = await api.post(`/signals/${encodeURIComponent(id)}/replies`, {
          body: await textOf(o.body, "--body"),
        });
        out.result(sent, () =>
          out.line(`Queued reply ${sent.id} to signal ${id}; it goes out in the signal's thread.`),
        );
      }),
    );

  signal
    .command("conversation")
    .argument("<id>", "the signal's id")
    .description("Show a signal's conversation, oldest first: messages in and out, snapback notifications")
    .action(
      act(async ({ api, out }, [id = ""]) => {
        const conversation = await api.get<{ items: Record<string, unknown>[] }>(
          `/signals/${encodeURIComponent(id)}/conversation`,
        );
        out.result(conversation, () => {
          if (conversation.items.length === 0) out.line("No messages yet.");
          for (const entry of conversation.items) {
            const arrow = entry.direction === "in" ? "<-" : "->";
            const files = (entry.attachments as unknown[] | undefined)?.length ?? 0;
            out.line(
              `${arrow} ${when(entry.createdAt)}  ${entryLabels[String(entry.type)] ?? entry.channelKind}  ${entry.status}${files ? `  ${files} attachment(s)` : ""}`,
            );
            const body = String(entry.body ?? "").trim();
            if (body) out.line(...body.split("\n").map((line) => `   ${line}`));
          }
        });
      }),
    );
  signalImportCommand(signal);
}
