// The phrasing matcher: finds where a span of text says a catalogue phrasing, exactly or loosely.
// An inverted index from token to phrasings keeps the cost per sentence nearly independent of
// catalogue size; only phrasings sharing a token with the sentence are scored.
import { matchTokens, normOf, scanTokens } from '../analysis/text.js';
import { SpanMemo } from '../analysis/span-memo.js';
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
  /** Per matching language: token id → indexes of phrasings containing it. */
  byToken: Map<string, number[][]>;
  /** Marker patterns per talking point and language. */
  markers: Map<string, RegExp>;
  talkingPoints: Map<string, TalkingPoint>;
  /** A word where it stands → its vocabulary id, -1 when no phrasing has it, STOP_WORD for stop words. */
  wordIds: SpanMemo<number>;
  scratch: Scratch;
}

const STOP_WORD = -2;

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
  // Dense lists (an empty one for every token a language does not index): V8 reads them fastest.
  const none: number[] = [];
  for (const [lang, postings] of byToken) byToken.set(lang, Array.from({ length: vocabulary.size }, (_, id) => postings[id] ?? none));
  const pairs = new PairTable([...vocabulary].flatMap(([token, id]) => (token.length === 2 && pairKey(token, 0) >= 0 ? [[pairKey(token, 0), id]] : [])));
  const size = vocabulary.size;
  const scratch: Scratch = { round: 0, present: new Uint32Array(size), candidate: new Uint32Array(phrasings.length), slotRound: 0, slot: new Uint32Array(size), slotStamp: new Uint32Array(size) };
  const wordIds = new SpanMemo((word: string) => {
    const norm = normOf(word);
    return norm === null ? STOP_WORD : (vocabulary.get(norm) ?? -1);
  });
  return { phrasings, vocabulary, pairs, byToken, markers, talkingPoints, wordIds, scratch };
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
 * has, with their offsets. Chinese pairs are looked up by number, without a string for each.
 */
function spanTokens(index: PhrasingIndex, text: string, from: number, to: number): { ids: number[]; starts: number[]; ends: number[] } {
  const ids: number[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const add = (id: number, start: number, end: number) => {
    ids.push(id);
    starts.push(start);
    ends.push(end);
  };
  scanTokens(text, from, to, {
    han: (at, length) => {
      const key = length === 2 ? pairKey(text, at) : -1;
      add(key >= 0 ? index.pairs.get(key) : (index.vocabulary.get(text.slice(at, at + length)) ?? -1), at, at + length);
    },
    word: (start, end) => {
      const id = index.wordIds.get(text, start, end);
      if (id !== STOP_WORD) add(id, start, end);
    },
  });
  return { ids, starts, ends };
}

/** Languages whose phrasings a sentence is matched against, its own first (Chinese phrasings also match English text). */
const ZH_FIRST = ['zh', 'en'];
const EN_FIRST = ['en', 'zh'];

/**
 * Matches phrasings in text[from, to). `text` should already be simplified when it is Chinese
 * (offsets are the same). Returns at most one match per talking point: the best-scoring phrasing.
 */
export function matchPhrasings(index: PhrasingIndex, text: string, lang: string, from = 0, to = text.length, options: MatchOptions = {}): PhrasingMatch[] {
  const ml = matchLang(lang);
  const { ids, starts, ends } = spanTokens(index, text, from, to);
  // The distinct catalogue tokens in order of first appearance; `present` marks them for this call.
  const scratch = index.scratch;
  // Marks are 32-bit: after 4 billion rounds they start again from clean arrays.
  if (++scratch.round === 0xffffffff) {
    scratch.present.fill(0);
    scratch.candidate.fill(0);
    scratch.round = 1;
  }
  const round = scratch.round;
  const distinct: number[] = [];
  for (const id of ids) {
    if (id >= 0 && scratch.present[id] !== round) {
      scratch.present[id] = round;
      distinct.push(id);
    }
  }
  if (!distinct.length) return [];
  // Candidates: phrasings one of whose indexed (rarest) tokens the span contains, each taken once.
  const candidates: number[] = [];
  // In order of the span's tokens, then of languages: ties between phrasings go to the first seen.
  const lists = (ml === 'zh' ? ZH_FIRST : ml === 'en' ? EN_FIRST : [ml, 'zh']).map((l) => index.byToken.get(l)).filter((l) => l !== undefined);
  for (const id of distinct) {
    for (const postings of lists) {
      for (const p of postings[id]) {
        if (scratch.candidate[p] === round) continue;
        scratch.candidate[p] = round;
        candidates.push(p);
      }
    }
  }
  const best = new Map<string, PhrasingMatch & { tokens: number }>();
  for (const p of candidates) {
    const ph = index.phrasings[p];
    let count = 0;
    for (const t of ph.tokens) if (scratch.present[t] === round) count++;
    if (count / ph.tokens.length < ph.threshold) continue;
    const found = bestWindow(scratch, ph, ids);
    if (!found || found.score < ph.threshold) continue;
    const start = starts[found.first];
    const end = ends[found.last];
    if (options.requireMarkers !== false && !ph.selfMarked) {
      const marker = index.markers.get(`${ph.tp.id}\u0000${ph.lang}`);
      if (marker && !marker.test(text.slice(from, to))) continue;
    }
    const prev = best.get(ph.tp.id);
    // The best phrasing of a point: the highest share found, then the most specific (most tokens).
    if (!prev || found.score > prev.score || (found.score === prev.score && ph.tokens.length > prev.tokens)) {
      best.set(ph.tp.id, { talkingPointId: ph.tp.id, phrasing: ph.text, start, end, score: Number(found.score.toFixed(3)), tokens: ph.tokens.length });
    }
  }
  return [...best.values()].map(({ tokens: _, ...m }) => m).sort((a, b) => a.start - b.start);
}

/** The tightest run of tokens (within the phrasing's window) that covers the most phrasing tokens. */
function bestWindow(scratch: Scratch, ph: Phrasing, ids: number[]): { first: number; last: number; score: number } | null {
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
  for (let pos = 0; pos < ids.length; pos++) {
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
