import { z } from "zod";
import { AppError } from "./errors.js";

/** The list a cursor pages: its path (`/signals`) and its order (`newest`, `priority`). */
export interface CursorList {
  list: string;
  sort: string;
}

/** Where a page goes on: after the row with this key (and, on a sorted list, the value it was sorted by). */
export interface CursorPosition {
  key: string;
  value?: number;
}

/** Longer than any cursor a list gives (an id and a float with their list's name: ~100 characters). */
export const cursorMaxLength = 300;

/**
 * The `cursor` query parameter of a list, as the document shows it. The list reads it itself (readCursor:
 * only it knows which list it is), so that every cursor it refuses is `invalid_cursor`; one longer than
 * the bound is refused there too.
 */
export const pageCursor = () =>
  z
    .string()
    .meta({
      maxLength: cursorMaxLength,
      description:
        "The nextCursor of the page before, as it came (opaque). It names its list and order: another list's, or one cut short, is 400 invalid_cursor.",
    })
    .optional();

/** Version 1 of the cursor's contents: `[1, list, sort, key, value?]`. */
const version = 1;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** An id; a list keyed by name (environments) passes its own test. */
export const isUuid = (key: string) => uuidPattern.test(key);

/**
 * The `nextCursor` of a page: base64url of `[1, list, sort, key, value?]`. Opaque to clients (docs/API.md
 * "Lists"): what it holds lets the list it is given to refuse one of another list or order, or one cut short.
 */
export function encodeCursor(of: CursorList, at: CursorPosition): string {
  const contents = [version, of.list, of.sort, at.key, ...(at.value === undefined ? [] : [at.value])];
  return Buffer.from(JSON.stringify(contents), "utf8").toString("base64url");
}

/** How a list is named in a message: `GET /patterns?sort=priority`, `GET /signals`. */
const named = (of: CursorList) => `GET ${of.list}${of.sort === "newest" ? "" : `?sort=${of.sort}`}`;

function refused(why: string): AppError {
  return new AppError("invalid_cursor", `query.cursor: ${why}`, { path: "query.cursor" });
}

/**
 * What a cursor given to the list `of` says, or `invalid_cursor` at `query.cursor`: not one this server
 * gives (garbage, cut short, altered), or one of another list or order — read as a position of this one,
 * it paged from a place that means nothing here. `isKey` says what a key of this list looks like.
 *
 * A cursor from before cursors named their list (the last key, `<key>~<value>` on a sorted list) is
 * still read, marked `legacy`: the caller checks that its key names a row of this list.
 */
export function readCursor(
  cursor: string,
  of: CursorList,
  isKey: (key: string) => boolean = isUuid,
): CursorPosition & { legacy: boolean } {
  const garbage = `Not a cursor this server gave: pass the nextCursor of the page before as it came, or leave cursor out for the first page of ${named(of)}.`;
  if (cursor.length > cursorMaxLength) throw refused(garbage);
  const contents = decoded(cursor);
  if (contents === undefined) {
    const [key = "", value, ...more] = cursor.split("~");
    const number = value === undefined ? undefined : Number(value);
    const legacy = isKey(key) && more.length === 0 && (value === undefined || legacyValue.test(value));
    if (!legacy) throw refused(garbage);
    return { key, ...(number === undefined ? {} : { value: number }), legacy: true };
  }
  const [, list, sort, key, value] = contents;
  if (list !== of.list || sort !== of.sort) {
    throw refused(
      `This cursor pages ${named({ list, sort })}, not ${named(of)}: give it to the list it came from, or leave cursor out for the first page.`,
    );
  }
  const sorted = of.sort !== "newest";
  if (!isKey(key) || (sorted ? !Number.isFinite(value) : value !== undefined)) throw refused(garbage);
  return { key, ...(sorted ? { value } : {}), legacy: false };
}

/** A number as the older `<key>~<value>` cursors wrote it. */
const legacyValue = /^-?\d+(\.\d+)?(e[-+]?\d+)?$/i;

/** The contents of a cursor encodeCursor made, or undefined for anything else. */
function decoded(cursor: string): [number, string, string, string, number | undefined] | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  const bytes = Buffer.from(cursor, "base64url");
  // Node's decoder ignores a stray last character and unused low bits: only the one spelling is a cursor.
  if (bytes.toString("base64url") !== cursor) return undefined;
  let contents: unknown;
  try {
    contents = JSON.parse(bytes.toString("utf8"));
  } catch {
    return undefined;
  }
  if (!Array.isArray(contents) || contents[0] !== version || contents.length < 4 || contents.length > 5) {
    return undefined;
  }
  const [, list, sort, key, value] = contents;
  if (typeof list !== "string" || typeof sort !== "string" || typeof key !== "string") return undefined;
  if (value !== undefined && typeof value !== "number") return undefined;
  return [version, list, sort, key, value];
}
