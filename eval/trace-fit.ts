// Fitting trace's score calibration (src/corpus/calibration.ts) on the labelled sentences of
// eval/data/trace-set.jsonl, and measuring it honestly: every figure for a sentence comes from curves
// fitted without that sentence (leave-one-out), so no figure comes from the pairs it was fitted on.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CHANNELS, channelOf, type Channel, type Curve, type TraceCalibration } from '../src/corpus/calibration.js';
import type { IndexLang } from '../src/corpus/text.js';
import type { Tracer, TraceMatch } from '../src/corpus/trace.js';

export const TRACE_SET = fileURLToPath(new URL('data/trace-set.jsonl', import.meta.url));
export const NEUTRAL_SET = fileURLToPath(new URL('data/trace-neutral.jsonl', import.meta.url));

export interface TraceItem {
  id: string;
  kind: 'paraphrase' | 'translation' | 'neutral';
  query: string;
  /** The language of the relevant statements (null for neutral sentences). */
  lang: 'en' | 'zh' | null;
  relevant: string[];
}

export function loadJsonl<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

export const queryLang = (text: string): IndexLang => (/\p{Script=Han}/u.test(text) ? 'zh' : 'en');

/** One candidate statement of one sentence: its channel, raw score and whether it is a relevant answer. */
export interface Pair {
  item: string;
  channel: Channel;
  raw: number;
  relevant: boolean;
}

/** Candidates per sentence that the curves are fitted on: the relevant statements and the competition near the top. */
const CANDIDATES = 30;

/**
 * Raw-score pairs of the labelled sentences, in the language of their relevant statements only: the
 * other language holds unlabelled versions of the same statement (the ministry publishes both), which
 * are neither right nor wrong answers.
 */
export async function collectPairs(tracer: Tracer, items: TraceItem[]): Promise<Pair[]> {
  const pairs: Pair[] = [];
  for (const item of items) {
    if (item.kind === 'neutral' || !item.lang) continue;
    const q = queryLang(item.query);
    for (const m of await tracer.trace(item.query, { lang: item.lang, limit: CANDIDATES, minScore: 0, calibration: null })) {
      pairs.push({ item: item.id, channel: channelOf(q, m.lang === 'zh' ? 'zh' : 'en'), raw: m.score, relevant: item.relevant.includes(m.url ?? '') });
    }
  }
  return pairs;
}

/**
 * Logistic regression on one feature by Newton's method, with a weak ridge on the slope (λ) so that a
 * channel whose classes barely overlap still gets a finite curve.
 */
export function fitLogistic(xs: number[], ys: number[], lambda = 0.01): Curve {
  let a = 0;
  let b = 0;
  for (let iter = 0; iter < 100; iter++) {
    let ga = 0;
    let gb = 0;
    let haa = 0;
    let hab = 0;
    let hbb = lambda;
    for (let i = 0; i < xs.length; i++) {
      const p = 1 / (1 + Math.exp(-(a + b * xs[i]!)));
      const w = p * (1 - p);
      ga += p - ys[i]!;
      gb += (p - ys[i]!) * xs[i]!;
      haa += w;
      hab += w * xs[i]!;
      hbb += w * xs[i]! * xs[i]!;
    }
    gb += lambda * b;
    const det = haa * hbb - hab * hab;
    if (!(det > 1e-12)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-9) break;
  }
  return { a, b };
}

export function fitCurves(pairs: Pair[]): Record<Channel, Curve> {
  const out = {} as Record<Channel, Curve>;
  for (const channel of CHANNELS) {
    const mine = pairs.filter((p) => p.channel === channel);
    out[channel] = fitLogistic(
      mine.map((p) => p.raw),
      mine.map((p) => (p.relevant ? 1 : 0)),
    );
  }
  return out;
}

/** MAP@5 and Success@1 of one sentence's ranked matches (pages ranked by their first match). */
export function rankScores(matches: TraceMatch[], relevant: string[]): { ap: number; s1: number } {
  const urls: string[] = [];
  for (const m of matches) if (m.url && !urls.includes(m.url)) urls.push(m.url);
  const rel = new Set(relevant);
  let hits = 0;
  let ap = 0;
  urls.slice(0, 5).forEach((url, i) => {
    if (rel.has(url)) ap += ++hits / (i + 1);
  });
  return { ap: ap / Math.min(rel.size, 5), s1: rel.has(urls[0] ?? '') ? 1 : 0 };
}

/** One labelled sentence traced in both languages, as a user would, before and after calibration. */
export interface Traced {
  item: TraceItem;
  /** `paraphrase en→en`, `translation zh→en`…: the query's language → its relevant statements'. */
  group: string;
  raw: { ap: number; s1: number };
  calibrated: { ap: number; s1: number };
  /** The calibrated score of the first match (0 when none). */
  top: number;
}

/** Each labelled sentence traced with curves fitted on all the other sentences' pairs (leave-one-out). */
export async function leaveOneOut(tracer: Tracer, items: TraceItem[], pairs: Pair[]): Promise<Traced[]> {
  const out: Traced[] = [];
  for (const item of items) {
    if (item.kind === 'neutral') continue;
    const raw = rankScores(await tracer.trace(item.query, { limit: 20, minScore: 0, calibration: null }), item.relevant);
    const calibration: TraceCalibration = { channels: fitCurves(pairs.filter((p) => p.item !== item.id)), minScore: 0 };
    const matches = await tracer.trace(item.query, { limit: 20, minScore: 0, calibration });
    out.push({ item, group: `${item.kind} ${queryLang(item.query)}→${item.lang}`, raw, calibrated: rankScores(matches, item.relevant), top: matches[0]?.score ?? 0 });
  }
  return out;
}
