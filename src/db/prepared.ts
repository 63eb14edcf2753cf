import type { Db } from "./connect.js";

/**
 * The SQL of a hot statement, to pass to `query` as it is, that a PostgreSQL server prepares once per
 * connection under `name` (node-postgres takes a `{ name, text }` query config where the text goes) and
 * then runs without parsing and, once its plan is cached, without planning it again: for a large
 * statement that is most of what the server spends on it. PGlite gets the text.
 *
 * The value still behaves as the text wherever a string is read (String.prototype methods, template
 * literals), so wrappers of `Db` that log or time statements keep working. One name, one text.
 */
export function prepared(db: Pick<Db, "driver">, name: string, text: string): string {
  if (db.driver !== "postgres") return text;
  const config = Object.create(String.prototype) as Record<string, unknown>;
  config.name = name;
  config.text = text;
  config.toString = () => text;
  config.valueOf = () => text;
  return config as unknown as string;
}
