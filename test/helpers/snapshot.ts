import type { Db } from "../../src/db/connect.js";

/**
 * Every row of every table, as one comparable text per table: proves a request wrote nothing. The
 * rate limits' counters are left out: counting a request is not writing what it asked for; so are a
 * channel's remembered refusals (its health): remembering a refusal is not doing what it was asked; and
 * what a webhook channel's signed requests signed (a repeat's, too: its replay under another delivery id
 * is found by it), remembered to answer such a replay as a repeat.
 */
export async function snapshotTables(db: Db): Promise<Record<string, string>> {
  const tables = await db.query<{ name: string }>(
    "select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not in ('rate_limit_windows', 'channel_refusals', 'webhook_signatures') order by 1",
  );
  const snapshot: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await db.query<{ digest: string | null }>(
      `select md5(string_agg(t::text, '|' order by t::text)) || ':' || count(*) as digest from ${name} t`,
    );
    snapshot[name] = row?.digest ?? "empty";
  }
  return snapshot;
}
