import { describe, expect, it } from "vitest";
import type { AppError } from "../core/errors.js";
import { encodedBodyRefusal, parseJsonBody, prototypeKeyAt } from "./request-body.js";

const json = { "content-type": "application/json" };
const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    const { code, message, details } = error as AppError;
    return { code, message, path: details.path };
  }
  throw new Error("not refused");
};

describe("a JSON request body", () => {
  it("names the first key __proto__ by its path, however deep, without recursion", () => {
    expect(prototypeKeyAt(JSON.parse('{"a":[1,{"b":{"__proto__":{}}}]}'), "body")).toBe("body.a.1.b.__proto__");
    expect(prototypeKeyAt(JSON.parse('{"a":{"x":1},"b":{"__proto__":1}}'), "body")).toBe("body.b.__proto__");
    expect(prototypeKeyAt({ constructor: { prototype: {} } }, "body")).toBeUndefined();
    const deep = `${'{"a":'.repeat(100_000)}{"__proto__":1}${"}".repeat(100_000)}`;
    expect(prototypeKeyAt(JSON.parse(deep), "body")?.endsWith(".a.__proto__")).toBe(true);
  });

  it("is refused with the reason, the place and the code a client can act on", () => {
    expect(refusal(() => parseJsonBody(json, Buffer.from('{"a":1,}')))).toMatchObject({
      code: "invalid_json",
      path: "body",
      message: expect.stringMatching(/^The body is not valid JSON: .+position 7/),
    });
    expect(refusal(() => parseJsonBody(json, Buffer.from("  ")))).toMatchObject({ code: "invalid_json" });
    expect(refusal(() => parseJsonBody(json, Buffer.from('{"__proto__":{"admin":true}}')))).toMatchObject({
      code: "invalid_input",
      path: "body.__proto__",
    });
    expect(refusal(() => parseJsonBody({ ...json, "content-encoding": "GZIP" }, Buffer.from("{}")))).toMatchObject({
      code: "unsupported_media_type",
      path: "headers.content-encoding",
    });
    expect(parseJsonBody({ ...json, "content-encoding": "identity" }, Buffer.from('{"a":[1]}'))).toEqual({ a: [1] });
    expect(encodedBodyRefusal({})).toBeUndefined();
  });
});
