import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { inject } from "vitest";
import { connect, type Db } from "../../src/db/connect.js";

/** True when the store tests run against a PostgreSQL server (locking and concurrency tests). */
export const serverUrl = process.env.TEST_DATABASE_URL;

/**
 * A fresh, migrated database for one test. On PGlite it is loaded from the template that the global
 * setup migrated and dumped once per run (a fresh PGlite takes seconds to create); with
 * TEST_DATABASE_URL it is a new database on the server cloned from the template database.
 */
export async function freshDb(): Promise<Db> {
  if (serverUrl) return freshServerDb(serverUrl);
  template ??= readFile(inject("templateDumpFile"));
  // A test's database holds little: 16 MB of shared buffers instead of 128 start it ~0.3 s sooner.
  return connect({ dataFolder: "memory", loadDataDir: await template, embeddedSettings: ["shared_buffers = 16MB"] });
}

/** The template's tarball, read once per test worker. */
let template: Promise<Uint8Array> | undefined;

/** The URL of database name on the same server as url. */
export function databaseUrl(url: string, name: string): string {
  const next = new URL(url);
  next.pathname = `/${name}`;
  return next.toString();
}

/** A new database cloned from the migrated template; closing the Db drops it. */
export async function freshServerDatabase(url: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `loopwork_test_${randomUUID().replaceAll("-", "")}`;
  const admin = await connect({ databaseUrl: url, poolSize: 1 });
  try {
    await admin.exec(`create database ${name} template ${inject("templateDatabase")}`);
  } finally {
    await admin.close();
  }
  return {
    url: databaseUrl(url, name),
    drop: async () => {
      const cleanup = await connect({ databaseUrl: url, poolSize: 1 });
      await cleanup.exec(`drop database if exists ${name} with (force)`);
      await cleanup.close();
    },
  };
}

async function freshServerDb(url: string): Promise<Db> {
  const database = await freshServerDatabase(url);
  const db = await connect({ databaseUrl: database.url });
  return {
    ...db,
    close: async () => {
      await db.close();
      await database.drop();
    },
  };
}
