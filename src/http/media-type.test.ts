import { describe, expect, it } from "vitest";
import { mediaTypeOf, utf8Charset } from "./media-type.js";

describe("mediaTypeOf", () => {
  it.each([
    ["application/json", { type: "application/json", charset: undefined }],
    ["Application/X-WWW-Form-Urlencoded", { type: "application/x-www-form-urlencoded", charset: undefined }],
    ["application/json; charset=UTF-16", { type: "application/json", charset: "utf-16" }],
    ['application/json ; Charset="utf-8"', { type: "application/json", charset: "utf-8" }],
    ["text/plain;format=flowed", { type: "text/plain", charset: undefined }],
    [undefined, { type: "", charset: undefined }],
  ])("%j → %j", (header, expected) => {
    expect(mediaTypeOf(header)).toEqual(expected);
  });
});

describe("utf8Charset", () => {
  it("takes UTF-8 (named either way) or none, nothing else", () => {
    expect([undefined, "utf-8", "utf8"].map(utf8Charset)).toEqual([true, true, true]);
    expect(["utf-16", "iso-8859-1", "us-ascii"].map(utf8Charset)).toEqual([false, false, false]);
  });
});
