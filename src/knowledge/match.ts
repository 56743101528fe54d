// The phrasing matcher: finds where a span of text says a catalogue phrasing, exactly or loosely.
// An inverted index from token to phrasings keeps the cost per sentence nearly independent of
// catalogue size; only phrasings sharing a token with the sentence are scored.
import { isHanCode, matchTokens, normOf, OTHER_UNIT, unitClass } from '../analysis/text.js';
import { docWords, HASH_START, hashUnit, UNKNOWN, words, WordValues } from './word-table.js';
import type { Knowledge } from './load.js';
import type { TalkingPoint } from './schema.js';

export interface PhrasingMatch {
  talkingPointId: string;
  phrasing: string;
  start: number;
  end: number;
  /** Share of the phrasing's tokens found, 0..1. */
  score: number;
}

interface Phrasing {
  tp: TalkingPoint;
  text: string;
  lang: string;
  /** Distinct token ids (see PhrasingIndex.vocabulary). */
  tokens: number[];
  /** Minimum share of tokens that must be present, by phrasing length. */
  threshold: number;
  /** Largest gap, in tokens, the matched words may spread over. */
  window: number;
  /** True when the phrasing itself contains one of the point's markers. */
  selfMarked: boolean;
}

export interface PhrasingIndex {
  phrasings: Phrasing[];
  /** Every token of every phrasing → a small integer; a text's other tokens can never match. */
  vocabulary: Map<string, number>;
  /** The vocabulary's Chinese character pairs by a number made of their two code units (see pairKey). */
  pairs: PairTable;
  /** Per matching language: token id → indexes of the phrasings indexed under it. */
  byToken: Map<string, Postings>;
  /**
   * Every phrasing's tokens, one after another (those of phrasing p at tokens[tokenStart[p] … tokenStart[p + 1])),
   * and its threshold: a candidate is counted from these flat arrays, not from its own object and array.
   */
  tokenStart: Int32Array;
  tokens: Int32Array;
  thresholds: Float64Array;
  /** Marker patterns per talking point and language. */
  markers: Map<string, RegExp>;
  talkingPoints: Map<string, TalkingPoint>;
  /** Per word number (see word-table.ts): its vocabulary id, -1 when no phrasing has it, STOP_WORD for stop words. */
  wordIds: WordValues;
  /** Per matching language of a sentence: the postings lists it is matched against, its own first. */
  lists: Map<string, Postings[]>;
  scratch: Scratch;
}

const STOP_WORD = -2;

/** Lists of phrasing indexes by token id, one after another: token t's at phrasings[start[t] … start[t + 1]). */
interface Postings {
  start: Int32Array;
  phrasings: Int32Array;
}

/** Marks reused across calls instead of per-call maps (matching is synchronous); a new round clears them. */
interface Scratch {
  round: number;
  /** Per token id: the round in which the current span contains it. */
  present: Uint32Array;
  /** Per phrasing: the round in which it became a candidate. */
  candidate: Uint32Array;
  slotRound: number;
  /** Per token id: its position in the phrasing being scored, valid when slotStamp equals slotRound. */
  slot: Uint32Array;
  slotStamp: Uint32Array;
  /** The current span's tokens (see scanSpan), grown as needed. */
  ids: Int32Array;
  starts: Int32Array;
  ends: Int32Array;
  /** The span's distinct catalogue tokens, and the candidate phrasings, in the order first seen. */
  distinct: Int32Array;
  candidates: Int32Array;
}

/** Matching languages: every Chinese variant is matched as Simplified `zh`. */
export const matchLang = (lang: string) => (lang.startsWith('zh') ? 'zh' : lang);

function thresholdFor(n: number): number {
  if (n <= 3) return 1;
  if (n <= 5) return 0.8;
  return 0.7;
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A regex for a list of literal words: word-bounded for Latin scripts, plain substrings for Chinese.
 * All-ASCII lists avoid the `u` flag and Unicode classes, which are much slower to compile and run.
 */
export function literalAlternation(words: string[]): RegExp | null {
  if (!words.length) return null;
  const ascii = words.every((w) => /^[\x00-\x7f]*$/.test(w));
  const edge = ascii ? '[A-Za-z0-9]' : '[\\p{L}\\p{N}]';
  const parts = words
    .slice()
    .sort((a, b) => b.length - a.length)
    .map((w) => {
      const e = escapeRegExp(w);
      return /^[\p{L}\p{N}]/u.test(w) && !/^\p{Script=Han}/u.test(w) ? `(?<!${edge})${e}(?!${edge})` : e;
    });
  return new RegExp(parts.join('|'), ascii ? 'i' : 'iu');
}

export function buildPhrasingIndex(knowledge: Pick<Knowledge, 'talkingPoints'>): PhrasingIndex {
  const vocabulary = new Map<string, number>();
  const idOf = (token: string) => {
    let id = vocabulary.get(token);
    if (id === undefined) vocabulary.set(token, (id = vocabulary.size));
    return id;
  };
  const phrasings: Phrasing[] = [];
  const markers = new Map<string, RegExp>();
  const talkingPoints = new Map<string, TalkingPoint>();
  for (const tp of knowledge.talkingPoints) {
    talkingPoints.set(tp.id, tp);
    for (const [lang0, list] of Object.entries(tp.phrasings)) {
      const lang = matchLang(lang0);
      const markerRe = literalAlternation(tp.markers?.[lang0] ?? []);
      if (markerRe) markers.set(`${tp.id}\u0000${lang}`, markerRe);
      for (const text of list) {
        // Phrasings are written in Simplified Chinese (lint checks it), so no conversion is needed here.
        const tokens = [...new Set(matchTokens(text).map((t) => idOf(t.norm)))];
        if (!tokens.length) continue;
        phrasings.push({
          tp,
          text,
          lang,
          tokens,
          threshold: thresholdFor(tokens.length),
          window: tokens.length * 2 + 4,
          selfMarked: markerRe ? markerRe.test(text) : false,
        });
      }
    }
  }
  // Prefix filtering: a phrasing that needs `need` of its n tokens must contain at least one of its
  // n - need + 1 rarest tokens, so only those are indexed. Common words ("China", 人民) then point to
  // few phrasings, and the cost per sentence stays nearly flat as the catalogue grows.
  const byToken = new Map<string, number[][]>();
  const df = new Map<string, number>();
  for (const ph of phrasings) for (const t of ph.tokens) df.set(`${ph.lang}\u0000${t}`, (df.get(`${ph.lang}\u0000${t}`) ?? 0) + 1);
  phrasings.forEach((ph, at) => {
    const need = Math.ceil(ph.threshold * ph.tokens.length - 1e-9);
    const rarest = [...ph.tokens].sort((a, b) => df.get(`${ph.lang}\u0000${a}`)! - df.get(`${ph.lang}\u0000${b}`)!);
    let postings = byToken.get(ph.lang);
    if (!postings) byToken.set(ph.lang, (postings = []));
    for (const tok of rarest.slice(0, ph.tokens.length - need + 1)) (postings[tok] ??= []).push(at);
  });
  // Flat lists, read by index: no array per token to reach first.
  const flat = new Map<string, Postings>();
  for (const [lang, postings] of byToken) {
    const start = new Int32Array(vocabulary.size + 1);
    for (let id = 0; id < vocabulary.size; id++) start[id + 1] = start[id] + (postings[id]?.length ?? 0);
    flat.set(lang, { start, phrasings: Int32Array.from(Array.from({ length: vocabulary.size }, (_, id) => postings[id] ?? []).flat()) });
  }
  const tokenStart = new Int32Array(phrasings.length + 1);
  phrasings.forEach((ph, p) => (tokenStart[p + 1] = tokenStart[p] + ph.tokens.length));
  const pairs = new PairTable([...vocabulary].flatMap(([token, id]) => (token.length === 2 && pairKey(token, 0) >= 0 ? [[pairKey(token, 0), id]] : [])));
  const size = vocabulary.size;
  const scratch: Scratch = {
    round: 0,
    present: new Uint32Array(size),
    candidate: new Uint32Array(phrasings.length),
    slotRound: 0,
    slot: new Uint32Array(size),
    slotStamp: new Uint32Array(size),
    ids: new Int32Array(256),
    starts: new Int32Array(256),
    ends: new Int32Array(256),
    distinct: new Int32Array(size),
    candidates: new Int32Array(phrasings.length),
  };
  return {
    phrasings,
    vocabulary,
    pairs,
    byToken: flat,
    tokenStart,
    tokens: Int32Array.from(phrasings.flatMap((ph) => ph.tokens)),
    thresholds: Float64Array.from(phrasings, (ph) => ph.threshold),
    markers,
    talkingPoints,
    wordIds: new WordValues(),
    lists: new Map(),
    scratch,
  };
}

export interface MatchOptions {
  /** Apply each talking point's markers (default true): lint and analysis both want it on. */
  requireMarkers?: boolean;
}

/**
 * A number for the Han pair at text[at], text[at + 1] when both are in U+3400–U+9FFF (small enough
 * for V8's fast integers), otherwise -1.
 */
function pairKey(text: string, at: number): number {
  const a = text.charCodeAt(at) - 0x3400;
  const b = text.charCodeAt(at + 1) - 0x3400;
  return a >= 0 && a < 0x6c00 && b >= 0 && b < 0x6c00 ? a * 0x6c00 + b : -1;
}

/** An open-addressing table from pair numbers to token ids: the lookup for most Chinese tokens. */
class PairTable {
  private readonly keys: Int32Array;
  private readonly ids: Int32Array;
  private readonly shift: number;

  constructor(entries: [number, number][]) {
    let bits = 4;
    while (1 << bits < entries.length * 2) bits++;
    this.keys = new Int32Array(1 << bits).fill(-1);
    this.ids = new Int32Array(1 << bits);
    this.shift = 32 - bits;
    for (const [key, id] of entries) {
      let slot = this.slotOf(key);
      while (this.keys[slot] !== -1) slot = (slot + 1) & (this.keys.length - 1);
      this.keys[slot] = key;
      this.ids[slot] = id;
    }
  }

  private slotOf(key: number): number {
    return Math.imul(key, 0x9e3779b1) >>> this.shift;
  }

  /** The id of a pair number, or -1. */
  get(key: number): number {
    for (let slot = this.slotOf(key); ; slot = (slot + 1) & (this.keys.length - 1)) {
      const k = this.keys[slot];
      if (k === key) return this.ids[slot];
      if (k === -1) return -1;
    }
  }
}

/**
 * The span's tokens (those of matchTokens, in order) as vocabulary ids, -1 for tokens no phrasing
 * has, with their offsets, for tests: the matcher reads them from the scratch buffers (see scanSpan).
 */
export function spanTokens(index: PhrasingIndex, text: string, from: number, to: number): { ids: number[]; starts: number[]; ends: number[] } {
  const n = scanSpan(index, text, from, to);
  const { ids, starts, ends } = index.scratch;
  return { ids: [...ids.subarray(0, n)], starts: [...starts.subarray(0, n)], ends: [...ends.subarray(0, n)] };
}

/** ASCII letters and digits: the units of most words, told apart without a call. */
const ASCII_WORD = Uint8Array.from({ length: 128 }, (_, c) => (/[A-Za-z0-9]/.test(String.fromCharCode(c)) ? 1 : 0));
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;

/**
 * The length (1 or 2 code units) of the letter or digit at text[i] that can be part of a word, or 0:
 * as text.ts's forEachWord sees letters within a run of text between Han characters.
 */
function wordUnitAt(text: string, i: number, to: number): number {
  const c = text.charCodeAt(i);
  if (c < 128) return ASCII_WORD[c];
  if (isHanCode(c)) return 0;
  if (c >= 0xd800 && c <= 0xdbff) {
    if (i + 1 >= to) return 0;
    const d = text.charCodeAt(i + 1);
    return d >= 0xdc00 && d <= 0xdfff && LETTER_OR_DIGIT.test(text.slice(i, i + 2)) ? 2 : 0;
  }
  return unitClass(c) === OTHER_UNIT ? 0 : 1;
}

/**
 * Tokenises text[from, to) as matchTokens does into the scratch buffers (ids, starts, ends) and returns
 * how many tokens there are. One pass: each word is hashed while its end is found, then looked up once;
 * Chinese pairs are looked up by number, without a string for each.
 */
function scanSpan(index: PhrasingIndex, text: string, from: number, to: number): number {
  const scratch = index.scratch;
  if (scratch.ids.length < to - from) {
    const size = Math.max(to - from, scratch.ids.length * 2);
    scratch.ids = new Int32Array(size);
    scratch.starts = new Int32Array(size);
    scratch.ends = new Int32Array(size);
  }
  // At most one token per code unit: a Han run of n units makes n - 1 pairs (or one single), a word at least one unit.
  const { ids, starts, ends } = scratch;
  const table = index.wordIds;
  let n = 0;
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (isHanCode(c)) {
      let j = i + 1;
      while (j < to && isHanCode(text.charCodeAt(j))) j++;
      if (j - i === 1) {
        ids[n] = index.vocabulary.get(text.slice(i, i + 1)) ?? -1;
        starts[n] = i;
        ends[n++] = i + 1;
      }
      for (let k = i; k + 1 < j; k++) {
        const key = pairKey(text, k);
        ids[n] = key >= 0 ? index.pairs.get(key) : (index.vocabulary.get(text.slice(k, k + 2)) ?? -1);
        starts[n] = k;
        ends[n++] = k + 2;
      }
      i = j;
      continue;
    }
    let len = wordUnitAt(text, i, to);
    if (!len) {
      i++;
      continue;
    }
    // A word: runs of letters and digits joined by - ' ’ (as forEachWord finds them), hashed on the way.
    const start = i;
    let h = HASH_START;
    for (;;) {
      do {
        h = hashUnit(h, text.charCodeAt(i));
        if (len === 2) h = hashUnit(h, text.charCodeAt(i + 1));
        i += len;
        // ASCII letters and digits, most of most words, without a call each.
        let a: number;
        while (i < to && (a = text.charCodeAt(i)) < 128 && ASCII_WORD[a] === 1) {
          h = hashUnit(h, a);
          i++;
        }
      } while (i < to && (len = wordUnitAt(text, i, to)));
      const q = text.charCodeAt(i);
      if (i + 1 < to && (q === 0x2d || q === 0x27 || q === 0x2019) && (len = wordUnitAt(text, i + 1, to))) {
        h = hashUnit(h, q);
        i++;
      } else break;
    }
    const w = words.numberOf(text, start, i, h);
    docWords.note(text, start, i, w);
    let id = table.get(w);
    if (id === UNKNOWN) {
      const norm = normOf(text.slice(start, i));
      id = norm === null ? STOP_WORD : (index.vocabulary.get(norm) ?? -1);
      table.set(w, id);
    }
    if (id === STOP_WORD) continue;
    ids[n] = id;
    starts[n] = start;
    ends[n++] = i;
  }
  return n;
}

/** Languages whose phrasings a sentence is matched against, its own first (Chinese phrasings also match English text). */
const ZH_FIRST = ['zh', 'en'];
const EN_FIRST = ['en', 'zh'];

/**
 * Matches phrasings in text[from, to). `text` should already be simplified when it is Chinese
 * (offsets are the same). Returns at most one match per talking point: the best-scoring phrasing.
 */
export function matchPhrasings(index: PhrasingIndex, text: string, lang: string, from = 0, to = text.length, options: MatchOptions = {}): PhrasingMatch[] {
  const n = scanSpan(index, text, from, to);
  const scratch = index.scratch;
  const ids = scratch.ids;
  // Marks are 32-bit: after 4 billion rounds they start again from clean arrays.
  if (++scratch.round === 0xffffffff) {
    scratch.present.fill(0);
    scratch.candidate.fill(0);
    scratch.round = 1;
  }
  const round = scratch.round;
  // The distinct catalogue tokens in order of first appearance; `present` marks them for this call.
  const { present, distinct } = scratch;
  let nDistinct = 0;
  for (let k = 0; k < n; k++) {
    const id = ids[k];
    if (id >= 0 && present[id] !== round) {
      present[id] = round;
      distinct[nDistinct++] = id;
    }
  }
  if (!nDistinct) return [];
  // Candidates: phrasings one of whose indexed (rarest) tokens the span contains, each taken once,
  // in order of the span's tokens, then of languages: ties between phrasings go to the first seen.
  const lists = listsFor(index, matchLang(lang));
  const { candidate, candidates } = scratch;
  let nCandidates = 0;
  for (let d = 0; d < nDistinct; d++) {
    const id = distinct[d];
    for (const { start, phrasings } of lists) {
      for (let k = start[id], end = start[id + 1]; k < end; k++) {
        const p = phrasings[k];
        if (candidate[p] === round) continue;
        candidate[p] = round;
        candidates[nCandidates++] = p;
      }
    }
  }
  const { tokenStart, tokens, thresholds } = index;
  let best: Map<string, PhrasingMatch & { tokens: number }> | undefined;
  for (let c = 0; c < nCandidates; c++) {
    const p = candidates[c];
    const firstToken = tokenStart[p];
    const pastTokens = tokenStart[p + 1];
    let count = 0;
    for (let k = firstToken; k < pastTokens; k++) if (present[tokens[k]] === round) count++;
    if (count / (pastTokens - firstToken) < thresholds[p]) continue;
    const ph = index.phrasings[p];
    const found = bestWindow(scratch, ph, ids, n);
    if (!found || found.score < ph.threshold) continue;
    const start = scratch.starts[found.first];
    const end = scratch.ends[found.last];
    if (options.requireMarkers !== false && !ph.selfMarked) {
      const marker = index.markers.get(`${ph.tp.id}\u0000${ph.lang}`);
      if (marker && !marker.test(text.slice(from, to))) continue;
    }
    best ??= new Map();
    const prev = best.get(ph.tp.id);
    // The best phrasing of a point: the highest share found, then the most specific (most tokens).
    if (!prev || found.score > prev.score || (found.score === prev.score && ph.tokens.length > prev.tokens)) {
      best.set(ph.tp.id, { talkingPointId: ph.tp.id, phrasing: ph.text, start, end, score: Number(found.score.toFixed(3)), tokens: ph.tokens.length });
    }
  }
  if (!best) return [];
  return [...best.values()].map(({ tokens: _, ...m }) => m).sort((a, b) => a.start - b.start);
}

/** The postings lists a sentence in matching language `ml` is matched against, in order (worked out once per language). */
function listsFor(index: PhrasingIndex, ml: string): Postings[] {
  let lists = index.lists.get(ml);
  if (!lists) {
    lists = (ml === 'zh' ? ZH_FIRST : ml === 'en' ? EN_FIRST : [ml, 'zh']).map((l) => index.byToken.get(l)).filter((l) => l !== undefined);
    index.lists.set(ml, lists);
  }
  return lists;
}

/** The tightest run of tokens (within the phrasing's window) that covers the most phrasing tokens. */
function bestWindow(scratch: Scratch, ph: Phrasing, ids: Int32Array, n: number): { first: number; last: number; score: number } | null {
  // Number the phrasing's tokens 0..n-1, then list where the span has them, in order.
  if (++scratch.slotRound === 0xffffffff) {
    scratch.slotStamp.fill(0);
    scratch.slotRound = 1;
  }
  const round = scratch.slotRound;
  ph.tokens.forEach((t, k) => {
    scratch.slot[t] = k;
    scratch.slotStamp[t] = round;
  });
  const events: { pos: number; tok: number }[] = [];
  for (let pos = 0; pos < n; pos++) {
    const id = ids[pos];
    if (id >= 0 && scratch.slotStamp[id] === round) events.push({ pos, tok: scratch.slot[id] });
  }
  if (!events.length) return null;
  const counts = new Array<number>(ph.tokens.length).fill(0);
  let distinct = 0;
  let left = 0;
  let best: { first: number; last: number; score: number } | null = null;
  for (let right = 0; right < events.length; right++) {
    if (counts[events[right].tok]++ === 0) distinct++;
    while (events[right].pos - events[left].pos > ph.window) {
      if (--counts[events[left].tok] === 0) distinct--;
      left++;
    }
    // Drop repeated tokens at the left edge so the span is as tight as the coverage allows.
    while (left < right && counts[events[left].tok] > 1) {
      counts[events[left].tok]--;
      left++;
    }
    const score = distinct / ph.tokens.length;
    const span = events[right].pos - events[left].pos;
    if (!best || score > best.score || (score === best.score && span < best.last - best.first)) {
      best = { first: events[left].pos, last: events[right].pos, score };
    }
  }
  return best;
}
