import type { Command } from "commander";
import { act, need } from "../context.js";
import { idOf, idsOf, userIdOf } from "../resolve.js";
import { label, listCommand, printCreated, searchFilter, showCommand, statusCommand, textOf } from "./shared.js";

interface ImprovementOptions {
  loop?: string;
  title?: string;
  why?: string;
  what?: string;
  how?: string;
  owner?: string;
  product?: string[];
  component?: string[];
  pattern?: string[];
}

/** `loopwork improvement …`: what we will change, why and how, for which products and patterns. */
export function improvementCommands(program: Command): void {
  const improvement = program
    .command("improvement")
    .description("Improvements: a change (why / what / how) that addresses patterns in one or more products");

  improvement
    .command("add")
    .description("Propose an improvement")
    .option("--loop <loop>", "the loop that does it (slug or id)")
    .option("--title <title>", "what changes, in a line")
    .option("--why <markdown>", "why it matters (@file.md reads a file)")
    .option("--what <markdown>", "what people will see (@file.md reads a file)")
    .option("--how <markdown>", "how it is built (@file.md reads a file)")
    .option("--owner <email|id>", "the builder who owns it")
    .option("--product <product...>", "a product it targets (slug or id); it completes when shipped in all of them")
    .option(
      "--component <component...>",
      "a component it targets (slug or id): every product built from it when approved",
    )
    .option("--pattern <id...>", "a pattern it addresses")
    .action(
      act<ImprovementOptions>(async ({ api, out }, _args, o) => {
        need(o, "loop", "title");
        const created = await api.post("/improvements", {
          loopId: await idOf(api, "loops", o.loop ?? "", "--loop"),
          title: o.title,
          why: await textOf(o.why, "--why"),
          what: await textOf(o.what, "--what"),
          how: await textOf(o.how, "--how"),
          ownerId: o.owner === undefined ? undefined : await userIdOf(api, o.owner, "--owner"),
          productIds: await idsOf(api, "products", o.product, "--product"),
          componentIds: await idsOf(api, "components", o.component, "--component"),
          patternIds: o.pattern,
        });
        printCreated(out, "improvement", created);
      }),
    );

  const moves: [verb: string, status: string, description: string][] = [
    ["approve", "approved", "Approve a proposed improvement"],
    ["start", "in_progress", "Mark an improvement as being built"],
    ["reject", "rejected", "Reject an improvement: it will not be done"],
    ["reopen", "proposed", "Propose a rejected improvement again"],
  ];
  for (const [verb, status, description] of moves) {
    statusCommand(improvement, { verb, path: "improvements", noun: "improvement", status, description });
  }

  listCommand(improvement, {
    path: "improvements",
    plural: "improvements",
    columns: [
      { header: "status", value: (i) => label(i.status) },
      { header: "title", value: (i) => i.title, max: 50 },
      { header: "products", value: (i) => (i.productIds as string[]).length },
      { header: "patterns", value: (i) => (i.patternIds as string[]).length },
      { header: "id", value: (i) => i.id },
    ],
    filters: [
      searchFilter,
      {
        flags: "--sort <order>",
        description: "newest (the default) or priority: the summed priority of the open patterns it addresses",
        param: "sort",
      },
      {
        flags: "--status <status>",
        description: "proposed, approved, in_progress, completed or rejected",
        param: "status",
      },
      {
        flags: "--loop <loop>",
        description: "only this loop's improvements (slug or id)",
        param: "loopId",
        resolve: "loops",
      },
      {
        flags: "--product <product>",
        description: "only improvements targeting this product",
        param: "productId",
        resolve: "products",
      },
      { flags: "--pattern <id>", description: "only improvements addressing this pattern", param: "patternId" },
    ],
  });
  showCommand(improvement, { path: "improvements", noun: "improvement" });
}
