import { describe, expect, it } from "vitest";
import {
  averageLinkGroups,
  type Candidate,
  coverage,
  defaultMatcherConfig,
  type FingerprintRule,
  proposePatterns,
  rankSuggestions,
  ruleMatches,
  similarity,
  strongFeatures,
  type Terms,
} from "./matching.js";

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
  ] as const)("%j → %s", (r, expected) => {
    expect(ruleMatches(rule(r), signal)).toBe(expected);
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
