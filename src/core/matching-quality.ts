/**
 * How good the matcher is against labelled reports (docs/MATCHING.md, "Evaluation"): suggestion recall,
 * automatic attachment at a threshold, and the quality of proposed new patterns. Pure; the evaluation
 * script (scripts/eval-matching.ts) gathers what each report was offered and calls these.
 */

/** One report that was asked for suggestions: the pattern it belongs to (null: none) and what came back. */
export interface Asked {
  expected: string | null;
  /** Suggestions, best first, each with its score. */
  ranked: { patternId: string; score: number }[];
}

/** Share of the reports that have a pattern whose pattern is among the first `k` suggestions. */
export function recallAt(asked: Asked[], k: number): number {
  const matching = asked.filter((a) => a.expected !== null);
  const hits = matching.filter((a) =>
    a.ranked
      .slice(0, k)
      .map((s) => s.patternId)
      .includes(a.expected ?? ""),
  );
  return matching.length ? hits.length / matching.length : 0;
}

/** What automatic attachment of the best suggestion at `threshold` would have done. */
export interface AutoAttach {
  threshold: number;
  attached: number;
  /** Attached to the right pattern, of those attached (null when nothing was attached). */
  precision: number | null;
  /** Attached to the right pattern, of the reports that have one. */
  recall: number;
  /** Reports of no pattern that would have been attached (the aim is 0). */
  matchingNothingAttached: number;
}

/** Automatic attachment at one threshold: the best suggestion is attached when it scores at least that. */
export function autoAttachAt(asked: Asked[], threshold: number): AutoAttach {
  const attached = asked.filter((a) => (a.ranked[0]?.score ?? 0) >= threshold);
  const right = attached.filter((a) => a.expected !== null && a.ranked[0]?.patternId === a.expected).length;
  const matching = asked.filter((a) => a.expected !== null).length;
  return {
    threshold,
    attached: attached.length,
    precision: attached.length ? right / attached.length : null,
    recall: matching ? right / matching : 0,
    matchingNothingAttached: attached.filter((a) => a.expected === null).length,
  };
}

/**
 * The lowest threshold (of the scores seen) at which automatic attachment reaches `precision` and
 * attaches no report of no pattern: the most recall a channel owner could get while staying that sure.
 * Chosen on the very reports it is measured on, so it flatters whoever it is computed for.
 */
export function bestThreshold(asked: Asked[], precision: number): AutoAttach | null {
  const scores = [...new Set(asked.map((a) => a.ranked[0]?.score ?? 0).filter((s) => s > 0))].sort((x, y) => x - y);
  for (const threshold of scores) {
    const at = autoAttachAt(asked, threshold);
    if ((at.precision ?? 0) >= precision && at.matchingNothingAttached === 0) return at;
  }
  return null;
}

/** How well proposed groups recover the labelled patterns of the reports they were drawn from. */
export interface ProposalQuality {
  proposals: number;
  /** Reports in some proposal. */
  proposed: number;
  /** Σ over proposals of its largest same-pattern share, over all reports proposed (reports of no pattern are never "the same"). */
  purity: number;
  /** Of the reports whose pattern has at least `minSize` reports in the queue: share put in a proposal whose majority is their pattern. */
  recall: number;
  /** Patterns (with at least `minSize` reports in the queue) that are the majority of some proposal, of all such patterns. */
  patternsFound: number;
  patternsFindable: number;
  /** Reports of no pattern that were put in a proposal. */
  matchingNothingProposed: number;
}

/**
 * Scores proposed groups against the labels of the queue they came from. `labelOf` gives each report's
 * pattern (null: none; such a report counts as its own class). A proposal "finds" the pattern most of
 * its members share.
 */
export function proposalQuality(
  groups: string[][],
  labelOf: Map<string, string | null>,
  minSize: number,
): ProposalQuality {
  const size = new Map<string, number>();
  for (const label of labelOf.values()) if (label !== null) size.set(label, (size.get(label) ?? 0) + 1);
  const findable = new Set([...size].filter(([, n]) => n >= minSize).map(([label]) => label));
  let majoritySum = 0;
  let proposed = 0;
  let recalled = 0;
  let matchingNothing = 0;
  const found = new Set<string>();
  for (const group of groups) {
    const counts = new Map<string, number>();
    for (const id of group) {
      const label = labelOf.get(id) ?? null;
      if (label === null) matchingNothing++;
      else counts.set(label, (counts.get(label) ?? 0) + 1);
    }
    const [majority, n] = [...counts].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0] ?? [null, 0];
    proposed += group.length;
    majoritySum += Math.max(1, n);
    if (majority !== null && findable.has(majority)) {
      // A pattern split over several proposals counts once, its reports in each of them.
      found.add(majority);
      recalled += n;
    }
  }
  const findableReports = [...findable].reduce((s, label) => s + (size.get(label) ?? 0), 0);
  return {
    proposals: groups.length,
    proposed,
    purity: proposed ? majoritySum / proposed : 0,
    recall: findableReports ? recalled / findableReports : 0,
    patternsFound: found.size,
    patternsFindable: findable.size,
    matchingNothingProposed: matchingNothing,
  };
}
