import { randomUUID } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { connect } from "../src/db/connect.js";
import { migrate } from "../src/db/migrate.js";
import { ensureWorkspaceBuilt } from "../src/http/workspace-build.js";
import { databaseUrl } from "./helpers/db.js";

/** Migrates one template database per run: PGlite dumped to a file, or a template database on the server. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The browser tests, and every `loopwork start` a test spawns, need the built workspace: built once
  // here (seconds, and only when stale), never by several test files at once.
  await ensureWorkspaceBuilt((line) => console.log(line));
  const templateDumpFile = join(tmpdir(), `loopwork-template-${randomUUID()}.tar`);
  project.provide("templateDumpFile", templateDumpFile);
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    // A template per run, so two runs on one server never share (or drop) each other's.
    const templateDatabase = `loopwork_template_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
    project.provide("templateDatabase", templateDatabase);
    const admin = await connect({ databaseUrl: url, poolSize: 1 });
    await admin.exec(`drop database if exists ${templateDatabase} with (force)`);
    await admin.exec(`create database ${templateDatabase}`);
    const template = await connect({ databaseUrl: databaseUrl(url, templateDatabase), poolSize: 1 });
    await migrate(template);
    await template.close();
    await admin.close();
    return async () => {
      const cleanup = await connect({ databaseUrl: url, poolSize: 1 });
      await cleanup.exec(`drop database if exists ${templateDatabase} with (force)`);
      await cleanup.close();
    };
  }
  const db = await connect({ dataFolder: "memory" });
  await migrate(db);
  // Checkpointed first: otherwise every test's database replays the migrations' WAL as it starts.
  await db.exec("checkpoint");
  const dump = await db.dumpDataDir?.();
  await db.close();
  if (!dump) throw new Error("PGlite could not dump its data folder");
  await writeFile(templateDumpFile, Buffer.from(await dump.arrayBuffer()));
  return async () => rm(templateDumpFile, { force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    templateDumpFile: string;
    templateDatabase: string;
  }
}
