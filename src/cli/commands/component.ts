import type { Command } from "commander";
import { UsageError } from "../client.js";
import { act } from "../context.js";
import { idOf } from "../resolve.js";
import { listCommand, printCreated, showCommand } from "./shared.js";

/** `loopwork component …`: the parts products are built from; each has its own versions. */
export function componentCommands(program: Command): void {
  const component = program
    .command("component")
    .description(
      "Components: what products are built from (a repository); issues, pull requests and versions belong to one",
    );

  component
    .command("add")
    .argument("<slug>", "short name used in commands, e.g. sync-engine")
    .description("Add a component")
    .option("--name <name>", "its name for people (default: the slug)")
    .option("--repo <url>", "its repository, e.g. https://github.com/acme/sync-engine")
    .action(
      act<{ name?: string; repo?: string }>(async ({ api, out }, [slug = ""], options) => {
        const created = await api.post("/components", {
          slug,
          name: options.name ?? slug,
          repositoryUrl: options.repo,
        });
        printCreated(out, "component", created, slug);
      }),
    );

  component
    .command("set")
    .argument("<component>", "the component (slug or id)")
    .description(
      "Change a component: its name, its repository (builders of the loops whose products use it; the slug stays)",
    )
    .option("--name <name>", "its new name for people")
    .option("--repo <url|off>", "its repository, e.g. https://github.com/acme/sync-engine; off or empty: none")
    .action(
      act<{ name?: string; repo?: string }>(async ({ api, out }, [ref = ""], o) => {
        if (o.name === undefined && o.repo === undefined) {
          throw new UsageError("Nothing to change: give --name or --repo.", "--name");
        }
        if (o.name !== undefined && !o.name.trim())
          throw new UsageError("Give the component a name that is not blank.", "--name");
        const id = await idOf(api, "components", ref, "<component>");
        const changed = await api.patch(`/components/${id}`, {
          name: o.name,
          repositoryUrl: repositoryOf(o.repo),
        });
        out.result(changed, () =>
          out.line(
            `Changed component ${changed.slug}: “${changed.name}”, ${changed.repositoryUrl ? `repository ${changed.repositoryUrl}` : "no repository"}.`,
          ),
        );
      }),
    );

  listCommand(component, {
    path: "components",
    plural: "components",
    columns: [
      { header: "slug", value: (c) => c.slug },
      { header: "name", value: (c) => c.name, max: 30 },
      { header: "repository", value: (c) => c.repositoryUrl, max: 50 },
      { header: "id", value: (c) => c.id },
    ],
  });
  showCommand(component, { path: "components", noun: "component", sluggable: "components" });
}

/** `--repo` as PATCH takes it: off, empty or blank clear it (null); absent leaves it as it is. */
function repositoryOf(repo: string | undefined): string | null | undefined {
  if (repo === undefined) return undefined;
  return repo === "off" || !repo.trim() ? null : repo.trim();
}
