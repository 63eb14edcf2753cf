import { describe, expect, it } from "vitest";
import {
  averageLinkGroups,
  type Candidate,
  coverage,
  defaultMatcherConfig,
  type FingerprintRule,
  proposePatterns,
  rankSuggestions,
  readableTerms,
  recommendedAutoAttachThreshold,
  regexRefusal,
  ruleMatches,
  shortReportTerms,
  signatureHeld,
  similarity,
  strongFeatures,
  type Terms,
} from "./matching.js";
import { percent } from "./percent.js";

const terms = (title: string, body = ""): Terms => ({
  title: title.toLowerCase().split(/\W+/).filter(Boolean),
  body: body.toLowerCase().split(/\W+/).filter(Boolean),
  features: strongFeatures(`${title}\n${body}`),
});
const flat = () => 1;

describe("strongFeatures", () => {
  it.each([
    ["net::ERR_CONNECTION_REFUSED on load", ["code:ERR_CONNECTION_REFUSED"]],
    ["ORA-00942: table or view does not exist", ["code:ORA-00942"]],
    ["HRESULT 0x80070005 when saving", ["code:0X80070005"]],
    ["spawn git ENOENT", ["code:ENOENT"]],
    ["broken since v1.4.2", ["version:1.4.2"]],
    ['File "sync.py", line 42', ['frame:File "sync.py", line 42']],
    ["at Sync.run (sync.ts:12:3)", expect.arrayContaining(["frame:at Sync.run ("])],
    ["nothing special here", []],
  ])("%s", (text, expected) => {
    expect(strongFeatures(text)).toEqual(expected);
  });

  it("reads a long pasted token in linear time, still finding the frames around it", () => {
    // A JWT-like blob of 96,000 characters took the old frame regex ~90 s, holding every request.
    const token = `eyJ${"aB3-_x.9/".repeat(10_700)}`;
    const text = `Login fails with ${token} at Auth.check (auth.ts:12:3) and then src/app/login.js:88`;
    const started = performance.now();
    const found = strongFeatures(text);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(found).toEqual(expect.arrayContaining(["frame:at Auth.check (", "frame:src/app/login.js"]));
  });
});

describe("ruleMatches", () => {
  const rule = (r: Partial<FingerprintRule>): FingerprintRule => ({
    id: "r",
    patternId: "p",
    field: "any",
    kind: "regex",
    expression: "x",
    ...r,
  });
  const signal = { title: "Sync fails", body: "error E_SYNC_42 in the log", channel: "forum" };
  it.each([
    [{ kind: "error_code", expression: "e_sync_42" }, true],
    [{ kind: "error_code", expression: "E_SYNC_43" }, false],
    [{ kind: "regex", field: "title", expression: "^sync" }, true],
    [{ kind: "regex", field: "body", expression: "^sync" }, false],
    [{ kind: "regex", field: "channel", expression: "^forum$" }, true],
    [{ kind: "regex", expression: "(unclosed" }, false],
    [{ kind: "regex", expression: "(a+)+$" }, false],
  ] as const)("%j → %s", (r, expected) => {
    expect(ruleMatches(rule(r), signal)).toBe(expected);
  });

  it("runs any regex in time linear in the text: none can hold the server", () => {
    const evil = { title: `${"a".repeat(40)}!`, body: "", channel: "forum" };
    const started = performance.now();
    // On JavaScript's backtracking engine each of these took seconds to minutes on such a text; on RE2
    // each is linear, and each still answers rightly.
    expect(ruleMatches(rule({ field: "title", expression: "(a+)+$" }), evil)).toBe(false);
    expect(ruleMatches(rule({ field: "title", expression: "^(a|a)*$" }), evil)).toBe(false);
    expect(ruleMatches(rule({ field: "title", expression: "^(\\w+\\s?)*$" }), evil)).toBe(false);
    expect(
      ruleMatches(rule({ field: "title", expression: "\\s*\\s*\\s*\\s*\\s*\\s*x" }), {
        ...evil,
        title: " ".repeat(60),
      }),
    ).toBe(false);
    expect(ruleMatches(rule({ field: "title", expression: "(a+)+!" }), evil)).toBe(true);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe("regexRefusal", () => {
  it.each([
    ["ERR_[A-Z]+ after \\d+ ?ms", undefined],
    ["sync.*fail(ed|s)?", undefined],
    ["(?P<code>E\\d{3})", undefined],
    ["(unclosed", /^Not a regular expression/],
    ["(?<=v)1\\.2", /no lookbehind/],
    ["(a)\\1", /backreferences/],
  ] as const)("%s → %s", (expression, expected) => {
    const refusal = regexRefusal(expression);
    if (expected === undefined) expect(refusal).toBeUndefined();
    else expect(refusal).toMatch(expected);
  });

  it("quotes the regex as it was written, not with the flag the rule runs it with", () => {
    expect(regexRefusal("(sync|save) fails (")).toMatch(/: missing closing \): `\(sync\|save\) fails \(`$/);
  });
});

describe("readableTerms", () => {
  it("names stems and features as the reports wrote them, each once", () => {
    const texts = ["L'application plante depuis la mise à jour 3.1.0", "SQLITE_CORRUPT when the Database opens"];
    expect(
      readableTerms(
        ["applic", "depui", "version:3.1.0", "code:SQLITE_CORRUPT", "sqlite_corrupt", "databas", "zzz"],
        texts,
      ),
    ).toEqual(["application", "depuis", "3.1.0", "SQLITE_CORRUPT", "database", "zzz"]);
  });

  it("reads a stem whose final y the stemmer made an i as the word (not 'everi' for every)", () => {
    const texts = ["The dark theme flickers every time", "Please apply it; it applies to all"];
    expect(readableTerms(["everi", "appli", "flicker"], texts)).toEqual(["every", "applies", "flickers"]);
  });
});

describe("similarity", () => {
  it("is 1 for the same text, 0 for nothing shared, and weighs rare terms more", () => {
    expect(similarity(terms("a b"), terms("a b"), flat).value).toBe(1);
    expect(similarity(terms("a b"), terms("c d"), flat).value).toBe(0);
    const idf = (t: string) => (t === "rare" ? 5 : 1);
    const rare = similarity(terms("rare x"), terms("rare y"), idf).value;
    const common = similarity(terms("rare common"), terms("z common"), idf).value;
    expect(rare).toBeGreaterThan(common);
  });

  // Flat idf: a title term weighs 2. With a floor, the first text weighs at least that many of its terms.
  it.each([
    ["no floor", terms("a b"), terms("a b"), 0, 1],
    ["a floor below the report's terms changes nothing", terms("a b c"), terms("a b c"), 3, 1],
    // a: 2 terms of 2 counted as 4 → 8; b: 4; shared 4 → 8 / 12.
    ["a two-term report counted as four terms", terms("a b"), terms("a b"), 4, 2 / 3],
    // Only the first text (the new report) is floored: a short pattern title is compared as it is.
    ["the other text is not floored", terms("a b c d"), terms("a b"), 4, 2 / 3],
  ])("%s", (_, a, b, floor, expected) => {
    expect(similarity(a, b, flat, floor).value).toBeCloseTo(expected);
  });
});

describe("rankSuggestions", () => {
  const candidate = (patternId: string, title: string, signals: string[]): Candidate => ({
    patternId,
    title,
    own: terms(title),
    signals: signals.map((t, i) => ({ id: `${patternId}-${i}`, title: t, terms: terms(t) })),
  });
  const candidates = [
    candidate("sync", "calendar sync fails", ["calendar does not sync", "sync stops on calendar"]),
    candidate("pdf", "pdf export cuts last page", ["last page missing from pdf"]),
  ];
  const signal = (title: string) => ({ terms: terms(title), title, body: "", channel: "mail" });

  it("ranks the pattern whose signals resemble it most first, with reasons", () => {
    const [best, next] = rankSuggestions(signal("calendar sync broken"), candidates, flat, defaultMatcherConfig);
    expect(best?.patternId).toBe("sync");
    expect(best?.score).toBeGreaterThan(next?.score ?? 0);
    expect(best?.sharedTerms).toEqual(expect.arrayContaining(["calendar", "sync"]));
    expect(best?.reasons.some((r) => r.includes("already attached"))).toBe(true);
  });

  it("says a similar signal's share as the score beside it is said: `44%`, rounded alike", () => {
    const [best] = rankSuggestions(signal("calendar sync broken"), candidates, flat, defaultMatcherConfig);
    const most = best?.reasons.find((r) => r.startsWith("Most like")) ?? "";
    const [first] = best?.similarSignals ?? [];
    expect(most).toContain(`“${first?.title}” (${percent(first?.similarity ?? -1)})`);
    expect(most).toMatch(/\(\d{1,3}%\)/);
    expect(most).not.toMatch(/\d %/);
  });

  it("puts a rule's pattern first with score 1", () => {
    const rules: FingerprintRule[] = [
      { id: "r1", patternId: "pdf", field: "title", kind: "regex", expression: "broken" },
    ];
    const [best] = rankSuggestions(signal("calendar sync broken"), candidates, flat, {
      ...defaultMatcherConfig,
      rules,
    });
    expect(best).toMatchObject({ patternId: "pdf", score: 1, ruleId: "r1" });
  });

  it("names the report's own words in its reasons, not stems; the shared terms stay lexemes", () => {
    const stems = { ...signal("calendar sync broken"), words: new Map([["sync", "syncing"]]) };
    const [best] = rankSuggestions(stems, candidates, flat, defaultMatcherConfig);
    expect(best?.sharedTerms).toContain("sync");
    const shares = best?.reasons.find((r) => r.startsWith("Shares"));
    expect(shares).toContain("“syncing”");
    expect(shares).toContain("“calendar”");
    expect(shares).not.toContain("“sync”");
  });

  it("names each shared word once, as the report wrote it, though a feature and a lexeme both hold it", () => {
    const withCode = (t: string): Terms => ({ ...terms(t), title: [...terms(t).title, "sqlite_corrupt"] });
    const crash = {
      patternId: "crash",
      title: "launch fails SQLITE_CORRUPT",
      own: withCode("launch fails SQLITE_CORRUPT"),
      signals: [],
    };
    const report = {
      terms: withCode("SQLITE_CORRUPT on launch"),
      title: "SQLITE_CORRUPT on launch",
      body: "",
      channel: "mail",
      // As the server reads a report's words: lower case.
      words: new Map([["sqlite_corrupt", "sqlite_corrupt"]]),
    };
    // Features weigh as the rarest terms (the server's idf): the feature comes first among shared terms.
    const rarestFeatures = (t: string) => (t.includes(":") ? 3 : 1);
    const [best] = rankSuggestions(report, [crash], rarestFeatures, defaultMatcherConfig);
    expect(best?.sharedTerms).toEqual(expect.arrayContaining(["code:SQLITE_CORRUPT", "sqlite_corrupt"]));
    const shares = best?.reasons.find((r) => r.startsWith("Shares")) ?? "";
    expect(shares.match(/sqlite_corrupt/gi)).toHaveLength(1);
    // As the report wrote the code (the feature keeps its letters), not the lexeme's lower case.
    expect(shares).toContain("“SQLITE_CORRUPT”");
  });

  it("does not take a short report that shares one generic phrase for a match (issue #11)", () => {
    // Generic words are more common (lower idf) than a report's own details.
    const idf = (t: string) => ({ permission: 3, denied: 3, error: 1, drive: 2.5 })[t] ?? 4;
    const mount = candidate("mount", "mount error 13 permission denied", [
      "shared drive mount error 13 permission denied",
      "cannot mount drive permission denied after password change",
    ]);
    // A title and no body: the phrase, and a path.
    const short = signal("permission denied tmp_github_api_headers");
    const full = signal("drive mount fails mount error 13 permission denied");
    const [shortBest] = rankSuggestions(short, [mount], idf, defaultMatcherConfig);
    const [fullBest] = rankSuggestions(full, [mount], idf, defaultMatcherConfig);
    expect(shortBest?.score).toBeLessThan(recommendedAutoAttachThreshold);
    expect(fullBest?.score).toBeGreaterThanOrEqual(recommendedAutoAttachThreshold);
    // Without the floor the short report would have been attached: the phrase is most of its weight.
    const texts = [mount.own, ...mount.signals.map((x) => x.terms)];
    const sims = [mount.own, ...mount.signals.map((x) => x.terms)]
      .map((t) => similarity(short.terms, t, idf).value)
      .sort((x, y) => y - x);
    const [first = 0, second = 0, third = 0] = sims;
    const nearest = 0.75 * first + 0.25 * ((first + second + third) / 3);
    const unfloored = 0.5 * nearest + 0.5 * coverage(short.terms, texts, idf);
    expect(unfloored).toBeGreaterThanOrEqual(recommendedAutoAttachThreshold);
    expect(short.terms.title.length).toBeLessThan(shortReportTerms);
  });

  it("suggests nothing for a text that shares nothing", () => {
    expect(rankSuggestions(signal("avatar upload"), candidates, flat, defaultMatcherConfig)).toEqual([]);
  });
});

describe("coverage", () => {
  // Flat idf: a title term weighs 2, a body term 1.
  it.each([
    ["every text holds both terms", terms("sync fails"), [terms("sync fails")], 1],
    // One text of two holds them: √½ each. "Any text holds it" would say 1 whatever the other text is.
    ["one text of two holds them", terms("sync fails"), [terms("sync fails"), terms("login slow")], Math.SQRT1_2],
    [
      "three of four, one of four",
      terms("sync fails"),
      [terms("sync"), terms("sync"), terms("sync"), terms("fails")],
      (2 * Math.sqrt(3 / 4) + 2 * Math.sqrt(1 / 4)) / 4,
    ],
    ["title and body weigh apart", terms("sync", "fails now"), [terms("sync now")], 3 / 4],
    ["no texts", terms("sync fails"), [], 0],
  ])("%s", (_, signal, texts, expected) => {
    expect(coverage(signal, texts, flat)).toBeCloseTo(expected);
  });

  // With a floor, a short report weighs at least that many of its terms: what is explained is a smaller share.
  it.each([
    ["a two-term report, floor 4: half", terms("sync fails"), [terms("sync fails")], 4, 1 / 2],
    ["a floor at the report's size changes nothing", terms("sync fails"), [terms("sync fails")], 2, 1],
    ["a long report is untouched", terms("sync fails on the calendar"), [terms("sync fails")], 4, 2 / 5],
  ])("%s", (_, signal, texts, floor, expected) => {
    expect(coverage(signal, texts, flat, floor)).toBeCloseTo(expected);
  });
});

describe("signatureHeld", () => {
  // The signature: terms at least half of the texts hold, each weighing idf × share (flat idf here).
  it.each([
    ["the report holds every signature term", terms("kubectl refused"), [terms("kubectl refused")], 1],
    // kubectl and refused are in both texts (1 each), "server" in one of two (½): held 1 of 2.5.
    [
      "a generic word without the pattern's own",
      terms("curl refused"),
      [terms("kubectl refused server"), terms("kubectl refused")],
      1 / 2.5,
    ],
    // "login" is in one text of three: below half, not in the signature at all.
    ["a term of one text in three is no signature", terms("sync"), [terms("sync"), terms("sync"), terms("login")], 1],
    ["no texts", terms("sync"), [], 0],
  ])("%s", (_, signal, texts, expected) => {
    expect(signatureHeld(signal, texts, flat)).toBeCloseTo(expected);
  });

  it("weighs rare terms more", () => {
    const idf = (term: string) => (term === "kubectl" ? 4 : 1);
    // Signature kubectl 4, refused 1: the curl report holds 1 of 5.
    expect(signatureHeld(terms("curl refused"), [terms("kubectl refused")], idf)).toBeCloseTo(1 / 5);
  });
});

describe("averageLinkGroups", () => {
  it.each([
    ["nothing", [], 0.4, []],
    // a~b and b~c but a and c unlike: single linkage would chain all three; on average c is too far.
    [
      "a chain is not one group",
      [
        [0, 0.5, 0],
        [0.5, 0, 0.5],
        [0, 0.5, 0],
      ],
      0.4,
      [[0, 1], [2]],
    ],
    [
      "three alike and one apart",
      [
        [0, 0.6, 0.6, 0],
        [0.6, 0, 0.6, 0],
        [0.6, 0.6, 0, 0],
        [0, 0, 0, 0],
      ],
      0.4,
      [[0, 1, 2], [3]],
    ],
    [
      "nothing reaches the threshold",
      [
        [0, 0.3],
        [0.3, 0],
      ],
      0.4,
      [[0], [1]],
    ],
  ])("%s", (_, sim, threshold, expected) => {
    expect(averageLinkGroups(sim, threshold)).toEqual(expected);
  });
});

describe("proposePatterns", () => {
  it("groups 3+ alike signals and titles the group after its most central one", () => {
    const s = (id: string, title: string) => ({ id, title, terms: terms(title) });
    const proposals = proposePatterns(
      [
        s("1", "dark mode resets"),
        s("2", "dark mode resets after restart"),
        s("3", "dark mode lost after restart"),
        s("4", "invoice total wrong"),
        s("5", "invoice vat twice"),
      ],
      flat,
      { threshold: 0.35, minSize: 3 },
    );
    expect(proposals).toHaveLength(1);
    expect(proposals[0]?.signalIds.sort()).toEqual(["1", "2", "3"]);
    expect(proposals[0]?.title).toBe("dark mode resets after restart");
  });
});
