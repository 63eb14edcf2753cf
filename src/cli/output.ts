import type { Entity } from "./client.js";

/** One column of a table: a header and how to show a row's cell. */
export interface Column<T = Entity> {
  header: string;
  value: (row: T) => unknown;
  /** Longer cells are cut with an ellipsis. */
  max?: number;
}

/** Writes what a command has to say: raw JSON with --json, short aligned text otherwise. */
export class Output {
  constructor(readonly json: boolean) {}

  /** Prints data as JSON (--json), or runs human to print it for a person. */
  result(data: unknown, human: () => void): void {
    if (this.json) this.line(JSON.stringify(data, null, 2));
    else human();
  }

  /** Prints lines of text. */
  line(...lines: string[]): void {
    for (const line of lines) process.stdout.write(`${line}\n`);
  }

  /** Prints rows as an aligned table, or `empty` when there are none. */
  table<T>(rows: T[], columns: Column<T>[], empty: string): void {
    if (rows.length === 0) this.line(empty);
    else this.line(...tableLines(rows, columns));
  }

  /** Prints one entity's fields as aligned `label  value` lines, long text fields as blocks after. */
  details(entity: Record<string, unknown>): void {
    const short: [string, string][] = [];
    const long: [string, string][] = [];
    for (const [key, value] of Object.entries(entity)) {
      const text = cell(value);
      (typeof value === "string" && (text.length > 80 || value.includes("\n")) ? long : short).push([label(key), text]);
    }
    const width = Math.max(...short.map(([key]) => key.length));
    this.line(...short.map(([key, text]) => `${key.padEnd(width)}  ${text}`));
    // A text read from a file (`--why @why.md`) ends with a line break: no blank indented line after it.
    for (const [key, text] of long)
      this.line(
        "",
        `${key}:`,
        ...String(text)
          .trimEnd()
          .split("\n")
          .map((l) => `  ${l}`),
      );
  }
}

/** The lines of an aligned table: a header row and one row per item. */
export function tableLines<T>(rows: T[], columns: Column<T>[]): string[] {
  const cells = rows.map((row) => columns.map((c) => clip(cell(c.value(row)), c.max)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => columnsOf(r[i] ?? ""))));
  const format = (values: string[]) =>
    values
      .map((v, i) => (i === values.length - 1 ? v : v + " ".repeat(Math.max(0, (widths[i] ?? 0) - columnsOf(v)))))
      .join("  ")
      .trimEnd();
  return [format(columns.map((c) => c.header.toUpperCase())), ...cells.map(format)];
}

/** A value as one short cell: times as `YYYY-MM-DD HH:MM UTC`, lists joined, nothing as a dash. */
export function cell(value: unknown): string {
  if (value === null || value === undefined || value === "") return "-";
  if (typeof value === "string") return isTimestamp(value) ? when(value) : value;
  if (Array.isArray(value)) return value.length ? value.map(cell).join(", ") : "-";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/**
 * An ISO time as `YYYY-MM-DD HH:MM UTC`, short enough for a table and saying its zone: every command
 * prints times in UTC (the server's and the API's clock), never the terminal's local time unlabelled.
 */
export function when(value: unknown): string {
  if (typeof value !== "string" || !value) return "-";
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** text on one line, cut to max terminal columns with an ellipsis when cut (never inside a character). */
export function clip(text: string, max?: number): string {
  const oneLine = text.replace(/\s+/g, " ");
  if (!max || columnsOf(oneLine) <= max) return oneLine;
  let kept = "";
  let used = 0;
  for (const char of oneLine) {
    const width = columnsOf(char);
    if (used + width > max - 1) break;
    kept += char;
    used += width;
  }
  return `${kept}…`;
}

// Characters a terminal draws two columns wide: East Asian wide and fullwidth ones (CJK, Hangul, kana,
// fullwidth forms) and emoji shown as pictures; marks, joiners and variation selectors (Mn, Me, Cf) take none.
const wide =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]|\p{Emoji_Presentation}/u;
const zeroWidth = /[\p{Mn}\p{Me}\p{Cf}]/u;

/** How many terminal columns text takes: what aligns a table of titles in Japanese or with emoji. */
export function columnsOf(text: string): number {
  let columns = 0;
  for (const char of text) columns += zeroWidth.test(char) ? 0 : wide.test(char) ? 2 : 1;
  return columns;
}

/** n with its noun, singular or plural: `1 signal`, `3 signals`. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

const isTimestamp = (value: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(value);
const label = (key: string) => key.replace(/([A-Z])/g, " $1").toLowerCase();
