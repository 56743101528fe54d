// Trace scores on one scale. Each way of matching (same language, or across languages through the
// glossary and the learnt word list) has its own raw score, and the raw scores do not mean the same
// thing: a cross-lingual 0.6 is weaker evidence than a same-language 0.6, and a Chinese query's bigrams
// behave unlike an English query's stems. A logistic curve per channel, fitted on labelled pairs
// (tools/fit-trace.ts, knowledge/models/trace.json), turns each raw score into the estimated chance
// that the statement is the one the sentence echoes, so matches from all channels rank on one scale.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { IndexLang } from './text.js';

/** Same language (`en`, `zh`) or query language → statement language (`en>zh`, `zh>en`). */
export type Channel = IndexLang | `${IndexLang}>${IndexLang}`;
export const CHANNELS: Channel[] = ['en', 'zh', 'en>zh', 'zh>en'];

/** `p = 1 / (1 + e^−(a + b·raw))`. */
export interface Curve {
  a: number;
  b: number;
}

export interface TraceCalibration {
  channels: Record<Channel, Curve>;
  /** The default minimum calibrated score for a match. */
  minScore: number;
  /** Where the curves come from and how they cross-validate (written by the fitting script). */
  fitted?: unknown;
}

export const TRACE_MODEL_PATH = fileURLToPath(new URL('../../knowledge/models/trace.json', import.meta.url));

/** Without a shipped model, raw scores are used as they are, with the minimum that predates calibration. */
export const UNCALIBRATED_MIN_SCORE = 0.15;

let loaded: TraceCalibration | null | undefined;

/** The shipped calibration (read once); null when the file is missing. */
export function traceCalibration(): TraceCalibration | null {
  if (loaded === undefined) loaded = existsSync(TRACE_MODEL_PATH) ? (JSON.parse(readFileSync(TRACE_MODEL_PATH, 'utf8')) as TraceCalibration) : null;
  return loaded;
}

export function channelOf(queryLang: IndexLang, statementLang: IndexLang): Channel {
  return queryLang === statementLang ? queryLang : `${queryLang}>${statementLang}`;
}

export function calibrate(curve: Curve, raw: number): number {
  return 1 / (1 + Math.exp(-(curve.a + curve.b * raw)));
}
