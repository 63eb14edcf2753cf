/**
 * What a search box's text means to PostgreSQL's full text search: every word, as a prefix, must occur
 * (search-as-you-type: "sy" finds "sync"). Only letters and digits reach to_tsquery, so no input can
 * break its syntax.
 */

/** Words taken from one query at most: a pasted paragraph is not a query. */
export const maxQueryWords = 16;

/** The words of a query, lowercased: runs of letters and digits in any script. */
export function queryWords(q: string): string[] {
  return (q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, maxQueryWords);
}

/** The prefix tsquery of a query ("exp csv" → "exp:* & csv:*"), or null when it has no word. */
export function prefixQuery(q: string): string | null {
  const words = queryWords(q);
  return words.length > 0 ? words.map((word) => `${word}:*`).join(" & ") : null;
}
