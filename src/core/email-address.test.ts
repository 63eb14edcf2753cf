import { describe, expect, it } from "vitest";
import { isPlainAddress } from "./email-address.js";

describe("a plain address", () => {
  it("is one address on a dotted domain, with nothing that could break a header", () => {
    for (const address of ["support@acme.example", "help+eu@in.acme.example", "o'neil@xn--bcher-kva.example"])
      expect(isPlainAddress(address), address).toBe(true);
    for (const address of [
      "",
      "not an email",
      "support@acme",
      "@acme.example",
      "support@",
      "Support <support@acme.example>",
      "<support@acme.example>",
      '"support"@acme.example',
      "a@b.example, c@d.example",
      "a@b.example\r\nBcc: x@evil.example",
      "a\u0000b@acme.example",
      " support@acme.example",
      "support@acme.example.",
      "support@bücher.example",
    ])
      expect(isPlainAddress(address), JSON.stringify(address)).toBe(false);
  });
});
