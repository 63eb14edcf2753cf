import { describe, expect, it } from "vitest";
import { slugOf } from "../../web/src/delivery/slug.js";

describe("slugOf (the slug the delivery forms propose from a name)", () => {
  it("is lowercase letters, digits and dashes, as the API takes slugs", () => {
    expect(slugOf("Sync engine")).toBe("sync-engine");
    expect(slugOf("  Web App 2.0! ")).toBe("web-app-2-0");
    expect(slugOf("Café Crème")).toBe("cafe-creme");
    expect(slugOf("---")).toBe("");
    expect(slugOf("x".repeat(100))).toHaveLength(80);
  });
});
