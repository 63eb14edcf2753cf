import { describe, expect, it } from "vitest";
import { type PatternFacts, signalStage, stageOnPattern } from "./customer-stage.js";

const open: PatternFacts = { status: "open", planned: false, notification: null };

describe("customer stages", () => {
  it("follow a pattern from attached to planned to shipped", () => {
    expect(stageOnPattern(open)).toBe("attached");
    expect(stageOnPattern({ ...open, planned: true })).toBe("planned");
    expect(stageOnPattern({ ...open, status: "addressed", notification: { answer: null } })).toBe("shipped");
    expect(stageOnPattern({ ...open, status: "addressed" })).toBe("shipped");
  });

  it("let the contact's own answer win", () => {
    expect(stageOnPattern({ ...open, status: "addressed", notification: { answer: "works" } })).toBe("confirmed");
    // Someone else reopened the pattern: this contact still said it works for them.
    expect(stageOnPattern({ ...open, notification: { answer: "works" } })).toBe("confirmed");
    expect(stageOnPattern({ ...open, planned: true, notification: { answer: "still_broken" } })).toBe("still_broken");
  });

  it("keep a dismissed pattern at attached", () => {
    expect(stageOnPattern({ ...open, status: "dismissed", planned: true })).toBe("attached");
  });

  it("show the furthest stage of a signal's patterns, received on none", () => {
    expect(signalStage([])).toBe("received");
    expect(signalStage(["attached", "shipped", "planned"])).toBe("shipped");
    expect(signalStage(["still_broken", "planned"])).toBe("still_broken");
    expect(signalStage(["confirmed", "shipped"])).toBe("confirmed");
  });
});
