import { describe, expect, it } from "vitest";
import { parseStorableJson, storableText, unstorableTextAt } from "./storable-text.js";

describe("storableText", () => {
  it.each([
    ["plain", "plain"],
    ["an emoji 😀 whole", "an emoji 😀 whole"],
    ["a\u0000b\u0000", "a\ufffdb\ufffd"],
    ["cut 😀".slice(0, 5), "cut \ufffd"],
    ["\ude00 low half first", "\ufffd low half first"],
    ["\ud83d\ud83d😀", "\ufffd\ufffd😀"],
  ])("%j → %j", (text, stored) => {
    expect(storableText(text)).toBe(stored);
  });
});

describe("unstorableTextAt", () => {
  it("names the first string or key that cannot be stored, depth first in order", () => {
    expect(unstorableTextAt({ a: "ok", b: ["fine", "x\u0000"], c: "\ud800" }, "body")).toBe("body.b.1");
    expect(unstorableTextAt({ raw: { "k\ud800": 1 } }, "body")).toBe("body.raw.k\ud800");
    expect(unstorableTextAt({ a: "😀", n: 1, z: null, t: true }, "body")).toBeUndefined();
    expect(unstorableTextAt(undefined, "query")).toBeUndefined();
  });
});

describe("parseStorableJson", () => {
  it("keeps a body without such escapes as it came, and replaces them (values and keys) in one with them", () => {
    const plain = '{"title": "Crash 😀", "n": 1}';
    expect(parseStorableJson(plain)).toEqual({ value: { title: "Crash 😀", n: 1 }, text: plain });
    const broken = '{"title": "Crash \\ud83d", "raw": {"k\\u0000": ["a\\u0000"]}}';
    const parsed = parseStorableJson(broken);
    expect(parsed.value).toEqual({ title: "Crash \ufffd", raw: { "k\ufffd": ["a\ufffd"] } });
    expect(JSON.parse(parsed.text)).toEqual(parsed.value);
    expect(() => parseStorableJson("{")).toThrow(SyntaxError);
  });
});
