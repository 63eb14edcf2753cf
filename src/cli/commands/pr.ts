import type { Command } from "commander";
import { act, integer, need } from "../context.js";
import { idOf } from "../resolve.js";
import { label, listCommand, printCreated, showCommand, statusCommand } from "./shared.js";

/** `loopwork pr …`: pull requests that fix issues; merged ones go into the component's next version. */
export function pullRequestCommands(program: Command): void {
  const pr = program
    .command("pr")
    .description("Pull requests: changes to a component that fix issues; merged ones go into its next version");

  pr.command("add")
    .description("Add a pull request")
    .option("--component <component>", "the component it changes (slug or id)")
    .option("--title <title>", "its title")
    .option("--fixes <issueId...>", "the issues it fixes")
    .option("--number <n>", "its number, e.g. 87")
    .option("--link <url>", "its address, e.g. https://github.com/acme/sync/pull/87 (--url is the Loopwork server's)")
    .action(
      act<{ component?: string; title?: string; fixes?: string[]; number?: string; link?: string }>(
        async ({ api, out }, _args, o) => {
          need(o, "component", "title");
          const created = await api.post("/pull-requests", {
            componentId: await idOf(api, "components", o.component ?? "", "--component"),
            title: o.title,
            issueIds: o.fixes,
            number: integer(o.number, "--number"),
            url: o.link,
          });
          printCreated(out, "pull request", created, o.number ? `#${o.number}` : undefined);
        },
      ),
    );

  statusCommand(pr, {
    verb: "merge",
    path: "pull-requests",
    noun: "pull request",
    status: "merged",
    description: "Mark a pull request as merged: the next `loopwork version` of its component includes it",
  });
  statusCommand(pr, {
    verb: "close",
    path: "pull-requests",
    noun: "pull request",
    status: "closed",
    description: "Close a pull request without merging",
  });

  listCommand(pr, {
    path: "pull-requests",
    plural: "pull requests",
    columns: [
      { header: "number", value: (p) => (p.number ? `#${p.number}` : "-") },
      { header: "status", value: (p) => label(p.status) },
      { header: "title", value: (p) => p.title, max: 50 },
      { header: "fixes", value: (p) => (p.issueIds as string[]).length },
      { header: "id", value: (p) => p.id },
    ],
    filters: [
      {
        flags: "--component <component>",
        description: "only this component's pull requests",
        param: "componentId",
        resolve: "components",
      },
      { flags: "--status <status>", description: "open, merged, closed or shipped", param: "status" },
      { flags: "--issue <id>", description: "only pull requests fixing this issue", param: "issueId" },
    ],
  });
  showCommand(pr, { path: "pull-requests", noun: "pull request" });
}
