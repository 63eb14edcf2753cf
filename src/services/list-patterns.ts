import { encodeCursor } from "../core/cursor.js";
import type { Queryable } from "../db/connect.js";
import { listRecords, type Presented, present } from "./records.js";
import { resources } from "./resources.js";

/** A pattern's newest signals, as a list of patterns with their signals shows them. */
export interface PatternSignalsPage {
  /** Up to the asked number of signals, newest first, each as GET /signals shows it. */
  items: Presented[];
  /** Every signal attached to the pattern. */
  count: number;
  /** For the rest: GET /signals?patternId=<id>&cursor=<nextCursor> pages on, newest first. */
  nextCursor: string | null;
}

const signalsList = { list: "/signals", sort: "newest" };

/**
 * A page of patterns, each with its newest signals (`perPattern` at most) and their count: what a screen
 * of patterns needs, in one request. One statement for the signals of the whole page; each pattern's are
 * read newest first from the primary key of signal_patterns (pattern, signal), so the cost follows the
 * page's size, never the patterns' number of signals.
 */
export async function listPatternsWithSignals(
  q: Queryable,
  options: Parameters<typeof listRecords>[2] & { perPattern: number },
): Promise<{ items: (Presented & { signals: PatternSignalsPage })[]; nextCursor: string | null }> {
  const { perPattern, ...listOptions } = options;
  const page = await listRecords(q, resources.pattern, listOptions);
  const ids = page.items.map((pattern) => pattern.id);
  const rows = ids.length
    ? await q.query<Record<string, unknown> & { for_pattern: string }>(
        `select p.id as for_pattern, s.*,
                array(select l.pattern_id from signal_patterns l where l.signal_id = s.id order by 1) as pattern_ids
           from unnest($1::uuid[]) as p(id)
           cross join lateral (select sp.signal_id from signal_patterns sp where sp.pattern_id = p.id
                                order by sp.signal_id desc limit $2) newest
           join signals s on s.id = newest.signal_id
          order by p.id, s.id desc`,
        [ids, perPattern],
      )
    : [];
  const byPattern = new Map<string, Presented[]>();
  for (const { for_pattern: patternId, ...row } of rows) {
    const list = byPattern.get(patternId) ?? [];
    list.push(present(resources.signal, row));
    byPattern.set(patternId, list);
  }
  return {
    items: page.items.map((pattern) => {
      const items = byPattern.get(pattern.id) ?? [];
      const count = Number(pattern.signalCount ?? 0);
      const last = items.at(-1);
      // A cursor of GET /signals (newest first), where the rest is read.
      const nextCursor = count > items.length && last ? encodeCursor(signalsList, { key: last.id }) : null;
      return { ...pattern, signals: { items, count, nextCursor } };
    }),
    nextCursor: page.nextCursor,
  };
}
