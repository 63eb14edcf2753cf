import { describe, expect, it } from "vitest";
import {
  compareVersions,
  type ImprovementState,
  isImprovementComplete,
  isPatternAddressed,
  lateSignalOutcome,
} from "./snapback-rules.js";

const improvement = (over: Partial<ImprovementState>): ImprovementState => ({
  id: "i1",
  status: "in_progress",
  targetProductIds: ["a", "b"],
  issues: [{ status: "resolved", releasedIn: ["a", "b"] }],
  ...over,
});

describe("isImprovementComplete", () => {
  it("needs every target product shipped", () => {
    expect(isImprovementComplete(improvement({}))).toBe(true);
    expect(isImprovementComplete(improvement({ issues: [{ status: "resolved", releasedIn: ["a"] }] }))).toBe(false);
  });
  it("needs every issue resolved, ignoring closed ones", () => {
    const shipped = { status: "resolved" as const, releasedIn: ["a", "b"] };
    expect(isImprovementComplete(improvement({ issues: [shipped, { status: "open", releasedIn: [] }] }))).toBe(false);
    expect(isImprovementComplete(improvement({ issues: [shipped, { status: "closed", releasedIn: [] }] }))).toBe(true);
  });
  it("is never true without issues, or once completed or rejected", () => {
    expect(isImprovementComplete(improvement({ issues: [] }))).toBe(false);
    expect(isImprovementComplete(improvement({ status: "completed" }))).toBe(false);
    expect(isImprovementComplete(improvement({ status: "rejected" }))).toBe(false);
  });
});

describe("isPatternAddressed", () => {
  it("needs all live improvements completed, and at least one", () => {
    expect(isPatternAddressed({ id: "p", status: "open", improvementStatuses: ["completed"] })).toBe(true);
    expect(isPatternAddressed({ id: "p", status: "open", improvementStatuses: ["completed", "rejected"] })).toBe(true);
    expect(isPatternAddressed({ id: "p", status: "open", improvementStatuses: ["completed", "approved"] })).toBe(false);
    expect(isPatternAddressed({ id: "p", status: "open", improvementStatuses: ["rejected"] })).toBe(false);
    expect(isPatternAddressed({ id: "p", status: "open", improvementStatuses: [] })).toBe(false);
  });
  it("only addresses open patterns", () => {
    expect(isPatternAddressed({ id: "p", status: "addressed", improvementStatuses: ["completed"] })).toBe(false);
    expect(isPatternAddressed({ id: "p", status: "dismissed", improvementStatuses: ["completed"] })).toBe(false);
  });
});

describe("compareVersions", () => {
  it.each([
    ["2.10", "2.9", 1],
    ["2.0", "2.0.1", -1],
    ["v2.4.0", "2.4.0", 0],
    ["1.0.0-rc1", "1.0.0", -1],
    ["1.0.0", "1.0.0-rc1", 1],
    ["1.0.0-beta", "1.0.0-alpha", 1],
    ["2026.11", "2026.9.3", 1],
    ["7.2.0", "7.10.0", -1],
    ["2.0", "2.0.0", 0],
    ["2", "2.0.1", -1],
    ["2.0.0", "2", 0],
  ])("%s against %s is %i", (a, b, expected) => {
    expect(Math.sign(compareVersions(a, b))).toBe(expected);
  });
});

describe("lateSignalOutcome", () => {
  it("is a regression from a version that has the fix, else an answer with the release that fixes it", () => {
    expect(lateSignalOutcome("2.4.0", ["2.4.0"])).toBe("regression");
    expect(lateSignalOutcome("2.5.1", ["2.4.0", "7.2.0"])).toBe("regression");
    expect(lateSignalOutcome("2.3.9", ["2.4.0"])).toBe("answer");
    expect(lateSignalOutcome(null, ["2.4.0"])).toBe("answer");
    expect(lateSignalOutcome("2.4.0", [])).toBe("answer");
  });
});
