import { describe, expect, it } from "vitest";
import { percent } from "./percent.js";

describe("percent", () => {
  it.each([
    [0, "0%"],
    [0.05, "5%"],
    [0.444, "44%"],
    [0.445, "45%"],
    // Halves round up alike, whatever binary floating point makes of them (0.145 * 100 = 14.4999…).
    [0.145, "15%"],
    [0.285, "29%"],
    [0.575, "58%"],
    [1, "100%"],
  ])("%f → %s", (fraction, shown) => {
    expect(percent(fraction)).toBe(shown);
  });
});
