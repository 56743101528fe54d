// A memo keyed by a span of text — a word where it stands — without making a string to look it up: the
// span's code units are hashed and compared in place (ASCII letters in lower case), and a string is made
// only the first time a word is seen, to compute its value. Bounded: past `max` words it starts afresh.

export class SpanMemo<T> {
  private mask: number;
  /** Per slot: the hash of its word (0: empty slot; hashes are never 0). */
  private hashes: Int32Array;
  private starts: Int32Array;
  private lengths: Int32Array;
  private values: T[];
  /** The words' code units, folded, one after another. */
  private pool: Uint16Array;
  private used = 0;
  private count = 0;

  constructor(
    private readonly compute: (word: string) => T,
    private readonly max = 200_000,
  ) {
    this.mask = (1 << 12) - 1;
    this.hashes = new Int32Array(this.mask + 1);
    this.starts = new Int32Array(this.mask + 1);
    this.lengths = new Int32Array(this.mask + 1);
    this.values = new Array<T>(this.mask + 1);
    this.pool = new Uint16Array(1 << 15);
  }

  /** The value for text[start, end); ASCII letters are compared in lower case (compute must not tell them apart). */
  get(text: string, start: number, end: number): T {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ fold(text.charCodeAt(i)), 0x01000193);
    h = h | 1; // never 0
    const len = end - start;
    let slot = h & this.mask;
    for (;;) {
      const sh = this.hashes[slot];
      if (sh === 0) break;
      if (sh === h && this.lengths[slot] === len && this.same(slot, text, start, len)) return this.values[slot];
      slot = (slot + 1) & this.mask;
    }
    const value = this.compute(text.slice(start, end));
    if (this.count >= this.max) {
      this.clear(this.mask + 1);
      slot = h & this.mask;
    } else if ((this.count + 1) * 2 > this.mask + 1) {
      this.clear((this.mask + 1) * 2, true);
      slot = h & this.mask;
      while (this.hashes[slot] !== 0) slot = (slot + 1) & this.mask;
    }
    if (this.used + len > this.pool.length) this.growPool(len);
    for (let i = 0; i < len; i++) this.pool[this.used + i] = fold(text.charCodeAt(start + i));
    this.hashes[slot] = h;
    this.starts[slot] = this.used;
    this.lengths[slot] = len;
    this.values[slot] = value;
    this.used += len;
    this.count++;
    return value;
  }

  /** How many words it holds (for tests of the bound). */
  get size(): number {
    return this.count;
  }

  private same(slot: number, text: string, start: number, len: number): boolean {
    const at = this.starts[slot];
    for (let i = 0; i < len; i++) if (this.pool[at + i] !== fold(text.charCodeAt(start + i))) return false;
    return true;
  }

  /** Empties the memo at a new size; `keep` re-inserts the words it holds (growth below the bound). */
  private clear(size: number, keep = false): void {
    const old = keep ? { hashes: this.hashes, starts: this.starts, lengths: this.lengths, values: this.values, pool: this.pool } : undefined;
    this.mask = size - 1;
    this.hashes = new Int32Array(size);
    this.starts = new Int32Array(size);
    this.lengths = new Int32Array(size);
    this.values = new Array<T>(size);
    this.count = 0;
    if (!old) {
      this.used = 0;
      return;
    }
    for (let s = 0; s < old.hashes.length; s++) {
      const h = old.hashes[s];
      if (h === 0) continue;
      let slot = h & this.mask;
      while (this.hashes[slot] !== 0) slot = (slot + 1) & this.mask;
      this.hashes[slot] = h;
      this.starts[slot] = old.starts[s];
      this.lengths[slot] = old.lengths[s];
      this.values[slot] = old.values[s];
      this.count++;
    }
  }

  private growPool(need: number): void {
    const next = new Uint16Array(Math.max(this.pool.length * 2, this.used + need));
    next.set(this.pool.subarray(0, this.used));
    this.pool = next;
  }
}

/** ASCII upper-case letters folded to lower case; every other code unit as it is. */
const fold = (c: number) => (c >= 65 && c <= 90 ? c + 32 : c);
