import type { Command } from "commander";
import { UsageError } from "../client.js";
import { act } from "../context.js";
import { count } from "../output.js";
import { contactIdOf, idOf } from "../resolve.js";
import { listCommand, showCommand } from "./shared.js";

/** `loopwork env …`: where releases are deployed; success in a production one runs snapback. */
export function environmentCommands(program: Command): void {
  const env = program
    .command("env")
    .description("Environments: where releases run (production and staging exist from the start)");

  env
    .command("add")
    .argument("<name>", "its name, e.g. eu-production")
    .description("Add an environment")
    .option("--production", "people use it: a successful deployment here runs snapback", false)
    .option("--product <product>", "the one product it serves (slug or id); without it, every product")
    .option("--account <account...>", "accounts pinned to it (a region, an on-premises fleet, a canary group)")
    .action(
      act<{ production: boolean; product?: string; account?: string[] }>(async ({ api, out }, [name = ""], o) => {
        const created = await api.post("/environments", {
          name,
          production: o.production,
          productId: o.product ? await idOf(api, "products", o.product, "--product") : undefined,
          accounts: o.account,
        });
        out.result(created, () => out.line(`Added ${o.production ? "production " : ""}environment ${name}`));
      }),
    );

  env
    .command("pin")
    .argument("<name>", "the environment")
    .description("Pin accounts and contacts to an environment: their people are told when a fix runs there")
    .option("--account <account...>", "accounts pinned to it (replaces the list)")
    .option("--contact <id|email...>", "contacts pinned to it (replaces the list)")
    .action(
      act<{ account?: string[]; contact?: string[] }>(async ({ api, out }, [name = ""], o) => {
        if (!o.account && !o.contact) throw new UsageError("Say what to pin: --account or --contact.", "--account");
        const changed = await api.patch(`/environments/${encodeURIComponent(name)}`, {
          accounts: o.account,
          contactIds: o.contact && (await Promise.all(o.contact.map((c) => contactIdOf(api, c, "--contact")))),
        });
        out.result(changed, () =>
          out.line(
            `Pinned to ${name}: accounts ${(changed.accounts as string[]).join(", ") || "none"}; ` +
              `${count((changed.contactIds as string[]).length, "contact")}`,
          ),
        );
      }),
    );

  listCommand(env, {
    path: "environments",
    plural: "environments",
    // Keyed by name, not by a time-ordered id: the API pages them by name, last first (docs/API.md).
    order: "by name, from z to a",
    slugs: { productId: "products" },
    columns: [
      { header: "name", value: (e) => e.name },
      { header: "production", value: (e) => (e.production ? "yes" : "no") },
      { header: "product", value: (e) => e.productSlug ?? "every product", max: 36 },
      { header: "accounts", value: (e) => (e.accounts as string[]).join(", "), max: 30 },
      { header: "contacts", value: (e) => (e.contactIds as string[]).length },
    ],
  });
  showCommand(env, {
    path: "environments",
    noun: "environment",
    key: { argument: "<name>", description: "the environment's name" },
  });
}
