import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { connect, type Db } from "../src/db/connect.js";
import { migrate } from "../src/db/migrate.js";

/** One migrated scratch database for a run: closing it also removes it. */
export interface BenchDatabase {
  db: Db;
  driver: Db["driver"];
  /** The server database's URL (postgres only): child processes connect to it. */
  url?: string;
  /** What it runs on, for the results file. */
  describe: Record<string, unknown>;
  close(): Promise<void>;
}

/** A fresh PGlite, in memory or in a temporary folder that is removed on close. */
export async function openPglite(where: "memory" | "disk"): Promise<BenchDatabase> {
  const folder = where === "disk" ? mkdtempSync(join(tmpdir(), "loopwork-bench-")) : "memory";
  const db = await connect({ dataFolder: folder });
  await migrate(db);
  const [row] = await db.query<{ version: string }>("select version()");
  return {
    db,
    driver: "pglite",
    describe: { version: row?.version, dataFolder: where },
    close: async () => {
      await db.close();
      if (folder !== "memory") rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** The URL of database name on the same server as url. */
export function withDatabase(url: string, name: string): string {
  const next = new URL(url);
  next.pathname = `/${name}`;
  return next.toString();
}

/**
 * A new database loopwork_bench_<random> on the server at url, migrated; dropped on close.
 * Returns the reason instead when the server cannot be reached, so the run goes on without it.
 */
export async function openServer(url: string): Promise<BenchDatabase | { unreachable: string }> {
  const admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  admin.on("error", () => {});
  try {
    await admin.connect();
  } catch (error) {
    return { unreachable: `${redact(url)}: ${(error as Error).message || String(error)}` };
  }
  const name = `loopwork_bench_${randomBytes(6).toString("hex")}`;
  let version = "";
  let settings: Record<string, string> = {};
  try {
    version = (await admin.query<{ version: string }>("select version()")).rows[0]?.version ?? "";
    const rows = await admin.query<{ name: string; setting: string }>(
      `select name, current_setting(name) as setting from pg_settings
        where name in ('shared_buffers', 'work_mem', 'synchronous_commit', 'fsync', 'max_connections')`,
    );
    settings = Object.fromEntries(rows.rows.map((row) => [row.name, row.setting]));
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const databaseUrl = withDatabase(url, name);
  const db = await connect({ databaseUrl });
  await migrate(db);
  return {
    db,
    driver: "postgres",
    url: databaseUrl,
    describe: { version, database: name, settings },
    close: async () => {
      await db.close();
      const cleanup = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
      cleanup.on("error", () => {});
      await cleanup.connect();
      try {
        await cleanup.query(`drop database if exists ${name} with (force)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(an invalid URL)";
  }
}
