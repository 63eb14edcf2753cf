import type { Db } from "./connect.js";

const preparedOn = new WeakMap<Db, Map<string, Promise<void>>>();

/**
 * Runs a hot statement prepared once per database and name: on a server, a named statement that each
 * connection parses and plans once (for a large statement most of what the server spends); on PGlite
 * (one session) with PREPARE once and EXECUTE after, which saves parsing and, once the plan is cached,
 * planning. `types` are the SQL types of its parameters, in order.
 */
export async function queryPrepared<T>(
  db: Db,
  name: string,
  text: string,
  types: string[],
  params: unknown[],
): Promise<T[]> {
  if (db.driver === "postgres") return db.query<T>(text, params, name);
  const names = preparedOn.get(db) ?? new Map<string, Promise<void>>();
  preparedOn.set(db, names);
  let ready = names.get(name);
  if (!ready) {
    // A wrapper of the same database (its own object) may find it prepared already.
    ready = db.query("select 1 from pg_prepared_statements where name = $1", [name]).then(async (rows) => {
      if (rows.length === 0) await db.exec(`prepare ${name}(${types.join(", ")}) as ${text}`);
    });
    names.set(name, ready);
    ready.catch(() => names.delete(name));
  }
  await ready;
  // EXECUTE takes no bind parameters: its arguments are literals (standard_conforming_strings is on).
  return db.query<T>(`execute ${name}(${params.map(literal).join(", ")})`);
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value))) return String(value);
  return `'${String(value).replaceAll("'", "''")}'`;
}
