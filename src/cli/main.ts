import { Command, CommanderError, Option } from "commander";
import { loopworkVersion } from "../version.js";
import { accessCommands } from "./commands/access.js";
import { channelCommands } from "./commands/channel.js";
import { componentCommands } from "./commands/component.js";
import { contactCommands } from "./commands/contact.js";
import { demoCommand } from "./commands/demo.js";
import { deployCommands } from "./commands/deploy.js";
import { deploymentCommands } from "./commands/deployment.js";
import { environmentCommands } from "./commands/environment.js";
import { githubCommands } from "./commands/github.js";
import { improvementCommands } from "./commands/improvement.js";
import { issueCommands } from "./commands/issue.js";
import { loopCommands } from "./commands/loop.js";
import { metricsCommand } from "./commands/metrics.js";
import { notificationCommands } from "./commands/notification.js";
import { outboxCommands } from "./commands/outbox.js";
import { patternCommands } from "./commands/pattern.js";
import { pullRequestCommands } from "./commands/pr.js";
import { productCommands } from "./commands/product.js";
import { proposalCommands } from "./commands/proposal.js";
import { releaseCommands } from "./commands/release.js";
import { searchCommand } from "./commands/search.js";
import { secretsCommands } from "./commands/secrets.js";
import { serverCommands } from "./commands/server.js";
import { signalCommands } from "./commands/signal.js";
import { timelineCommand } from "./commands/timeline.js";
import { traceCommand } from "./commands/trace.js";
import { matcherCommand, triageCommand } from "./commands/triage.js";
import { versionCommands } from "./commands/version.js";
import { webhookCommands } from "./commands/webhook.js";
import { defaultUrl } from "./context.js";
import { isId } from "./resolve.js";

/** The `loopwork` program with every command registered (exported for tests and the help text). */
export function buildProgram(): Command {
  const program = new Command("loopwork")
    .description("Run your feedback loop: signals → patterns → improvements → releases → snapback.")
    .addOption(new Option("--url <url>", "the Loopwork server to talk to").env("LOOPWORK_URL").default(defaultUrl))
    .addOption(new Option("--token <token>", "an API token (make one with `loopwork login`)").env("LOOPWORK_TOKEN"))
    .option("--json", "print the API's raw JSON instead of readable text")
    .showHelpAfterError("(add --help for usage)")
    // Commander's own usage errors (unknown option or command, missing argument) read as every other
    // error does, `error usage: <message>`, with its hints ("Did you mean …?") kept on the lines after.
    .configureOutput({ outputError: (text, write) => write(usageLine(text)) })
    // Usage errors end the process through main(), with status 2 (commander's default would be 1).
    .exitOverride();
  program.addHelpText(
    "after",
    `
The loop, one command per step:
  signal add             what a person said (an email, a forum post …)
  pattern add / attach   what several signals have in common
  improvement add        what we will change, why and how, for which products
  issue add, pr add      the work on a component; pr merge when it is merged
  version                cut a component version (in a pipeline)
  release                bundle component versions into a product release
  deploy                 record a deployment; success in production tells
                         everyone behind the signals that their fix is live
  trace <type> <id>      follow one thing through the whole loop
  triage                 signals attached to no pattern, with suggested patterns
  proposals              new patterns proposed from alike signals; proposal accept <n>
  matcher                the matcher's version, rules and embeddings (on or off)
  search <words>         find signals, patterns, improvements and contacts, best first
  notification list      who was told, by which deployment, and what they answered
  metrics                how fast the loop turns: signal to snapback, cycle time …

loopwork --version (-V) prints the version.

New here? Start a server (npm start, or npx loopwork start), load the example (npx loopwork demo) and try: npx loopwork pattern list`,
  );
  // An argument that takes an id alone (`pattern why <patternId>`, `pattern attach … <signalIds...>`): a
  // title or a slug there is a usage error before any request, not the API's `params.id: Invalid UUID`.
  program.hook("preAction", (_program, action) => {
    action.registeredArguments.forEach((argument, i) => {
      if (!/^[a-z]+Ids?$/.test(argument.name())) return;
      const given: unknown = action.processedArgs[i];
      for (const ref of Array.isArray(given) ? given : [given]) {
        if (typeof ref === "string" && !isId(ref)) action.error(`<${argument.name()}> takes an id, not "${ref}".`);
      }
    });
  });
  serverCommands(program);
  secretsCommands(program);
  accessCommands(program);
  for (const register of [
    loopCommands,
    productCommands,
    componentCommands,
    channelCommands,
    githubCommands,
    contactCommands,
    signalCommands,
    patternCommands,
    improvementCommands,
    issueCommands,
    pullRequestCommands,
    versionCommands,
    releaseCommands,
    deployCommands,
    deploymentCommands,
    notificationCommands,
    environmentCommands,
    searchCommand,
    triageCommand,
    proposalCommands,
    matcherCommand,
    traceCommand,
    timelineCommand,
    metricsCommand,
    outboxCommands,
    webhookCommands,
    demoCommand,
  ]) {
    register(program);
  }
  return program;
}

/**
 * `loopwork --version` (or -V): the flag before any command. Not commander's version option, which the
 * program reads after a command too and would swallow `release --version sync@1.4.0` (print the version,
 * exit 0, no release made).
 */
function asksVersion(args: string[]): boolean {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "--version" || arg === "-V") return true;
    if (arg === "--url" || arg === "--token") i++;
    else if (!arg.startsWith("-")) return false;
  }
  return false;
}

/** Commander's `error: <message>` as the CLI's `error usage: <message>` (its later lines kept). */
function usageLine(text: string): string {
  return text.replace(/^(error: )?/, "error usage: ");
}

/** The `loopwork` command: starts the server and drives the loop from a terminal or a pipeline. */
export async function main(argv: string[]): Promise<void> {
  // `loopwork … | head` closes the pipe early: stop quietly instead of crashing on EPIPE.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
  if (asksVersion(argv.slice(2))) {
    console.log(loopworkVersion);
    return;
  }
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    // Commander has printed the message (and help) already; --help and friends end with status 0.
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  }
}
