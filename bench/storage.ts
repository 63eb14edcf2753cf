import { randomUUID } from "node:crypto";
import type { Db, Queryable } from "../src/db/connect.js";
import { createSignals } from "../src/services/create-signals.js";
import type { BenchOptions } from "./options.js";
import { emit, log, round } from "./report.js";
import { Contacts, seedLoop, signalInputs } from "./workload.js";

/** Target of the storage benchmark: bytes on disk per signal, tables and their indexes (issue #13). */
export const bytesPerSignalTarget = 1536;

/** Bytes of every table of the schema (with its indexes and TOAST), by table. */
async function tableBytes(q: Queryable): Promise<Map<string, number>> {
  const rows = await q.query<{ name: string; bytes: string }>(
    `select c.relname as name, pg_total_relation_size(c.oid)::text as bytes
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind = 'r'`,
  );
  return new Map(rows.map((row) => [row.name, Number(row.bytes)]));
}

/** Bytes of every table and index of the schema by itself (pg_relation_size, main fork plus TOAST for tables). */
async function relationBytes(q: Queryable): Promise<Map<string, number>> {
  const rows = await q.query<{ name: string; bytes: string }>(
    `select case when c.relkind = 'i' then c.relname || ' (index)' else c.relname end as name,
            (pg_relation_size(c.oid) + case when c.reltoastrelid <> 0 then pg_total_relation_size(c.reltoastrelid) else 0 end)::text as bytes
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind in ('r', 'i')`,
  );
  return new Map(rows.map((row) => [row.name, Number(row.bytes)]));
}

/**
 * Bytes per signal on disk: what the tables and indexes of a loop already holding as many signals grow
 * by while signals arrive as the batch benchmark sends them (a contact by email, ~60 % new people, one of 50 patterns each), in batches of
 * 1,000 (storage.batch) and one per call (storage.single: each call then writes its own attachment event). A measurement of the
 * database's files (pg_total_relation_size), the same on both drivers; PGlite's data folder also holds
 * the write-ahead log, which is not the data's size. Dead row versions that vacuum would reclaim (each
 * attachment rewrites its pattern's row) are counted: the patterns table's share says how much.
 */
export async function benchStorage(db: Db, options: BenchOptions): Promise<void> {
  const label = `bench-storage-${Date.now().toString(36)}`;
  const { channelId, patternIds } = await seedLoop(db, label, options.patterns);
  const contacts = new Contacts(`${label}.example.com`, 3);
  const batched = options.storageSignals;
  // Half as many one per call (5,000 of 20,000 left the result to the timing of a few index page splits, ±30 bytes).
  const single = Math.max(1, Math.round(batched / 2));
  // Written as an API token writes them: the actor is kept with every event and attachment.
  const actor = `token:${randomUUID()}`;
  // A loop in use, not an empty database: as many signals again first, from the same people and
  // patterns, so that what is measured is the growth of indexes that already hold data (an empty
  // index grows by its first splits, and one filled by other data by the space those left).
  for (let sent = 0; sent < batched; sent += 1000) {
    const warm = signalInputs(Math.min(1000, batched - sent), {
      channelId,
      patternIds,
      contacts,
      label: `${label}-w${sent}`,
    });
    await createSignals(db, actor, warm.inputs);
  }
  const before = await tableBytes(db);
  const relationsBefore = await relationBytes(db);
  for (let sent = 0; sent < batched; sent += 1000) {
    const batch = signalInputs(Math.min(1000, batched - sent), {
      channelId,
      patternIds,
      contacts,
      label: `${label}-${sent}`,
    });
    await createSignals(db, actor, batch.inputs);
  }
  const afterBatches = await tableBytes(db);
  const relationsAfterBatches = await relationBytes(db);
  log(`${db.driver} storage: ${batched} signals in batches written; now ${single} one per call`);
  // The same reports as the batches' (numbered within chunks of 1,000 under a label of their own), sent
  // one per call: the two results differ by how signals are sent, not by what they say.
  for (let sent = 0; sent < single; sent += 1000) {
    const singles = signalInputs(Math.min(1000, single - sent), {
      channelId,
      patternIds,
      contacts,
      label: `${label}-s${sent}`,
    });
    for (const input of singles.inputs) await createSignals(db, actor, [input]);
  }
  const afterSingles = await tableBytes(db);
  const relationsAfterSingles = await relationBytes(db);
  const growth = (from: Map<string, number>, to: Map<string, number>, signals: number) => {
    const byTable = [...to]
      .map(([name, bytes]) => [name, (bytes - (from.get(name) ?? 0)) / signals] as const)
      .filter(([, bytes]) => bytes > 0)
      .sort((a, b) => b[1] - a[1]);
    return {
      total: byTable.reduce((sum, [, bytes]) => sum + bytes, 0),
      byTable: Object.fromEntries(byTable.map(([name, bytes]) => [name, round(bytes)])),
    };
  };
  // Two results, one per way of sending: a batch shares its events' per-request parts, a single call does not.
  for (const [bench, from, to, relationsFrom, relationsTo, signals] of [
    ["storage.batch", before, afterBatches, relationsBefore, relationsAfterBatches, batched],
    ["storage.single", afterBatches, afterSingles, relationsAfterBatches, relationsAfterSingles, single],
  ] as const) {
    const measuredGrowth = growth(from, to, signals);
    // The same growth split by table and by index: what each one costs (issue #13 asks for it).
    emit({
      bench,
      driver: db.driver,
      value: measuredGrowth.total,
      unit: "bytes/signal",
      target: bytesPerSignalTarget,
      comparison: "<",
      signals,
      byTable: measuredGrowth.byTable,
      byRelation: growth(relationsFrom, relationsTo, signals).byTable,
    });
  }
}
