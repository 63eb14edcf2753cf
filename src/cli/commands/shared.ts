import { readFile } from "node:fs/promises";
import { type Command, Option } from "commander";
import { type ApiClient, CliError, type Entity, type Query, UsageError } from "../client.js";
import { act, integer } from "../context.js";
import type { Column, Output } from "../output.js";
import { idOf, isId, type Sluggable } from "../resolve.js";

/** A list filter: an option that becomes an equality filter of the API (slugs resolved to ids). */
export interface Filter {
  flags: string;
  description: string;
  param: string;
  /** Turns what a person typed into an id: a slug of these, or any lookup (a contact by email). */
  resolve?: Sluggable | ((api: ApiClient, ref: string, flag: string) => Promise<string>);
}

/** `--search <text>`: the list's best matches of a full text search instead of its newest (GET /<list>?q=). */
export const searchFilter: Filter = {
  flags: "--search <text>",
  description: "only the best matches of this text, best first (words as prefixes: 'exp csv')",
  param: "q",
};

/** How a noun's `list` command reads its collection and shows it. */
export interface ListSpec {
  path: string;
  plural: string;
  columns: Column[];
  filters?: Filter[];
  /** Sent with every list request, e.g. an order; and how the description says the list is ordered. */
  query?: Query;
  order?: string;
  /** The collection comes whole (no limit or cursor: the API refuses parameters a route does not take). */
  whole?: boolean;
  /**
   * Fields holding the id of a loop, product, component or channel that the table shows by slug: each
   * row gains `<field>Slug` (`productId` → `productSlug`), read once per distinct id. --json is untouched.
   */
  slugs?: Record<string, Sluggable>;
}

/** The page's rows with each `slugs` field's slug beside its id (`productId` → `productSlug`). */
async function withSlugs(api: ApiClient, rows: Entity[], slugs: Record<string, Sluggable>): Promise<Entity[]> {
  const found = new Map<string, string>();
  const wanted = Object.entries(slugs).flatMap(([field, path]) =>
    [...new Set(rows.map((row) => row[field]).filter((id): id is string => typeof id === "string"))].map(
      (id) => [path, id] as const,
    ),
  );
  await Promise.all(
    wanted.map(async ([path, id]) => {
      const entity = await api.get(`/${path}/${encodeURIComponent(id)}`);
      found.set(id, String(entity.slug ?? id));
    }),
  );
  return rows.map((row) => ({
    ...row,
    ...Object.fromEntries(
      Object.keys(slugs).map((field) => [
        `${field.replace(/Id$/, "")}Slug`,
        typeof row[field] === "string" ? found.get(row[field]) : undefined,
      ]),
    ),
  }));
}

/** Adds `list` to a noun: a filtered page of its collection as a table, newest first. */
export function listCommand(parent: Command, spec: ListSpec): Command {
  const command = parent.command("list").description(`List ${spec.plural}, ${spec.order ?? "newest first"}`);
  const filters = (spec.filters ?? []).map((filter) => ({
    filter,
    option: new Option(filter.flags, filter.description),
  }));
  for (const { option } of filters) command.addOption(option);
  if (!spec.whole) {
    command
      .option("--limit <n>", "how many to show (at most 500)", "50")
      .option("--cursor <cursor>", "show the page after this cursor (printed under a full page)");
  }
  return command.action(
    act<Record<string, string | undefined>>(async ({ api, out }, _args, options) => {
      const paging = spec.whole ? {} : { limit: integer(options.limit, "--limit"), cursor: options.cursor };
      const query: Query = { ...spec.query, ...paging };
      for (const { filter, option } of filters) {
        const flag = option.long ?? filter.flags;
        const value = options[option.attributeName()] ?? givenToParent(parent, option.attributeName(), flag);
        if (value === undefined) continue;
        const { resolve } = filter;
        // A filter by id alone (`--pattern <id>`): a title or a slug there is said to be none, before asking.
        if (!resolve && filter.flags.endsWith(" <id>") && !isId(value)) {
          throw new UsageError(`${flag} takes an id, not "${value}".`, flag);
        }
        query[filter.param] =
          typeof resolve === "function"
            ? await resolve(api, value, flag)
            : resolve
              ? await idOf(api, resolve, value, flag)
              : value;
      }
      const page = await api.list(`/${spec.path}`, query);
      const rows = spec.slugs && !out.json ? await withSlugs(api, page.items, spec.slugs) : page.items;
      out.result(page, () => {
        out.table(rows, spec.columns, `No ${spec.plural} found.`);
        if (page.nextCursor) out.line(`… more: add --cursor ${page.nextCursor}`);
      });
    }),
  );
}

/**
 * A filter the command line gave the noun rather than its `list`: `deploy list --status failed` — `deploy`
 * takes a --status of its own (what it records), and a subcommand's options given after it reach the
 * parent first unless the whole program reads options by position (its global --json and --url may follow
 * a subcommand). Only a value typed on the command line, never the parent's default. The parent's option
 * may take several (`release --version <component@name...>`): a filter takes one.
 */
function givenToParent(parent: Command, name: string, flag: string): string | undefined {
  if (parent.getOptionValueSource(name) !== "cli") return undefined;
  const value: unknown = parent.opts()[name];
  if (!Array.isArray(value)) return typeof value === "string" ? value : undefined;
  if (value.length !== 1) throw new UsageError(`${flag} takes one value here, not ${value.length}.`, flag);
  return String(value[0]);
}

/**
 * Adds `show <id|slug>` to a noun: every field of one entity. `key` names it otherwise: an environment
 * by its name, a contact by id or email (`resolve` turns what was given into the key the API takes).
 */
export function showCommand(
  parent: Command,
  spec: {
    path: string;
    noun: string;
    sluggable?: Sluggable;
    key?: { argument: string; description: string; resolve?: (api: ApiClient, ref: string) => Promise<string> };
  },
): Command {
  const argument = spec.key?.argument ?? (spec.sluggable ? "<id|slug>" : "<id>");
  return parent
    .command("show")
    .argument(argument, spec.key?.description ?? `the ${spec.noun}'s ${spec.sluggable ? "slug or " : ""}id`)
    .description(`Show one ${spec.noun} with all its fields`)
    .action(
      act(async ({ api, out }, [ref = ""]) => {
        const id = spec.key?.resolve
          ? await spec.key.resolve(api, ref)
          : spec.sluggable
            ? await idOf(api, spec.sluggable, ref, argument)
            : spec.key
              ? ref
              : anId(parent, spec.noun, ref, argument);
        const entity = await api.get(`/${spec.path}/${encodeURIComponent(id)}`);
        out.result(entity, () => out.details(entity));
      }),
    );
}

/**
 * ref when it is an id; else a usage error saying where the ids are (`pattern show "Sync loses edits"`:
 * a title, where only an id will do), not the API's `params.id: Invalid UUID`.
 */
function anId(parent: Command, noun: string, ref: string, argument: string): string {
  if (isId(ref)) return ref;
  throw new UsageError(
    `${argument} takes the ${noun}'s id (loopwork ${parent.name()} list shows them), not "${ref}".`,
    argument,
  );
}

/** How a status verb explains a refused transition: the entity's current status → what to say (its id given). */
export type RefusedBecause = Partial<Record<string, (id: string) => string>>;

/**
 * Adds a verb that moves an entity to a status (e.g. `improvement approve <id>`), through the API's state
 * machine. A refusal (invalid_transition) keeps its code; `refused` words it for the status the entity is in.
 */
export function statusCommand(
  parent: Command,
  spec: { verb: string; path: string; noun: string; status: string; description: string; refused?: RefusedBecause },
): Command {
  return parent
    .command(spec.verb)
    .argument("<id>", `the ${spec.noun}'s id`)
    .description(spec.description)
    .action(
      act(async ({ api, out }, [ref = ""]) => {
        const id = anId(parent, spec.noun, ref, "<id>");
        const path = `/${spec.path}/${encodeURIComponent(id)}`;
        const entity = await api.patch(path, { status: spec.status }).catch(async (error: unknown) => {
          if (!(error instanceof CliError) || error.code !== "invalid_transition" || !spec.refused) throw error;
          const because = spec.refused[String((await api.get(path)).status)];
          throw because ? new CliError(error.code, because(id), error.path) : error;
        });
        out.result(entity, () => out.line(`${capital(spec.noun)} ${entity.id} is now ${label(entity.status)}.`));
      }),
    );
}

/** Text from an option: `@file.md` reads the file, anything else is the text itself. */
export async function textOf(value: string | undefined, flag: string): Promise<string | undefined> {
  if (value === undefined || !value.startsWith("@")) return value;
  try {
    return await readFile(value.slice(1), "utf8");
  } catch {
    throw new UsageError(`Cannot read the file ${value.slice(1)} given to ${flag}.`, flag);
  }
}

/**
 * Prints what a create command made: `Added <noun> <label> (<id>).` or the JSON. Without a label, an
 * entity with a title is named by it (`Added pattern “Sync loses edits” (<id>).`), not by its id alone.
 */
export function printCreated(out: Output, noun: string, entity: Entity, name?: unknown): void {
  const shown = name ?? titled(entity);
  out.result(entity, () => out.line(`Added ${noun}${shown ? ` ${String(shown)}` : ""} (${entity.id}).`));
}

/** An entity's title in quotes, as the CLI names a pattern, improvement or signal; undefined without one. */
export const titled = (entity: Entity): string | undefined =>
  typeof entity.title === "string" && entity.title ? `“${entity.title}”` : undefined;

/** A status or kind for people: `in_progress` → `in progress`. */
export const label = (value: unknown) => String(value ?? "-").replaceAll("_", " ");

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
