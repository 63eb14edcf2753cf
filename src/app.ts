import type { FastifyInstance } from "fastify";
import type { Config } from "./config.js";
import { connect, type Db } from "./db/connect.js";
import { migrate } from "./db/migrate.js";
import { buildServer } from "./http/server.js";
import { TimelineHub } from "./http/timeline-hub.js";
import { startOutboxWorker } from "./jobs/outbox-worker.js";
import { startPriorityRefresher } from "./jobs/priority-refresher.js";
import { createSetupLinkIfNeeded } from "./services/one-time-links.js";
import { forgetOnAccessChange } from "./services/principal-cache.js";

/** A running Loopwork process: its database and, with the web role, its server and address. */
export interface Running {
  db: Db;
  url?: string;
  server?: FastifyInstance;
  /** At a first start (nobody can sign in as administrator yet): the one-time link that makes the first one. */
  setupUrl?: string;
  stop(): Promise<void>;
}

/** Starts Loopwork with the roles the config asks for, on a database it migrates first. */
export async function startLoopwork(config: Config, db?: Db): Promise<Running> {
  const database = db ?? (await connect({ databaseUrl: config.databaseUrl, dataFolder: config.dataFolder }));
  await migrate(database);
  const stops: (() => Promise<void>)[] = [];
  let url: string | undefined;
  let server: FastifyInstance | undefined;
  let setupUrl: string | undefined;
  if (config.roles.web) {
    const timeline = new TimelineHub(database);
    await timeline.start();
    // API tokens' principals are remembered for seconds: forgotten whenever any process changes access.
    const stopForgetting = await forgetOnAccessChange(database);
    server = await buildServer({ db: database, config, timeline });
    const address = await server.listen({ port: config.port, host: config.host });
    url = address.replace("127.0.0.1", "localhost");
    const setupToken = await createSetupLinkIfNeeded(database);
    if (setupToken) setupUrl = `${config.publicUrl}/setup/${setupToken}`;
    stops.push(async () => {
      await stopForgetting();
      await timeline.stop();
      await server?.close();
    });
  }
  if (config.roles.worker) {
    const started = await startOutboxWorker(database, config, config.delivery);
    const refresher = startPriorityRefresher(database, config.priorityRefreshMs);
    stops.push(
      () => started.stop(),
      () => refresher.stop(),
    );
  }
  return {
    db: database,
    url,
    server,
    setupUrl,
    stop: async () => {
      for (const stop of stops.reverse()) await stop();
      if (!db) await database.close();
    },
  };
}
