import type { Command } from "commander";
import type { DemoResult } from "../../demo/load-demo.js";
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
      "\nStart a server first (npm start, or npx loopwork start), then: npx loopwork demo (or npm run demo). Loading it twice changes nothing; it is refused, before it creates anything, where its loops, components, products, channels or people exist already.",
    )
    .action(
      act(async ({ api, out }) => {
        // Imported here: the demo's data is only needed by this command.
        const { loadDemo } = await import("../../demo/load-demo.js");
        const result = await loadDemo(api.baseUrl, api.token);
        out.result(result, () => {
          out.line(...demoLines(result, api.baseUrl));
        });
      }),
    );
}

/** What `loopwork demo` prints: what it made, what its deployments shipped, where to look next. */
export function demoLines(result: DemoResult, baseUrl: string): string[] {
  if (result.alreadyLoaded) {
    return [`The demo is already loaded (the loop ${result.loopSlug} exists): nothing was changed.`];
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
  const lines = [`Loaded the demo into ${baseUrl}:`, `  ${created.join(", ")}`, "", "Deployments:"];
  for (const d of result.deployments) {
    const s = d.snapback;
    const done = s
      ? `${count(s.improvementsCompleted.length, "improvement")} completed, ${count(s.patternsAddressed.length, "pattern")} addressed, ${count(s.notificationsQueued, "notification")} queued; ${d.told} ${d.told === 1 ? "person" : "people"} told`
      : "nothing shipped";
    lines.push(`  ${d.release.padEnd(18)} ${d.environment.padEnd(10)} ${d.status.padEnd(7)}  ${done}`);
  }
  // Two honest counts of one thing seen from two sides: say why they differ where they do, or a reader
  // comparing this with a deployment's page ("People told") takes one of them for a bug.
  if (result.deployments.some((d) => (d.snapback?.notificationsQueued ?? 0) !== d.told)) {
    lines.push(
      "  (queued: the notifications a deployment's snapback made; told: the people it made the fix live for, as",
      "  its page counts them. A fix for two products waits for both: whoever runs the first is told when the",
      "  second ships, by that deployment's snapback, and counted on the page of the one that reached them.)",
    );
  }
  const queued = result.deployments.reduce((sum, d) => sum + (d.snapback?.notificationsQueued ?? 0), 0);
  if (queued > 0) {
    // Without SMTP_URL the emails wait in the outbox, silently: say where they are and how to send them.
    lines.push(
      "",
      `Notifications: ${count(queued, "notification")} queued for the people who asked; see them in the outbox:`,
      "  npx loopwork outbox list",
      "Emails go out through the SMTP server in SMTP_URL: a server started without one keeps them waiting there.",
      "To send them, restart it with one: SMTP_URL=smtp://user:password@mail.example:587 npm start",
      "(to read them without sending to anyone, a local mail catcher such as Mailpit: SMTP_URL=smtp://localhost:1025).",
    );
  }
  lines.push(
    "",
    "Explore:",
    "  npx loopwork pattern list",
    `  npx loopwork trace pattern ${result.explore.patternId}`,
    `  npx loopwork trace release ${result.explore.release}`,
    "  npx loopwork improvement list --loop inkwell-notes",
    "  npx loopwork timeline --entity-type notification",
  );
  return lines;
}
