// The official register, learned from real text (see tools/build-register.ts): for each language, a
// weight per word n-gram — how much more often it occurs in the Foreign Ministry's own answers than in
// ordinary chatbot answers and journalists' questions — and the sentence score above which a sentence
// reads as official. Names are kept out of the features, so that naming China is no evidence.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isHanCode, stemEn } from '../analysis/text.js';
import { docWords, HASH_START, hashUnit, UNKNOWN, words, WordValues } from './word-table.js';

export const REGISTER_LANGS = ['en', 'zh'] as const;
export type RegisterLang = (typeof REGISTER_LANGS)[number];

/** What is shipped per language (knowledge/models/register.json). */
export interface RegisterLangData {
  /** Sentence score at or above which a sentence is in the official register. */
  threshold: number;
  /** The features, one per line, in the order of `weights`. */
  features: string;
  /** Their weights (natural-log odds) in hundredths, as little-endian 16-bit integers, base64. */
  weights: string;
  /** How the threshold was chosen and what it gives on held-out text (for reports). */
  calibration: Record<string, number>;
}

export interface RegisterData {
  version: number;
  built: string;
  sources: Record<string, string>;
  langs: Record<RegisterLang, RegisterLangData>;
}

export interface RegisterModel {
  langs: { en: EnglishTables; zh: ChineseTables };
}

/** English features by number: words (stems, `N`, `#`) get ids; a bigram's key is its two ids. */
export interface EnglishTables {
  threshold: number;
  vocabulary: Map<string, number>;
  /** Unigram weight by word id (0 where the word has none). */
  unigrams: Float64Array;
  /** Bigram weight by the pair of word ids. */
  bigrams: WordPairWeights;
  /** Per word number (see word-table.ts): the id of its stem, -1 when the model has none. */
  ids: WordValues;
  /** `feature → weight` as strings (built on first use: tests and explanations). */
  readonly weights: Map<string, number>;
}

/** Chinese features by number: a bigram's key is its two code units, a trigram's its three. */
export interface ChineseTables {
  threshold: number;
  /** Weight by the feature's pair of keys: its first two characters (han2) and its third (hanUnit) or HAN_UNITS. */
  grams: PairWeights;
  readonly weights: Map<string, number>;
}

/**
 * Weights keyed by two small integers, in open addressing over one typed array: no Map, no string and no
 * boxed number per look-up (a Chinese bigram or trigram: its first two code units, and its third or none; English
 * word pairs, whose keys are small enough to list by first word, are in WordPairWeights).
 * A slot is three integers side by side (the two keys and the weight in hundredths, as the model ships it),
 * so a look-up reads one cache line. Most pairs a text holds have no weight: a bit per hash, in a table small
 * enough to stay in the processor's cache, rules nearly all of them out before the large table is read.
 */
export class PairWeights {
  /** Per slot, at 3 × slot: first key (-1: empty), second key, weight in hundredths. */
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly held: Uint32Array;
  private readonly heldShift: number;
  readonly size: number;

  /** Entry k is first[k], second[k] (the keys) and hundredths[k] (its weight in hundredths), for k below `size`. */
  constructor(first: Int32Array, second: Int32Array, hundredths: ArrayLike<number>, size = first.length) {
    let bits = 4;
    while (1 << bits < size * 2) bits++;
    this.mask = (1 << bits) - 1;
    this.slots = new Int32Array(3 << bits).fill(-1);
    this.size = size;
    // Sixteen to thirty-two bits per pair held: few pairs without a weight get past them.
    const heldBits = Math.min(SLOT_BITS, Math.max(10, bits + 3));
    this.held = new Uint32Array(1 << (heldBits - 5));
    this.heldShift = SLOT_BITS - heldBits;
    for (let k = 0; k < size; k++) {
      const a = first[k];
      const b = second[k];
      const w = hundredths[k];
      const h = slotOf(a, b);
      let slot = h & this.mask;
      while (this.slots[3 * slot] !== -1) slot = (slot + 1) & this.mask;
      this.slots[3 * slot] = a;
      this.slots[3 * slot + 1] = b;
      this.slots[3 * slot + 2] = w;
      const bit = h >>> this.heldShift;
      this.held[bit >>> 5] |= 1 << (bit & 31);
    }
  }

  /** The weight of (a, b), 0 when there is none; a and b are non-negative. */
  get(a: number, b: number): number {
    const h = slotOf(a, b);
    const bit = h >>> this.heldShift;
    if ((this.held[bit >>> 5] & (1 << (bit & 31))) === 0) return 0;
    const slots = this.slots;
    for (let slot = h & this.mask; ; slot = (slot + 1) & this.mask) {
      const at = 3 * slot;
      const k = slots[at];
      if (k === -1) return 0;
      if (k === a && slots[at + 1] === b) return slots[at + 2] / 100;
    }
  }
}

/**
 * Weights of word pairs, by first word: the pairs of word a are entries[start[a] … start[a + 1]), each the second
 * word's id above 16 bits and the weight in hundredths below, sorted by the second word. The English model's pairs
 * take about a hundred kilobytes this way, which stay in the processor's cache; a hash table of them did not, and
 * every look-up that got past its filter waited for memory.
 */
export class WordPairWeights {
  private readonly start: Int32Array;
  private readonly entries: Int32Array;
  readonly size: number;

  /** Entry k is first[k], second[k] (word ids below `words`, at most 65,536) and hundredths[k], for k below `size`. */
  constructor(words: number, first: Int32Array, second: Int32Array, hundredths: ArrayLike<number>, size = first.length) {
    if (words > 0x10000) throw new Error(`register model: ${words} words, more than a pair table holds (65,536)`);
    this.size = size;
    const order = Array.from({ length: size }, (_, k) => k).sort((x, y) => first[x] - first[y] || second[x] - second[y]);
    this.start = new Int32Array(words + 1);
    for (let k = 0; k < size; k++) this.start[first[k] + 1]++;
    for (let a = 0; a < words; a++) this.start[a + 1] += this.start[a];
    this.entries = Int32Array.from(order, (k) => (second[k] << 16) | (hundredths[k] & 0xffff));
  }

  /** The weight of (a, b), 0 when there is none; a and b are word ids. */
  get(a: number, b: number): number {
    const entries = this.entries;
    let lo = this.start[a];
    let hi = this.start[a + 1];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const e = entries[mid];
      const second = e >>> 16;
      if (second === b) return ((e << 16) >> 16) / 100;
      if (second < b) lo = mid + 1;
      else hi = mid;
    }
    return 0;
  }
}

/** slotOf gives this many bits. */
const SLOT_BITS = 25;
const slotOf = (a: number, b: number) => Math.imul(a ^ Math.imul(b, 0x9e3779b1), 0x85ebca6b) >>> 7;

/** Han code units (U+3400–U+9FFF and U+F900–U+FAFF, see isHanCode) as numbers below HAN_UNITS, so that two of them make a small integer. */
const HAN_UNITS = 0x6e00;
const hanUnit = (text: string, at: number) => {
  const c = text.charCodeAt(at);
  return c <= 0x9fff ? c - 0x3400 : c - 0xf900 + 0x6c00;
};
const han2 = (text: string, at: number) => hanUnit(text, at) * HAN_UNITS + hanUnit(text, at + 1);

export const REGISTER_PATH = fileURLToPath(new URL('../../knowledge/models/register.json', import.meta.url));

let loaded: RegisterModel | null | undefined;

/** The shipped model (read once); null when the file is missing, so the rest of the analysis still runs. */
export function registerModel(path = REGISTER_PATH): RegisterModel | null {
  if (path !== REGISTER_PATH) return compileRegister(JSON.parse(readFileSync(path, 'utf8')) as RegisterData);
  if (loaded === undefined) loaded = existsSync(path) ? compileRegister(JSON.parse(readFileSync(path, 'utf8')) as RegisterData) : null;
  return loaded;
}

/** Packs `feature → weight` into the shipped form (see RegisterLangData). */
export function packWeights(weights: Map<string, number>): Pick<RegisterLangData, 'features' | 'weights'> {
  const features = [...weights.keys()].sort();
  const hundredths = Int16Array.from(features, (f) => Math.round(weights.get(f)! * 100));
  return { features: features.join('\n'), weights: Buffer.from(hundredths.buffer).toString('base64') };
}

export function compileRegister(data: RegisterData): RegisterModel {
  const unpack = (lang: RegisterLang): [string[], Int16Array] => {
    const d = data.langs[lang];
    const features = d.features ? d.features.split('\n') : [];
    const bytes = Buffer.from(d.weights, 'base64');
    const hundredths = new Int16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 1);
    if (hundredths.length !== features.length) throw new Error(`register model (${lang}): ${features.length} features but ${hundredths.length} weights`);
    return [features, hundredths];
  };
  const stringWeights = (features: string[], hundredths: Int16Array) => new Map(features.map((f, i) => [f, hundredths[i] / 100]));

  const [enFeatures, enWeights] = unpack('en');
  const vocabulary = new Map<string, number>();
  const idOf = (word: string) => {
    let id = vocabulary.get(word);
    if (id === undefined) vocabulary.set(word, (id = vocabulary.size));
    return id;
  };
  // Bigrams into parallel arrays (no array per feature: the model has tens of thousands); unigrams by word id.
  const [first, second, bigramWeights] = [new Int32Array(enFeatures.length), new Int32Array(enFeatures.length), new Int16Array(enFeatures.length)];
  let bigramCount = 0;
  const unigramIds = new Int32Array(enFeatures.length).fill(-1);
  enFeatures.forEach((f, i) => {
    const space = f.indexOf(' ');
    if (space < 0) unigramIds[i] = idOf(f);
    else {
      first[bigramCount] = idOf(f.slice(0, space));
      second[bigramCount] = idOf(f.slice(space + 1));
      bigramWeights[bigramCount++] = enWeights[i];
    }
  });
  const bigrams = new WordPairWeights(vocabulary.size, first, second, bigramWeights, bigramCount);
  const unigrams = new Float64Array(vocabulary.size);
  unigramIds.forEach((id, i) => {
    if (id >= 0) unigrams[id] = enWeights[i] / 100;
  });
  let enStrings: Map<string, number> | undefined;
  const en: EnglishTables = {
    threshold: data.langs.en.threshold,
    vocabulary,
    unigrams,
    bigrams,
    ids: new WordValues(),
    get weights() {
      return (enStrings ??= stringWeights(enFeatures, enWeights));
    },
  };

  const [zhFeatures, zhWeights] = unpack('zh');
  // A Chinese feature (two or three characters) is stored under its first two characters and its third, or
  // HAN_UNITS for none.
  const grams = new PairWeights(
    Int32Array.from(zhFeatures, (f) => han2(f, 0)),
    Int32Array.from(zhFeatures, (f) => (f.length === 3 ? hanUnit(f, 2) : HAN_UNITS)),
    zhWeights,
  );
  let zhStrings: Map<string, number> | undefined;
  const zh: ChineseTables = {
    threshold: data.langs.zh.threshold,
    grams,
    get weights() {
      return (zhStrings ??= stringWeights(zhFeatures, zhWeights));
    },
  };
  return { langs: { en, zh } };
}

/** Placeholder for a name (a capitalised word inside a sentence) and for a number. */
export const NAME = 'N';
const NUMBER = '#';

/**
 * The features of text[from, to) in a language: English word unigrams and bigrams (lower case, lightly
 * stemmed, names and numbers as placeholders, the first word of a sentence taken as lower case); Chinese character
 * bigrams and trigrams within runs of Han characters (the text should be simplified first).
 */
export function registerFeatures(text: string, from: number, to: number, lang: RegisterLang, visit: (feature: string) => void): void {
  if (lang === 'zh') {
    const runs = hanRuns(text, from, to);
    for (let r = 0; r < runs; r++) {
      const [i, j] = [spans[2 * r], spans[2 * r + 1]];
      for (let k = i; k + 1 < j; k++) {
        visit(text.slice(k, k + 2));
        if (k + 2 < j) visit(text.slice(k, k + 3));
      }
    }
    return;
  }
  let prev = '';
  const n = englishTokens(text, from, to);
  for (let k = 0; k < n; k++) {
    const [start, end, kind, chained] = [spans[2 * k], spans[2 * k + 1], kinds[k] & KIND, kinds[k] & CHAINED];
    const word = kind === NAME_TOKEN ? NAME : kind === NUMBER_TOKEN ? NUMBER : stemEn(text.slice(start, end).toLowerCase().replace('’', "'"));
    if (chained) visit(`${prev} ${word}`);
    if (kind === WORD_TOKEN) visit(word);
    prev = word;
  }
}

const WORD_TOKEN = 0;
const NAME_TOKEN = 1;
const NUMBER_TOKEN = 2;
/** A token's kind, and the flag of a chained token, in `kinds`. */
const KIND = 3;
const CHAINED = 4;

/**
 * What englishTokens and hanRuns found last, reused from call to call (the scorer reads it at once; no array or
 * closure per sentence): spans[2k], spans[2k + 1] are where the k-th token or run starts and ends, kinds[k] its kind.
 */
let spans = new Int32Array(512);
let kinds = new Uint8Array(256);

function room(count: number): void {
  if (kinds.length >= count) return;
  kinds = new Uint8Array(count);
  spans = new Int32Array(2 * count);
}

/**
 * The English tokens of text[from, to), into spans and kinds; returns how many. Tokens are runs of ASCII letters
 * with at most one apostrophe part ("don't"), or digits with [.,]digit groups ("1,000.5"), cut at `to`. A word is a
 * name when it is capitalised inside the sentence or written in capitals ("CPC"), a number when it starts with a
 * digit. CHAINED: a token before it, with no full stop, colon, semicolon, ! or ? in the three units before it.
 */
function englishTokens(text: string, from: number, to: number): number {
  room(to - from);
  let n = 0;
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    const letter = isAsciiLetterCode(c);
    if (!letter && !isDigitCode(c)) {
      i++;
      continue;
    }
    let end = i + 1;
    if (letter) {
      while (end < text.length && isAsciiLetterCode(text.charCodeAt(end))) end++;
      const q = text.charCodeAt(end);
      if ((q === 0x27 || q === 0x2019) && end + 1 < text.length && isAsciiLetterCode(text.charCodeAt(end + 1))) {
        end += 2;
        while (end < text.length && isAsciiLetterCode(text.charCodeAt(end))) end++;
      }
    } else {
      while (end < text.length && isDigitCode(text.charCodeAt(end))) end++;
      for (;;) {
        const q = text.charCodeAt(end);
        if ((q === 0x2e || q === 0x2c) && end + 1 < text.length && isDigitCode(text.charCodeAt(end + 1))) {
          end += 2;
          while (end < text.length && isDigitCode(text.charCodeAt(end))) end++;
        } else break;
      }
    }
    const stop = Math.min(to, end);
    const first = n === 0;
    const kind = !letter ? NUMBER_TOKEN : (c >= 65 && c <= 90 && !first) || (stop - i > 1 && allUpper(text, i, stop)) ? NAME_TOKEN : WORD_TOKEN;
    spans[2 * n] = i;
    spans[2 * n + 1] = stop;
    kinds[n++] = !first && !breakBefore(text, Math.max(from, i - 3), i) ? kind | CHAINED : kind;
    i = end;
  }
  return n;
}

/** The runs of Han characters in text[from, to), into spans; returns how many. */
function hanRuns(text: string, from: number, to: number): number {
  room(to - from);
  let n = 0;
  let i = from;
  while (i < to) {
    if (!isHanCode(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < to && isHanCode(text.charCodeAt(j))) j++;
    spans[2 * n] = i;
    spans[2 * n + 1] = j;
    n++;
    i = j;
  }
  return n;
}

export interface SentenceRegister {
  /** Mean weight per feature (features the model does not know count as 0). */
  score: number;
  /** Number of features. */
  n: number;
}

/**
 * How official a sentence reads: the mean weight of its features, shrunk towards 0 for short sentences.
 * The same features as registerFeatures, looked up by number instead of by string.
 */
export function sentenceRegister(model: RegisterModel, text: string, from: number, to: number, lang: RegisterLang): SentenceRegister {
  return lang === 'zh' ? chineseRegister(model.langs.zh, text, from, to) : englishRegister(model.langs.en, text, from, to);
}

function englishRegister(t: EnglishTables, text: string, from: number, to: number): SentenceRegister {
  let sum = 0;
  let n = 0;
  let prev = -1; // the previous token's id; -1: a word the model does not know
  const name = t.vocabulary.get(NAME) ?? -1;
  const number = t.vocabulary.get(NUMBER) ?? -1;
  const tokens = englishTokens(text, from, to);
  for (let k = 0; k < tokens; k++) {
    const kind = kinds[k] & KIND;
    const id = kind === NAME_TOKEN ? name : kind === NUMBER_TOKEN ? number : wordId(t, text, spans[2 * k], spans[2 * k + 1]);
    if (kinds[k] & CHAINED) {
      sum += prev >= 0 && id >= 0 ? t.bigrams.get(prev, id) : 0;
      n++;
    }
    if (kind === WORD_TOKEN) {
      sum += id >= 0 ? t.unigrams[id] : 0;
      n++;
    }
    prev = id;
  }
  return { score: n ? sum / (n + SHRINK) : 0, n };
}

/**
 * The id of the stem of the word text[start, end) (-1: the model has none), by its word number: the phrasing
 * matcher has usually just read the same word where it stands; otherwise it is hashed and looked up once.
 */
function wordId(t: EnglishTables, text: string, start: number, end: number): number {
  let w = docWords.numberAt(text, start, end);
  if (w < 0) {
    let h = HASH_START;
    for (let k = start; k < end; k++) h = hashUnit(h, text.charCodeAt(k));
    w = words.numberOf(text, start, end, h);
  }
  let id = t.ids.get(w);
  if (id === UNKNOWN) {
    id = t.vocabulary.get(stemEn(text.slice(start, end).toLowerCase().replace('’', "'"))) ?? -1;
    t.ids.set(w, id);
  }
  return id;
}

function chineseRegister(t: ChineseTables, text: string, from: number, to: number): SentenceRegister {
  let sum = 0;
  let n = 0;
  const runs = hanRuns(text, from, to);
  for (let r = 0; r < runs; r++) {
    const j = spans[2 * r + 1];
    for (let k = spans[2 * r]; k + 1 < j; k++) {
      const pair = han2(text, k);
      sum += t.grams.get(pair, HAN_UNITS);
      n++;
      if (k + 2 < j) {
        sum += t.grams.get(pair, hanUnit(text, k + 2));
        n++;
      }
    }
  }
  return { score: n ? sum / (n + SHRINK) : 0, n };
}

const isAsciiLetterCode = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isDigitCode = (c: number) => c >= 48 && c <= 57;

/** Whether text[start, end) has no lower-case letter (an acronym: "CPC", "U"). */
function allUpper(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 97 && c <= 122) return false;
  }
  return true;
}

/** Whether text[from, to) holds a mark that ends a clause: . : ; ! ? */
function breakBefore(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2e || c === 0x3a || c === 0x3b || c === 0x21 || c === 0x3f) return true;
  }
  return false;
}

/** Pseudo-features of weight 0 added to every sentence, so that a four-word sentence cannot look official by chance. */
export const SHRINK = 4;

/** The verdict's fitted thresholds (see tools/fit-verdict.ts). */
export const VERDICT_PATH = fileURLToPath(new URL('../../knowledge/models/verdict.json', import.meta.url));

export interface VerdictData {
  register: Record<RegisterLang, number>;
  /** Where the levels come from and how they cross-validate (written by the fitting script). */
  fitted?: unknown;
}

let params: VerdictData | null | undefined;

/** The shipped verdict thresholds (read once); null when the file is missing. */
export function verdictParams(): VerdictData | null {
  if (params === undefined) params = existsSync(VERDICT_PATH) ? (JSON.parse(readFileSync(VERDICT_PATH, 'utf8')) as VerdictData) : null;
  return params;
}
