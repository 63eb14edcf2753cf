/**
 * One report compared with many texts under one idf: the arithmetic of the matcher's similarity, coverage
 * and signature (src/core/matching.ts, docs/MATCHING.md "How a signal is matched"), over terms as numbers.
 * A signal of a batch at a million signals is compared with ~100 candidates' texts; with terms as strings
 * every comparison hashed each of both texts' terms into Maps again, called the idf once per term and
 * text, and built a Map for every signature (docs/BENCHMARKS.md "Intake CPU"). Here each text's terms are
 * numbered once (kept per text), each term's idf is asked once per report, and a comparison marks and
 * counts in arrays indexed by term number. Every sum adds the same numbers in the same order as the
 * string version did, so every score is the same to the last bit.
 */

/** A text as the matcher sees it: its terms (PostgreSQL's lexemes) and strong features. */
export interface Terms {
  title: string[];
  body: string[];
  /** Error codes, versions, stack-trace frames: see strongFeatures in matching.ts. */
  features: string[];
}

type Idf = (term: string) => number;

/**
 * Each of a text's terms with its multiple of its idf in the text's weights: 1 in the body, 2 in the title,
 * 3 a feature (the largest where it stands in several), in the order the body, title and features first
 * name them. Computed once per text: `numbered` keeps the result.
 */
function multiples(terms: Terms): Map<string, number> {
  const times = new Map<string, number>();
  const add = (term: string, n: number) => times.set(term, Math.max(times.get(term) ?? 0, n));
  for (const t of terms.body) add(t, 1);
  for (const t of terms.title) add(t, 2);
  for (const f of terms.features) add(f, 3);
  return times;
}

/**
 * Every term met, numbered in the order met, for the process (a number means nothing elsewhere). Started
 * afresh past `termsNumberedAtMost`, only as a comparison begins: texts numbered before are numbered again
 * when next compared (`numbering` tells).
 */
const termsNumberedAtMost = 500_000;
/** And past this many characters of them: a stranger's text may hold long made-up tokens (features, lexemes). */
const termCharsAtMost = 20_000_000;
let termNumber = new Map<string, number>();
let termOf: string[] = [];
let termChars = 0;
let numbering = 0;

/**
 * A text's terms as numbers, with their multiples, in the order of `multiples`. Kept on the text itself
 * (a symbol's property): a WeakMap of every text a batch compares was looked up ~300 times a signal, and
 * its entries slowed every garbage collection.
 */
type Numbered = { numbering: number; terms: Int32Array; times: Float64Array };
const numberedKey = Symbol("numbered terms");
type WithNumbered = Terms & { [numberedKey]?: Numbered };

function numbered(text: WithNumbered): Numbered {
  const known = text[numberedKey];
  if (known !== undefined && known.numbering === numbering) return known;
  const times = multiples(text);
  const out: Numbered = { numbering, terms: new Int32Array(times.size), times: new Float64Array(times.size) };
  let k = 0;
  for (const [term, n] of times) {
    let number = termNumber.get(term);
    if (number === undefined) {
      number = termOf.length;
      termNumber.set(term, number);
      termOf.push(term);
      termChars += term.length;
    }
    out.terms[k] = number;
    out.times[k] = n;
    k++;
  }
  scratch.fit(termOf.length);
  // A frozen text (a caller's own) is numbered again when next compared: the same numbers, not kept.
  if (Object.isExtensible(text)) text[numberedKey] = out;
  return out;
}

/**
 * Arrays indexed by term number, shared by every comparison (they run one at a time: JavaScript's one
 * thread, and no comparison awaits). An entry counts only while its stamp is the current one, so nothing
 * is cleared between uses. Exported for its test only.
 */
export const scratch = {
  size: 0,
  stamp: 0,
  /** The idf of each term for the comparison whose stamp `idfAt` holds. */
  idfAt: new Int32Array(0),
  idf: new Float64Array(0),
  /** The report's terms: `inReport` holds its comparison's stamp. */
  inReport: new Int32Array(0),
  /** One text's terms and their multiples, for one similarity (`inText`'s stamp). */
  inText: new Int32Array(0),
  times: new Float64Array(0),
  /** How many of a group of texts hold each term (`heldAt`'s stamp), and the terms in the order first met. */
  heldAt: new Int32Array(0),
  held: new Int32Array(0),
  order: new Int32Array(0),
  /**
   * A new stamp, unlike any an entry holds. Never wraps here: a comparison under way keeps its own stamp
   * in `inReport` and `idfAt`, and clearing them mid-way would drop its report's terms (`renew` does it
   * between comparisons).
   */
  next(): number {
    return ++this.stamp;
  },
  /**
   * Between comparisons: the arrays cleared once stamps near the Int32 limit (far more than the stamps one
   * comparison takes, ~8 a candidate, n²/2 for a proposal's n reports), or made anew at `size` terms.
   */
  renew(size?: number): void {
    if (size !== undefined) {
      this.size = 0;
      this.stamp = 0;
      for (const key of ["idfAt", "inReport", "inText", "heldAt", "held", "order"] as const)
        this[key] = new Int32Array(0);
      for (const key of ["idf", "times"] as const) this[key] = new Float64Array(0);
      this.fit(size);
    } else if (this.stamp > 2 ** 31 - 2 ** 27) {
      for (const stamps of [this.idfAt, this.inReport, this.inText, this.heldAt]) stamps.fill(0);
      this.stamp = 0;
    }
  },
  /** Room for `size` terms, entries kept. */
  fit(size: number): void {
    if (size <= this.size) return;
    const room = Math.max(size, this.size * 2, 1024);
    this.idfAt = grownInts(this.idfAt, room);
    this.idf = grownNumbers(this.idf, room);
    this.inReport = grownInts(this.inReport, room);
    this.inText = grownInts(this.inText, room);
    this.times = grownNumbers(this.times, room);
    this.heldAt = grownInts(this.heldAt, room);
    this.held = grownInts(this.held, room);
    this.order = grownInts(this.order, room);
    this.size = room;
  },
};

function grownInts(a: Int32Array, room: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(room);
  b.set(a);
  return b;
}

function grownNumbers(a: Float64Array, room: number): Float64Array<ArrayBuffer> {
  const b = new Float64Array(room);
  b.set(a);
  return b;
}

/** The comparison in progress: only it may use the scratch arrays. */
let current: Comparison | null = null;

/**
 * A report (its terms) compared with texts under one idf. With `floor`, the report weighs at least that
 * many terms of its mean weight (shortReportTerms in matching.ts). Valid until the next one begins.
 */
export class Comparison {
  /** The report's terms as numbers and their weights (multiple × idf), in the order of `multiples`. */
  private readonly terms: Int32Array;
  private readonly weights: Float64Array;
  /** The report's weight: the sum of its terms' weights, counted as at least `floor` terms of their mean. */
  readonly weight: number;
  private readonly stamp: number;

  constructor(
    report: Terms,
    private readonly idfOfTerm: Idf,
    floor = 0,
  ) {
    if (termOf.length > termsNumberedAtMost || termChars > termCharsAtMost) {
      termNumber = new Map();
      termOf = [];
      termChars = 0;
      numbering++;
      // The arrays shrink with the terms they number.
      scratch.renew(1024);
    } else scratch.renew();
    current = this;
    this.stamp = scratch.next();
    const { terms, times } = numbered(report);
    this.terms = terms;
    this.weights = new Float64Array(terms.length);
    let total = 0;
    for (let k = 0; k < terms.length; k++) {
      const term = terms[k] as number;
      scratch.inReport[term] = this.stamp;
      const w = (times[k] as number) * this.idf(term);
      this.weights[k] = w;
      total += w;
    }
    this.weight = terms.length > 0 && floor > terms.length ? (total * floor) / terms.length : total;
  }

  /** A term's idf, asked of the idf function once per comparison. */
  private idf(term: number): number {
    if (scratch.idfAt[term] === this.stamp) return scratch.idf[term] as number;
    const value = this.idfOfTerm(termOf[term] as string);
    scratch.idfAt[term] = this.stamp;
    scratch.idf[term] = value;
    return value;
  }

  private mine(): void {
    if (current !== this) throw new Error("a comparison used after the next one began");
  }

  /**
   * Weighted Dice similarity of the report and `text` (0–1): twice the weight they share (each shared
   * term the lesser of its two weights) over the sum of both texts' weights.
   */
  similarity(text: Terms): number {
    this.mine();
    const { terms, times } = numbered(text);
    const mark = scratch.next();
    const { inText, times: timesOf } = scratch;
    let weightOfText = 0;
    for (let k = 0; k < terms.length; k++) {
      const term = terms[k] as number;
      const n = times[k] as number;
      inText[term] = mark;
      timesOf[term] = n;
      weightOfText += n * this.idf(term);
    }
    let shared = 0;
    for (let k = 0; k < this.terms.length; k++) {
      const term = this.terms[k] as number;
      if (inText[term] === mark)
        shared += Math.min(this.weights[k] as number, (timesOf[term] as number) * this.idf(term));
    }
    const total = this.weight + weightOfText;
    return total > 0 ? (2 * shared) / total : 0;
  }

  /** The report's terms that `text` holds, in the report's order (for reasons: a few texts a report). */
  shared(text: Terms): string[] {
    this.mine();
    const { terms } = numbered(text);
    const mark = scratch.next();
    const { inText } = scratch;
    for (let k = 0; k < terms.length; k++) inText[terms[k] as number] = mark;
    const out: string[] = [];
    for (let k = 0; k < this.terms.length; k++) {
      const term = this.terms[k] as number;
      if (inText[term] === mark) out.push(termOf[term] as string);
    }
    return out;
  }

  /**
   * How much of the report a group of texts (`first`, then those of `rest`) explains (coverage: each of its terms counts its weight times
   * the square root of the share of the texts that hold it), and how much of the group's signature the
   * report holds (the terms at least `minShare` of the texts hold, each weighing its idf times that
   * share, in the order the texts first name them).
   */
  coverageAndSignature(
    first: Terms,
    rest: readonly { terms: Terms }[],
    minShare = 0.5,
  ): { coverage: number; signature: number } {
    this.mine();
    const count = scratch.next();
    const texts = { length: 1 + rest.length };
    let distinct = 0;
    for (let t = 0; t < texts.length; t++) {
      const { terms } = numbered(t === 0 ? first : (rest[t - 1] as { terms: Terms }).terms);
      const { heldAt, held, order } = scratch;
      for (let k = 0; k < terms.length; k++) {
        const term = terms[k] as number;
        if (heldAt[term] !== count) {
          heldAt[term] = count;
          held[term] = 0;
          order[distinct++] = term;
        }
        held[term] = (held[term] as number) + 1;
      }
    }
    const { heldAt, held: heldCount } = scratch;
    let covered = 0;
    for (let k = 0; k < this.terms.length; k++) {
      const term = this.terms[k] as number;
      const holding = heldAt[term] === count ? (heldCount[term] as number) : 0;
      covered += (this.weights[k] as number) * Math.sqrt(holding / texts.length);
    }
    let total = 0;
    let held = 0;
    const { order, inReport } = scratch;
    for (let k = 0; k < distinct; k++) {
      const term = order[k] as number;
      const share = (heldCount[term] as number) / texts.length;
      if (share < minShare) continue;
      const w = this.idf(term) * share;
      total += w;
      if (inReport[term] === this.stamp) held += w;
    }
    return {
      coverage: this.weight > 0 ? covered / this.weight : 0,
      signature: total > 0 ? held / total : 0,
    };
  }
}
