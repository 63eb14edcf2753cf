import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { UuidNumbers } from "./uuid-numbers.js";

/** The 16 bytes of each uuid, packed as PostgreSQL's string_agg(uuid_send(id), '') gives them. */
const packed = (uuids: string[]) => Buffer.from(uuids.map((u) => u.replaceAll("-", "")).join(""), "hex");

describe("UuidNumbers", () => {
  it("numbers uuids in the order first met, the same uuid the same number, and keeps their text", () => {
    const [a, b, c] = ["0190f3a2-7b1c-7d4e-8f00-000000000001", "ffffffff-ffff-ffff-ffff-ffffffffffff", randomUUID()];
    const numbers = new UuidNumbers();
    expect([...numbers.numbersOf(packed([a, b, a]))]).toEqual([0, 1, 0]);
    expect([...numbers.numbersOf(packed([c, b]))]).toEqual([2, 1]);
    expect(numbers.ids).toEqual([a, b, c]);
    expect(numbers.size).toBe(3);
    expect(numbers.numberOf(b)).toBe(1);
    expect(numbers.numberOf(b.toUpperCase())).toBe(1);
    expect(numbers.numberOf(randomUUID())).toBe(-1);
    expect(numbers.numberOf("not a uuid")).toBe(-1);
    expect(numbers.numbersOf(new Uint8Array(0))).toHaveLength(0);
  });

  it("reads one uuid of each record of pairs", () => {
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    const pairs = packed([a, b, c, b, a, c]);
    const numbers = new UuidNumbers();
    expect([...numbers.numbersOf(pairs, 32, 0)]).toEqual([0, 1, 0]);
    expect(numbers.ids).toEqual([a, c]);
    expect([...numbers.numbersOf(pairs, 32, 16)]).toEqual([2, 2, 1]);
    expect(numbers.ids).toEqual([a, c, b]);
  });

  it("reads bytes at an offset into a shared buffer, and keeps numbers while it grows", () => {
    const uuids = Array.from({ length: 20_000 }, () => randomUUID());
    const numbers = new UuidNumbers();
    const bytes = packed(uuids);
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    expect([...numbers.numbersOf(shifted.subarray(3))]).toEqual(uuids.map((_, i) => i));
    expect([...numbers.numbersOf(packed([...uuids].reverse()))]).toEqual(uuids.map((_, i) => uuids.length - 1 - i));
    expect(numbers.ids).toEqual(uuids);
    expect(uuids.every((u, i) => numbers.numberOf(u) === i)).toBe(true);
  });
});
