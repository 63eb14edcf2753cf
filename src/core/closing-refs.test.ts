import { describe, expect, it } from "vitest";
import { closingRefs } from "./closing-refs.js";

describe("closingRefs", () => {
  it("reads every closing keyword, in any case, with or without a colon", () => {
    const text = "Fixes #1, closes #2. RESOLVED: #3\nfixed #4 close #5 resolves #6";
    expect(closingRefs(text).map((r) => r.number)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("reads cross-repository references and issue URLs, in lower case", () => {
    expect(closingRefs("Fixes Acme/Web#12 and resolves https://github.com/acme/api/issues/7")).toEqual([
      { repository: "acme/web", number: 12 },
      { repository: "acme/api", number: 7 },
    ]);
  });

  it("ignores mentions without a keyword, keywords inside words and repeated references", () => {
    expect(closingRefs("See #3; prefixes #4; unfixes #5; fixes #6 fixes #6")).toEqual([
      { repository: null, number: 6 },
    ]);
    expect(closingRefs(null)).toEqual([]);
    expect(closingRefs("fixes #0")).toEqual([]);
  });
});
