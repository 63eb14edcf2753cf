import { Argument, type Command } from "commander";
import { act, integer } from "../context.js";
import { traceLines } from "../render.js";
import { releaseIdOf, versionIdOf } from "../resolve.js";

/** The names a person may type for each traceable level, and the API's name for it. */
const types: Record<string, string> = {
  signal: "signal",
  pattern: "pattern",
  improvement: "improvement",
  issue: "issue",
  pr: "pull_request",
  "pull-request": "pull_request",
  pull_request: "pull_request",
  version: "version",
  release: "release",
  deployment: "deployment",
};

/** `loopwork trace <type> <id>`: the whole chain through one entity, both ways. */
export function traceCommand(program: Command): void {
  program
    .command("trace")
    .addArgument(new Argument("<type>", "what the id is").choices(Object.keys(types)))
    .argument("<id>", "its id (a release may be given as <product>@<name>, a version as <component>@<name>)")
    .description(
      "Follow the loop through one entity: from the signals behind it to the deployments that shipped it, and who was told",
    )
    .option("--limit <n>", "at most this many items of each kind (up to 5000)", "500")
    .addHelpText("after", "\nExamples:\n  loopwork trace pattern 0190c0de-…\n  loopwork trace release web@2.0.0")
    .action(
      act<{ limit: string }>(async ({ api, out }, [typed = "", ref = ""], o) => {
        const type = types[typed] ?? typed;
        const id =
          type === "release"
            ? await releaseIdOf(api, ref, "<id>")
            : type === "version"
              ? await versionIdOf(api, ref, "<id>")
              : ref;
        const trace = await api.get<Record<string, unknown>>(`/trace/${type}/${encodeURIComponent(id)}`, {
          limit: integer(o.limit, "--limit"),
        });
        out.result(trace, () => out.line(...traceLines(trace)));
      }),
    );
}
