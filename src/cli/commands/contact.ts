import type { Command } from "commander";
import { UsageError } from "../client.js";
import { act } from "../context.js";
import { when } from "../output.js";
import { contactIdOf } from "../resolve.js";
import { listCommand, printCreated, searchFilter, showCommand } from "./shared.js";

/** `loopwork contact …`: the people behind signals (found or created by email when a signal arrives). */
export function contactCommands(program: Command): void {
  const contact = program
    .command("contact")
    .description("Contacts: the people behind signals; created by `signal add --from` when new");

  contact
    .command("add")
    .argument("<email>", "their email address")
    .description("Add a contact ahead of their first signal (to give them an account or a weight)")
    .option("--name <name>", "their name (default: the email)")
    .option("--account <account>", "the customer account they belong to, e.g. Globex")
    .option("--weight <n>", "how much their voice counts in a pattern's priority (default 1)")
    .option("--env <environment...>", "environments they are pinned to: told when a fix runs there")
    .action(
      act<{ name?: string; account?: string; weight?: string; env?: string[] }>(
        async ({ api, out }, [email = ""], o) => {
          const weight = o.weight === undefined ? undefined : Number(o.weight);
          if (weight !== undefined && !(weight > 0))
            throw new UsageError("--weight takes a positive number.", "--weight");
          const created = await api.post("/contacts", {
            email,
            name: o.name ?? email,
            account: o.account,
            weight,
            environments: o.env,
          });
          printCreated(out, "contact", created, email);
        },
      ),
    );

  contact
    .command("pin")
    .argument("<contact>", "the contact's id or email")
    .argument("[environment...]", "the environments they run the products in (replaces the list)")
    .option("--none", "pinned nowhere: told when a fix runs in production, like everyone", false)
    .description("Pin a contact to environments: they are told when a fix runs there, not before")
    .action(
      act<{ none: boolean }>(async ({ api, out }, [ref = "", ...environments], o) => {
        if (environments.length === 0 && !o.none)
          throw new UsageError("Name the environments, or --none to unpin them.", "<environment...>");
        if (environments.length > 0 && o.none)
          throw new UsageError("Either environments or --none, not both.", "--none");
        const id = await contactIdOf(api, ref, "<contact>");
        const changed = await api.patch(`/contacts/${encodeURIComponent(id)}`, { environments });
        const pins = changed.environments as string[];
        out.result(changed, () =>
          out.line(
            pins.length > 0 ? `${changed.name} is pinned to ${pins.join(", ")}` : `${changed.name} is pinned nowhere`,
          ),
        );
      }),
    );

  contact
    .command("send-link")
    .argument("<contact>", "the contact's id or email")
    .description(
      "Email a contact a fresh link to their own view (what became of what they told you, good for 30 days); at most one such email every 10 minutes",
    )
    .action(
      act(async ({ api, out }, [ref = ""]) => {
        const id = await contactIdOf(api, ref, "<contact>");
        const sent = await api.post(`/contacts/${encodeURIComponent(id)}/customer-link`);
        out.result(sent, () =>
          out.line(
            sent.status === "queued"
              ? `Emailing ${sent.email} a link to their own view, good for 30 days (outbox ${sent.outboxId}).`
              : `A link to their own view went to ${sent.email} at ${when(sent.queuedAt)}: one such email every 10 minutes at most, so none was sent now (outbox ${sent.outboxId}).`,
          ),
        );
      }),
    );

  listCommand(contact, {
    path: "contacts",
    plural: "contacts",
    columns: [
      { header: "name", value: (c) => c.name, max: 28 },
      { header: "email", value: (c) => c.email, max: 36 },
      { header: "account", value: (c) => c.account, max: 20 },
      { header: "weight", value: (c) => c.weight },
      { header: "environments", value: (c) => (c.environments as string[]).join(", "), max: 30 },
      { header: "id", value: (c) => c.id },
    ],
    filters: [
      searchFilter,
      { flags: "--email <email>", description: "only the contact with this email", param: "email" },
      { flags: "--account <account>", description: "only contacts of this account", param: "account" },
    ],
  });
  showCommand(contact, {
    path: "contacts",
    noun: "contact",
    key: {
      argument: "<contact>",
      description: "the contact's id or email",
      resolve: (api, ref) => contactIdOf(api, ref, "<contact>"),
    },
  });
}
