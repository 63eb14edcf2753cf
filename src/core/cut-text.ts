/**
 * The first `max` UTF-16 code units of `text` at most, never ending in the first half of a surrogate pair
 * (an emoji cut in two cannot be stored: storable-text.ts). A pair the limit would split is left out whole.
 */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = max > 0 && /[\ud800-\udbff]/.test(text.charAt(max - 1)) ? max - 1 : max;
  return text.slice(0, end);
}
