/**
 * Uuids numbered 0, 1, 2… in the order they are first met, read straight from their 16 bytes (as
 * PostgreSQL's `uuid_send` writes them). The matcher's postings name ~270,000 patterns a batch at a million
 * signals, the same ~50,000 patterns batch after batch (docs/BENCHMARKS.md "Intake CPU"): read as JSON
 * text, each was a new string hashed into a Map, a tenth of intake's JavaScript and much of its garbage.
 * Here a uuid costs four integer reads and a probe of an open-addressed table, and its text is made once,
 * the first time it is met. A number means nothing outside the table that gave it.
 */
export class UuidNumbers {
  /** Each number's uuid as text (lower-case, as PostgreSQL prints it). */
  readonly ids: string[] = [];
  /** Each number's uuid as four 32-bit words, big-endian. */
  private words = new Int32Array(4 * 1024);
  /** An open-addressed table of numbers + 1 (0: an empty slot), its length a power of two. */
  private slots = new Int32Array(2048);

  get size(): number {
    return this.ids.length;
  }

  /**
   * The numbers of the uuids packed in `bytes` (16 bytes each), in their order; new ones numbered. Or, with
   * `record` and `offset`, of records of `record` bytes each holding a uuid at byte `offset` (a pair of uuids: 32
   * bytes, the second at 16).
   */
  numbersOf(bytes: Uint8Array, record = 16, offset = 0): Int32Array {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const out = new Int32Array(Math.floor(bytes.byteLength / record));
    for (let k = 0; k < out.length; k++) {
      const at = k * record + offset;
      out[k] = this.number(
        view.getInt32(at),
        view.getInt32(at + 4),
        view.getInt32(at + 8),
        view.getInt32(at + 12),
        true,
      );
    }
    return out;
  }

  /** A uuid's number, or -1 when it was never met. */
  numberOf(uuid: string): number {
    const hex = uuid.replaceAll("-", "");
    if (!/^[0-9a-fA-F]{32}$/.test(hex)) return -1;
    const word = (i: number) => Number.parseInt(hex.slice(i * 8, i * 8 + 8), 16) | 0;
    return this.number(word(0), word(1), word(2), word(3), false);
  }

  /** The number of the uuid of these words; with `add`, a new one is numbered, otherwise -1. */
  private number(w0: number, w1: number, w2: number, w3: number, add: boolean): number {
    const mask = this.slots.length - 1;
    let slot = hashOf(w0, w1, w2, w3) & mask;
    for (;;) {
      const held = (this.slots[slot] as number) - 1;
      if (held < 0) break;
      const at = held * 4;
      const words = this.words;
      if (words[at] === w0 && words[at + 1] === w1 && words[at + 2] === w2 && words[at + 3] === w3) return held;
      slot = (slot + 1) & mask;
    }
    if (!add) return -1;
    const n = this.ids.length;
    if (4 * n + 4 > this.words.length) {
      const grown = new Int32Array(this.words.length * 2);
      grown.set(this.words);
      this.words = grown;
    }
    const at = 4 * n;
    this.words[at] = w0;
    this.words[at + 1] = w1;
    this.words[at + 2] = w2;
    this.words[at + 3] = w3;
    this.ids.push(uuidText(w0, w1, w2, w3));
    this.slots[slot] = n + 1;
    // At most half full, so that a probe ends soon.
    if (2 * (n + 1) > this.slots.length) this.rehash();
    return n;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    const words = this.words;
    for (let n = 0; n < this.ids.length; n++) {
      const at = n * 4;
      let slot =
        hashOf(words[at] as number, words[at + 1] as number, words[at + 2] as number, words[at + 3] as number) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = n + 1;
    }
    this.slots = slots;
  }
}

/**
 * A uuid's hash: every word mixed in (a time-ordered uuid's first words are its time, alike for ids made
 * together), then spread.
 */
const hashOf = (w0: number, w1: number, w2: number, w3: number) =>
  spread(w3 ^ Math.imul(w2, 0x9e3779b1) ^ Math.imul(w1, 0x85ebca6b) ^ Math.imul(w0, 0xc2b2ae35));

/** Mixes a word's bits (murmur3's finaliser), so that neighbouring uuids land far apart in the table. */
function spread(h: number): number {
  let x = h;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  // A signed 32-bit result (not `>>> 0`): masked to a slot all the same, and kept a small integer.
  return x ^ (x >>> 16);
}

const hex8 = (w: number) => (w >>> 0).toString(16).padStart(8, "0");

/** A uuid's text from its four words: 8-4-4-4-12 hexadecimal digits. */
function uuidText(w0: number, w1: number, w2: number, w3: number): string {
  const hex = hex8(w0) + hex8(w1) + hex8(w2) + hex8(w3);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
