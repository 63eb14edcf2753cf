import { readdirSync, readFileSync } from "node:fs";
import type { Db } from "./connect.js";

const folder = new URL("./migrations/", import.meta.url);

/** The numbered migrations shipped with this version, in order. */
export function migrations(): { version: number; name: string; sql: string }[] {
  return readdirSync(folder)
    .filter((file) => /^\d{4}_.+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 4)),
      name: file.slice(5, -4),
      sql: readFileSync(new URL(file, folder), "utf8"),
    }));
}

/**
 * Applies the migrations not yet applied, all in one transaction. Safe when several processes start at
 * once: the advisory lock makes the others wait, then they find nothing left to do.
 */
export async function migrate(db: Db): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query("select pg_advisory_xact_lock(7468756)");
    await tx.query(
      `create table if not exists schema_migrations (
         version integer primary key, name text not null, applied_at timestamptz not null default now())`,
    );
    const done = new Set(
      (await tx.query<{ version: number }>("select version from schema_migrations")).map((row) => row.version),
    );
    const applied: number[] = [];
    for (const migration of migrations()) {
      if (done.has(migration.version)) continue;
      // Multi-statement SQL needs the simple protocol: a parameterless query on both drivers.
      await tx.exec(migration.sql);
      await tx.query("insert into schema_migrations (version, name) values ($1, $2)", [
        migration.version,
        migration.name,
      ]);
      applied.push(migration.version);
    }
    return applied;
  });
}
