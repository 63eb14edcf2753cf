import { existsSync } from "node:fs";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import type { Config } from "./config.js";
import { connect, type Db } from "./db/connect.js";
import { migrate } from "./db/migrate.js";
import { buildServer } from "./http/server.js";
import { TimelineHub } from "./http/timeline-hub.js";
import { startImapPoller } from "./integrations/email/imap-poller.js";
import { type SmtpListener, startSmtpListener } from "./integrations/email/smtp-listener.js";
import { installEmbeddings } from "./integrations/embeddings/openai-embeddings.js";
import { startAutoAnalyze, startMaintenance } from "./jobs/maintain-database.js";
import { startOutboxWorker } from "./jobs/outbox-worker.js";
import { startPriorityRefresher } from "./jobs/priority-refresher.js";
import { sealStoredChannelSecrets } from "./services/channel-secrets.js";
import { offerSetupLink } from "./services/offer-setup-link.js";
import { forgetOnAccessChange } from "./services/principal-cache.js";
import { installSecretKeys, resolveSecretKeys } from "./services/secret-keys.js";

/** A running Loopwork process: its database and, with the web role, its server and address. */
export interface Running {
  db: Db;
  url?: string;
  server?: FastifyInstance;
  /** At a first start (nobody can sign in as administrator yet): the one-time link that makes the first one. */
  setupUrl?: string;
  /** The port of the SMTP listener, when the worker role runs one (config.emailIn.smtpPort). */
  smtpInPort?: number;
  /** At a first start: true when another web process on the same database printed the setup link. */
  setupLinkElsewhere?: boolean;
  stop(): Promise<void>;
}

/**
 * Starts Loopwork with the roles the config asks for, on a database it migrates first. `progress` hears
 * what it is doing meanwhile (a first start on the embedded database takes seconds to create it).
 */
export async function startLoopwork(
  config: Config,
  db?: Db,
  progress: (line: string) => void = () => {},
): Promise<Running> {
  if (!db) progress(openingWhat(config));
  const database = db ?? (await connect({ databaseUrl: config.databaseUrl, dataFolder: config.dataFolder }));
  progress("Applying the database's migrations…");
  const applied = await migrate(database);
  if (applied.length > 0) progress(`Applied migrations ${applied.join(", ")}.`);
  // Before any role: channel secrets are sealed under this key, and rows written before they were sealed
  // (or a wrong LOOPWORK_SECRET_KEY, which stops the start) are dealt with before anything reads them.
  installSecretKeys(resolveSecretKeys(config));
  const { sealed } = await sealStoredChannelSecrets(database);
  if (sealed > 0) progress(`Sealed ${sealed} channel secret${sealed === 1 ? "" : "s"} stored in plain text.`);
  const embeddings = installEmbeddings(config);
  if (embeddings) {
    const { url, model } = embeddings.health();
    progress(`The matcher uses embeddings: model ${model} at ${url} (text only whenever it fails).`);
  }
  const stops: (() => Promise<void>)[] = [];
  let url: string | undefined;
  let server: FastifyInstance | undefined;
  let setupUrl: string | undefined;
  let setupLinkElsewhere = false;
  if (config.roles.web) {
    progress("Starting the web server…");
    const timeline = new TimelineHub(database);
    await timeline.start();
    // API tokens' principals are remembered for seconds: forgotten whenever any process changes access.
    const stopForgetting = await forgetOnAccessChange(database);
    server = await buildServer({ db: database, config, timeline });
    const address = await server.listen({ port: config.port, host: config.host });
    url = address.replace("127.0.0.1", "localhost");
    // Port 0 means any free port: links (the setup link, answer links) point at the one it got.
    if (/:0$/.test(config.publicUrl)) config.publicUrl = url;
    const setup = await offerSetupLink(database, config.databaseUrl);
    if (setup.token) setupUrl = `${config.publicUrl}/setup/${setup.token}`;
    setupLinkElsewhere = setup.elsewhere;
    stops.push(async () => {
      await setup.release();
      await stopForgetting();
      await timeline.stop();
      await server?.close();
    });
  }
  // Whatever the role: a web-only process on the embedded database is the only one that can analyse it.
  const analyze = startAutoAnalyze(database, config.analyzeMs);
  stops.push(() => analyze.stop());
  let smtpIn: SmtpListener | undefined;
  if (config.roles.worker) {
    // Email in belongs to the worker role: it is background work against the database like delivery,
    // and a web process stays stateless HTTP (docs/ARCHITECTURE.md, "Email in").
    if (config.emailIn.smtpPort !== undefined) {
      progress("Starting the SMTP listener…");
      smtpIn = await startSmtpListener(database, config.emailIn);
      stops.push(() => smtpIn?.close() ?? Promise.resolve());
    }
    const imap = startImapPoller(database, config.emailIn, config.databaseUrl);
    stops.push(() => imap.stop());
    const started = await startOutboxWorker(database, config, config.delivery);
    const refresher = startPriorityRefresher(database, config.priorityRefreshMs);
    const maintenance = startMaintenance(database, config.maintenanceMs, {
      githubBodyDays: config.githubBodyRetentionDays,
    });
    stops.push(
      () => started.stop(),
      () => refresher.stop(),
      () => maintenance.stop(),
    );
  }
  return {
    db: database,
    url,
    server,
    setupUrl,
    setupLinkElsewhere,
    smtpInPort: smtpIn?.port,
    stop: async () => {
      for (const stop of stops.reverse()) await stop();
      if (!db) await database.close();
    },
  };
}

/** What opening the database is about to do: creating the embedded one is the slow part of a first start. */
function openingWhat(config: Config): string {
  if (config.databaseUrl) return "Connecting to the PostgreSQL server in DATABASE_URL…";
  if (config.dataFolder === "memory") return "Creating an embedded database in memory (this takes a few seconds)…";
  if (!existsSync(join(config.dataFolder, "PG_VERSION"))) {
    return `Creating the embedded database in ${config.dataFolder} (the first start takes about 20 seconds)…`;
  }
  return `Opening the embedded database in ${config.dataFolder}…`;
}
