import type { Db, Queryable } from "../src/db/connect.js";
import { now, round, since } from "./report.js";

/** One statement a service ran and how long the database took to answer it. */
export interface StatementTime {
  sql: string;
  ms: number;
  rows: number;
}

/**
 * The same database, recording every statement run through it (and through its transactions), so a
 * benchmark can say where a service's time goes without changing the service.
 */
export function timedDb(db: Db): { db: Db; statements: StatementTime[] } {
  const statements: StatementTime[] = [];
  const timed = (q: Queryable): Queryable => ({
    query: async <T>(sql: string, params?: unknown[], name?: string) => {
      const start = now();
      const rows = await q.query<T>(sql, params, name);
      statements.push({ sql, ms: since(start), rows: rows.length });
      return rows;
    },
    exec: async (sql: string) => {
      const start = now();
      await q.exec(sql);
      statements.push({ sql, ms: since(start), rows: 0 });
    },
  });
  const wrapped: Db = {
    ...db,
    ...(db.driver === "pglite" ? oneAtATime(timed(db)) : timed(db)),
    transaction: (fn) => db.transaction((tx) => fn(timed(tx))),
  };
  return { db: wrapped, statements };
}

/**
 * PGlite runs one statement at a time: statements asked side by side (Promise.all) wait in its queue, and
 * each would be timed with the wait of those before it. Asked one after another here, each is timed alone.
 * (Statements inside a transaction are not queued here: the transaction holds PGlite until it ends.)
 */
function oneAtATime(q: Queryable): Queryable {
  let tail: Promise<unknown> = Promise.resolve();
  const queue = <T>(run: () => Promise<T>): Promise<T> => {
    const result = tail.then(run, run);
    tail = result.catch(() => undefined);
    return result;
  };
  return {
    query: (sql, params, name) => queue(() => q.query(sql, params, name)),
    exec: (sql) => queue(() => q.exec(sql)),
  };
}

/** The slowest statements, each named by its first words, for a result's details. */
export function slowest(statements: StatementTime[], count: number): { statement: string; ms: number; rows: number }[] {
  return [...statements]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, count)
    .map((s) => ({ statement: name(s.sql), ms: round(s.ms), rows: s.rows }));
}

/** A statement's first 90 characters on one line: enough to find it in the source. */
export function name(sql: string): string {
  return sql.replace(/\s+/g, " ").trim().slice(0, 90);
}

/** Statements grouped by their name, slowest total first: where a repeated use-case spends its time. */
export function byStatement(
  statements: StatementTime[],
  count: number,
): { statement: string; ms: number; calls: number }[] {
  const groups = new Map<string, { ms: number; calls: number }>();
  for (const s of statements) {
    const group = groups.get(name(s.sql)) ?? { ms: 0, calls: 0 };
    group.ms += s.ms;
    group.calls++;
    groups.set(name(s.sql), group);
  }
  return [...groups]
    .sort((a, b) => b[1].ms - a[1].ms)
    .slice(0, count)
    .map(([statement, group]) => ({ statement, ms: round(group.ms), calls: group.calls }));
}
