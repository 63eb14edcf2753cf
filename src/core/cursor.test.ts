import { describe, expect, it } from "vitest";
import { cursorMaxLength, encodeCursor, readCursor } from "./cursor.js";
import { AppError } from "./errors.js";

const id = "0190f0f0-0000-7000-8000-000000000000";
const signals = { list: "/signals", sort: "newest" };
const byPriority = { list: "/patterns", sort: "priority" };

/** What readCursor refuses with: its code, path and message. */
function refusal(cursor: string, of = signals): { code: string; path?: string; message: string } {
  try {
    readCursor(cursor, of);
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, path: error.details.path, message: error.message };
    throw error;
  }
  throw new Error(`${cursor} was read`);
}

describe("a list's cursor", () => {
  it("reads back what it was made of, on the list and order it was made for", () => {
    expect(readCursor(encodeCursor(signals, { key: id }), signals)).toEqual({ key: id, legacy: false });
    const sorted = encodeCursor(byPriority, { key: id, value: 12.345678901234567 });
    expect(readCursor(sorted, byPriority)).toEqual({ key: id, value: 12.345678901234567, legacy: false });
    // URL-safe as it is: nothing to encode in a query string.
    expect(sorted).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it("is refused on another list, or the same list in another order, naming both", () => {
    const patterns = encodeCursor({ list: "/patterns", sort: "newest" }, { key: id });
    expect(refusal(patterns)).toEqual({
      code: "invalid_cursor",
      path: "query.cursor",
      message:
        "query.cursor: This cursor pages GET /patterns, not GET /signals: give it to the list it came from, or leave cursor out for the first page.",
    });
    expect(refusal(patterns, byPriority).message).toContain("pages GET /patterns, not GET /patterns?sort=priority");
  });

  it("is refused cut short, altered, empty, too long, or made of anything else", () => {
    const whole = encodeCursor(byPriority, { key: id, value: 3.5 });
    for (let cut = 1; cut < whole.length; cut++) {
      expect(refusal(whole.slice(0, cut), byPriority).code, whole.slice(0, cut)).toBe("invalid_cursor");
    }
    const json = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    for (const cursor of [
      "",
      "abc",
      "abc~1",
      `${id}~`,
      `${id}~1~2`,
      `${id}~0x10`,
      "'; drop table signals; --",
      "x".repeat(cursorMaxLength + 1),
      json([2, "/signals", "newest", id]),
      json([1, "/signals", "newest", "not-an-id"]),
      json([1, "/signals", "newest", id, 3]),
      json({ list: "/signals", sort: "newest", key: id }),
    ]) {
      expect(refusal(cursor), cursor).toMatchObject({ code: "invalid_cursor", path: "query.cursor" });
    }
    // One more character (Node's decoder would drop it, or its unused bits): not the cursor it was.
    for (const value of [0, 1, 3.5, 12.25, 100.125, 1e-7]) {
      const cursor = encodeCursor(byPriority, { key: id, value });
      for (const extra of ["A", "x", "_"]) {
        expect(refusal(`${cursor}${extra}`, byPriority).code, `${cursor}${extra}`).toBe("invalid_cursor");
      }
    }
    expect(refusal(json([1, "/patterns", "priority", id]), byPriority).code).toBe("invalid_cursor");
    expect(refusal(json([1, "/patterns", "priority", id, "1"]), byPriority).code).toBe("invalid_cursor");
  });

  it("reads an older cursor (the bare key, `<key>~<value>` on a sorted list) as such, for its list to check", () => {
    expect(readCursor(id, signals)).toEqual({ key: id, legacy: true });
    expect(readCursor(`${id}~12.5`, byPriority)).toEqual({ key: id, value: 12.5, legacy: true });
    expect(readCursor("eu-west", { list: "/environments", sort: "newest" }, (key) => key.length <= 80)).toEqual({
      key: "eu-west",
      legacy: true,
    });
  });
});
