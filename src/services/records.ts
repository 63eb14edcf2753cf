import { type CursorList, encodeCursor, isUuid, readCursor } from "../core/cursor.js";
import { AppError, notFound, withArticle } from "../core/errors.js";
import type { EarlierWords } from "../core/search-query.js";
import { eventTo, transition } from "../core/state-machines.js";
import { camelCase as camel, camelize } from "../db/columns.js";
import type { Queryable } from "../db/connect.js";
import { violatedKey } from "../db/violated-key.js";
import { forgetPrincipals } from "./principal-cache.js";
import type { Link, Resource } from "./resources.js";
import { newestMatches, searchSql, wholeWordsFirst } from "./search.js";
import type { Tx } from "./transaction.js";

/** A stored entity as the API shows it: camelCase fields, links as id arrays, secrets left out. */
export type Presented = Record<string, unknown> & { id: string };

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The API's view of a row of resource r. */
export function present(r: Resource, row: Record<string, unknown>): Presented {
  const out = camelize(row);
  return (r.present ? r.present(out) : out) as Presented;
}

function selectList(r: Resource): string {
  const links = Object.entries(r.links ?? {}).map(
    ([field, link]) =>
      `array(select l.${link.other} from ${link.table} l where l.${link.self} = t.${r.key} order by 1) as ${snake(field)}`,
  );
  return ["t.*", ...links].join(", ");
}

/** One entity by id, or not_found; `lock` holds its row until the transaction ends. */
export async function getRecord(q: Queryable, r: Resource, id: string, lock = false): Promise<Presented> {
  // A source joins other tables: lock the entity's own row only, then read it through the source.
  if (lock && r.source) await q.query(`select 1 from ${r.table} where ${r.key} = $1 for update`, [id]);
  const [row] = await q.query(
    `select ${selectList(r)} from ${r.source ?? r.table} t where t.${r.key} = $1${lock && !r.source ? " for update of t" : ""}`,
    [id],
  );
  if (!row) {
    const entity = r.name.replace("_", " ");
    // Environments are named, not numbered: "No environment named eu-west.", not "with id eu-west".
    throw r.key === "id" ? notFound(entity, id) : new AppError("not_found", `No ${entity} named ${id}.`, { id });
  }
  return present(r, row);
}

/**
 * A page of entities, newest first, filtered by equality on the resource's filter fields (or its
 * conditions). With `q`, the `limit` best matches of a full text search instead, best first, one page.
 */
export async function listRecords(
  q: Queryable,
  r: Resource,
  options: ListOptions,
): Promise<{ items: Presented[]; nextCursor: string | null }> {
  return options.q !== undefined && r.search
    ? wholeWordsFirst(
        r.search,
        options.q,
        options.limit,
        (earlier) => listPage(q, r, options, earlier),
        (page) => page.items.length,
      )
    : listPage(q, r, options, "prefix");
}

type ListOptions = {
  filters: Record<string, unknown>;
  cursor?: string;
  limit: number;
  sort?: string;
  withinLoop?: string;
  q?: string;
};

async function listPage(
  q: Queryable,
  r: Resource,
  options: ListOptions,
  earlier: EarlierWords,
): Promise<{ items: Presented[]; nextCursor: string | null }> {
  // Newest first by default; a resource may offer other orders (patterns: highest priority first).
  const sort = options.sort && r.sorts?.includes(options.sort) ? options.sort : undefined;
  const sortBy = (alias: string) =>
    sort === undefined ? undefined : (r.sortExpressions?.[sort]?.(alias) ?? `${alias}.${snake(sort)}`);
  // A sort mirrored in a narrow table (alias o) is read through its index, unless a search ranks the page.
  const through = sort && options.q === undefined && !r.source ? r.sortedThrough?.[sort] : undefined;
  const where: string[] = [];
  const params: unknown[] = [];
  for (const [field, value] of Object.entries(options.filters)) {
    if (value === undefined) continue;
    const link = r.links?.[`${field}s`];
    const condition = r.conditions?.[field];
    params.push(value);
    where.push(
      condition
        ? condition(`$${params.length}`)
        : link
          ? `exists (select 1 from ${link.table} l where l.${link.self} = t.${r.key} and l.${link.other} = $${params.length})`
          : `t.${snake(field)} = $${params.length}`,
    );
  }
  // A token bound to a loop lists only that loop's own work.
  if (options.withinLoop && r.privateToLoop) {
    params.push(options.withinLoop);
    where.push(`$${params.length} = any(${r.owners})`);
  }
  let rank: string | undefined;
  let filtered: string | undefined;
  let typos: string | undefined;
  let byFilters = false;
  const source = r.source ?? r.table;
  if (options.q !== undefined && r.search) {
    // Ranked pages do not continue: the best `limit` matches are the answer (a cursor is refused).
    if (options.cursor !== undefined) {
      throw new AppError(
        "invalid_input",
        "query.cursor: A search answers one page, the best matches: refine q instead.",
        {
          path: "query.cursor",
        },
      );
    }
    const found = searchSql(r.search, options.q, params, options.limit, r.source ? undefined : r.table, earlier);
    // Ranked: the newest matches (rankedAtMost) that pass every filter, read once more for their rank.
    filtered = [...where, found.where].join(" and ");
    byFilters = where.length > 0;
    typos = found.typos?.(where);
    where.splice(0, where.length);
    rank = found.rank;
  }
  // A cursor names its list and order (src/core/cursor.ts): another list's is refused, not read as a position.
  const of: CursorList = { list: `/${r.path}`, sort: sort ?? "newest" };
  if (options.cursor !== undefined) {
    // A sorted page goes on after the value its last item had when it was read: a pattern's priority
    // moves with every attachment, and the cursor's row read again would skip or repeat patterns. An
    // older cursor (the bare last key) reads the value from its row.
    const { key, value, legacy } = readCursor(
      options.cursor,
      of,
      r.key === "id" ? isUuid : (name) => name.length <= 80,
    );
    if (legacy)
      await mustBeOfList(q, r, of, key, options.withinLoop && r.privateToLoop ? options.withinLoop : undefined);
    params.push(key);
    const keyParam = `$${params.length}`;
    // Through a mirror, its own columns: a row comparison of one table's index is a range of that index.
    const after = through ? `(${sortBy("o")}, o.${through.key})` : `(${sortBy("t")}, t.${r.key})`;
    if (sort && value !== undefined) {
      params.push(Number(value));
      where.push(`${after} < ($${params.length}::float8, ${keyParam})`);
    } else {
      where.push(
        sort
          ? `${after} < (select ${sortBy("c")}, c.${r.key} from ${r.table} c where c.${r.key} = ${keyParam})`
          : `t.${r.key} < ${keyParam}`,
      );
    }
  }
  // The page first, then its links: a link's array(…) for every row before the sort cost ~2 µs a row,
  // 100 ms over 50,000 patterns sorted by priority (docs/BENCHMARKS.md "Scale").
  const order = rank ?? (sort ? sortBy("t") : undefined);
  const page = (tx: Queryable, candidates: string | undefined) => {
    const from = candidates ?? source;
    params.push(options.limit);
    const filter = where.length ? `where ${where.join(" and ")}` : "";
    // Sorted by a field of a table: the page's keys first, then their rows. Sorting whole rows read every
    // column of every row, 34 of 54 ms for the top 100 of 50,000 patterns; the keys and the sort value
    // alone, 20 (docs/BENCHMARKS.md). A mirror's index gives the keys in order: ~1 ms (migration 0047).
    const keysFirst = order !== undefined && rank === undefined && from === r.table;
    const keys = through
      ? `select t.${r.key}, ${sortBy("o")} as lw_order from ${through.table} o join ${from} t on t.${r.key} = o.${through.key}
          ${filter} order by ${sortBy("o")} desc, o.${through.key} desc limit $${params.length}`
      : `select t.${r.key}, ${order} as lw_order from ${from} t ${filter}
          order by lw_order desc, t.${r.key} desc limit $${params.length}`;
    const top = keysFirst
      ? `select t.*, k.lw_order from (${keys}) k join ${from} t on t.${r.key} = k.${r.key}`
      : `select t.*${order ? `, ${order} as lw_order` : ""} from ${from} t ${filter}
          order by ${order ? "lw_order desc, " : ""}t.${r.key} desc limit $${params.length}`;
    return tx.query(
      `select ${selectList(r)} from (${top}) t
        order by ${order ? "t.lw_order desc, " : ""}t.${r.key} desc`,
      params,
    );
  };
  const rows =
    filtered !== undefined && options.q !== undefined
      ? await newestMatches(q, r, options.q, filtered, params, page, { source, orElse: typos, withFilters: byFilters })
      : await page(q, undefined);
  const items = rows.map(({ lw_order: _, ...row }) => present(r, row));
  const last = items.at(-1);
  if (rank) return { items, nextCursor: null };
  if (items.length < options.limit || !last) return { items, nextCursor: null };
  const lastKey = String(last[camel(r.key)]);
  const value = sort ? { value: Number(rows.at(-1)?.lw_order) } : {};
  return { items, nextCursor: encodeCursor(of, { key: lastKey, ...value }) };
}

/**
 * An older cursor (the bare last key) names no list: it is taken when its key names a row of this one,
 * which one probe of the primary key tells. Another list's id, or a made-up one, is refused. For a token
 * bound to a loop, only a row of its loop counts: whether another loop's row exists is not its to learn.
 */
async function mustBeOfList(
  q: Queryable,
  r: Resource,
  of: CursorList,
  key: string,
  withinLoop: string | undefined,
): Promise<void> {
  const [row] = await q.query(
    `select 1 from ${r.table} t where t.${r.key} = $1 and ($2::uuid is null or $2::uuid = any(${r.owners}))`,
    [key, withinLoop ?? null],
  );
  if (!row) {
    throw new AppError(
      "invalid_cursor",
      `query.cursor: Not a cursor of GET ${of.list}: it names no ${r.name.replace("_", " ")}. Pass the nextCursor of the page before as it came, or leave cursor out for the first page.`,
      { path: "query.cursor" },
    );
  }
}

function columnsOf(
  r: Resource,
  input: Record<string, unknown>,
  merge = false,
): { columns: string[]; values: string[]; params: unknown[] } {
  const columns: string[] = [];
  const values: string[] = [];
  const params: unknown[] = [];
  for (const [field, value] of Object.entries(input)) {
    if (value === undefined || r.links?.[field] || field === "status") continue;
    const json = r.jsonFields?.includes(field);
    params.push(json ? JSON.stringify(value) : value);
    const column = snake(field);
    columns.push(column);
    // An update merges a JSON object into the stored one: keys it names change, null removes one.
    const param = `$${params.length}${json ? "::jsonb" : ""}`;
    const object = typeof value === "object" && value !== null && !Array.isArray(value);
    values.push(json && merge && object ? `jsonb_strip_nulls(coalesce(${column}, '{}'::jsonb) || ${param})` : param);
  }
  return { columns, values, params };
}

async function writeLinks(tx: Queryable, r: Resource, id: string, input: Record<string, unknown>, replace: boolean) {
  for (const [field, link] of Object.entries(r.links ?? {})) {
    const ids = input[field] as string[] | undefined;
    if (ids === undefined) continue;
    if (link.resource === "pattern") await refuseMergedPatterns(tx, field, ids);
    if (replace) await tx.query(`delete from ${link.table} where ${link.self} = $1`, [id]);
    try {
      await tx.query(
        `insert into ${link.table} (${link.self}, ${link.other})
         select $1, unnest($2::${link.otherType ?? "uuid"}[]) on conflict do nothing`,
        [id, ids],
      );
    } catch (error) {
      throw unknownLinked(error, field, link, ids) ?? error;
    }
  }
}

/**
 * A link to a pattern merged into another is refused (pattern_merged, naming where it went), as an
 * attachment to one is: an improvement linked to the empty shell would address nothing, and the
 * people of the pattern that survived would never be told.
 */
async function refuseMergedPatterns(tx: Queryable, field: string, ids: string[]): Promise<void> {
  const [merged] = await tx.query<{ id: string; merged_into_id: string }>(
    "select id, merged_into_id from patterns where id = any($1::uuid[]) and status = 'merged' limit 1",
    [ids],
  );
  if (!merged) return;
  throw new AppError("pattern_merged", `Pattern ${merged.id} was merged into ${merged.merged_into_id}: use that one.`, {
    path: `body.${field}.${ids.indexOf(merged.id)}`,
  });
}

/** Whether a patch names a value other than the stored one (a link list in any order is the same list). */
function asksForChange(r: Resource, before: Presented, patch: Record<string, unknown>): boolean {
  const same = (field: string, value: unknown) =>
    r.links?.[field] && Array.isArray(value) && Array.isArray(before[field])
      ? JSON.stringify([...value].sort()) === JSON.stringify([...(before[field] as unknown[])].sort())
      : JSON.stringify(value) === JSON.stringify(before[field]);
  return Object.entries(patch).some(([field, value]) => value !== undefined && !same(field, value));
}

/** An id of a link list that names nothing, as not_found at its place in the list (body.productIds.1). */
function unknownLinked(error: unknown, field: string, link: Link, ids: string[]): AppError | undefined {
  const { code, detail } = error as { code?: string; detail?: string };
  const missing = code === "23503" ? violatedKey(detail)?.values : undefined;
  if (missing === undefined || !ids.includes(missing)) return undefined;
  const named = link.otherType === "text" ? "named" : "with id";
  return new AppError("not_found", `No ${link.resource.replace("_", " ")} ${named} ${missing}.`, {
    path: `body.${field}.${ids.indexOf(missing)}`,
  });
}

/**
 * Runs the statement that writes a row of r. A violation of one of r's unique indexes becomes the
 * conflict the resource words for it, read once the write is undone to a savepoint (the transaction
 * stays usable); resources without such indexes pay for no savepoint.
 */
async function written<T>(tx: Tx, r: Resource, write: () => Promise<T>): Promise<T> {
  if (!r.uniqueIndexes) return write();
  await tx.query("savepoint loopwork_write");
  try {
    const result = await write();
    await tx.query("release savepoint loopwork_write");
    return result;
  } catch (error) {
    const { code, constraint, detail } = error as { code?: string; constraint?: string; detail?: string };
    const conflict = code === "23505" && constraint ? r.uniqueIndexes[constraint] : undefined;
    const value = violatedKey(detail)?.values;
    // Any other error aborts the transaction, savepoint kept: no caller goes on writing after a failed write
    // (inTransaction rolls it all back; applyGithubEvent retries in a new one), so undoing it buys nothing.
    if (!conflict || value === undefined) throw error;
    await tx.query("rollback to savepoint loopwork_write");
    throw await conflict(tx, value);
  }
}

/** Creates one entity with its links and a "created" timeline event. */
export async function createRecord(tx: Tx, r: Resource, input: Record<string, unknown>): Promise<Presented> {
  const { columns, values, params } = columnsOf(r, r.beforeWrite ? r.beforeWrite(input) : input);
  const [row] = await written(tx, r, () =>
    tx.query<Record<string, unknown>>(
      columns.length
        ? `insert into ${r.table} (${columns.join(", ")}) values (${values.join(", ")}) returning ${r.key}`
        : `insert into ${r.table} default values returning ${r.key}`,
      params,
    ),
  );
  const id = String(row?.[r.key]);
  await writeLinks(tx, r, id, input, false);
  await r.afterWrite?.(tx, id, input);
  const created = await getRecord(tx, r, id);
  tx.record({ entityType: r.name, entityId: id, verb: "created", after: created });
  return created;
}

/** What a status change also stamps: e.g. merged → merged_at. */
const stamps: Record<string, string> = {
  merged: "merged_at",
  resolved: "resolved_at",
  completed: "completed_at",
  success: "finished_at",
  failed: "finished_at",
};
/** What a status change clears: a run started again (a failed deployment re-run) has not finished. */
const clears: Record<string, string> = { running: "finished_at" };

/**
 * Updates fields and links of one entity; a new status goes through the resource's state machine.
 * Records one "updated" (or the transition's event) timeline event with the changed fields only.
 */
export async function updateRecord(
  tx: Tx,
  r: Resource,
  id: string,
  patch: Record<string, unknown>,
): Promise<{ before: Presented; after: Presented; event?: string }> {
  const before = await getRecord(tx, r, id, true);
  const { columns, values, params } = columnsOf(r, r.beforeWrite ? r.beforeWrite(patch) : patch, true);
  const sets = columns.map((column, i) => `${column} = ${values[i]}`);
  let event: string | undefined;
  if (patch.status !== undefined && patch.status !== before.status) {
    if (!r.machine)
      throw new AppError("invalid_input", `${withArticle(r.name, true)} has no status to set.`, {
        path: "body.status",
      });
    event = eventTo(r.machine, String(before.status), String(patch.status));
    if (r.systemEvents?.includes(event)) {
      throw new AppError(
        "invalid_transition",
        `Only snapback can ${event} ${withArticle(r.name)}: it happens when a production deployment ships it.`,
        { path: "body.status" },
      );
    }
    transition(r.machine, String(before.status), event);
    params.push(patch.status);
    sets.push(`status = $${params.length}`);
    const stamp = stamps[String(patch.status)];
    if (stamp && r.stamps?.includes(stamp)) sets.push(`${stamp} = now()`);
    const cleared = clears[String(patch.status)];
    if (cleared && r.stamps?.includes(cleared)) sets.push(`${cleared} = null`);
  }
  // An empty PATCH, or one that sets what is there already, changes nothing: updatedAt stays.
  if (r.hasUpdatedAt !== false && asksForChange(r, before, patch)) sets.push("updated_at = now()");
  if (r.changesAccess) tx.afterCommit(forgetPrincipals);
  if (sets.length > 0) {
    params.push(id);
    await written(tx, r, () =>
      tx.query(`update ${r.table} set ${sets.join(", ")} where ${r.key} = $${params.length}`, params),
    );
  }
  await writeLinks(tx, r, id, patch, true);
  if (event) await r.afterTransition?.(tx, id, event);
  await r.afterWrite?.(tx, id, patch);
  const after = await getRecord(tx, r, id);
  const changed = Object.keys(after).filter(
    (k) => k !== "updatedAt" && JSON.stringify(after[k]) !== JSON.stringify(before[k]),
  );
  if (changed.length > 0) {
    tx.record({
      entityType: r.name,
      entityId: id,
      verb: event ?? "updated",
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, after[k]])),
    });
  }
  return { before, after, event };
}
