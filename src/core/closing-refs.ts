/**
 * The issues a pull request says it fixes, as GitHub reads them: a closing keyword (close, closes,
 * closed, fix, fixes, fixed, resolve, resolves, resolved; any case, an optional colon) followed by
 * `#N`, `owner/repo#N` or the URL. Pure: no I/O.
 */
export interface ClosingRef {
  /** "owner/repo" in lower case, or null for an issue of the pull request's own repository. */
  repository: string | null;
  number: number;
}

const keyword = "(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)";
const target = "(?:https?://[^\\s/]+/([\\w.-]+/[\\w.-]+)/issues/(\\d+)|([\\w.-]+/[\\w.-]+)?#(\\d+))";
const pattern = new RegExp(`(?<![\\w-])${keyword}:?\\s+${target}(?![\\w/])`, "gi");

/** Every issue the text closes, each once, in the order they are named. */
export function closingRefs(text: string | null | undefined): ClosingRef[] {
  if (!text) return [];
  const seen = new Set<string>();
  const refs: ClosingRef[] = [];
  for (const match of text.matchAll(pattern)) {
    const repository = (match[1] ?? match[3] ?? null)?.toLowerCase() ?? null;
    const number = Number(match[2] ?? match[4]);
    if (!Number.isSafeInteger(number) || number <= 0) continue;
    const key = `${repository ?? ""}#${number}`;
    if (seen.has(key)) continue;
    seen.add(key);
    refs.push({ repository, number });
  }
  return refs;
}
