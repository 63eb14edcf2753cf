// Shared with the server, so that the workspace and the API's texts agree (the build's hash covers them:
// src/http/workspace-build.ts follows web/'s imports out of web/).
export { cutText } from "../../../src/core/cut-text";
export { percent } from "../../../src/core/percent";
export { ruleWhere } from "../../../src/core/rule-words";

const minute = 60;
const hour = 60 * minute;
const day = 24 * hour;

/** A duration in seconds as a person says it: "45 s", "12 min", "5.5 h", "3.2 d". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return "—";
  if (seconds < minute) return `${Math.round(seconds)} s`;
  if (seconds < hour) return `${Math.round(seconds / minute)} min`;
  if (seconds < day) return `${(seconds / hour).toFixed(1)} h`;
  return `${(seconds / day).toFixed(1)} d`;
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });

/** How long ago an ISO time was: "3 minutes ago", "yesterday". */
export function formatAgo(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return "—";
  const seconds = (new Date(iso).getTime() - now) / 1000;
  const abs = Math.abs(seconds);
  if (abs < minute) return relative.format(Math.round(seconds), "second");
  if (abs < hour) return relative.format(Math.round(seconds / minute), "minute");
  if (abs < day) return relative.format(Math.round(seconds / hour), "hour");
  return relative.format(Math.round(seconds / day), "day");
}

/** A count with its noun, singular for one: "1 signal", "3 signals". */
export function countOf(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** An ISO time in the person's locale, for a title attribute next to formatAgo. */
export function formatTime(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString() : "";
}

/** Counts per day over the last `days` days (oldest first) of the given times: a sparkline's series. */
export function perDay(times: string[], days: number, now = Date.now()): { x: number[]; y: number[] } {
  const start = Math.floor(now / 86_400_000) - days + 1;
  const y = new Array<number>(days).fill(0);
  for (const time of times) {
    const index = Math.floor(new Date(time).getTime() / 86_400_000) - start;
    if (index >= 0 && index < days) y[index] = (y[index] ?? 0) + 1;
  }
  return { x: y.map((_, i) => (start + i) * 86_400), y };
}

/**
 * text cut to at most `length` characters with an ellipsis: counted and cut by code point, so an emoji
 * is never split into half a surrogate pair (a broken character on the page).
 */
export function clipText(text: string, length: number): string {
  const chars = Array.from(text);
  return chars.length > length ? `${chars.slice(0, length - 1).join("")}…` : text;
}
