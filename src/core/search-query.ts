/**
 * What a search box's text means to PostgreSQL's full text search: every word, as a prefix, must occur
 * (search-as-you-type: "sy" finds "sync"). Only letters and digits reach to_tsquery, so no input can
 * break its syntax.
 */

import { AppError } from "./errors.js";

/** An email address as PostgreSQL's parser takes one: a local part, @, and a domain with a dot. */
const emailAddress = /[\p{L}\p{N}._-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
/**
 * Words joined by dots (a version `2.4.1`, a file `db.js` and its line `db.js:88`, a host `example.com`,
 * a number `3.1`):
 * PostgreSQL's parser keeps each as one token, so split into its parts it would match nothing.
 */
const dotted =
  /[\p{L}\p{N}](?:[\p{L}\p{N}_-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}_-]*[\p{L}\p{N}])?)+(?::\p{N}+)?/gu;

/** Words taken from one query at most: a pasted paragraph is not a query. */
export const maxQueryWords = 16;

/** The words of a query, lowercased: runs of letters and digits in any script. */
export function queryWords(q: string): string[] {
  return (q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, maxQueryWords);
}

/** How a query's words before its last are matched: as prefixes too, or as whole words. */
export type EarlierWords = "prefix" | "whole";

/**
 * The prefix tsquery of a query ("exp csv" → "exp:* & csv:*"), or null when it has no word. The words an
 * identifier joins with underscores before its last are whole words ("ERR_SYNC_TIMEOUT" → "err & sync &
 * timeout:*"): whoever typed "ERR_SYNC_" has finished "err" and "sync", and "err:*" would also find every
 * "error" (PostgreSQL splits such a code into its words, and reads a common prefix's every posting: 115 ms
 * of a search at a million signals, docs/BENCHMARKS.md).
 *
 * With `earlier = "whole"` only the query's last word is a prefix ("login after the upd" → "login & after &
 * the & upd:*"): the word being typed, as search engines read a query typed (Algolia's and Typesense's
 * default, Meilisearch's only way). A whole word is read from its own postings; a prefix reads every
 * posting of every word it begins into a bitmap first — for a common word at a million signals, 8–15 ms
 * a word (docs/BENCHMARKS.md). Signal search tries this first and every word as a prefix only when it finds
 * too few (src/services/search.ts).
 */
export function prefixQuery(q: string, earlier: EarlierWords = "prefix"): string | null {
  // Each part with where it starts in the query: the last one typed is a prefix whatever `earlier` says.
  const parts: { text: string; at: number; whole?: string }[] = [];
  // An email address is one word to PostgreSQL's parser ('bob@example.com'): searched as itself (its
  // letters cannot break the syntax), it finds the contact or the text that holds it.
  const lower = q.toLowerCase();
  for (const m of lower.matchAll(emailAddress)) parts.push({ text: `'${m[0]}':*`, at: m.index, whole: `'${m[0]}'` });
  // So is a dotted token ("2.4.1" finds "Sync engine 2.4.1", "db.js" finds "db.js:88"): its letters,
  // digits, dots, hyphens and underscores cannot break the syntax either (a letter or digit at each end of
  // every part: "-.-" alone would be '':*, which to_tsquery refuses). Blanked out with spaces, not
  // removed, so that what is left keeps its places.
  const blank = (m: string) => " ".repeat(m.length);
  const rest = lower.replace(emailAddress, blank);
  for (const m of rest.matchAll(dotted)) parts.push({ text: `'${m[0]}':*`, at: m.index, whole: `'${m[0]}'` });
  for (const m of rest.replace(dotted, blank).matchAll(/[\p{L}\p{N}_]+/gu)) {
    const words = m[0].split("_").filter(Boolean);
    for (const [i, word] of words.entries()) {
      // A number is also sought with a minus: PostgreSQL's parser reads "AUTH-401" and "ORA-00942" as a
      // word and a signed integer ('auth', '-401'), so "401" alone would never find them.
      const number = /^\p{N}+$/u.test(word);
      const whole = number ? `(${word} | '-${word}')` : word;
      const prefix = number ? `(${word}:* | '-${word}':*)` : `${word}:*`;
      parts.push(i < words.length - 1 ? { text: whole, at: m.index + i } : { text: prefix, at: m.index + i, whole });
    }
  }
  // Every word must occur: a query of more words than a search takes is refused, never searched for
  // its first ones only (that would answer reports lacking the rest).
  if (parts.length > maxQueryWords) {
    throw new AppError("invalid_input", `query.q: Search for at most ${maxQueryWords} words.`, { path: "query.q" });
  }
  const last = Math.max(...parts.map((part) => part.at));
  const written = parts.map((part) =>
    earlier === "whole" && part.at !== last ? (part.whole ?? part.text) : part.text,
  );
  return written.length > 0 ? written.join(" & ") : null;
}
