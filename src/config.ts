/** Everything a Loopwork process is configured with: flags win over environment variables. */
export interface Config {
  /** Port the web role listens on. */
  port: number;
  host: string;
  /** postgres://… to use a server; unset for the embedded database. */
  databaseUrl?: string;
  /** The embedded database's folder. */
  dataFolder: string;
  /** Which roles this process runs. */
  roles: { web: boolean; worker: boolean };
  /** The address people reach this server at: answer links in notifications point here. */
  publicUrl: string;
  /** smtp://user:pass@host:port for outgoing email; unset means email notifications wait in the outbox. */
  smtpUrl?: string;
  /** The From address of notification emails. */
  emailFrom: string;
  /** Largest accepted request body, in bytes. */
  bodyLimit: number;
  /** How often an idle worker looks for due deliveries even without a NOTIFY, in ms. */
  workerPollMs: number;
  /** How often the worker refreshes the priorities of patterns that got new signals, in ms. */
  priorityRefreshMs: number;
  /**
   * How often the worker does its upkeep, in ms (0: never): forgets ended rate-limit windows and the
   * bodies of old GitHub deliveries and, on the embedded database (no autovacuum), vacuums and analyses it.
   */
  maintenanceMs: number;
  /** How long the body of an applied GitHub delivery is kept, in days (what refuses its replay is kept for good). */
  githubBodyRetentionDays: number;
  /** How often the embedded database analyses the tables that grew (every role; PGlite has no autoanalyze). */
  analyzeMs: number;
  /** Sign-in attempts (and other one-time-link and link-request posts) per IP address per window. */
  signInLimit: number;
  /** Which proxies' X-Forwarded-For to believe: none (false), any (true), or these addresses/CIDRs. */
  trustProxy: boolean | string;
  /** How often the live timeline says it is alive and checks its subscriber's credential again, in ms. */
  streamHeartbeatMs: number;
  /** Changes (every non-GET request) per token, session or IP address per window; 0 turns the limit off. */
  writeLimit: number;
  /** The window of the write and sign-in limits, in seconds (a minute unless set). */
  rateLimitWindowSeconds: number;
  /** Feedback-widget messages per IP address per channel per hour (spam: the widget needs no credential). */
  widgetLimit: number;
  /** How long a browser session lasts at most from sign-in, however often it is used, in ms. */
  sessionMaxAgeMs: number;
  /** How the worker role delivers: deliveries in flight, the lease on a claim, how long failures are retried. */
  delivery: { concurrency: number; leaseMs: number; retryForMs: number };
  /**
   * The built workspace (web/dist) the web role serves under /app/; unset serves none (the API alone).
   * `loopwork start` builds it when missing or stale and sets this.
   */
  workspaceFolder?: string;
  /**
   * Email in (the worker role): the SMTP listener (off unless smtpPort is set), IMAP polling of email
   * channels that have an imapUrl, and the limits every inbound message is held to.
   */
  emailIn: EmailInConfig;
  /**
   * The optional embeddings provider of the matcher (docs/MATCHING.md "Embeddings"): an OpenAI-compatible
   * API. Undefined (the default): the matcher compares texts by their terms only.
   */
  embeddings?: EmbeddingsConfig;
  /** Tests: check every answer against the OpenAPI document (http/answer-check.ts); a mismatch is a 500. */
  checkAnswers?: boolean;
}

/** An OpenAI-compatible embeddings API: POST {url}/embeddings with {model, input}. */
export interface EmbeddingsConfig {
  /** The API's base URL, e.g. https://api.openai.com/v1 or http://localhost:11434/v1. */
  url: string;
  model: string;
  /** Sent as `Authorization: Bearer <key>`; never shown (GET /matcher says only whether one is set). */
  key?: string;
  /** How long one suggestion waits for the provider in all, in ms; past it, the matcher uses text only. */
  timeoutMs: number;
}

/** How email comes in (docs/CHANNELS.md). */
export interface EmailInConfig {
  /** The port of the SMTP listener; undefined keeps it off. */
  smtpPort?: number;
  smtpHost: string;
  /** The largest message accepted, in bytes (SMTP SIZE; IMAP messages over it are skipped). */
  maxBytes: number;
  /** The largest attachment kept; a larger one is listed with the reason and no content. */
  attachmentMaxBytes: number;
  /** Messages taken per sender address per hour; 0 turns the limit off. */
  perSenderPerHour: number;
  /** How often the worker polls the IMAP mailboxes of email channels, in ms. */
  imapPollMs: number;
}

/** The configuration from the environment, before flags are applied. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const port = env.PORT ? portOf(env.PORT, "PORT") : 4400;
  return {
    port,
    host: env.HOST ?? "127.0.0.1",
    databaseUrl: env.DATABASE_URL || undefined,
    dataFolder: env.LOOPWORK_DATA ?? "./.loopwork",
    roles: { web: true, worker: true },
    publicUrl: env.LOOPWORK_PUBLIC_URL ?? `http://localhost:${port}`,
    smtpUrl: env.SMTP_URL || undefined,
    emailFrom: env.LOOPWORK_EMAIL_FROM ?? "Loopwork <loopwork@localhost>",
    bodyLimit: Number(env.LOOPWORK_BODY_LIMIT ?? 1024 * 1024),
    workerPollMs: Number(env.LOOPWORK_WORKER_POLL_MS ?? 1000),
    priorityRefreshMs: Number(env.LOOPWORK_PRIORITY_REFRESH_MS ?? 5000),
    maintenanceMs: Number(env.LOOPWORK_MAINTENANCE_MS ?? 60 * 60_000),
    githubBodyRetentionDays: positive(env.LOOPWORK_GITHUB_BODY_RETENTION_DAYS, 30),
    analyzeMs: Number(env.LOOPWORK_ANALYZE_MS ?? 15_000),
    signInLimit: Number(env.LOOPWORK_SIGN_IN_LIMIT ?? 10),
    trustProxy: trustProxyOf(env.LOOPWORK_TRUST_PROXY),
    streamHeartbeatMs: Number(env.LOOPWORK_STREAM_HEARTBEAT_MS ?? 15_000),
    writeLimit: Number(env.LOOPWORK_WRITE_LIMIT ?? 3000),
    rateLimitWindowSeconds: positive(env.LOOPWORK_RATE_LIMIT_WINDOW_SECONDS, 60),
    widgetLimit: Number(env.LOOPWORK_WIDGET_LIMIT ?? 10),
    sessionMaxAgeMs: Number(env.LOOPWORK_SESSION_MAX_AGE_DAYS ?? 30) * 24 * 60 * 60_000,
    emailIn: {
      smtpPort: env.LOOPWORK_SMTP_IN_PORT ? Number(env.LOOPWORK_SMTP_IN_PORT) : undefined,
      smtpHost: env.LOOPWORK_SMTP_IN_HOST ?? "0.0.0.0",
      maxBytes: positive(env.LOOPWORK_EMAIL_MAX_BYTES, 25 * 1024 * 1024),
      attachmentMaxBytes: positive(env.LOOPWORK_EMAIL_ATTACHMENT_MAX_BYTES, 5 * 1024 * 1024),
      perSenderPerHour: Number(env.LOOPWORK_EMAIL_PER_SENDER_HOUR ?? 30),
      imapPollMs: positive(env.LOOPWORK_IMAP_POLL_MS, 60_000),
    },
    embeddings: embeddingsFromEnv(env),
    delivery: {
      concurrency: positive(env.LOOPWORK_DELIVERY_CONCURRENCY, 16),
      leaseMs: positive(env.LOOPWORK_DELIVERY_LEASE_MS, 15_000),
      retryForMs: positive(env.LOOPWORK_DELIVERY_RETRY_HOURS, 24) * 60 * 60_000,
    },
  };
}

/** LOOPWORK_EMBEDDINGS_*: off unless a URL is set, and then a model must be named too. */
function embeddingsFromEnv(env: NodeJS.ProcessEnv): EmbeddingsConfig | undefined {
  const url = env.LOOPWORK_EMBEDDINGS_URL?.trim();
  if (!url) return undefined;
  const model = env.LOOPWORK_EMBEDDINGS_MODEL?.trim();
  if (!model) {
    throw new Error(
      "LOOPWORK_EMBEDDINGS_URL is set but LOOPWORK_EMBEDDINGS_MODEL is not: name the model the provider embeds with (e.g. text-embedding-3-small), or unset the URL to match by text only.",
    );
  }
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !/^https?:$/.test(parsed.protocol)) {
    throw new Error("LOOPWORK_EMBEDDINGS_URL must be an http(s) URL, e.g. https://api.openai.com/v1.");
  }
  // Credentials in the URL would be shown wherever the URL or a failure naming it is (GET /matcher is
  // for every reader): the key goes in LOOPWORK_EMBEDDINGS_KEY, sent as a Bearer token.
  if (parsed.username || parsed.password || parsed.search || parsed.hash) {
    throw new Error(
      "LOOPWORK_EMBEDDINGS_URL must not hold a user name, password, query or fragment: give the base URL (e.g. https://api.openai.com/v1) and put the key in LOOPWORK_EMBEDDINGS_KEY.",
    );
  }
  return {
    url: url.replace(/\/+$/, ""),
    model,
    key: env.LOOPWORK_EMBEDDINGS_KEY || undefined,
    timeoutMs: positive(env.LOOPWORK_EMBEDDINGS_TIMEOUT_MS, 2000),
  };
}

/**
 * A port from PORT or `--port`: a whole number from 0 (any free port) to 65535. Anything else is refused
 * before the database is opened, naming where it came from (Node's own refusal came after it, in its words).
 */
export function portOf(value: string, from: string): number {
  const port = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || port > 65535) {
    throw new Error(`${from} must be a port number from 0 to 65535, not "${value}".`);
  }
  return port;
}

/** A positive number from the environment, or the default when it is unset or not one. */
function positive(value: string | undefined, fallback: number): number {
  const parsed = Number(value);
  return value && Number.isFinite(parsed) && parsed > 0 ? parsed : fallback;
}

/** LOOPWORK_TRUST_PROXY: unset or "false" trusts no proxy, "true" any, else its addresses (comma-separated). */
function trustProxyOf(value: string | undefined): boolean | string {
  if (!value || value === "false") return false;
  return value === "true" ? true : value;
}
