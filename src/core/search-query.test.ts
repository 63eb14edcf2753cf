import { describe, expect, it } from "vitest";
import { maxQueryWords, prefixQuery, queryWords } from "./search-query.js";

describe("prefixQuery", () => {
  it.each([
    ["sy", "sy:*"],
    ["Export CSV", "export:* & csv:*"],
    // An identifier's words before its last are whole words: only the last may still be typed.
    ["E_SYNC_42 crashed!", "e & sync & (42:* | '-42':*) & crashed:*"],
    ["ERR_SYNC_TIMEOUT", "err & sync & timeout:*"],
    ["err_", "err:*"],
    ["__init__ failed", "init:* & failed:*"],
    ["'); drop table signals; --", "drop:* & table:* & signals:*"],
    ["naïve café", "naïve:* & café:*"],
    ["Bob@Example.com", "'bob@example.com':*"],
    ["mail from ana.lima@globex.co.uk today", "'ana.lima@globex.co.uk':* & mail:* & from:* & today:*"],
    // Not an address: no domain with a dot.
    ["npm@6 fails", "npm:* & (6:* | '-6':*) & fails:*"],
    // A number with or without a minus: PostgreSQL reads "AUTH-401" as 'auth' and '-401'.
    ["AUTH-401", "auth:* & (401:* | '-401':*)"],
    ["ORA-0094", "ora:* & (0094:* | '-0094':*)"],
    // Dotted tokens are one word to PostgreSQL: a version, a file with its line, a host, a number.
    ["engine 2.4.1", "'2.4.1':* & engine:*"],
    ["db.js:88", "'db.js:88':*"],
    ["at routes.ts:12:3", "'routes.ts:12':* & at:* & (3:* | '-3':*)"],
    ["example.com", "'example.com':*"],
    ["v3.1 crash.", "'v3.1':* & crash:*"],
    // Separators alone are no word, dotted or not (to_tsquery refuses '':*).
    ["-.- crash _._", "crash:*"],
    ["-.-", null],
    ["a-.-b", "a:* & b:*"],
    ["!!! ---", null],
    ["", null],
  ])("%j → %j", (q, expected) => {
    expect(prefixQuery(q)).toBe(expected);
  });

  it.each([
    ["sy", "sy:*"],
    ["login after the upd", "login & after & the & upd:*"],
    ["ERR_SYNC_TIM crashed", "err & sync & tim & crashed:*"],
    ["crashed ERR_SYNC_TIM", "crashed & err & sync & tim:*"],
    // The last typed is the prefix wherever the query's parts are listed: an address, a dotted token.
    ["mail from ana.lima@globex.co.uk", "'ana.lima@globex.co.uk':* & mail & from"],
    ["ana.lima@globex.co.uk today", "'ana.lima@globex.co.uk' & today:*"],
    ["engine 2.4", "'2.4':* & engine"],
    ["AUTH-401 again", "auth & (401 | '-401') & again:*"],
    ["db.js:88 fails", "'db.js:88' & fails:*"],
    ["!!!", null],
  ])("with earlier words whole: %j → %j", (q, expected) => {
    expect(prefixQuery(q, "whole")).toBe(expected);
  });

  it("keeps at most maxQueryWords words", () => {
    expect(queryWords(Array.from({ length: 40 }, (_, i) => `w${i}`).join(" "))).toHaveLength(maxQueryWords);
  });

  it("refuses more words than a search takes, rather than searching for the first ones only", () => {
    const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(" ");
    expect(prefixQuery(words(maxQueryWords))?.split(" & ")).toHaveLength(maxQueryWords);
    expect(() => prefixQuery(`${words(maxQueryWords)} zzzz`)).toThrow(/at most 16 words/);
  });
});
