import type { Command } from "commander";
import { UsageError } from "../client.js";
import { act } from "../context.js";
import { idOf } from "../resolve.js";
import { listCommand, printCreated, showCommand, textOf } from "./shared.js";

/** `loopwork loop …`: the loops (teams) that own products and channels. */
export function loopCommands(program: Command): void {
  const loop = program
    .command("loop")
    .description("Loops: the teams that own products and channels (a product loop, a platform loop …)");

  loop
    .command("add")
    .argument("<slug>", "short name used in commands and URLs, e.g. notes-app")
    .description("Add a loop")
    .option("--name <name>", "its name for people (default: the slug)")
    .option("--description <markdown>", "what the loop looks after (@file.md reads a file)")
    .action(
      act<{ name?: string; description?: string }>(async ({ api, out }, [slug = ""], options) => {
        const description = await textOf(options.description, "--description");
        const created = await api.post("/loops", { slug, name: options.name ?? slug, description });
        printCreated(out, "loop", created, slug);
      }),
    );

  loop
    .command("rename")
    .argument("<loop>", "the loop (slug or id) you own")
    .argument("<name>", "its new name for people (the slug stays)")
    .description("Rename a loop (owners)")
    .action(
      act(async ({ api, out }, [ref = "", name = ""]) => {
        if (!name.trim()) throw new UsageError("Give the loop a name that is not blank.", "<name>");
        const loopId = await idOf(api, "loops", ref, "<loop>");
        const renamed = await api.patch(`/loops/${loopId}`, { name });
        out.result(renamed, () => out.line(`Renamed ${renamed.slug} to “${renamed.name}”.`));
      }),
    );

  loop
    .command("describe")
    .argument("<loop>", "the loop (slug or id) you own")
    .argument("<markdown>", 'what the loop looks after, shown on its page (@file.md reads a file; "" clears it)')
    .description("Say what a loop looks after (owners)")
    .action(
      act(async ({ api, out }, [ref = "", given = ""]) => {
        const description = (await textOf(given, "<markdown>")) ?? "";
        const loopId = await idOf(api, "loops", ref, "<loop>");
        const changed = await api.patch(`/loops/${loopId}`, { description });
        out.result(changed, () =>
          out.line(description.trim() ? `Described ${changed.slug}.` : `Cleared the description of ${changed.slug}.`),
        );
      }),
    );

  loop
    .command("digest")
    .argument("<loop>", "the loop (slug or id) you own")
    .description("Get (--on) or stop (--off) a daily email of the loop's patterns that begin to emerge")
    .option("--on", "send it to me every day something emerges")
    .option("--off", "stop sending it")
    .action(
      act<{ on?: boolean; off?: boolean }>(async ({ api, out }, [ref = ""], options) => {
        if (Boolean(options.on) === Boolean(options.off)) throw new UsageError("Say --on or --off.", "--on");
        const loopId = await idOf(api, "loops", ref, "<loop>");
        const result = await api.put(`/loops/${loopId}/emerging-digest`, { enabled: Boolean(options.on) });
        out.result(result, () =>
          out.line(
            options.on
              ? `You will get a daily email when patterns of ${ref} begin to emerge.`
              : `No more daily emails about ${ref}.`,
          ),
        );
      }),
    );

  listCommand(loop, {
    path: "loops",
    plural: "loops",
    columns: [
      { header: "slug", value: (l) => l.slug },
      { header: "name", value: (l) => l.name, max: 40 },
      { header: "id", value: (l) => l.id },
    ],
    filters: [{ flags: "--slug <slug>", description: "only the loop with this slug", param: "slug" }],
  });
  showCommand(loop, { path: "loops", noun: "loop", sluggable: "loops" });
}
