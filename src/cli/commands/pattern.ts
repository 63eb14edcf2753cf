import type { Command } from "commander";
import { UsageError } from "../client.js";
import { act, need } from "../context.js";
import { count } from "../output.js";
import { idOf } from "../resolve.js";
import { label, listCommand, printCreated, searchFilter, showCommand, statusCommand, textOf } from "./shared.js";
import { matcherCommands } from "./triage.js";

/** `loopwork pattern …`: what many signals have in common; one knowledge base for every loop. */
export function patternCommands(program: Command): void {
  const pattern = program
    .command("pattern")
    .description("Patterns: what several signals have in common; addressed when all its improvements ship");

  pattern
    .command("add")
    .description("Add a pattern")
    .option("--loop <slug|id>", "the loop that owns it: its builders may change it")
    .option("--title <title>", "what the signals have in common, e.g. 'Offline edits lost after sync'")
    .option("--description <markdown>", "more about it (@file.md reads a file)")
    .action(
      act<{ loop?: string; title?: string; description?: string }>(async ({ api, out }, _args, o) => {
        need(o, "loop", "title");
        const created = await api.post("/patterns", {
          loopId: await idOf(api, "loops", o.loop ?? "", "--loop"),
          title: o.title,
          description: await textOf(o.description, "--description"),
        });
        printCreated(out, "pattern", created);
      }),
    );

  pattern
    .command("attach")
    .argument("<patternId>", "the pattern")
    .argument("<signalIds...>", "the signals to attach (attaching twice changes nothing)")
    .description("Attach signals to a pattern; its priority is refreshed")
    .option("--score <score>", "how sure you are that they belong, 0–1", "1")
    .action(
      act<{ score: string }>(async ({ api, out }, [patternId = "", ...signalIds], o) => {
        const score = Number(o.score);
        if (!(score >= 0 && score <= 1)) throw new UsageError("--score takes a number from 0 to 1.", "--score");
        const result = await api.post(`/patterns/${encodeURIComponent(patternId)}/signals`, { signalIds, score });
        out.result(result, () => out.line(`Attached ${count(signalIds.length, "signal")} to pattern ${patternId}.`));
      }),
    );

  listCommand(pattern, {
    path: "patterns",
    plural: "patterns",
    query: { sort: "priority" },
    order: "highest priority first",
    columns: [
      { header: "priority", value: (p) => (typeof p.priority === "number" ? p.priority.toFixed(1) : p.priority) },
      { header: "status", value: (p) => label(p.status) },
      { header: "title", value: (p) => p.title, max: 50 },
      { header: "id", value: (p) => p.id },
    ],
    filters: [
      searchFilter,
      {
        flags: "--status <status>",
        description: "only patterns with this status (open, addressed, dismissed)",
        param: "status",
      },
      { flags: "--improvement <id>", description: "only patterns this improvement addresses", param: "improvementId" },
    ],
  });
  showCommand(pattern, { path: "patterns", noun: "pattern" });
  matcherCommands(pattern);
  statusCommand(pattern, {
    verb: "reopen",
    path: "patterns",
    noun: "pattern",
    status: "open",
    description: "Reopen an addressed or dismissed pattern (e.g. the fix did not work for someone)",
  });
  statusCommand(pattern, {
    verb: "dismiss",
    path: "patterns",
    noun: "pattern",
    status: "dismissed",
    description: "Dismiss an open pattern: nothing will be done about it",
  });
}
