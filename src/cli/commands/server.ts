import { type Command, Option } from "commander";
import { act } from "../context.js";

/** `loopwork start` and `loopwork migrate`: run the server on this machine (they load it only when used). */
export function serverCommands(program: Command): void {
  program
    .command("start")
    .description("Start Loopwork: the web API and the delivery worker (or one role)")
    .option("--port <port>", "port to listen on (PORT)")
    .option("--host <host>", "address to listen on (HOST)")
    .option("--data <folder>", "the embedded database's folder (LOOPWORK_DATA), default ./.loopwork")
    .addOption(
      new Option("--role <role>", "which roles this process runs").choices(["web", "worker", "all"]).default("all"),
    )
    .action(async (options: { port?: string; host?: string; data?: string; role: string }) => {
      console.log("Starting Loopwork…");
      // Imported here: the client commands start faster without the server's modules.
      const { startLoopwork } = await import("../../app.js");
      const { configFromEnv, portOf } = await import("../../config.js");
      let config: ReturnType<typeof configFromEnv>;
      try {
        config = configFromEnv();
        if (options.port) config.port = portOf(options.port, "--port");
      } catch (error) {
        // A setting that cannot work (LOOPWORK_EMBEDDINGS_URL without a model …): say which, not a stack.
        console.error(`Loopwork cannot start: ${(error as Error).message}`);
        process.exitCode = 1;
        return;
      }
      if (options.host) config.host = options.host;
      if (options.data) config.dataFolder = options.data;
      if (!process.env.LOOPWORK_PUBLIC_URL) config.publicUrl = `http://localhost:${config.port}`;
      config.roles = { web: options.role !== "worker", worker: options.role !== "web" };
      if (config.roles.web) {
        // npm runs no install scripts here: the web role builds the workspace when missing or stale.
        const { ensureWorkspaceBuilt, workspaceFolder } = await import("../../http/workspace-build.js");
        await ensureWorkspaceBuilt((line) => console.log(line));
        config.workspaceFolder = workspaceFolder;
      }
      let running: Awaited<ReturnType<typeof startLoopwork>>;
      try {
        running = await startLoopwork(config, undefined, (line) => console.log(line));
      } catch (error) {
        // What a person can mend (the folder in use, the port taken) in one line, not a stack.
        console.error(`Loopwork cannot start: ${startFailure(error, config.host, config.port)}`);
        if (process.env.LOOPWORK_DEBUG && error instanceof Error) console.error(error.stack);
        // Whatever it opened before failing (the database, timers) must not keep the process alive.
        process.exit(1);
      }
      const where = config.databaseUrl
        ? "the PostgreSQL server in DATABASE_URL"
        : `the embedded database in ${config.dataFolder}`;
      console.log(`Loopwork is running on ${where} (roles: ${options.role}).`);
      if (running.url) {
        // "Serving <url>" first: scripts and tests read the address from this line.
        console.log(`Serving ${running.url}  —  the workspace at ${running.url}/app/, API docs at ${running.url}/docs`);
      }
      if (running.smtpInPort !== undefined) {
        console.log(`Receiving email over SMTP on ${config.emailIn.smtpHost}:${running.smtpInPort}.`);
      }
      if (running.setupUrl) {
        console.log(
          [
            "",
            "First run: nobody can sign in yet. Open this link (it works once, for 24 hours) to create the first administrator:",
            `  ${running.setupUrl}`,
            "(or stop the server and run: npx loopwork admin create --email … --name …)",
          ].join("\n"),
        );
      } else if (running.setupLinkElsewhere) {
        console.log(
          "\nFirst run: another Loopwork process on this database printed the one-time setup link: open the link it printed.",
        );
      }
      const shutdown = async () => {
        await running.stop();
        process.exit(0);
      };
      process.once("SIGINT", shutdown);
      process.once("SIGTERM", shutdown);
    });

  program
    .command("migrate")
    .description("Apply the database migrations and exit")
    .option("--data <folder>", "the embedded database's folder")
    .action(
      // One line for what a person can mend (the server holds the folder), as every command says it.
      act<{ data?: string }>(async (_cli, _args, options) => {
        const { configFromEnv } = await import("../../config.js");
        const { connect } = await import("../../db/connect.js");
        const { migrate } = await import("../../db/migrate.js");
        const config = configFromEnv();
        const db = await connect({ databaseUrl: config.databaseUrl, dataFolder: options.data ?? config.dataFolder });
        // Closed whatever happens: a server's pool left open would hold the process ~10 s after the error.
        const applied = await migrate(db).finally(() => db.close());
        console.log(applied.length ? `Applied migrations ${applied.join(", ")}.` : "The database is up to date.");
      }),
    );
}

/** Why the server could not start, as a person can act on it. */
export function startFailure(error: unknown, host: string, port: number): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "EADDRINUSE") return `port ${port} on ${host} is in use: stop what listens there, or start with --port.`;
  if (code === "EACCES") return `port ${port} on ${host} may not be used by this user: start with --port above 1023.`;
  return error instanceof Error ? error.message : String(error);
}
