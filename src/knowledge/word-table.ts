// A table from a word where it stands to a number (an id in a model's vocabulary), for scanners that
// hash each word's code units while they find its end: the look-up then reads the text only to confirm
// a hit. One slot is four integers side by side (hash, where the word's units are kept, its length, its
// value), so a look-up usually touches one cache line of the table and one of the kept units.

/** FNV-1a offset basis: the hash of an empty word (see hashUnit). */
export const HASH_START = 0x811c9dc5 | 0;

/** The hash so far with one more code unit (ASCII capitals folded to lower case, as the table compares them). */
export const hashUnit = (h: number, c: number) => Math.imul(h ^ (c >= 65 && c <= 90 ? c + 32 : c), 0x01000193);

/** What get returns for a word the table does not hold. */
export const ABSENT = -0x80000000;

export class WordTable {
  private mask: number;
  /** Per slot, at 4 × slot: hash (0: empty; hashes are never 0), start in `pool`, length, value. */
  private slots: Int32Array;
  /** The words' code units, folded, one after another. */
  private pool: Uint16Array;
  private used = 0;
  private count = 0;

  /** Past `max` words the table starts afresh: words are unbounded, memory is not. */
  constructor(private readonly max = 200_000) {
    this.mask = (1 << 12) - 1;
    this.slots = new Int32Array((this.mask + 1) * 4);
    this.pool = new Uint16Array(1 << 15);
  }

  /** The value of text[start, end), whose hash (hashUnit over its units from HASH_START) is `hash`; ABSENT when not held. */
  get(text: string, start: number, end: number, hash: number): number {
    const h = hash | 1;
    const len = end - start;
    const slots = this.slots;
    for (let slot = h & this.mask; ; slot = (slot + 1) & this.mask) {
      const at = slot << 2;
      const sh = slots[at];
      if (sh === 0) return ABSENT;
      if (sh === h && slots[at + 2] === len && this.same(slots[at + 1], text, start, len)) return slots[at + 3];
    }
  }

  /** Holds `value` for text[start, end) (not held yet), whose hash is `hash`. */
  set(text: string, start: number, end: number, hash: number, value: number): void {
    const h = hash | 1;
    const len = end - start;
    if (this.count >= this.max) this.reset(this.mask + 1, false);
    else if ((this.count + 1) * 2 > this.mask + 1) this.reset((this.mask + 1) * 2, true);
    if (this.used + len > this.pool.length) {
      const next = new Uint16Array(Math.max(this.pool.length * 2, this.used + len));
      next.set(this.pool.subarray(0, this.used));
      this.pool = next;
    }
    for (let i = 0; i < len; i++) {
      const c = text.charCodeAt(start + i);
      this.pool[this.used + i] = c >= 65 && c <= 90 ? c + 32 : c;
    }
    this.place(h, this.used, len, value);
    this.used += len;
  }

  /** How many words it holds (for tests of the bound). */
  get size(): number {
    return this.count;
  }

  private same(at: number, text: string, start: number, len: number): boolean {
    const pool = this.pool;
    for (let i = 0; i < len; i++) {
      const c = text.charCodeAt(start + i);
      if (pool[at + i] !== (c >= 65 && c <= 90 ? c + 32 : c)) return false;
    }
    return true;
  }

  private place(h: number, at: number, len: number, value: number): void {
    let slot = h & this.mask;
    while (this.slots[slot << 2] !== 0) slot = (slot + 1) & this.mask;
    const s = slot << 2;
    this.slots[s] = h;
    this.slots[s + 1] = at;
    this.slots[s + 2] = len;
    this.slots[s + 3] = value;
    this.count++;
  }

  /** Empties the table at a new size; `keep` puts back the words it holds (growth below the bound). */
  private reset(size: number, keep: boolean): void {
    const old = this.slots;
    this.mask = size - 1;
    this.slots = new Int32Array(size * 4);
    this.count = 0;
    if (!keep) {
      this.used = 0;
      return;
    }
    for (let s = 0; s < old.length; s += 4) if (old[s] !== 0) this.place(old[s], old[s + 1], old[s + 2], old[s + 3]);
  }
}

/**
 * Every word the analyzer has scanned, numbered 0, 1, 2… in the order first seen, shared by the phrasing
 * matcher and the register scorer: a word is hashed and looked up once, and each model keeps what it
 * makes of the word in an array by that number (see WordValues). Past the bound the numbering starts
 * afresh and `generation` moves on, which empties every WordValues.
 */
class WordNumbers {
  private table = new WordTable(WORD_BOUND);
  private next = 0;
  generation = 0;

  /** The number of text[start, end), whose hash is `hash`, given the next free number when it is new. */
  numberOf(text: string, start: number, end: number, hash: number): number {
    const w = this.table.get(text, start, end, hash);
    if (w !== ABSENT) return w;
    if (this.next >= WORD_BOUND) {
      this.table = new WordTable(WORD_BOUND);
      this.next = 0;
      this.generation++;
    }
    this.table.set(text, start, end, hash, this.next);
    return this.next++;
  }
}

const WORD_BOUND = 200_000;
export const words = new WordNumbers();

/** What is not worked out yet, in a WordValues. */
export const UNKNOWN = -0x80000000;

/** A model's value per word number (UNKNOWN until set): one small array read once a word has its number. */
export class WordValues {
  private values = new Int32Array(1024).fill(UNKNOWN);
  private generation = words.generation;

  get(w: number): number {
    if (this.generation !== words.generation) {
      this.values.fill(UNKNOWN);
      this.generation = words.generation;
    }
    return w < this.values.length ? this.values[w] : UNKNOWN;
  }

  set(w: number, value: number): void {
    if (w >= this.values.length) {
      const next = new Int32Array(Math.max(w + 1, this.values.length * 2)).fill(UNKNOWN);
      next.set(this.values);
      this.values = next;
    }
    this.values[w] = value;
  }
}

/**
 * The words of the text scanned last, by where they start: the phrasing matcher notes each word it
 * reads, and the register scorer, which reads the same sentences right after, takes a token that spans
 * exactly the same units from here instead of hashing and looking it up again.
 */
class DocWords {
  private text: string | undefined;
  private generation = -1;
  private round = 0;
  /** Per position: the round in which a word was noted there, its end and its number. */
  private stamps = new Int32Array(1 << 14);
  private ends = new Int32Array(1 << 14);
  private numbers = new Int32Array(1 << 14);

  /** Notes the word text[start, end) and its number. */
  note(text: string, start: number, end: number, w: number): void {
    if (text !== this.text || this.generation !== words.generation) {
      this.generation = words.generation;
      if (++this.round === 0x7fffffff) {
        this.stamps.fill(0);
        this.round = 1;
      }
      if (this.stamps.length < text.length) {
        const size = Math.max(text.length, this.stamps.length * 2);
        this.stamps = new Int32Array(size);
        this.ends = new Int32Array(size);
        this.numbers = new Int32Array(size);
      }
    }
    // Held even when an equal text was held: the next comparison is then with this very string, which is quick
    // (two strings alike but apart are compared unit by unit, on every call).
    this.text = text;
    this.stamps[start] = this.round;
    this.ends[start] = end;
    this.numbers[start] = w;
  }

  /** The number of the word noted at text[start, end), or -1. */
  numberAt(text: string, start: number, end: number): number {
    if (text !== this.text || this.generation !== words.generation || this.stamps[start] !== this.round || this.ends[start] !== end) return -1;
    return this.numbers[start];
  }
}

export const docWords = new DocWords();
