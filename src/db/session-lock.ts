import pg from "pg";
import type { Db } from "./connect.js";

/**
 * Takes a session-level advisory lock, held until release() or until this process dies (its
 * connection closes with it): how one process among many on a PostgreSQL server claims a role for as
 * long as it lives. On a server it needs a connection of its own, outside the pool (a pooled
 * connection goes back to the pool, and the pool closes idle ones). On the embedded database a data
 * folder has one process at a time already, so the lock is always this process's. Undefined when
 * another process holds it.
 */
export async function trySessionLock(
  db: Db,
  databaseUrl: string | undefined,
  key: number,
): Promise<{ release(): Promise<void> } | undefined> {
  if (db.driver === "pglite" || !databaseUrl) return { release: async () => {} };
  const client = new pg.Client({ connectionString: databaseUrl });
  // A lost connection only loses the lock: it must not crash the process.
  client.on("error", () => {});
  await client.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>("select pg_try_advisory_lock($1) as locked", [key]);
    if (rows[0]?.locked) return { release: () => client.end() };
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
  await client.end();
  return undefined;
}
