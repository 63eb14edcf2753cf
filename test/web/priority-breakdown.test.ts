import fc from "fast-check";
import { expect, test } from "vitest";
import { priority } from "../../src/core/priority.js";
import { velocityRules } from "../../src/core/velocity.js";
import { minSpikeReports, priorityBreakdown } from "../../web/src/knowledge/priority-breakdown.js";

const now = Date.parse("2025-06-01T12:00:00Z");

test("the knowledge base's breakdown multiplies back to the core priority rule", () => {
  fc.assert(
    fc.property(
      fc.nat(500),
      fc.nat(500),
      fc.nat(500),
      fc.nat(500),
      fc.double({ min: 0, max: 10_000, noNaN: true }),
      fc.option(fc.integer({ min: 0, max: 200 * 86_400_000 })),
      (low, normal, high, critical, reach, age) => {
        const lastSignalAt = age === null ? null : new Date(now - age);
        const pattern = {
          reportLow: low,
          reportNormal: normal,
          reportHigh: high,
          reportCritical: critical,
          reach,
          signalCount: low + normal + high + critical,
          lastSignalAt: lastSignalAt?.toISOString() ?? null,
        };
        const shown = priorityBreakdown(pattern, now);
        expect(shown.priority).toBe(priority({ low, normal, high, critical, reach, lastSignalAt }, new Date(now)));
        if (shown.priority > 0) {
          expect(shown.weighted * shown.reach * shown.recency).toBeCloseTo(shown.priority, 2);
        }
      },
    ),
  );
});

test("the breakdown's hint names the core's least reports for a spike", () => {
  expect(minSpikeReports).toBe(velocityRules.minSpikeReports);
});
