import type { Command } from "commander";
import { act, integer, need } from "../context.js";
import { idOf } from "../resolve.js";
import { label, listCommand, printCreated, showCommand, statusCommand, textOf } from "./shared.js";

interface IssueOptions {
  component?: string;
  title?: string;
  body?: string;
  improvement?: string;
  number?: string;
  link?: string;
}

/** `loopwork issue …`: a piece of work on one component, usually part of an improvement. */
export function issueCommands(program: Command): void {
  const issue = program
    .command("issue")
    .description("Issues: work on one component (a GitHub issue …); resolved when a fixing pull request ships");

  issue
    .command("add")
    .description("Add an issue")
    .option("--component <component>", "the component it is about (slug or id)")
    .option("--title <title>", "what has to be done")
    .option("--body <markdown>", "details (@file.md reads a file)")
    .option("--improvement <id>", "the improvement it is part of")
    .option("--number <n>", "its number in the tracker, e.g. 412")
    .option("--link <url>", "its address in the tracker (--url is the Loopwork server's)")
    .action(
      act<IssueOptions>(async ({ api, out }, _args, o) => {
        need(o, "component", "title");
        const created = await api.post("/issues", {
          componentId: await idOf(api, "components", o.component ?? "", "--component"),
          title: o.title,
          body: await textOf(o.body, "--body"),
          improvementId: o.improvement,
          number: integer(o.number, "--number"),
          url: o.link,
        });
        printCreated(out, "issue", created, o.number ? `#${o.number}` : undefined);
      }),
    );

  statusCommand(issue, {
    verb: "close",
    path: "issues",
    noun: "issue",
    status: "closed",
    description: "Close an open issue without fixing it: its improvement no longer waits for it",
    refused: {
      // The state machine closes open issues only: a resolved one is reopened first, if work remains.
      resolved: (id) =>
        `Issue ${id} is resolved: a pull request fixing it shipped. If it still needs work: loopwork issue reopen ${id}.`,
    },
  });
  statusCommand(issue, {
    verb: "reopen",
    path: "issues",
    noun: "issue",
    status: "open",
    description: "Reopen a closed or resolved issue: there is work to do on it again",
  });

  listCommand(issue, {
    path: "issues",
    plural: "issues",
    columns: [
      { header: "number", value: (i) => (i.number ? `#${i.number}` : "-") },
      { header: "status", value: (i) => label(i.status) },
      { header: "title", value: (i) => i.title, max: 50 },
      { header: "id", value: (i) => i.id },
    ],
    filters: [
      {
        flags: "--component <component>",
        description: "only this component's issues (slug or id)",
        param: "componentId",
        resolve: "components",
      },
      { flags: "--improvement <id>", description: "only this improvement's issues", param: "improvementId" },
      { flags: "--status <status>", description: "open, resolved or closed", param: "status" },
    ],
  });
  showCommand(issue, { path: "issues", noun: "issue" });
}
