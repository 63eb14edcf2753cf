import { z } from "zod";
import { pageCursor } from "../core/cursor.js";
import { isPlainAddress } from "../core/email-address.js";
import { AppError, notFound } from "../core/errors.js";
import { instant } from "../core/instant.js";
import { queryInteger } from "../core/query-integer.js";
import type { MachineName } from "../core/state-machines.js";
import { uuid } from "../core/uuid.js";
import type { Queryable } from "../db/connect.js";
import { payloadMapping } from "../integrations/webhooks/map-payload.js";
import { sealChannelConfig } from "./channel-secrets.js";
import { disputePattern } from "./dispute-pattern.js";
import { queueGithubIssues } from "./github/queue-github-issues.js";
import { keepComponentTargets } from "./improvement-targets.js";
import { currentDeployments } from "./load-truth-graph.js";
import { presented } from "./presented.js";
import type { Tx } from "./transaction.js";

/** A many-to-many link kept in a join table and shown as an id array field. */
export interface Link {
  table: string;
  self: string;
  other: string;
  /** The resource the linked ids name (a name in `resources`). */
  resource: string;
  /** The SQL type of the linked keys: uuid unless they are names (environments). */
  otherType?: "uuid" | "text";
}

/** How one entity is stored and which of its fields the API may write and filter by. */
export interface Resource {
  /** Singular snake_case name: the timeline's entity_type. */
  name: string;
  /** URL segment of the collection. */
  path: string;
  table: string;
  /**
   * What reads (get, list) select from instead of the table, as alias-free SQL over it: when the API
   * shows more of an entity than its row (a deployment's product and release name). Filters may name
   * its extra columns.
   */
  source?: string;
  key: string;
  create: z.ZodObject;
  update?: z.ZodObject;
  filters: z.ZodObject;
  links?: Record<string, Link>;
  /**
   * JSON object columns. A create stores the object; an update merges it into the stored one (the keys
   * it names change, a key set to null goes, the others stay: RFC 7396 on the first level).
   */
  jsonFields?: string[];
  /** Fields (dotted paths into the body) only an installation administrator may set to a value other than false. */
  adminFields?: string[];
  /** What a create or update stores instead of the validated input (a channel seals its secrets). */
  beforeWrite?: (input: Record<string, unknown>) => Record<string, unknown>;
  machine?: MachineName;
  /** Events only snapback may cause; setting them through the API is an invalid transition. */
  systemEvents?: string[];
  /**
   * A loop's own work, not the shared knowledge base: a token bound to another loop neither lists nor
   * reads it (for that token it does not exist).
   */
  privateToLoop?: boolean;
  /** Fields a list may be sorted by (descending) instead of newest first. */
  sorts?: string[];
  /** Sorts computed rather than stored: the SQL of the value for a row of the table under an alias. */
  sortExpressions?: Record<string, (alias: string) => string>;
  /**
   * Sorts a narrow table mirrors, with an index of its own on (value desc, key desc): a sorted page walks
   * that index and reads each row by key until its filters are met (patterns' priority: migration 0047).
   */
  sortedThrough?: Record<string, { table: string; key: string }>;
  /** Timestamp columns that a status change stamps. */
  stamps?: string[];
  hasUpdatedAt?: boolean;
  /**
   * The loops that own a row, as SQL over the row (alias t) giving a uuid[]: who may change it follows
   * them (docs/SECURITY.md). An empty array is shared: any builder may change it.
   */
  owners: string;
  /** For a new one: the body field naming what it belongs to, a loop ("loopId") or a parent entity. */
  ownedBy?: { field: string; parent?: keyof typeof resources }[];
  /** Who may create and change it: builders (change, the default), owners (manage) or administrators. */
  level?: "change" | "manage" | "admin";
  /** Single-id fields naming another entity (a resource name) that the caller must be able to change too. */
  references?: Record<string, string>;
  /**
   * A status that snapback's rules count but no deployment brings (an improvement rejected, an issue
   * closed): setting it settles the improvement named by this field of the entity (settle-improvements).
   */
  settles?: { status: string; improvementField: string };
  /** Changing one changes what people may do (a user's admin flag): remembered principals are forgotten. */
  changesAccess?: boolean;
  /** Who may create one, when not the same as who may change one. */
  createLevel?: "change" | "manage" | "admin";
  present?(fields: Record<string, unknown>): Record<string, unknown>;
  /**
   * Its unique indexes (by name) that a person's input may break, each with the conflict that says so,
   * given the key's value as the violation names it. Read after the write is undone to a savepoint
   * (services/records.ts): in a race, the row that came first is there to be named.
   */
  uniqueIndexes?: Record<string, (q: Queryable, value: string) => Promise<AppError>>;
  /** Keeps what follows from a row in the same transaction, after it is created or changed (`input`: what was sent). */
  afterWrite?(tx: Tx, id: string, input: Record<string, unknown>): Promise<void>;
  /** Keeps what follows from a status change by hand (its state machine's event), after it is written. */
  afterTransition?(tx: Tx, id: string, event: string): Promise<void>;
  /** The JSON of one, as the API presents it (services/presented.ts): the OpenAPI document's schema. */
  response?: z.ZodType;
  /**
   * Filters that are not equality on a column: the SQL condition over the row (alias t) given the
   * filter's parameter, e.g. `attached` on signals.
   */
  conditions?: Record<string, (param: string) => string>;
  /** Full text search over it (`q`, GET /search): src/services/search.ts. */
  search?: Searchable;
}

/**
 * How an entity is searched, as SQL over its row (alias t). `document` must be the very expression its
 * GIN index is built on (migration 0016), or the index is not used.
 */
export interface Searchable {
  /** The weighted tsvector: loopwork_document(title, body). */
  document: string;
  /**
   * What ranks a match, when not the whole document: a release ranks by its name (its document looks up
   * its product and versions: once to match, not again to rank).
   */
  rank?: string;
  /**
   * The title alone, weighted as in `document`, for a table of many long texts (signals, patterns; its
   * key `id`): of the up to 500 matches a search ranks, the newest as many as the page holds rank by
   * their whole document, the others by this, so that a search parses at most a page of bodies again
   * (~5× the title's cost a row; src/services/search.ts searchSql).
   */
  titleDocument?: string;
  /** What a hit shows as its title. */
  title: string;
  /** The text a hit's snippet is cut from. */
  body: string;
  /** A column with a trigram index: matches a query with typos by word similarity. */
  trigram?: string;
  /** When it happened: for a date range, and for a hit. */
  at: string;
  /**
   * Many rows (signals, patterns): a search reads its GIN index as a bitmap unless the statistics say most
   * rows match, never walking the primary key and parsing each row (src/services/search.ts newestMatches).
   * Smaller tables are left to the planner: the statistics and a transaction per search cost more there.
   */
  large?: true;
  /**
   * How many of the newest rows a search of a large table reads first (a bitmap of the primary key's
   * range ANDed with the index's): older ones are read only when those hold fewer than the 500 ranked
   * (src/services/search.ts newestMatches).
   */
  window?: number;
  /**
   * Searched with the words before the last whole first (signals: src/services/search.ts
   * wholeWordsFirst): a million documents' prefix postings cost more than a second statement.
   */
  wholeWordsFirst?: true;
  /**
   * A condition every search of it adds: which rows a document no index holds is read for (each is
   * parsed, ~25 µs a row), so that a search costs the same after years of history.
   */
  scope?: string;
}

/**
 * Only the newest `rows` rows of `table` (alias t), by their time-ordered id: the first id of them
 * found by walking the primary key (~0.1 ms for a thousand entries).
 */
const newestRows = (table: string, rows: number) =>
  `t.id >= coalesce((select n.id from ${table} n order by n.id desc offset ${rows - 1} limit 1),
                    '00000000-0000-0000-0000-000000000000'::uuid)`;
/** How many of the newest releases, and of the newest deployments, a search reads. */
export const searchedNewest = 1000;

const id = () => uuid();
const ids = () => z.array(uuid()).max(1000);
/** How many ids one `ids` filter names: 100 (3,700 characters) fit in any URL a proxy lets through. */
export const idsPerFilter = 100;
const uuidText = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
/** A list filter naming rows by id, comma-separated in the query (`?ids=<id>,<id>`): exactly those, however old. */
const idsFilter = () =>
  z
    .string()
    .regex(
      new RegExp(`^${uuidText}(,${uuidText}){0,${idsPerFilter - 1}}$`),
      `Give 1 to ${idsPerFilter} ids, separated by commas.`,
    )
    .transform((value) => value.toLowerCase().split(","));
/** The condition of an `ids` filter: the row's id is one of them. */
const oneOfIds = (param: string) => `t.id = any(${param}::uuid[])`;
const slug = () =>
  z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, "Use lowercase letters, digits and dashes, starting with a letter or digit.")
    // Wherever a slug is taken an id is too: one shaped like an id would name another entity.
    .refine((value) => !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value), {
      message: "A slug may not look like an id.",
    })
    .max(80);
/** Accounts pinned to an environment: each named once, as it is written (spaces around it dropped). */
const accountNames = () =>
  z
    .array(z.string().trim().min(1).max(200))
    .max(1000)
    .refine((accounts) => new Set(accounts).size === accounts.length, { message: "An account is named twice." });
const name = () => z.string().trim().min(1).max(200);
/**
 * A contact's account, matched exactly against environments' accounts, which are trimmed too. A blank
 * one is no account (null): "" was stored, an account no environment can name (theirs are never blank).
 */
export const accountName = () =>
  z
    .string()
    .trim()
    .max(200)
    .transform((account) => account || null);
/** A Markdown text (a description, an improvement's why): what a pattern's is, wherever one is made. */
export const markdown = () => z.string().max(100_000);
const environmentNames = () => z.array(slug()).max(100);
/** A link people or the worker follow: http or https only (no file:, javascript:, gopher: …). */
const httpUrl = () => z.url({ protocol: /^https?$/, error: "Use an http:// or https:// URL." }).max(2000);
const optionalUrl = () => httpUrl().nullable().optional();

/** The loops of the products built from a component: the loops that own it and its work. */
const componentLoops = (column: string) =>
  `array(select p.loop_id from product_components pc join products p on p.id = pc.product_id where pc.component_id = ${column})`;

/** The filters every list accepts besides the resource's own. */
export const listQuery = z.object({
  cursor: pageCursor(),
  limit: queryInteger({ min: 1, max: 500, fallback: 50 }),
});

const loop: Resource = {
  privateToLoop: true,
  name: "loop",
  response: presented.loop,
  owners: "array[t.id]",
  level: "manage",
  createLevel: "admin",
  path: "loops",
  table: "loops",
  key: "id",
  create: z.strictObject({ slug: slug(), name: name(), description: markdown().optional() }),
  update: z.strictObject({ name: name().optional(), description: markdown().optional() }),
  filters: z.object({ slug: slug().optional() }),
};

const product: Resource = {
  privateToLoop: true,
  name: "product",
  response: presented.product,
  owners: "array[t.loop_id]",
  ownedBy: [{ field: "loopId" }],
  level: "manage",
  path: "products",
  table: "products",
  key: "id",
  create: z.strictObject({
    loopId: id(),
    slug: slug(),
    name: name(),
    description: markdown().optional(),
    componentIds: ids().optional(),
  }),
  update: z.strictObject({
    loopId: id().optional(),
    name: name().optional(),
    description: markdown().optional(),
    componentIds: ids().optional(),
  }),
  filters: z.object({ loopId: id().optional(), slug: slug().optional(), componentId: id().optional() }),
  links: {
    componentIds: { table: "product_components", self: "product_id", other: "component_id", resource: "component" },
  },
};

const component: Resource = {
  name: "component",
  response: presented.component,
  owners: componentLoops("t.id"),
  path: "components",
  table: "components",
  key: "id",
  create: z.strictObject({ slug: slug(), name: name(), repositoryUrl: optionalUrl() }),
  update: z.strictObject({ name: name().optional(), repositoryUrl: optionalUrl() }),
  filters: z.object({ slug: slug().optional() }),
};

const channelConfigFields = {
  webhookUrl: httpUrl(),
  webhookSecret: z.string().min(16).max(200),
  /** Let webhooks reach loopback, private and link-local addresses (refused by default: SSRF). Administrators only. */
  allowPrivateNetwork: z.boolean(),
  /** Where an email channel receives mail, and what it answers from: one plain address (isPlainAddress). */
  address: z
    .string()
    .trim()
    .max(320)
    .refine(
      isPlainAddress,
      "Give one plain email address, e.g. support@acme.example: no display name, brackets, quotes, commas or spaces.",
    ),
  /**
   * The list an email channel's address receives through, when the address is a member of it: support@
   * run as a Google Group with support-inbox@… a member. Its copies are the customers' mail, as a list at
   * the channel's own address is (docs/CHANNELS.md "Email in").
   */
  listAddress: z
    .string()
    .trim()
    .max(320)
    .refine(isPlainAddress, "Give the list's one plain email address, e.g. support@acme.example."),
  /** GitHub channels (docs/CHANNELS.md "GitHub"): the repository, "owner/name". */
  repository: z
    .string()
    .regex(/^[\w.-]+\/[\w.-]+$/, "Name the repository as owner/name.")
    .max(200),
  /** What the repository is to Loopwork: where feedback comes in, or a component's code. */
  githubRole: z.enum(["feedback", "component"]),
  /** The component whose repository it is (githubRole "component"). */
  componentId: uuid(),
  /** A personal access token or a GitHub App installation token for the REST API. Write-only. */
  githubToken: z.string().min(1).max(1000),
  /** The REST API's base URL: GitHub Enterprise Server (https://host/api/v3). Administrators only (SSRF). */
  githubApiUrl: httpUrl(),
  /** An email channel's mailbox, polled by the worker: imaps://user:password@host:993/INBOX. Write-only. */
  imapUrl: z.url({ protocol: /^imaps?$/ }).max(2000),
  /** The pages (origins, "https://shop.example.com") whose feedback widget may post to this channel. */
  widgetOrigins: z.array(httpUrl()).min(1).max(50),
  /** Where a webhook channel finds the signal's fields in a body of another shape (docs/CHANNELS.md). */
  mapping: payloadMapping,
  /** A forum channel's Discourse site, "https://forum.example.com": where replies are posted. */
  forumUrl: httpUrl(),
  /** A Discourse API key with write scope (Api-Key). Write-only. */
  forumApiKey: z.string().min(1).max(200),
  /** The Discourse user replies are posted as (Api-Username); its own posts are never taken in. */
  forumApiUsername: z.string().trim().min(1).max(60),
  /**
   * Signals of this channel are attached to the matcher's best pattern when its score reaches this
   * (0–1; not set: never, the signal waits in triage). Owners of the channel's loop set it.
   */
  autoAttachThreshold: z.number().min(0).max(1),
};
type ConfigKey = keyof typeof channelConfigFields;
const configKeys = Object.keys(channelConfigFields) as ConfigKey[];
const channelConfig = z.strictObject(channelConfigFields).partial().default({});
/**
 * A PATCH changes the keys it names and keeps the others (the write-only secret among them); null
 * removes a key. No default here: a PATCH without config must leave the stored one alone.
 */
const channelConfigPatch = z.strictObject(
  Object.fromEntries(configKeys.map((key) => [key, channelConfigFields[key].nullable().optional()])) as {
    [K in ConfigKey]: z.ZodOptional<z.ZodNullable<(typeof channelConfigFields)[K]>>;
  },
);

/**
 * A channel's kinds, as the table's check has them. The list's filter takes only these: a misspelt kind
 * (`?kind=emial`) is refused, not answered with an empty list as if the installation had no such channel.
 */
const channelKind = z.enum(["email", "forum", "github", "chat", "widget", "api", "webhook", "csv"]);

const channel: Resource = {
  privateToLoop: true,
  name: "channel",
  response: presented.channel,
  owners: "array[t.loop_id]",
  ownedBy: [{ field: "loopId" }],
  level: "manage",
  path: "channels",
  table: "channels",
  key: "id",
  create: z.strictObject({
    loopId: id(),
    slug: slug(),
    name: name(),
    kind: channelKind,
    config: channelConfig,
  }),
  update: z.strictObject({ loopId: id().optional(), name: name().optional(), config: channelConfigPatch.optional() }),
  filters: z.object({ loopId: id().optional(), kind: channelKind.optional(), slug: slug().optional() }),
  jsonFields: ["config"],
  // An owner could otherwise point the worker at internal services and read their answers (lastError).
  adminFields: ["config.allowPrivateNetwork", "config.githubApiUrl"],
  // Mail to an address reaches one channel: a second email channel at it would never receive anything.
  // The index refuses it even when two writes race (migration 0044); this names the channel that has it.
  uniqueIndexes: {
    channels_email_address: async (q, address) => {
      const [taken] = await q.query<{ slug: string; address: string }>(
        `select slug, config->>'address' as address from channels
          where kind = 'email' and lower(config->>'address') = $1 limit 1`,
        [address],
      );
      return new AppError(
        "conflict",
        taken
          ? `Email channel ${taken.slug} already receives mail at ${taken.address}.`
          : `An email channel already receives mail at ${address}.`,
        { path: "body.config.address" },
      );
    },
  },
  afterWrite: async (tx, id, input) => {
    await requireWebhookSecret(tx, id);
    // Only when this write names one: a channel stored before the check, its component gone, may still be renamed.
    const config = input.config as { componentId?: unknown } | undefined;
    if (config?.componentId !== undefined) await requireConfigComponent(tx, id);
  },
  // Secrets are stored sealed (AES-256-GCM) and opened only where used (services/channel-secrets.ts).
  beforeWrite: (input) => (input.config === undefined ? input : { ...input, config: sealChannelConfig(input.config) }),
  // A channel's secrets (webhookSecret, imapUrl with its password, githubToken, forumApiKey) are write-only: the API says whether one is set, never what it is.
  present: ({ config, ...rest }) => {
    const { webhookSecret, imapUrl, githubToken, forumApiKey, ...visible } = (config ?? {}) as Record<string, unknown>;
    return {
      ...rest,
      config: {
        ...visible,
        webhookSecretSet: webhookSecret !== undefined,
        imapUrlSet: imapUrl !== undefined,
        ...(githubToken === undefined ? {} : { githubTokenSet: true }),
        forumApiKeySet: forumApiKey !== undefined,
      },
    };
  },
};

/**
 * A channel with a webhookUrl has a webhookSecret to sign what it posts there: the worker never sends
 * unsigned (docs/SECURITY.md), so without one every notification and reply would be a dead letter.
 * Checked on the stored config, after a create or a PATCH merged into it, so removing the secret is refused too.
 */
async function requireWebhookSecret(tx: Tx, id: string): Promise<void> {
  const [row] = await tx.query<{ url: boolean; secret: boolean }>(
    `select config ? 'webhookUrl' as url, config ? 'webhookSecret' as secret from channels where id = $1`,
    [id],
  );
  if (row?.url && !row.secret) {
    throw new AppError(
      "invalid_input",
      "A channel with a webhookUrl needs a webhookSecret (16 characters or more) to sign what it posts there: unsigned, nothing would be sent.",
      { path: "body.config.webhookSecret" },
    );
  }
}

/**
 * A GitHub channel's config.componentId names a component: an id naming nothing (or something else, a
 * product's) was stored, and every issue and deployment the channel's deliveries then brought failed in
 * the worker. Checked on the stored config, after a create or a PATCH merged into it.
 */
async function requireConfigComponent(tx: Tx, id: string): Promise<void> {
  const [row] = await tx.query<{ component_id: string | null; known: boolean }>(
    `select c.config->>'componentId' as component_id,
            exists(select 1 from components k where k.id::text = c.config->>'componentId') as known
       from channels c where c.id = $1`,
    [id],
  );
  if (row?.component_id && !row.known) throw notFound("component", row.component_id, "body.config.componentId");
}

const contact: Resource = {
  name: "contact",
  response: presented.contact,
  owners: "'{}'::uuid[]",
  path: "contacts",
  table: "contacts",
  key: "id",
  create: z.strictObject({
    name: name(),
    email: z.email().max(320).nullable().optional(),
    account: accountName().nullable().optional(),
    weight: z.number().min(0.000_001).max(1_000_000).optional(),
    environments: environmentNames().optional(),
  }),
  update: z.strictObject({
    name: name().optional(),
    email: z.email().max(320).nullable().optional(),
    account: accountName().nullable().optional(),
    weight: z.number().min(0.000_001).max(1_000_000).optional(),
    environments: environmentNames().optional(),
  }),
  filters: z.object({ email: z.string().max(320).optional(), account: z.string().max(200).optional() }),
  // An address in any letters, as it is unique (the index on lower(email) answers it).
  conditions: { email: (param) => `lower(t.email) = lower(${param})` },
  search: {
    // Its name, address and account, and the address's parts and the endings of a name written without
    // spaces (migration 0050): "u1@exa", "example.com" and "太郎" find it.
    document: "loopwork_contact_document(t.name, t.email, t.account)",
    title: "t.name",
    body: "coalesce(t.email, '') || ' ' || coalesce(t.account, '')",
    at: "t.created_at",
  },
  // Pinned environments: where this person runs the products (docs/API.md "Deployment truth").
  links: {
    environments: {
      table: "contact_environments",
      self: "contact_id",
      other: "environment",
      resource: "environment",
      otherType: "text",
    },
  },
};

const pattern: Resource = {
  name: "pattern",
  response: presented.pattern,
  // Deployment truth's own bookkeeping (migration 0040), no part of a pattern as people see it.
  present: ({ fixImprovementIds: _fix, reopenedByRollback: _byRollback, ...rest }) => rest,
  owners: "array_remove(array[t.loop_id], null)",
  ownedBy: [{ field: "loopId" }],
  path: "patterns",
  table: "patterns",
  key: "id",
  create: z.strictObject({ loopId: id(), title: name(), description: markdown().optional() }),
  update: z.strictObject({
    loopId: id().optional(),
    title: name().optional(),
    description: markdown().optional(),
    status: z.enum(["open", "addressed", "dismissed"]).optional(),
  }),
  // Reopened by hand: disputed, not open because of a rollback — the fix it had does not address it again.
  afterTransition: async (tx, id, event) => {
    if (event === "reopen") await disputePattern(tx, id);
  },
  filters: z.object({
    loopId: id().optional(),
    status: z.enum(["open", "addressed", "dismissed", "merged"]).optional(),
    improvementId: id().optional(),
    // The knowledge base's filters: patterns with a report from this channel, or a signal about this product.
    channelId: id().optional(),
    productId: id().optional(),
  }),
  conditions: {
    // From the channel tallies the attachment triggers keep (migration 0021): one probe a pattern. Reading
    // every signal of every pattern cost 0.4–1 s at 1,000,000 signals (docs/BENCHMARKS.md "Scale").
    channelId: (param) =>
      `exists (select 1 from pattern_channels l where l.pattern_id = t.id and l.channel_id = ${param} and l.reports > 0)`,
    // From the product tallies the attachment triggers keep (migration 0048), likewise.
    productId: (param) =>
      `exists (select 1 from pattern_products l where l.pattern_id = t.id and l.product_id = ${param} and l.signals > 0)`,
  },
  search: {
    large: true,
    // A fifth of 50,000: a typo alike 3,000 titles compares the newest ~1,000 again, not all
    // (docs/BENCHMARKS.md "Typos and common prefixes").
    window: 10_000,
    document: "loopwork_document(t.title, t.description)",
    // Ranking 500 matches by their whole text parsed each description again, ~20 ms at 50,000 patterns
    // (docs/BENCHMARKS.md "Search at a million signals on AMD EPYC"): only a page's worth do (searchSql).
    titleDocument: "setweight(to_tsvector('english', t.title), 'A')",
    title: "t.title",
    body: "t.description",
    trigram: "t.title",
    at: "t.created_at",
  },
  machine: "pattern",
  systemEvents: ["address"],
  sorts: ["priority"],
  sortedThrough: { priority: { table: "pattern_ranks", key: "pattern_id" } },
  links: {
    improvementIds: {
      table: "improvement_patterns",
      self: "pattern_id",
      other: "improvement_id",
      resource: "improvement",
    },
  },
};

const improvementStatus = z.enum(["proposed", "approved", "in_progress", "completed", "rejected"]);
const improvement: Resource = {
  privateToLoop: true,
  name: "improvement",
  response: presented.improvement,
  owners: "array[t.loop_id]",
  ownedBy: [{ field: "loopId" }],
  path: "improvements",
  table: "improvements",
  key: "id",
  create: z.strictObject({
    loopId: id(),
    title: name(),
    why: markdown().optional(),
    what: markdown().optional(),
    how: markdown().optional(),
    ownerId: id().nullable().optional(),
    productIds: ids().optional(),
    componentIds: ids().optional(),
    patternIds: ids().optional(),
  }),
  update: z.strictObject({
    title: name().optional(),
    why: markdown().optional(),
    what: markdown().optional(),
    how: markdown().optional(),
    ownerId: id().nullable().optional(),
    productIds: ids().optional(),
    componentIds: ids().optional(),
    patternIds: ids().optional(),
    status: improvementStatus.optional(),
  }),
  filters: z.object({
    loopId: id().optional(),
    status: improvementStatus.optional(),
    ownerId: id().optional(),
    productId: id().optional(),
    componentId: id().optional(),
    patternId: id().optional(),
  }),
  links: {
    productIds: { table: "improvement_products", self: "improvement_id", other: "product_id", resource: "product" },
    componentIds: {
      table: "improvement_components",
      self: "improvement_id",
      other: "component_id",
      resource: "component",
    },
    patternIds: { table: "improvement_patterns", self: "improvement_id", other: "pattern_id", resource: "pattern" },
  },
  search: {
    document: "loopwork_document(t.title, t.why || ' ' || t.what || ' ' || t.how)",
    title: "t.title",
    body: "t.why || ' ' || t.what || ' ' || t.how",
    trigram: "t.title",
    at: "t.created_at",
  },
  machine: "improvement",
  // By the priority of the open patterns it addresses, summed (their rows' own priority, kept by triggers).
  sorts: ["priority"],
  sortExpressions: {
    priority: (alias) =>
      `(select coalesce(sum(p.priority), 0) from improvement_patterns ip join patterns p on p.id = ip.pattern_id
         where ip.improvement_id = ${alias}.id and p.status = 'open')`,
  },
  settles: { status: "rejected", improvementField: "id" },
  systemEvents: ["complete", "roll_back"],
  afterWrite: async (tx, id) => {
    await keepComponentTargets(tx, id);
    // Approved: its issues go to its components' GitHub repositories (docs/CHANNELS.md "GitHub").
    await queueGithubIssues(tx, { improvementId: id }, issue);
  },
  stamps: ["completed_at"],
};

const issue: Resource = {
  name: "issue",
  response: presented.issue,
  // An issue made for an improvement belongs to that improvement's loop, else to its component's loops.
  owners: `coalesce((select array[i.loop_id] from improvements i where i.id = t.improvement_id), ${componentLoops("t.component_id")})`,
  ownedBy: [
    { field: "improvementId", parent: "improvement" },
    { field: "componentId", parent: "component" },
  ],
  path: "issues",
  table: "issues",
  key: "id",
  create: z.strictObject({
    componentId: id(),
    improvementId: id().nullable().optional(),
    number: z.number().int().positive().max(2_147_483_647).nullable().optional(),
    url: optionalUrl(),
    title: name(),
    body: markdown().optional(),
  }),
  update: z.strictObject({
    improvementId: id().nullable().optional(),
    url: optionalUrl(),
    title: name().optional(),
    body: markdown().optional(),
    status: z.enum(["open", "resolved", "closed"]).optional(),
  }),
  filters: z.object({
    componentId: id().optional(),
    improvementId: id().optional(),
    status: z.enum(["open", "resolved", "closed"]).optional(),
  }),
  machine: "issue",
  settles: { status: "closed", improvementField: "improvementId" },
  systemEvents: ["resolve"],
  stamps: ["resolved_at"],
  afterWrite: (tx, id) => queueGithubIssues(tx, { issueId: id }, issue),
};

const pullRequest: Resource = {
  name: "pull_request",
  response: presented.pull_request,
  owners: componentLoops("t.component_id"),
  ownedBy: [{ field: "componentId", parent: "component" }],
  path: "pull-requests",
  table: "pull_requests",
  key: "id",
  create: z.strictObject({
    componentId: id(),
    number: z.number().int().positive().max(2_147_483_647).nullable().optional(),
    url: optionalUrl(),
    title: name(),
    issueIds: ids().optional(),
  }),
  update: z.strictObject({
    url: optionalUrl(),
    title: name().optional(),
    issueIds: ids().optional(),
    status: z.enum(["open", "merged", "closed", "shipped"]).optional(),
  }),
  filters: z.object({
    componentId: id().optional(),
    status: z.enum(["open", "merged", "closed", "shipped"]).optional(),
    issueId: id().optional(),
  }),
  links: { issueIds: { table: "pull_request_issues", self: "pull_request_id", other: "issue_id", resource: "issue" } },
  machine: "pull_request",
  systemEvents: ["ship", "unship"],
  stamps: ["merged_at"],
};

const version: Resource = {
  name: "version",
  response: presented.version,
  owners: componentLoops("t.component_id"),
  ownedBy: [{ field: "componentId", parent: "component" }],
  path: "versions",
  table: "versions",
  key: "id",
  create: z.strictObject({
    componentId: id(),
    name: z.string().trim().min(1).max(100),
    pullRequestIds: ids().optional(),
  }),
  filters: z.object({
    componentId: id().optional(),
    name: z.string().max(100).optional(),
    pullRequestId: id().optional(),
    ids: idsFilter().optional(),
  }),
  conditions: { ids: oneOfIds },
  links: {
    pullRequestIds: {
      table: "version_pull_requests",
      self: "version_id",
      other: "pull_request_id",
      resource: "pull_request",
    },
  },
  hasUpdatedAt: false,
};

/** What else a release is known by, as SQL over its row (alias t): its product's slug, its versions' names. */
const releaseContext = `coalesce((select p.slug from products p where p.id = t.product_id), '') || ' ' ||
  coalesce((select string_agg(v.name, ' ') from release_versions l join versions v on v.id = l.version_id
             where l.release_id = t.id), '')`;
/** A deployment's release, by name, as SQL over its row (alias t). */
const deployedRelease = "(select r.name from releases r where r.id = t.release_id)";

const release: Resource = {
  privateToLoop: true,
  name: "release",
  response: presented.release,
  owners: "array(select p.loop_id from products p where p.id = t.product_id)",
  ownedBy: [{ field: "productId", parent: "product" }],
  path: "releases",
  table: "releases",
  key: "id",
  create: z.strictObject({
    productId: id(),
    name: z.string().trim().min(1).max(100),
    versionIds: ids().optional(),
  }),
  filters: z.object({
    productId: id().optional(),
    name: z.string().max(100).optional(),
    versionId: id().optional(),
    ids: idsFilter().optional(),
  }),
  conditions: { ids: oneOfIds },
  links: { versionIds: { table: "release_versions", self: "release_id", other: "version_id", resource: "version" } },
  // Found by its name ("v2.4.1" as it is typed: "v2.4") or its product's and versions' names. No search
  // index can hold what its versions and product are named: the newest `searchedNewest` are read.
  search: {
    document: `loopwork_document(t.name, ${releaseContext})`,
    // Ranked by its name: the whole document would look its product and versions up again for each match.
    rank: "setweight(to_tsvector('english', t.name), 'A')",
    title: "t.name",
    body: releaseContext,
    at: "t.created_at",
    scope: newestRows("releases", searchedNewest),
  },
  hasUpdatedAt: false,
};

const environment: Resource = {
  name: "environment",
  response: presented.environment,
  owners: "'{}'::uuid[]",
  level: "admin",
  path: "environments",
  table: "environments",
  key: "name",
  create: z.strictObject({
    name: slug(),
    production: z.boolean().default(false),
    productId: id().nullable().optional(),
    accounts: accountNames().optional(),
    contactIds: ids().optional(),
  }),
  update: z.strictObject({
    production: z.boolean().optional(),
    productId: id().nullable().optional(),
    accounts: accountNames().optional(),
    contactIds: ids().optional(),
  }),
  filters: z.object({
    production: z
      .enum(["true", "false"])
      .transform((v) => v === "true")
      .optional(),
    productId: id().optional(),
  }),
  references: { productId: "product" },
  // The contacts pinned to it; accounts pinned are a field of its own.
  links: {
    contactIds: { table: "contact_environments", self: "environment", other: "contact_id", resource: "contact" },
  },
};

/** Deployments as the API shows them: with their product's slug and their release's name. */
export const deploymentSource = `(select d.*, p.slug as product_slug, r.name as release_name
   from deployments d join releases r on r.id = d.release_id join products p on p.id = d.product_id)`;

const deploymentStatus = z.enum(["pending", "running", "success", "failed", "rolled_back"]);
const deployment: Resource = {
  privateToLoop: true,
  name: "deployment",
  response: presented.deployment,
  owners: "array(select p.loop_id from releases r join products p on p.id = r.product_id where r.id = t.release_id)",
  ownedBy: [{ field: "releaseId", parent: "release" }],
  path: "deployments",
  table: "deployments",
  source: deploymentSource,
  key: "id",
  create: z.strictObject({
    releaseId: id(),
    environment: slug(),
    status: deploymentStatus.default("pending"),
    externalId: z.string().min(1).max(200).optional(),
  }),
  update: z.strictObject({ status: deploymentStatus }),
  filters: z.object({
    releaseId: id().optional(),
    productId: id().optional(),
    environment: z.string().max(80).optional(),
    status: deploymentStatus.optional(),
    // What runs where (true): each product's current deployment in each environment (docs/API.md "Deployment truth").
    current: z.enum(["true", "false"]).optional(),
  }),
  conditions: {
    current: (param) => `(${param} = 'true') = (t.id in (select c.id from (${currentDeployments}) c))`,
  },
  // Found by its release's name, its environment or its external id: the newest `searchedNewest`, as
  // releases (see there). Not through its source: joined, the planner read every release (a hash join:
  // it cannot know the scope keeps a thousand deployments), 160 ms at 100,000 releases.
  search: {
    document: `loopwork_document(${deployedRelease}, t.environment || ' ' || coalesce(t.external_id, ''))`,
    // Ranked by its name, "v2.4.1 to production" (its release's looked up again, by primary key, for each
    // match ranked): a match in its external id alone follows.
    rank: `setweight(to_tsvector('english', ${deployedRelease} || ' ' || t.environment), 'A')`,
    title: `${deployedRelease} || ' to ' || t.environment`,
    body: "t.environment || ' ' || coalesce(t.external_id, '')",
    at: "t.created_at",
    scope: newestRows("deployments", searchedNewest),
  },
  machine: "deployment",
  stamps: ["finished_at"],
};

const notification: Resource = {
  privateToLoop: true,
  name: "notification",
  // Told about a pattern: it belongs to the pattern's loop.
  owners: "array(select p.loop_id from patterns p where p.id = t.pattern_id and p.loop_id is not null)",
  path: "notifications",
  table: "notifications",
  response: presented.notification,
  // Whom it went to and what about, named: a list a person can read.
  source: `(select n.*, c.name as contact_name, c.email as contact_email, p.title as pattern_title
              from notifications n join contacts c on c.id = n.contact_id join patterns p on p.id = n.pattern_id)`,
  key: "id",
  // Snapback makes them (one per person per addressed pattern and generation): the API only reads them.
  create: z.strictObject({}),
  filters: z.object({
    contactId: id().optional(),
    patternId: id().optional(),
    deploymentId: id().optional(),
    status: z.enum(["queued", "sent", "failed", "cancelled"]).optional(),
    answer: z.enum(["works", "still_broken"]).optional(),
  }),
  hasUpdatedAt: false,
  // How long the person waited: from their first signal on the pattern to the notification.
  present: (n) => ({
    ...n,
    leadTimeSeconds:
      n.createdAt instanceof Date && n.firstSignalAt instanceof Date
        ? (n.createdAt.getTime() - n.firstSignalAt.getTime()) / 1000
        : null,
  }),
};

const brainstormKind = z.enum(["what", "how"]);
/** A session's statuses: its filter takes only these, as the topics' does (a misspelt one is refused). */
const brainstormSessionStatus = z.enum(["planned", "held", "cancelled"]);
const brainstormTopic: Resource = {
  privateToLoop: true,
  name: "brainstorm_topic",
  response: presented.brainstorm_topic,
  owners: "array[t.loop_id]",
  ownedBy: [{ field: "loopId" }],
  path: "brainstorm-topics",
  table: "brainstorm_topics",
  key: "id",
  create: z.strictObject({
    loopId: id(),
    kind: brainstormKind,
    title: name(),
    notes: markdown().optional(),
    entityType: z.enum(["pattern", "improvement", "issue", "signal"]).nullable().optional(),
    entityId: id().nullable().optional(),
  }),
  update: z.strictObject({
    title: name().optional(),
    notes: markdown().optional(),
    kind: brainstormKind.optional(),
    sessionId: id().nullable().optional(),
    status: z.enum(["queued", "discussed", "dropped"]).optional(),
  }),
  filters: z.object({
    loopId: id().optional(),
    kind: brainstormKind.optional(),
    status: z.enum(["queued", "discussed", "dropped"]).optional(),
    sessionId: id().optional(),
  }),
  machine: "brainstorm_topic",
  references: { sessionId: "brainstorm_session" },
  afterWrite: requireTopicReferences,
};

/**
 * A topic names what it is about (entityType and entityId, both or neither) and exists, and is on the
 * agenda of a session of its own loop.
 */
async function requireTopicReferences(tx: Tx, id: string): Promise<void> {
  const [topic] = await tx.query<{
    entity_type: string | null;
    entity_id: string | null;
    entity_exists: boolean;
    foreign_session: boolean;
  }>(
    `select t.entity_type, t.entity_id,
            case t.entity_type
              when 'pattern' then exists (select 1 from patterns x where x.id = t.entity_id)
              when 'improvement' then exists (select 1 from improvements x where x.id = t.entity_id)
              when 'issue' then exists (select 1 from issues x where x.id = t.entity_id)
              when 'signal' then exists (select 1 from signals x where x.id = t.entity_id)
              else true end as entity_exists,
            exists (select 1 from brainstorm_sessions s where s.id = t.session_id and s.loop_id <> t.loop_id)
              as foreign_session
       from brainstorm_topics t where t.id = $1`,
    [id],
  );
  if (!topic) return;
  if ((topic.entity_type === null) !== (topic.entity_id === null)) {
    const missing = topic.entity_type === null ? "entityType" : "entityId";
    throw new AppError("invalid_input", `Give entityType and entityId together: ${missing} is missing.`, {
      path: `body.${missing}`,
    });
  }
  if (!topic.entity_exists) {
    throw new AppError("not_found", `No ${topic.entity_type} with id ${topic.entity_id}.`, { path: "body.entityId" });
  }
  if (topic.foreign_session) {
    throw new AppError("invalid_input", "The session is another loop's: a topic goes on its own loop's agenda.", {
      path: "body.sessionId",
    });
  }
}

const brainstormSession: Resource = {
  privateToLoop: true,
  name: "brainstorm_session",
  response: presented.brainstorm_session,
  owners: "array[t.loop_id]",
  ownedBy: [{ field: "loopId" }],
  path: "brainstorm-sessions",
  table: "brainstorm_sessions",
  key: "id",
  create: z.strictObject({
    loopId: id(),
    kind: brainstormKind,
    scheduledAt: instant(),
    agenda: markdown().optional(),
  }),
  update: z.strictObject({
    scheduledAt: instant().optional(),
    agenda: markdown().optional(),
    notes: markdown().optional(),
    outcomes: markdown().optional(),
    status: brainstormSessionStatus.optional(),
  }),
  filters: z.object({
    loopId: id().optional(),
    kind: brainstormKind.optional(),
    status: brainstormSessionStatus.optional(),
  }),
  machine: "brainstorm_session",
};

const user: Resource = {
  name: "user",
  response: presented.user,
  owners: "'{}'::uuid[]",
  level: "admin",
  path: "users",
  table: "users",
  key: "id",
  create: z.strictObject({ email: z.email().max(320), name: name(), admin: z.boolean().optional() }),
  update: z.strictObject({ name: name().optional(), admin: z.boolean().optional() }),
  changesAccess: true,
  filters: z.object({ email: z.string().max(320).optional() }),
  conditions: { email: (param) => `lower(t.email) = lower(${param})` },
  // A password's hash never leaves the database: the API says only whether one is set.
  present: ({ passwordHash, ...rest }) => ({ ...rest, signedUp: passwordHash !== null && passwordHash !== undefined }),
};

const signal: Resource = {
  name: "signal",
  response: presented.signal,
  owners: "array(select c.loop_id from channels c where c.id = t.channel_id)",
  ownedBy: [{ field: "channelId", parent: "channel" }],
  path: "signals",
  table: "signals",
  key: "id",
  // Signals are created by the create-signals service (contacts, attachment, priority), not generically.
  create: z.strictObject({}),
  filters: z.object({
    channelId: id().optional(),
    contactId: id().optional(),
    kind: z.enum(["report", "works", "still_broken"]).optional(),
    urgency: z.enum(["low", "normal", "high", "critical"]).optional(),
    patternId: id().optional(),
    productId: id().optional(),
    // The triage queue: signals attached to no pattern (false), or to some (true).
    attached: z.enum(["true", "false"]).optional(),
    // A loop's signals: those of its channels (a signal names no loop; its channel does).
    loopId: id().optional(),
  }),
  conditions: {
    attached: (param) => `(${param} = 'true') = exists (select 1 from signal_patterns l where l.signal_id = t.id)`,
    loopId: (param) => `t.channel_id in (select c.id from channels c where c.loop_id = ${param}::uuid)`,
  },
  search: {
    large: true,
    // With 20,000 a word in 2 % of the signals (`export`) fell through to the older ones, every one of
    // their matches fetched (docs/BENCHMARKS.md "Scale").
    window: 100_000,
    wholeWordsFirst: true,
    document: "loopwork_document(t.title, t.body)",
    titleDocument: "setweight(to_tsvector('english', t.title), 'A')",
    title: "t.title",
    body: "t.body",
    at: "t.received_at",
  },
  links: { patternIds: { table: "signal_patterns", self: "signal_id", other: "pattern_id", resource: "pattern" } },
  hasUpdatedAt: false,
};

/** Every entity the API serves, by name. */
export const resources = {
  loop,
  product,
  component,
  channel,
  contact,
  signal,
  pattern,
  improvement,
  issue,
  pull_request: pullRequest,
  version,
  release,
  environment,
  deployment,
  notification,
  brainstorm_topic: brainstormTopic,
  brainstorm_session: brainstormSession,
  user,
} satisfies Record<string, Resource>;
