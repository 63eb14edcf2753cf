import type { Command } from "commander";
import { act, need } from "../context.js";
import { count, when } from "../output.js";
import { idOf, isId, versionIdOf } from "../resolve.js";
import { listCommand } from "./shared.js";

/** `loopwork version …`: cut a version of a component (from a pipeline, after merging). */
export function versionCommands(program: Command): void {
  const version = program
    .command("version")
    .description("Cut a version of a component; without --pr it takes every merged pull request not in a version yet")
    .enablePositionalOptions()
    .option("--component <component>", "the component (slug or id)")
    .option("--name <name>", "the version's name, e.g. 1.4.0")
    .option("--pr <id...>", "exactly these pull requests (default: all merged, unversioned ones)")
    .addHelpText(
      "after",
      "\nExample (in a pipeline, after merging):\n  loopwork version --component sync-engine --name 1.4.0",
    )
    .action(
      act<{ component?: string; name?: string; pr?: string[] }>(async ({ api, out }, _args, o) => {
        need(o, "component", "name");
        const componentId = await idOf(api, "components", o.component ?? "", "--component");
        const created = await api.post("/versions", { componentId, name: o.name, pullRequestIds: o.pr });
        // Named as people name it, also when given by id.
        const component =
          isId(o.component ?? "") && !out.json ? (await api.get(`/components/${componentId}`)).slug : o.component;
        const prs = (created.pullRequestIds as string[]).length;
        out.result(created, () => {
          out.line(`Version ${component}@${o.name} with ${count(prs, "pull request")}  ${created.id}`);
          // Cut before the merge (an easy slip in a pipeline): its release would ship nothing.
          if (prs === 0 && !o.pr)
            out.line(
              "No merged pull request was waiting for a version, so it ships no fix: merge them first (loopwork pr merge <pr>), then cut the next version.",
            );
        });
      }),
    );

  listCommand(version, {
    path: "versions",
    plural: "versions",
    slugs: { componentId: "components" },
    columns: [
      { header: "component", value: (v) => v.componentSlug },
      { header: "name", value: (v) => v.name },
      { header: "pull requests", value: (v) => (v.pullRequestIds as string[]).length },
      { header: "created", value: (v) => v.createdAt },
      { header: "id", value: (v) => v.id },
    ],
    filters: [
      {
        flags: "--component <component>",
        description: "only this component's versions (slug or id)",
        param: "componentId",
        resolve: "components",
      },
      { flags: "--pr <id>", description: "only versions that include this pull request", param: "pullRequestId" },
    ],
  });

  version
    .command("show")
    .argument("<id|component@name>", "the version, e.g. sync-engine@1.4.0")
    .description("Show a version and, per product built from its component, whether a release includes it yet")
    .action(
      act(async ({ api, out }, [ref = ""]) => {
        const id = await versionIdOf(api, ref, "<id|component@name>");
        const [record, { products }] = await Promise.all([
          api.get(`/versions/${encodeURIComponent(id)}`),
          api.get<{ products: VersionProduct[] }>(`/versions/${encodeURIComponent(id)}/products`),
        ]);
        out.result({ ...record, products }, () => {
          const component = products.length ? "" : " (no product is built from its component)";
          out.line(`Version ${ref.includes("@") ? ref : record.name}  ${record.id}${component}`);
          out.line(
            `created ${when(record.createdAt)}, ${count((record.pullRequestIds as string[]).length, "pull request")}`,
          );
          if (products.length === 0) return;
          out.line("");
          out.table(
            products,
            [
              { header: "product", value: (p) => p.productSlug },
              { header: "included", value: (p) => (p.included ? "yes" : "no: needs a release") },
              { header: "released in", value: (p) => p.releasedIn.map((r) => r.name) },
              {
                header: "first included in",
                value: (p) => p.firstIncludedIn && `${p.firstIncludedIn.name} (with ${p.firstIncludedIn.versionName})`,
              },
            ],
            "",
          );
        });
      }),
    );
}

/** One product of `GET /versions/:id/products`. */
interface VersionProduct {
  productSlug: string;
  included: boolean;
  releasedIn: { name: string }[];
  firstIncludedIn: { name: string; versionName: string } | null;
}
