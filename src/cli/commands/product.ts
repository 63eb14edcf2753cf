import type { Command } from "commander";
import { act, need } from "../context.js";
import { idOf, idsOf } from "../resolve.js";
import { listCommand, printCreated, showCommand, textOf } from "./shared.js";

/** `loopwork product …`: what people use; a product is built from components and released as a whole. */
export function productCommands(program: Command): void {
  const product = program
    .command("product")
    .description("Products: what people use, owned by a loop and built from components");

  product
    .command("add")
    .argument("<slug>", "short name used in commands, e.g. web")
    .description("Add a product")
    .option("--loop <loop>", "the loop that owns it (slug or id)")
    .option("--name <name>", "its name for people (default: the slug)")
    .option("--component <component...>", "a component it is built from (slug or id); repeat or list several")
    .option("--description <markdown>", "what it is (@file.md reads a file)")
    .addHelpText(
      "after",
      "\nExample:\n  loopwork product add web --loop notes --name 'Notes for the web' --component web-ui sync-engine",
    )
    .action(
      act<{ loop?: string; name?: string; component?: string[]; description?: string }>(
        async ({ api, out }, [slug = ""], o) => {
          need(o, "loop");
          const created = await api.post("/products", {
            loopId: await idOf(api, "loops", o.loop ?? "", "--loop"),
            slug,
            name: o.name ?? slug,
            description: await textOf(o.description, "--description"),
            componentIds: await idsOf(api, "components", o.component, "--component"),
          });
          printCreated(out, "product", created, slug);
        },
      ),
    );

  listCommand(product, {
    path: "products",
    plural: "products",
    columns: [
      { header: "slug", value: (p) => p.slug },
      { header: "name", value: (p) => p.name, max: 30 },
      { header: "components", value: (p) => (p.componentIds as string[]).length },
      { header: "id", value: (p) => p.id },
    ],
    filters: [
      {
        flags: "--loop <loop>",
        description: "only this loop's products (slug or id)",
        param: "loopId",
        resolve: "loops",
      },
      {
        flags: "--component <component>",
        description: "only products built from this component",
        param: "componentId",
        resolve: "components",
      },
    ],
  });
  showCommand(product, { path: "products", noun: "product", sluggable: "products" });
}
