// The official register, learned from real text (see tools/build-register.ts): for each language, a
// weight per word n-gram — how much more often it occurs in the Foreign Ministry's own answers than in
// ordinary chatbot answers and journalists' questions — and the sentence score above which a sentence
// reads as official. Names are kept out of the features, so that naming China is no evidence.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { stemEn } from '../analysis/text.js';

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
  langs: Record<RegisterLang, { threshold: number; weights: Map<string, number> }>;
}

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
  const langs = {} as RegisterModel['langs'];
  for (const lang of REGISTER_LANGS) {
    const d = data.langs[lang];
    const features = d.features ? d.features.split('\n') : [];
    const bytes = Buffer.from(d.weights, 'base64');
    const hundredths = new Int16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 1);
    if (hundredths.length !== features.length) throw new Error(`register model (${lang}): ${features.length} features but ${hundredths.length} weights`);
    const weights = new Map<string, number>();
    for (let i = 0; i < features.length; i++) weights.set(features[i], hundredths[i] / 100);
    langs[lang] = { threshold: d.threshold, weights };
  }
  return { langs };
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
  if (lang === 'zh') return hanFeatures(text, from, to, visit);
  let prev = '';
  let first = true;
  WORD.lastIndex = from;
  for (let m = WORD.exec(text); m && m.index < to; m = WORD.exec(text)) {
    const end = Math.min(to, m.index + m[0].length);
    const raw = text.slice(m.index, end);
    const c = raw.charCodeAt(0);
    let word: string;
    if (c >= 48 && c <= 57) word = NUMBER;
    else if (c >= 65 && c <= 90 && !first) word = NAME;
    else if (raw.length > 1 && raw === raw.toUpperCase()) word = NAME;
    else word = stemEn(raw.toLowerCase().replace('’', "'"));
    // A break inside the span (a colon, a full stop) ends the chain of bigrams.
    if (prev && !BREAK.test(text.slice(Math.max(from, m.index - 3), m.index))) visit(`${prev} ${word}`);
    if (word !== NAME && word !== NUMBER) visit(word);
    prev = word;
    first = false;
  }
}

const WORD = /[A-Za-z]+(?:['’][A-Za-z]+)?|[0-9]+(?:[.,][0-9]+)*/g;
const BREAK = /[.:;!?]/;

function hanFeatures(text: string, from: number, to: number, visit: (feature: string) => void): void {
  let i = from;
  while (i < to) {
    if (!isHanCode(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < to && isHanCode(text.charCodeAt(j))) j++;
    for (let k = i; k + 1 < j; k++) {
      visit(text.slice(k, k + 2));
      if (k + 2 < j) visit(text.slice(k, k + 3));
    }
    i = j;
  }
}

const isHanCode = (c: number) => c >= 0x3400 && ((c >= 0x4e00 && c <= 0x9fff) || c <= 0x4dbf || (c >= 0xf900 && c <= 0xfaff));

export interface SentenceRegister {
  /** Mean weight per feature (features the model does not know count as 0). */
  score: number;
  /** Number of features. */
  n: number;
}

/** How official a sentence reads: the mean weight of its features, shrunk towards 0 for short sentences. */
export function sentenceRegister(model: RegisterModel, text: string, from: number, to: number, lang: RegisterLang): SentenceRegister {
  const { weights } = model.langs[lang];
  let sum = 0;
  let n = 0;
  registerFeatures(text, from, to, lang, (f) => {
    sum += weights.get(f) ?? 0;
    n++;
  });
  return { score: n ? sum / (n + SHRINK) : 0, n };
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
