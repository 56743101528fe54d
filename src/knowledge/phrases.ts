// Finding many literal phrases at once (names, titles, cue words). A single regex alternation of
// thousands of names is slow in V8; a character trie walked only where a word starts (and only when
// the word could be a phrase's first word, and its first two characters could begin one) keeps the cost
// proportional to the text. Where words start, and a number for each word, can be worked out once per
// document and shared by every finder that searches it.

import { HAN_UNIT as HAN_CHAR, lowerUnit, OTHER_UNIT as OTHER, unitClass, WORD_UNIT as WORD } from '../analysis/text.js';
import { HASH_START } from './word-table.js';

const HAN = /\p{Script=Han}/u;
/** One code point outside the BMP that is a letter or digit. */
const ASTRAL_LETTER = /^[\p{L}\p{N}]$/u;

function classOf(text: string, i: number): number {
  const c = text.charCodeAt(i);
  // Both halves of a surrogate pair take the class of the pair: a letter outside the BMP (𝐀) is part
  // of a word; Han outside it is not matched (the phrases are in BMP characters).
  if (c >= 0xd800 && c <= 0xdfff) {
    const at = c <= 0xdbff ? i : i - 1;
    const pair = text.slice(Math.max(0, at), at + 2);
    return ASTRAL_LETTER.test(pair) && !HAN.test(pair) ? WORD : OTHER;
  }
  return unitClass(c);
}

export interface PhraseHit<T> {
  start: number;
  end: number;
  phrase: string;
  value: T;
}

/** Where the words of a text start, and a number for each word (see wordStarts). */
export interface WordStarts {
  at: Int32Array;
  /** Per word, a hash of its units in lower case: equal words have equal keys (unequal ones nearly always differ). */
  key: Int32Array;
}

/**
 * Where words start in text[from, to): each Han character, and each run of other letters and digits
 * (a run that began before `from` does not count), with their keys (a run cut at `to` is keyed whole).
 */
export function wordStarts(text: string, from = 0, to = text.length): WordStarts {
  // Found into buffers kept from call to call, then copied once at the right size.
  if (startBuffer.length < to - from) {
    startBuffer = new Int32Array(to - from);
    keyBuffer = new Int32Array(to - from);
  }
  const at = startBuffer;
  const key = keyBuffer;
  let n = 0;
  let h = KEY_START; // the key of the run of letters being read
  let previous = from > 0 ? classOf(text, from - 1) : OTHER;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      // ASCII, most of most texts: its class and lower case from tables.
      const lower = ASCII_WORD_LOWER[c];
      if (lower !== 0) {
        if (previous !== WORD) {
          at[n++] = i;
          h = KEY_START;
        }
        h = Math.imul(h ^ lower, FNV_PRIME);
        previous = WORD;
        continue;
      }
      if (previous === WORD) key[n - 1] = h;
      previous = OTHER;
      continue;
    }
    const k = classOf(text, i);
    if (k === WORD) {
      if (previous !== WORD) {
        at[n++] = i;
        h = KEY_START;
      }
      h = keyUnit(h, c);
    } else {
      if (previous === WORD) key[n - 1] = h;
      if (k === HAN_CHAR) {
        at[n] = i;
        key[n++] = keyUnit(KEY_START, c);
      }
    }
    previous = k;
  }
  if (previous === WORD) {
    for (let i = to; i < text.length && classOf(text, i) === WORD; i++) h = keyUnit(h, text.charCodeAt(i));
    key[n - 1] = h;
  }
  return { at: at.slice(0, n), key: key.slice(0, n) };
}
let startBuffer = new Int32Array(4096);
let keyBuffer = new Int32Array(4096);

/** Per ASCII unit: its lower case when it is a letter or digit (a word unit), 0 when it is not. */
const ASCII_WORD_LOWER = Uint8Array.from({ length: 128 }, (_, c) => (unitClass(c) === WORD ? lowerUnit(c) : 0));

/** FNV-1a (word-table.ts's start) over code units in lower case (ς as σ, which lower-casing a whole text may give for Σ). */
const KEY_START = HASH_START;
const FNV_PRIME = 0x01000193;
const keyUnit = (h: number, c: number) => Math.imul(h ^ (c === 0x3c2 ? 0x3c3 : lowerUnit(c)), FNV_PRIME);

/** The bit of a word's key in a finder's tables of first words and one-word phrases (8,192 bits). */
const keyBit = (key: number) => key >>> 19;

/** The bit of two words' keys, one after the other, in a finder's table of first word pairs (8,192 bits). */
const pairBit = (first: number, second: number) => (Math.imul(first, 0x9e3779b1) ^ second) >>> 19;

const setBit = (table: Uint8Array, bit: number) => (table[bit >> 3] |= 1 << (bit & 7));
const hasBit = (table: Uint8Array, bit: number) => (table[bit >> 3] & (1 << (bit & 7))) !== 0;

/**
 * A character trie of phrases in flat arrays (compact, so it stays in the processor's cache while a
 * document is analysed): node n's children are edges edgeStart[n]..edgeStart[n+1]-1, sorted by code unit.
 */
interface Trie<T> {
  edgeStart: Int32Array;
  edgeCode: Uint16Array;
  edgeTo: Int32Array;
  /** Per node: index of the phrase ending there, or -1. */
  entryAt: Int32Array;
  entries: { phrase: string; value: T; endsHan: boolean }[];
}

/** Builds the flat trie of phrases (first phrase wins for duplicates). */
function buildTrie<T>(phrases: Map<string, T>): Trie<T> {
  type Node = { children: Map<number, Node>; entry: number; id: number };
  const root: Node = { children: new Map(), entry: -1, id: 0 };
  const entries: Trie<T>['entries'] = [];
  for (const [phrase, value] of phrases) {
    let node = root;
    for (let i = 0; i < phrase.length; i++) {
      const c = phrase.charCodeAt(i);
      let child = node.children.get(c);
      if (!child) node.children.set(c, (child = { children: new Map(), entry: -1, id: 0 }));
      node = child;
    }
    node.entry = entries.length;
    entries.push({ phrase, value, endsHan: HAN.test(phrase[phrase.length - 1]) });
  }
  // Number the nodes breadth-first, then lay their edges out in that order.
  const order: Node[] = [root];
  for (let k = 0; k < order.length; k++) for (const child of order[k].children.values()) order.push(child);
  order.forEach((node, id) => (node.id = id));
  const edges = order.length - 1;
  const trie: Trie<T> = { edgeStart: new Int32Array(order.length + 1), edgeCode: new Uint16Array(edges), edgeTo: new Int32Array(edges), entryAt: new Int32Array(order.length), entries };
  let e = 0;
  order.forEach((node, id) => {
    trie.edgeStart[id] = e;
    trie.entryAt[id] = node.entry;
    for (const [code, child] of [...node.children].sort((x, y) => x[0] - y[0])) {
      trie.edgeCode[e] = code;
      trie.edgeTo[e++] = child.id;
    }
  });
  trie.edgeStart[order.length] = e;
  return trie;
}

/** The child of a node along a code unit, or -1 (binary search over its sorted edges). */
function childOf(trie: Trie<unknown>, node: number, code: number): number {
  let lo = trie.edgeStart[node];
  let hi = trie.edgeStart[node + 1];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const c = trie.edgeCode[mid];
    if (c === code) return trie.edgeTo[mid];
    if (c < code) lo = mid + 1;
    else hi = mid;
  }
  return -1;
}

export class PhraseFinder<T> {
  private readonly trie: Trie<T>;
  /**
   * The keys of the phrases' first words, one bit each: a word whose bit is clear is no phrase's first word. A match
   * starts with its phrase's whole first word (a phrase ends where a word ends, and a word of letters ends only at
   * something else), so a word is ruled out with one look-up.
   */
  private readonly firstWords = new Uint8Array(1 << 10);
  /**
   * The keys of one-word phrases, one bit each, and of the first two words of longer phrases, one bit per pair. Where
   * a longer phrase matches, the next word of the text is the phrase's second word (the words inside a match are the
   * phrase's own), so a word that begins phrases ("the", "a") is still ruled out unless it is a phrase itself or its
   * pair with the next word begins one — as it rarely does. Fewer walks of the trie, whose nodes are seldom in the
   * processor's cache between documents.
   */
  private readonly oneWord = new Uint8Array(1 << 10);
  private readonly twoWords = new Uint8Array(1 << 10);
  /** Per code unit: 2 when it is a one-unit phrase, 1 when only longer phrases start with it, 0 when none does. */
  private readonly firstUnits = new Uint8Array(0x10000);
  /**
   * The trie's nodes two units deep by their two units (open addressing; node 0, the root, marks an
   * empty slot): a word start is ruled out, or the walk begins two units in, with one look-up.
   */
  private readonly pairKeys: Int32Array;
  private readonly pairNodes: Int32Array;
  private readonly pairShift: number;

  /** Phrases match case-sensitively unless `ignoreCase` is set. The first entry for a phrase wins. */
  constructor(
    entries: Iterable<[string, T]>,
    private readonly ignoreCase = false,
  ) {
    const phrases = new Map<string, T>();
    for (const [raw, value] of entries) {
      const phrase = ignoreCase ? raw.toLowerCase() : raw;
      // A phrase must start where a word starts, or it could never be found.
      if (!phrase || classOf(phrase, 0) === OTHER || phrases.has(phrase)) continue;
      phrases.set(phrase, value);
      const { key } = wordStarts(phrase);
      setBit(this.firstWords, keyBit(key[0]));
      // A phrase with a unit outside the BMP (whose class hangs on its neighbour) is never ruled out by its second word.
      if (key.length === 1 || /[\ud800-\udfff]/.test(phrase)) setBit(this.oneWord, keyBit(key[0]));
      else setBit(this.twoWords, pairBit(key[0], key[1]));
      const c0 = phrase.charCodeAt(0);
      if (phrase.length === 1) this.firstUnits[c0] = 2;
      else this.firstUnits[c0] ||= 1;
    }
    const trie = (this.trie = buildTrie(phrases));
    const pairs: [number, number][] = [];
    for (let e1 = trie.edgeStart[0]; e1 < trie.edgeStart[1]; e1++) {
      const n1 = trie.edgeTo[e1];
      for (let e2 = trie.edgeStart[n1]; e2 < trie.edgeStart[n1 + 1]; e2++) pairs.push([(trie.edgeCode[e1] << 16) | trie.edgeCode[e2], trie.edgeTo[e2]]);
    }
    let bits = 4;
    while (1 << bits < pairs.length * 2) bits++;
    this.pairKeys = new Int32Array(1 << bits);
    this.pairNodes = new Int32Array(1 << bits);
    this.pairShift = 32 - bits;
    for (const [key, node] of pairs) {
      let slot = Math.imul(key, 0x9e3779b1) >>> this.pairShift;
      while (this.pairNodes[slot] !== 0) slot = (slot + 1) & ((1 << bits) - 1);
      this.pairKeys[slot] = key;
      this.pairNodes[slot] = node;
    }
  }

  /** The trie node reached by the code units a then b from the root, or 0 when no phrase starts so. */
  private pairNode(a: number, b: number): number {
    const key = (a << 16) | b;
    const mask = this.pairNodes.length - 1;
    for (let slot = Math.imul(key, 0x9e3779b1) >>> this.pairShift; ; slot = (slot + 1) & mask) {
      const node = this.pairNodes[slot];
      if (node === 0 || this.pairKeys[slot] === key) return node;
    }
  }

  /**
   * The longest phrase starting at i and ending by `to` on a word boundary. `text` is what the phrases
   * are compared with (the lower-cased range for ignoreCase finders), starting at `offset` in `original`.
   */
  private longestAt(original: string, text: string, offset: number, i: number, to: number): Trie<T>['entries'][number] | undefined {
    const trie = this.trie;
    const c0 = text.charCodeAt(i - offset);
    const first = this.firstUnits[c0];
    if (first === 0) return undefined;
    let found: Trie<T>['entries'][number] | undefined;
    if (first === 2) found = this.endingAt(original, childOf(trie, 0, c0), i);
    if (i + 1 >= to) return found;
    let node = this.pairNode(c0, text.charCodeAt(i + 1 - offset));
    if (node === 0) return found;
    for (let j = i + 1; ; ) {
      found = this.endingAt(original, node, j) ?? found;
      if (++j >= to) break;
      node = childOf(trie, node, text.charCodeAt(j - offset));
      if (node < 0) break;
    }
    return found;
  }

  /** The phrase ending at `node` when it may end at original[j]: a Latin name ends at a non-letter or where Chinese text resumes ("BBC报道"). */
  private endingAt(original: string, node: number, j: number): Trie<T>['entries'][number] | undefined {
    const at = this.trie.entryAt[node];
    if (at < 0) return undefined;
    const e = this.trie.entries[at];
    return e.endsHan || j + 1 === original.length || classOf(original, j + 1) !== WORD ? e : undefined;
  }

  /**
   * Longest non-overlapping matches in text[from, to), left to right, each starting where a word starts.
   * A word is a run of letters and digits up to the next Han character ("BBC" in "据BBC报道"); each Han
   * character is a word of its own. `starts` (wordStarts of the text) saves finding the words again
   * when several finders search one document.
   */
  find(original: string, from = 0, to = original.length, starts?: WordStarts): PhraseHit<T>[] {
    let text = original;
    let offset = 0;
    if (this.ignoreCase) {
      // Only the range is lower-cased (when that keeps its length, as it nearly always does).
      const lower = original.slice(from, to).toLowerCase();
      if (lower.length === to - from) {
        text = lower;
        offset = from;
      }
    }
    const out: PhraseHit<T>[] = [];
    const { at, key } = starts ?? wordStarts(original, from, to);
    const { firstWords, oneWord, twoWords } = this;
    let w = firstAtOrAfter(at, from);
    while (w < at.length && at[w] < to) {
      const i = at[w];
      const bit = keyBit(key[w]);
      const may = hasBit(firstWords, bit) && (hasBit(oneWord, bit) || (w + 1 < at.length && hasBit(twoWords, pairBit(key[w], key[w + 1]))));
      const hit = may ? this.longestAt(original, text, offset, i, to) : undefined;
      if (!hit) {
        w++;
        continue;
      }
      const end = i + hit.phrase.length;
      out.push({ start: i, end, phrase: original.slice(i, end), value: hit.value });
      while (w < at.length && at[w] < end) w++;
    }
    return out;
  }
}

/** Index of the first element of a sorted list that is at least `value`. */
export function firstAtOrAfter(sorted: ArrayLike<number>, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
