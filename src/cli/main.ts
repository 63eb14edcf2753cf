import { Command, Option } from "commander";
import { startLoopwork } from "../app.js";
import { configFromEnv } from "../config.js";
import { connect } from "../db/connect.js";
import { migrate } from "../db/migrate.js";

/** The `loopwork` command: starts the server and drives the loop from a terminal or a pipeline. */
export async function main(argv: string[]): Promise<void> {
  const program = new Command("loopwork")
    .description("Run your feedback loop: signals → patterns → improvements → releases → snapback.")
    .showHelpAfterError();

  program
    .command("start")
    .description("Start Loopwork: the web API and the delivery worker (or one role)")
    .option("--port <port>", "port to listen on (PORT)")
    .option("--host <host>", "address to listen on (HOST)")
    .option("--data <folder>", "the embedded database's folder (LOOPWORK_DATA), default ./.loopwork")
    .addOption(new Option("--role <role>", "which roles this process runs").choices(["web", "worker", "all"]).default("all"))
    .action(async (options: { port?: string; host?: string; data?: string; role: string }) => {
      const config = configFromEnv();
      if (options.port) config.port = Number(options.port);
      if (options.host) config.host = options.host;
      if (options.data) config.dataFolder = options.data;
      if (!process.env.LOOPWORK_PUBLIC_URL) config.publicUrl = `http://localhost:${config.port}`;
      config.roles = { web: options.role !== "worker", worker: options.role !== "web" };
      const running = await startLoopwork(config);
      const where = config.databaseUrl ? "the PostgreSQL server in DATABASE_URL" : `the embedded database in ${config.dataFolder}`;
      console.log(`Loopwork is running on ${where} (roles: ${options.role}).`);
      if (running.url) console.log(`Serving ${running.url}  —  API docs at ${running.url}/docs`);
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
    .action(async (options: { data?: string }) => {
      const config = configFromEnv();
      const db = await connect({ databaseUrl: config.databaseUrl, dataFolder: options.data ?? config.dataFolder });
      const applied = await migrate(db);
      await db.close();
      console.log(applied.length ? `Applied migrations ${applied.join(", ")}.` : "The database is up to date.");
    });

  await program.parseAsync(argv);
}
