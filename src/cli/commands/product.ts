import type { Command } from "commander";
import { type ApiClient, UsageError } from "../client.js";
import { act, need } from "../context.js";
import { count } from "../output.js";
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

  product
    .command("set")
    .argument("<product>", "the product (slug or id) of a loop you own")
    .description(
      "Change a product: its name, its description, the components it is built from (owners; the slug stays)",
    )
    .option("--name <name>", "its new name for people")
    .option("--description <markdown>", "what it is (@file.md reads a file)")
    .option("--component <component...>", "the components it is built from (slug or id): replaces the list")
    .option("--add-component <component...>", "components it is also built from (slug or id), kept with the others")
    .addHelpText(
      "after",
      "\nExamples:\n  loopwork product set web --name 'Notes for the web'\n  loopwork product set web --add-component search-index",
    )
    .action(
      act<{ name?: string; description?: string; component?: string[]; addComponent?: string[] }>(
        async ({ api, out }, [ref = ""], o) => {
          if (Object.values(o).every((value) => value === undefined)) {
            throw new UsageError(
              "Nothing to change: give --name, --description, --component or --add-component.",
              "--name",
            );
          }
          if (o.name !== undefined && !o.name.trim())
            throw new UsageError("Give the product a name that is not blank.", "--name");
          const id = await idOf(api, "products", ref, "<product>");
          const changed = await api.patch(`/products/${id}`, {
            name: o.name,
            description: await textOf(o.description, "--description"),
            componentIds: await builtFrom(api, id, o),
          });
          out.result(changed, () =>
            out.line(
              `Changed product ${changed.slug}: “${changed.name}”, built from ${count((changed.componentIds as string[]).length, "component")}.`,
            ),
          );
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

/**
 * The components a product is to be built from: --component's list, with --add-component's added to it
 * (or to those it is built from now); undefined when neither is given (the list stays).
 */
async function builtFrom(
  api: ApiClient,
  id: string,
  o: { component?: string[]; addComponent?: string[] },
): Promise<string[] | undefined> {
  if (!o.component && !o.addComponent) return undefined;
  const base = o.component
    ? await idsOf(api, "components", o.component, "--component")
    : ((await api.get(`/products/${id}`)).componentIds as string[]);
  return [...new Set([...base, ...(await idsOf(api, "components", o.addComponent, "--add-component"))])];
}
