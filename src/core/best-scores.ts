/**
 * The best of many scored items, as `order by score desc, id desc limit keep` would give them, for the
 * matcher's postings (src/services/suggest-patterns.ts): a signal's lookup scores ~6,000 patterns a
 * signal at a million signals and keeps 50. Kept in a sorted list of 50 as they came, a few hundred of
 * them were inserted one by one (a batch's largest JavaScript cost, docs/BENCHMARKS.md "Intake CPU"); here
 * the 50th score is found first (a selection, linear), and only the items that reach it are sorted.
 */

/**
 * The `keep` items of highest `score` (ties: the greater id first), as their ids. `scratch` holds at
 * least `items.length` numbers; its contents are overwritten.
 */
export function bestByScore(
  items: Int32Array,
  score: Float64Array,
  ids: readonly string[],
  keep: number,
  scratch: Float64Array,
): string[] {
  const n = items.length;
  let bar = Number.NEGATIVE_INFINITY;
  if (n > keep) {
    for (let k = 0; k < n; k++) scratch[k] = score[items[k] as number] as number;
    bar = kthGreatest(scratch.subarray(0, n), keep);
  }
  // Every item above the bar, and those at it: at least `keep` (the ties at the bar decided by id).
  const reaching: number[] = [];
  for (let k = 0; k < n; k++) {
    const item = items[k] as number;
    if ((score[item] as number) >= bar) reaching.push(item);
  }
  const before = (a: number, b: number) => {
    const sa = score[a] as number;
    const sb = score[b] as number;
    if (sa !== sb) return sb - sa;
    return (ids[a] as string) > (ids[b] as string) ? -1 : 1;
  };
  return reaching
    .sort(before)
    .slice(0, keep)
    .map((i) => ids[i] as string);
}

/**
 * The `k`-th greatest of `values` (1-based, counted with repeats), reordering them: quickselect with a
 * three-way partition, as scores repeat a lot (sums of a few terms' idf).
 */
export function kthGreatest(values: Float64Array, k: number): number {
  if (k < 1 || k > values.length) throw new RangeError(`no ${k}th of ${values.length} values`);
  // `want` is the place the answer takes in descending order; [lo, hi] the range that holds it.
  const want = k - 1;
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1] as number;
    // After the partition: [lo, above) greater than the pivot, [above, below] equal, (below, hi] less.
    let above = lo;
    let below = hi;
    let i = lo;
    while (i <= below) {
      const v = values[i] as number;
      if (v > pivot) {
        values[i] = values[above] as number;
        values[above++] = v;
        i++;
      } else if (v < pivot) {
        values[i] = values[below] as number;
        values[below--] = v;
      } else i++;
    }
    if (want < above) hi = above - 1;
    else if (want <= below) return pivot;
    else lo = below + 1;
  }
  return values[lo] as number;
}
