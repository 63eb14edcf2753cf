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

/**
 * The prefix tsquery of a query ("exp csv" → "exp:* & csv:*"), or null when it has no word. The words an
 * identifier joins with underscores before its last are whole words ("ERR_SYNC_TIMEOUT" → "err & sync &
 * timeout:*"): whoever typed "ERR_SYNC_" has finished "err" and "sync", and "err:*" would also find every
 * "error" (PostgreSQL splits such a code into its words, and reads a common prefix's every posting: 115 ms
 * of a search at a million signals, docs/BENCHMARKS.md).
 */
export function prefixQuery(q: string): string | null {
  const parts: string[] = [];
  // An email address is one word to PostgreSQL's parser ('bob@example.com'): searched as itself (its
  // letters cannot break the syntax), it finds the contact or the text that holds it.
  const lower = q.toLowerCase();
  const emails = lower.match(emailAddress) ?? [];
  for (const email of emails) parts.push(`'${email}':*`);
  // So is a dotted token ("2.4.1" finds "Sync engine 2.4.1", "db.js" finds "db.js:88"): its letters,
  // digits, dots, hyphens and underscores cannot break the syntax either (a letter or digit at each end of
  // every part: "-.-" alone would be '':*, which to_tsquery refuses).
  const rest = lower.replace(emailAddress, " ");
  for (const token of rest.match(dotted) ?? []) parts.push(`'${token}':*`);
  for (const token of rest.replace(dotted, " ").match(/[\p{L}\p{N}_]+/gu) ?? []) {
    const words = token.split("_").filter(Boolean);
    for (const [i, word] of words.entries()) parts.push(i < words.length - 1 ? word : `${word}:*`);
  }
  // Every word must occur: a query of more words than a search takes is refused, never searched for
  // its first ones only (that would answer reports lacking the rest).
  if (parts.length > maxQueryWords) {
    throw new AppError("invalid_input", `query.q: Search for at most ${maxQueryWords} words.`, { path: "query.q" });
  }
  return parts.length > 0 ? parts.join(" & ") : null;
}
