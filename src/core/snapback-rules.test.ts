import { describe, expect, it } from "vitest";
import { type ImprovementState, isImprovementComplete, isPatternAddressed } from "./snapback-rules.js";

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
