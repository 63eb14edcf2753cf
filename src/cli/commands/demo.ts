import type { Command } from "commander";
import { act } from "../context.js";
import { count } from "../output.js";

/** `loopwork demo`: load an example company's feedback loop into a running server, to explore. */
export function demoCommand(program: Command): void {
  program
    .command("demo")
    .description(
      "Load an example loop (Inkwell, a notes app: 3 loops, 50 signals, releases, a snapback) into the server at --url",
    )
    .addHelpText(
      "after",
      "\nStart a server first (loopwork start), then: loopwork demo. Loading it twice changes nothing.",
    )
    .action(
      act(async ({ api, out }) => {
        // Imported here: the demo's data is only needed by this command.
        const { loadDemo } = await import("../../demo/load-demo.js");
        const result = await loadDemo(api.baseUrl, api.token);
        out.result(result, () => {
          if (result.alreadyLoaded) {
            out.line(`The demo is already loaded (the loop ${result.loopSlug} exists): nothing was changed.`);
            return;
          }
          // The keys are plural camelCase ("pullRequests"): count() wants the singular noun.
          const created = Object.entries(result.created).map(([what, n]) =>
            count(
              n,
              what
                .replace(/([A-Z])/g, " $1")
                .toLowerCase()
                .slice(0, -1),
            ),
          );
          out.line(`Loaded the demo into ${api.baseUrl}:`, `  ${created.join(", ")}`, "", "Deployments:");
          for (const d of result.deployments) {
            const s = d.snapback;
            const done = s
              ? `${count(s.improvementsCompleted.length, "improvement")} completed, ${count(s.patternsAddressed.length, "pattern")} addressed, ${count(s.notificationsQueued, "notification")} queued`
              : "nothing shipped";
            out.line(`  ${d.release.padEnd(18)} ${d.environment.padEnd(10)} ${d.status.padEnd(7)}  ${done}`);
          }
          out.line(
            "",
            "Explore:",
            "  loopwork pattern list",
            `  loopwork trace pattern ${result.explore.patternId}`,
            `  loopwork trace release ${result.explore.release}`,
            "  loopwork improvement list --loop inkwell-notes",
            "  loopwork timeline --entity-type notification",
          );
        });
      }),
    );
}
