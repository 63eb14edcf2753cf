import { describe, expect, it } from "vitest";
import { titleFromText } from "./title-from-text.js";
import { automatedReason, originAllowed } from "./widget.js";

describe("originAllowed", () => {
  const allowed = ["https://shop.example.com", "http://localhost:3000/"];
  it.each([
    ["https://shop.example.com", true],
    ["http://localhost:3000", true],
    ["https://shop.example.com:8443", false],
    ["http://shop.example.com", false],
    ["https://evil.example.com", false],
    ["null", false],
    [undefined, false],
  ])("%s → %s", (origin, expected) => {
    expect(originAllowed(allowed, origin)).toBe(expected);
  });
});

describe("titleFromText", () => {
  it("takes the first line that says something", () => {
    expect(titleFromText("\n\n  Export   fails on Safari  \nsteps: …")).toBe("Export fails on Safari");
  });
  it("cuts a long line at a word and says it was cut", () => {
    const title = titleFromText(`${"word ".repeat(40)}end`);
    expect(title.length).toBeLessThanOrEqual(120);
    expect(title.endsWith("word…")).toBe(true);
  });
});

describe("automatedReason", () => {
  const now = 1_000_000;
  it("lets a person through", () => {
    expect(automatedReason({ website: "", openedAt: now - 9_000 }, now)).toBeUndefined();
    expect(automatedReason({}, now)).toBeUndefined();
  });
  it("catches the hidden field and the instant form", () => {
    expect(automatedReason({ website: "http://spam.example" }, now)).toMatch(/hidden field/);
    expect(automatedReason({ openedAt: now - 500 }, now)).toMatch(/faster/);
  });
});
