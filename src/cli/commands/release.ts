import type { Command } from "commander";
import { act, need } from "../context.js";
import { count } from "../output.js";
import { idOf, isId, versionIdOf } from "../resolve.js";
import { listCommand } from "./shared.js";

/** `loopwork release …`: bundle component versions into a release of a product. */
export function releaseCommands(program: Command): void {
  const release = program
    .command("release")
    .description("Create a release of a product; without --version it takes the newest version of each component")
    .enablePositionalOptions()
    .option("--product <product>", "the product (slug or id)")
    .option("--name <name>", "the release's name, e.g. 2.0.0")
    .option("--version <component@name...>", "exactly these versions, e.g. sync-engine@1.4.0 (or ids)")
    .addHelpText(
      "after",
      "\nExample:\n  loopwork release --product web --name 2.0.0 --version sync-engine@1.4.0 web-ui@3.1.0",
    )
    .action(
      act<{ product?: string; name?: string; version?: string[] }>(async ({ api, out }, _args, o) => {
        need(o, "product", "name");
        const productId = await idOf(api, "products", o.product ?? "", "--product");
        const versionIds = o.version ? await Promise.all(o.version.map((ref) => versionIdOf(api, ref))) : undefined;
        const created = await api.post("/releases", { productId, name: o.name, versionIds });
        // Named as people name it, also when given by id.
        const product = isId(o.product ?? "") && !out.json ? (await api.get(`/products/${productId}`)).slug : o.product;
        const versions = (created.versionIds as string[]).length;
        out.result(created, () =>
          out.line(`Release ${product}@${o.name} with ${count(versions, "version")}  ${created.id}`),
        );
      }),
    );

  listCommand(release, {
    path: "releases",
    plural: "releases",
    slugs: { productId: "products" },
    columns: [
      { header: "product", value: (r) => r.productSlug },
      { header: "name", value: (r) => r.name },
      { header: "versions", value: (r) => (r.versionIds as string[]).length },
      { header: "created", value: (r) => r.createdAt },
      { header: "id", value: (r) => r.id },
    ],
    filters: [
      {
        flags: "--product <product>",
        description: "only this product's releases (slug or id)",
        param: "productId",
        resolve: "products",
      },
      {
        flags: "--version <component@version>",
        description: "only releases that include this version, e.g. sync-engine@1.4.0 (or its id)",
        param: "versionId",
        resolve: versionIdOf,
      },
    ],
  });
}
