import { cutText } from "./cut-text.js";

const titleLength = 120;

/** A title made from free text: its first non-empty line, cut at a word to at most 120 characters. */
export function titleFromText(text: string): string {
  const line = text.split(/\r?\n/).find((l) => l.trim() !== "") ?? text;
  const oneLine = line.trim().replace(/\s+/g, " ");
  if (oneLine.length <= titleLength) return oneLine;
  const cut = cutText(oneLine, titleLength - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > titleLength / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
