// Low-level text helpers shared by every step: tokens with offsets, script-aware language guesses,
// and Traditional→Simplified conversion that keeps offsets (one character in, one character out).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as OpenCC from 'opencc-js';
import { SpanMemo } from './span-memo.js';

const HAN = /\p{Script=Han}/u;
/** Han characters: the BMP blocks by code point (fast path), astral ones by the Unicode property. */
export const isHan = (ch: string) => {
  const c = ch.charCodeAt(0);
  if (c < 0x2e80) return false;
  if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff)) return true;
  return c >= 0xd800 && c <= 0xdbff ? HAN.test(ch) : false;
};

/** BMP Han code units (the ranges isHan checks first). */
export const isHanCode = (c: number) => c >= 0x3400 && ((c >= 0x4e00 && c <= 0x9fff) || c <= 0x4dbf || (c >= 0xf900 && c <= 0xfaff));

let toSimplified: ((s: string) => string) | undefined;
/** Traditional → Simplified per code unit in U+3400–U+9FFF, looked up in OpenCC's tables once each (0: not yet). */
const simplifiedUnit = new Uint16Array(0x9fff - 0x3400 + 1);

/**
 * Converts Traditional Chinese to Simplified without moving offsets: character by character, so the
 * text keeps its length (OpenCC's phrase rules could change it; matching does not need them).
 */
export function simplify(text: string): string {
  let out = '';
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x3400 || c > 0x9fff) continue;
    let s = simplifiedUnit[c - 0x3400];
    if (s === 0) {
      const convert = (toSimplified ??= OpenCC.Converter({ from: 'hk', to: 'cn' }) as (s: string) => string);
      const converted = convert(String.fromCharCode(c));
      s = converted.length === 1 ? converted.charCodeAt(0) : c;
      simplifiedUnit[c - 0x3400] = s;
    }
    if (s !== c) {
      out += text.slice(copied, i) + String.fromCharCode(s);
      copied = i + 1;
    }
  }
  return copied === 0 ? text : out + text.slice(copied);
}

export interface Token {
  /** Normalised form used for matching. */
  norm: string;
  start: number;
  end: number;
}

const EN_STOP = new Set(
  `a an the and or but if then else of to in on at by for with from into onto over under about as is are was were be been being am
  it its it's this that these those there here which who whom whose what when where why how than so such too very can could may might
  must shall should will would do does did done have has had having i you he she they we me him her them us my your his their our
  also just only more most some any each every all both either neither other others own same up down out off again further once
  while during before after above below between through against because until s t don't doesn't isn't aren't wasn't weren't
  one ones upon via per within without yet still even much many well`.split(/\s+/),
);

/**
 * British/American and transliteration variants folded to one form so phrasings match either spelling. Read
 * through a Map: as an object's keys, "constructor" would have stemmed to Object itself.
 */
const VARIANTS = new Map<string, string>(Object.entries({
  chinese: 'china',
  uighur: 'uyghur',
  uighurs: 'uyghur',
  uygur: 'uyghur',
  uyghurs: 'uyghur',
  rumour: 'rumor',
  rumours: 'rumor',
  centre: 'center',
  centres: 'center',
  labour: 'labor',
  defence: 'defense',
  favour: 'favor',
  programme: 'program',
  stabilise: 'stabilize',
  organisation: 'organization',
  organisations: 'organization',
  criticise: 'criticize',
  civilisation: 'civilization',
  harmonious: 'harmony',
  stable: 'stability',
  peaceful: 'peace',
  groundless: 'baseless',
}));

/** A function of words with its results kept (vocabularies are small; cleared past 100,000 words). */
function memoised<T>(fn: (word: string) => T): (word: string) => T {
  const results = new Map<string, T>();
  return (word) => {
    let result = results.get(word);
    if (result === undefined) {
      result = fn(word);
      if (results.size > 100_000) results.clear();
      results.set(word, result);
    }
    return result;
  };
}

/** A light English stemmer: enough to fold plurals and common verb endings, nothing clever. */
export const stemEn = memoised(stem);

function stem(word: string): string {
  let w = word.toLowerCase().replace(/['’]s$/, '');
  const variant = VARIANTS.get(w);
  if (variant) return variant;
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && /(sses|xes|ches|shes)$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed') && !w.endsWith('eed')) w = w.slice(0, -2);
  return VARIANTS.get(w) ?? w;
}

/**
 * Every match of a global regex in text, like `text.matchAll(re)` without the copy of the regex that
 * matchAll makes on each call (on short sentences the copy costs more than the search).
 */
export function matchesOf(re: RegExp, text: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push(m);
    if (m[0] === '') skipEmptyMatch(re, text);
  }
  return out;
}

/**
 * Moves a global regex past an empty match, by a whole code point for Unicode regexes: V8 puts an
 * index between the halves of a surrogate pair back to the pair's start, which would find the same
 * empty match forever.
 */
export function skipEmptyMatch(re: RegExp, text: string): void {
  const c = text.charCodeAt(re.lastIndex);
  re.lastIndex += re.unicode && c >= 0xd800 && c <= 0xdbff ? 2 : 1;
}

/**
 * The words of text[from, to): runs of letters and digits joined across "-", "'" and "’", as the
 * regex [\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)* finds them, by a scan of code units (this runs for every
 * word the analyzer reads, and is several times faster than the regex).
 */
export function forEachWord(text: string, from: number, to: number, visit: (start: number, end: number) => void): void {
  let i = from;
  while (i < to) {
    let n = letterAt(text, i, to);
    if (!n) {
      i++;
      continue;
    }
    const start = i;
    i += n;
    for (;;) {
      while (i < to && (n = letterAt(text, i, to))) i += n;
      const c = text.charCodeAt(i);
      if (i + 1 < to && (c === 0x2d || c === 0x27 || c === 0x2019) && (n = letterAt(text, i + 1, to))) i += 1 + n;
      else break;
    }
    visit(start, i);
  }
}

const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;

/** Classes of BMP code units (see unitClass). */
export const OTHER_UNIT = 1;
export const WORD_UNIT = 2;
export const HAN_UNIT = 3;
const unitClasses = new Uint8Array(0x10000);

/**
 * The class of a BMP code unit: a Han character, another letter or digit, or anything else (a lone
 * surrogate included). Worked out by regex once per distinct unit, then read from a table.
 */
export function unitClass(c: number): number {
  let k = unitClasses[c];
  if (k === 0) {
    const ch = String.fromCharCode(c);
    unitClasses[c] = k = HAN.test(ch) ? HAN_UNIT : LETTER_OR_DIGIT.test(ch) ? WORD_UNIT : OTHER_UNIT;
  }
  return k;
}

/** Lower case of a BMP code unit, from a table filled on first use; a unit whose lower case is longer (İ) stays as it is. */
export function lowerUnit(c: number): number {
  if (c < 128) return c >= 65 && c <= 90 ? c + 32 : c;
  let l = lowerUnits[c];
  if (l === 0) {
    const s = String.fromCharCode(c).toLowerCase();
    lowerUnits[c] = l = s.length === 1 ? s.charCodeAt(0) : c;
  }
  return l;
}
const lowerUnits = new Uint16Array(0x10000);

/** A code unit at or past U+2E80, where the Han script's first block begins (surrogates included). */
const PAST_HAN_START = /[\u2e80-\uffff]/;

/**
 * How many characters of the Han script (\p{Script=Han}) text holds, counted up to `limit`: a loop over code units
 * with the unit table, the regex only for surrogate pairs.
 */
export function countHan(text: string, limit = Infinity): number {
  // The loop starts at the first unit past the script's first block (U+2E80), found by a search several times faster
  // than the loop walks there: most English texts have none.
  const first = text.search(PAST_HAN_START);
  if (first < 0) return 0;
  let n = 0;
  for (let i = first; i < text.length && n < limit; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x2e80) continue; // before the script's first block
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        if (HAN.test(text.slice(i, i + 2))) n++;
        i++;
      }
    } else if (unitClass(c) === HAN_UNIT) n++;
  }
  return n;
}

/** The length (1 or 2 code units) of the letter or digit at text[i], or 0; a pair is not split at `to`. */
function letterAt(text: string, i: number, to: number): number {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff) {
    if (i + 1 >= to) return 0;
    const d = text.charCodeAt(i + 1);
    return d >= 0xdc00 && d <= 0xdfff && LETTER_OR_DIGIT.test(text.slice(i, i + 2)) ? 2 : 0;
  }
  return unitClass(c) === OTHER_UNIT ? 0 : 1;
}

/** Word → its matching form, or null for stop words and Chinese. */
export function normOf(raw: string): string | null {
  if (isHan(raw)) return null;
  const lower = raw.toLowerCase();
  if (EN_STOP.has(lower)) return null;
  if ((lower.endsWith("'s") || lower.endsWith('’s')) && EN_STOP.has(lower.slice(0, -2))) return null;
  return lower.includes('-') ? lower.split('-').map(stemEn).join('-') : stemEn(lower);
}

/** normOf of the word at text[start, end), remembered by the word itself, with no string made to look it up. */
const NORMS = new SpanMemo(normOf);

/**
 * Tokens for matching: content words of Latin-script text (stemmed, stop words dropped, hyphenated compounds one
 * token), and character bigrams for Chinese (single characters for isolated Han characters). Chinese text should be
 * simplified first; offsets are unchanged by that. (The phrasing matcher has its own scanner of the same tokens:
 * scanSpan in knowledge/match.ts.)
 */
export function matchTokens(text: string, from = 0, to = text.length): Token[] {
  const out: Token[] = [];
  const han = (at: number, length: number) => out.push({ norm: text.slice(at, at + length), start: at, end: at + length });
  const word = (start: number, end: number) => {
    const norm = NORMS.get(text, start, end);
    if (norm !== null) out.push({ norm, start, end });
  };
  let i = from;
  while (i < to) {
    // Code units, not one-character strings: a Han character read as text[i] is a new string each time.
    if (isHanCode(text.charCodeAt(i))) {
      let j = i + 1;
      while (j < to && isHanCode(text.charCodeAt(j))) j++;
      if (j - i === 1) han(i, 1);
      for (let k = i; k + 1 < j; k++) han(k, 2);
      i = j;
    } else {
      let j = i + 1;
      while (j < to && !isHanCode(text.charCodeAt(j))) j++;
      forEachWord(text, i, j, word);
      i = j;
    }
  }
  return out;
}

/** Code units that `\s` matches: 2, those it does not: 1, worked out by the regex on first sight. */
const spaceUnits = new Uint8Array(0x10000);
/** Whether a code unit is white space, as `\s` has it. */
export function isSpaceUnit(c: number): boolean {
  if (spaceUnits[c] === 0) spaceUnits[c] = /\s/.test(String.fromCharCode(c)) ? 2 : 1;
  return spaceUnits[c] === 2;
}

/** Frequent words only English uses ("on", "in", "an", "he"… are other languages' words too: see EN_SHARED). */
const EN_WORDS = new Set(
  `the and of that with this which from they have had been were their there would could should these those what when where who
  whom whose about into than its not are is was to it by but if can such some any our your them she his how why more most after
  because while through however said says between against during being other does did you we us cannot isn't aren't wasn't
  weren't don't doesn't didn't can't won't it's that's there's here's let's i'm i've i'd we're they're you're since even still
  now then here very just only much many each every both own same up down out off again once before above below until upon
  within without yet well too may might must shall one two first like new`.split(/\s+/),
);

/**
 * English function words other languages write too (Finnish "on" is "is", German "in", Spanish "no", Polish "do"):
 * they count for English only beside English-only words, or in plain ASCII text without other languages' words.
 */
const EN_SHARED = new Set('a i in on at as an he has for or so be no do my her will also all over under per me'.split(' '));

/**
 * Frequent function words of other Latin-script languages (French, German, Spanish, Italian, Portuguese, Dutch,
 * Scandinavian, Finnish, Indonesian/Malay, Turkish, Tagalog, Polish, Swahili). None is an English word an answer
 * uses ("lo and behold"), a UN acronym, a citation ("un", "et al.") or a Chinese name ("Su", "Kun", "Tai",
 * "Bei", "Nur", "Lo" are left out).
 * One before a capitalised word is part of a name ("von der Leyen", "Le Monde", "El País") and does not count.
 */
const FOREIGN_WORDS = new Set(
  [
    'le la les des du de est une que qui dans sur avec cette sont ont il elle ils nous vous leur leurs mais aux ces été être très selon pas depuis comme aussi',
    'der die das und ist nicht ein eine einen sich auf wird werden wurden sind wurde hat haben auch oder aber noch von mit dem den zu im für über dass nach wie sie es er wir ich kann keine',
    'el los las del y una para por pero sus fue muy sobre entre cuando hay porque se con más está este esta esto también puedo',
    'di che della delle dei sono gli anche questo questa nel nella è',
    'da em uma mais foi dos das não são os pelo pela',
    'het een van niet zijn wordt worden voor ook maar naar deze',
    'och att som inte jag det är av på för med og ikke',
    'ja ei että oli ovat olla mutta myös joka jotka sekä kuin tämä tämän hän niin mukaan ole voi en kaikki siitä sitä jossa jonka koska eikä kanssa mitä olen ollut',
    'ini itu dengan untuk tidak dari pada akan dalam adalah oleh juga sebagai karena atau telah bahwa tersebut mereka',
    'bir ile olarak daha gibi ve için',
    'ang mga ng ito',
    'nie jest na się że',
    'kwa',
  ]
    .join(' ')
    .split(' '),
);

/** Foreign function words that begin names ("von der Leyen", "Le Monde", "El País", "Van Gogh") or Latin phrases ("de facto"). */
const NAME_PARTICLES = new Set('von der den van de la le les el los las di da du des della dos das del y'.split(' '));

const ENGLISH = 1;
const FOREIGN = 2;
const PARTICLE = 3;
const SHARED = 4;
const LATIN = 5;
/** Function words by kind: English, shared, another language's, or another language's that also begins names. */
const WORD_KINDS = new Map<string, number>([
  ...[...EN_SHARED].map((w): [string, number] => [w, SHARED]),
  ...[...EN_WORDS].map((w): [string, number] => [w, ENGLISH]),
  ...[...FOREIGN_WORDS].map((w): [string, number] => [w, NAME_PARTICLES.has(w) ? PARTICLE : FOREIGN]),
  ['facto', LATIN],
  ['jure', LATIN],
]);
/** The kind of the word at text[start, end) (0: none), remembered by the word itself. */
const WORD_KIND_AT = new SpanMemo((w: string) => WORD_KINDS.get(w.toLowerCase().replace('’', "'")) ?? 0);

/** By code unit: 1–26 for a unit that lower-cases to an ASCII letter, 27 for any other (0: not known yet). */
const asciiLetterOf = new Uint8Array(0x10000);
function letterIndex(c: number): number {
  let k = asciiLetterOf[c];
  if (k === 0) {
    const l = String.fromCharCode(c).toLowerCase();
    const d = l.length === 1 ? l.charCodeAt(0) : 0;
    asciiLetterOf[c] = k = d >= 97 && d <= 122 ? d - 96 : 27;
  }
  return k;
}
/** The shapes of the function words (length up to 8, first and last letter): a word of another shape is none of them. */
const WORD_SHAPES = new Uint8Array(9 * 28 * 28);
const shapeOf = (length: number, first: number, last: number) => (length * 28 + first) * 28 + last;
for (const w of WORD_KINDS.keys()) if (w.length <= 8) WORD_SHAPES[shapeOf(w.length, letterIndex(w.charCodeAt(0)), letterIndex(w.charCodeAt(w.length - 1)))] = 1;

/** The kind of the word at text[start, end): looked up only when a function word has its shape. */
function wordKindAt(text: string, start: number, end: number): number {
  if (end - start > 8) return 0;
  if (!WORD_SHAPES[shapeOf(end - start, letterIndex(text.charCodeAt(start)), letterIndex(text.charCodeAt(end - 1)))]) return 0;
  return WORD_KIND_AT.get(text, start, end);
}

/** Links and addresses say nothing of the language around them ("https://www.bbc.com/news/world-asia-china"). */
const URL = /\b(?:https?|ftp):\/\/\S+|\bwww\.\S+|\S+@\S+/gi;

/** A Latin letter: ASCII, or Latin-1 and Latin Extended-A/B and Additional (Vietnamese) letters. */
const isLatinCode = (c: number) => ((c | 0x20) >= 97 && (c | 0x20) <= 122) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) || (c >= 0x1e00 && c <= 0x1eff);
const isKanaCode = (c: number) => (c >= 0x3040 && c <= 0x30ff && c !== 0x30fb) || (c >= 0x31f0 && c <= 0x31ff) || (c >= 0xff66 && c <= 0xff9f);
const isHangulCode = (c: number) => (c >= 0xac00 && c <= 0xd7a3) || (c >= 0x1100 && c <= 0x11ff) || (c >= 0x3130 && c <= 0x318f);
const isCyrillicCode = (c: number) => c >= 0x400 && c <= 0x52f;
const isArabicCode = (c: number) => (c >= 0x600 && c <= 0x6ff) || (c >= 0x750 && c <= 0x77f) || (c >= 0x8a0 && c <= 0x8ff) || (c >= 0xfb50 && c <= 0xfdff) || (c >= 0xfe70 && c <= 0xfeff);

/** What detectLang counts in a text: letters by script, and the Latin words that tell English from the rest. */
interface LangCounts {
  ascii: number;
  /** Latin letters outside ASCII (é, ä, ư…). */
  accented: number;
  han: number;
  kana: number;
  hangul: number;
  cyrillic: number;
  arabic: number;
  other: number;
  /** Latin words, joined across "-", "'" and "’". */
  words: number;
  /** Latin words that begin with a capital letter. */
  capitalised: number;
  english: number;
  /** English function words other languages write too. */
  shared: number;
  foreign: number;
}

/**
 * What countLetters makes of a code unit: a Latin letter (ASCII or accented, capital or not), a letter of one of the
 * other scripts it counts, or nothing it counts (digits, punctuation, white space).
 */
const LOWER = 1;
const CAPITAL = 2;
const ACCENTED_LOWER = 3;
const ACCENTED_CAPITAL = 4;
const HAN_LETTER = 5;
const KANA = 6;
const HANGUL = 7;
const CYRILLIC = 8;
const ARABIC = 9;
const OTHER_LETTER = 10;
const UNCOUNTED = 11;

function letterClassOf(c: number): number {
  if ((c | 0x20) >= 97 && (c | 0x20) <= 122) return c <= 90 ? CAPITAL : LOWER;
  if (isLatinCode(c)) return c <= 0xde ? ACCENTED_CAPITAL : ACCENTED_LOWER;
  if (c < 0xc0) return UNCOUNTED;
  if (isHanCode(c)) return HAN_LETTER;
  if (isKanaCode(c)) return KANA;
  if (isHangulCode(c)) return HANGUL;
  if (isCyrillicCode(c)) return CYRILLIC;
  if (isArabicCode(c)) return ARABIC;
  return (c < 0xd800 || c > 0xdfff) && unitClass(c) === WORD_UNIT ? OTHER_LETTER : UNCOUNTED;
}

/** letterClassOf by code unit, worked out on first sight (0: not yet). */
const letterClasses = new Uint8Array(0x10000);
/** letterClassOf, read from a table: one look-up per character instead of a chain of range tests. */
function letterClass(c: number): number {
  const k = letterClasses[c];
  return k === 0 ? (letterClasses[c] = letterClassOf(c)) : k;
}

/**
 * Where a word runs from one script into another ("Informationне", "揭露ed", "pipeline破裂"): a letter of one script
 * group — Latin, CJK (Han, kana, Hangul), Cyrillic, Arabic — straight against a letter of another. Other scripts'
 * letters (Greek, Devanagari…), digits and marks break a word as punctuation does: "10μg", "COVID١٩", "Python،" hold
 * no junction. A span written mainly in a script other than Latin (a CJK character counting as four letters) takes
 * English words into it by custom ("AI技术", "GDP增长", "用useState保存"): those junctions are not counted.
 */
export const SCRIPT_GROUPS = 4;
/** Junctions by the pair of groups they join, at lower group × SCRIPT_GROUPS + higher group. */
export const SCRIPT_PAIRS = SCRIPT_GROUPS * SCRIPT_GROUPS;
const LATIN_GROUP = 0;
const CJK_GROUP = 1;
/** Script group by letterClass (-1: none). */
const GROUP_OF_CLASS = Int8Array.from({ length: UNCOUNTED + 1 }, (_, k) =>
  k >= LOWER && k <= ACCENTED_CAPITAL ? LATIN_GROUP : k >= HAN_LETTER && k <= HANGUL ? CJK_GROUP : k === CYRILLIC ? 2 : k === ARABIC ? 3 : -1,
);
/** Script group by code unit, worked out on first sight (-2: not yet): letters only, not the blocks' digits and marks. */
const scriptGroups = new Int8Array(0x10000).fill(-2);
function scriptGroup(c: number): number {
  let g = scriptGroups[c];
  if (g === -2) {
    g = GROUP_OF_CLASS[letterClass(c)];
    if (g >= 0 && !isLetterUnit(c)) g = -1;
    scriptGroups[c] = g;
  }
  return g;
}

const LETTER = /^\p{L}$/u;
/** By BMP code unit: 0 not known yet, 1 a letter (\p{L}), 2 not. */
const letterUnits = new Uint8Array(0x10000);

/** Whether a BMP code unit (not a surrogate) is a letter (\p{L}), worked out once per unit. */
export function isLetterUnit(c: number): boolean {
  let k = letterUnits[c];
  if (k === 0) letterUnits[c] = k = LETTER.test(String.fromCharCode(c)) ? 1 : 2;
  return k === 1;
}

/** Where a letter of a group other than Latin may stand: every block letterClass gives such a group (and some more). */
const PAST_LATIN = /[\u0400-\u06ff\u0750-\u077f\u08a0-\u08ff\u1100-\u11ff\u3040-\u9fff\uac00-\ud7af\uf900-\ufaff\ufb50-\ufdff\ufe70-\ufeff\uff66-\uff9f]/g;

/** Where the first unit at or after `from` that may be a letter of a group other than Latin stands, or -1. */
export function nextPastLatin(text: string, from: number): number {
  PAST_LATIN.lastIndex = from;
  return PAST_LATIN.exec(text)?.index ?? -1;
}

/** Adds the junctions of text[from, to) that count (see SCRIPT_GROUPS) to `into`, by pair (SCRIPT_PAIRS). */
export function addJunctions(into: Int32Array, text: string, from: number, to: number): void {
  const letters = [0, 0, 0, 0];
  const found = new Int32Array(SCRIPT_PAIRS);
  let previous = -1;
  for (let i = from; i < to; i++) {
    const g = scriptGroup(text.charCodeAt(i));
    if (g >= 0) {
      letters[g]++;
      if (previous >= 0 && previous !== g) found[Math.min(previous, g) * SCRIPT_GROUPS + Math.max(previous, g)]++;
    }
    previous = g;
  }
  const weight = (g: number) => letters[g] * (g === CJK_GROUP ? 4 : 1);
  let main = LATIN_GROUP;
  for (let g = 1; g < SCRIPT_GROUPS; g++) if (weight(g) > weight(main)) main = g;
  // Latin is group 0, so Latin with the main script is the pair at `main` (none when the main script is Latin).
  const custom = main === LATIN_GROUP ? -1 : main;
  for (let k = 0; k < SCRIPT_PAIRS; k++) if (k !== custom) into[k] += found[k];
}

/** countLetters' tallies of code units by letterClass (index 0 unused), kept between calls rather than made for each. */
const classCounts = new Int32Array(UNCOUNTED + 1);

/** The counts of text[from, to). */
function countLetters(text: string, from: number, to: number): LangCounts {
  // Letters are tallied by class in a typed array: one increment per character, the same code for every script, so
  // that a script met for the first time does not make V8 recompile the loop.
  const counts = classCounts;
  counts.fill(0);
  let words = 0;
  let capitalised = 0;
  let english = 0;
  let shared = 0;
  let foreign = 0;
  /** Foreign function words waiting for the next word: before a capitalised one they are part of a name. */
  let pending = 0;
  let i = from;
  while (i < to) {
    // A character outside words is counted by script.
    let k = letterClass(text.charCodeAt(i));
    if (k > ACCENTED_CAPITAL) {
      counts[k]++;
      i++;
      continue;
    }
    // A Latin word, read to its end in a loop of its own: its letters, joined across "-", "'" and "’" when a letter
    // follows ("de-escalation", "don't", "it’s").
    const start = i;
    const capital = k === CAPITAL || k === ACCENTED_CAPITAL;
    for (;;) {
      counts[k]++;
      if (++i >= to) break;
      const c = text.charCodeAt(i);
      k = letterClass(c);
      if (k <= ACCENTED_CAPITAL) continue;
      if (!(c === 0x2d || c === 0x27 || c === 0x2019) || i + 1 >= to) break;
      k = letterClass(text.charCodeAt(i + 1));
      if (k > ACCENTED_CAPITAL) break;
      i++;
    }
    // The word's kind: function words are short, so longer words are never looked up.
    words++;
    if (capital) capitalised++;
    const kind = wordKindAt(text, start, i);
    if (kind === ENGLISH) english++;
    else if (kind === SHARED) shared++;
    if (kind === PARTICLE) pending++;
    else if (kind === FOREIGN) {
      foreign += pending + 1;
      pending = 0;
    } else {
      // "de facto", "de jure": Latin phrases English uses.
      if (!capital && kind !== LATIN) foreign += pending;
      pending = 0;
    }
  }
  foreign += pending;
  return {
    ascii: counts[LOWER] + counts[CAPITAL],
    accented: counts[ACCENTED_LOWER] + counts[ACCENTED_CAPITAL],
    han: counts[HAN_LETTER],
    kana: counts[KANA],
    hangul: counts[HANGUL],
    cyrillic: counts[CYRILLIC],
    arabic: counts[ARABIC],
    other: counts[OTHER_LETTER],
    words,
    capitalised,
    english,
    shared,
    foreign,
  };
}

/**
 * The language of a span (a sentence, a heading, a list item): an ISO 639-1 code, or `und` when it is too short to
 * tell (such spans take the language of their document). Decided by script first — `zh` when Han characters
 * dominate, `ja` when they come with kana, `ko` for Hangul — then, for Latin script, by function words: `en` when
 * English ones are common and other languages' are not. Anything else goes to the n-gram detector (eld), loaded
 * lazily: plain English and Chinese never load it.
 */
export function detectLang(text: string): string {
  return holdsLinks(text) ? detectLangIn(text.replace(URL, ' ')) : detectLangIn(text);
}

/** Whether a text may hold a link or an address (see URL), which detectLang leaves out. */
export function holdsLinks(text: string): boolean {
  return text.includes('://') || text.includes('www.') || text.includes('@');
}

/**
 * detectLang of text[from, to), a span without links or addresses (see holdsLinks), read in place: a sentence is read
 * in its document's text rather than sliced out, which V8 reads faster (a slice reads through to the string it was cut
 * from, on every character). The span is sliced only for the few sentences that need it as a string.
 */
export function detectLangIn(text: string, from = 0, to = text.length): string {
  const k = countLetters(text, from, to);
  const latin = k.ascii + k.accented;
  if (latin + k.han + k.kana + k.hangul + k.cyrillic + k.arabic + k.other === 0) return 'und';
  // A Han character or a Hangul syllable carries about as much as a word of four letters.
  const cjk = k.han + k.kana + k.hangul;
  if (cjk / (cjk + (latin + k.cyrillic + k.arabic + k.other) / 4) >= 0.3) {
    if (k.hangul >= k.kana && k.hangul * 2 >= k.han) return 'ko';
    // Japanese writes Han characters too; kana, even a few, make it Japanese.
    return k.kana > 0 && k.kana * 20 >= k.han ? 'ja' : 'zh';
  }
  if (k.cyrillic > latin || k.arabic > latin || k.other > latin) return otherLang(text.slice(from, to));
  // Latin script. Headings of capitalised words ("Hong Kong Since 2020") are names or titles: too short to tell.
  if (k.words < 6 && k.capitalised === k.words) return 'und';
  // English: its function words are common, other languages' are not. Words English shares with
  // other languages ("on", "in") count beside English-only ones, or two of them in plain ASCII text.
  const english = k.english + k.shared;
  if (english * 10 >= k.words || (k.words < 6 && english > 0)) {
    if (k.english > 2 * k.foreign && k.accented * 10 <= latin) return 'en';
    if (k.foreign === 0 && k.accented === 0 && english >= 2) return 'en';
  }
  if (latin < 8) return 'und';
  // Another language's function words: ask the n-gram detector.
  if (k.foreign > 0) return otherLang(text.slice(from, to));
  // Mostly names ("Kingston Fossil Plant Coal Ash Spill", "Médecins Sans Frontières") and lines too short to tell
  // ("- **Forced labour**") take the document's language.
  if (k.capitalised * 5 >= k.words * 3 || (k.accented === 0 && (k.words < 3 || latin < 30))) return 'und';
  // Accented letters English does not use: ask the n-gram detector.
  if (k.accented > 0) return otherLang(text.slice(from, to));
  // Terse English ("Leaked files offer rare look inside Xinjiang's detention system"): plain ASCII words without
  // the function words of other languages, with English word endings. Loading the n-gram detector costs about
  // 0.4 s, so it is kept for lines that may be in another language ("Hongkongin mielenosoitukset vuonna 2019").
  const span = text.slice(from, to);
  let endings = 0;
  EN_ENDINGS.lastIndex = 0;
  while (EN_ENDINGS.test(span)) endings++;
  return endings > 0 && (endings + k.english + k.shared) * 8 >= k.words ? 'en' : otherLang(span);
}

/** Word endings common in English (plurals after a consonant too) and rare in the other languages written in plain ASCII. */
const EN_ENDINGS = /[a-z]{2}(?:tions?|sions?|ments?|ness|ities|ity|ings?|ed|ly|ies|ship|ences?|ances?|ous|ful|less|isms?|i[sz]ed|i[sz]es?|[b-df-hj-np-rtv-xz]s)(?![A-Za-z'’])/gi;

/** The n-gram language detector (eld), loaded on first use: most texts are English or Chinese and never need it. */
let eldDetect: ((text: string) => string) | null | undefined;
let detectorError = '';

function otherLang(text: string): string {
  if (eldDetect === undefined) {
    try {
      eldDetect = ngramDetector().detect;
    } catch (e) {
      // Never a silent "und": an answer in Finnish would then be judged as if it were English.
      eldDetect = null;
      detectorError = `the language detector (eld) could not be loaded: ${(e as Error).message}`;
    }
  }
  if (!eldDetect) throw new Error(detectorError);
  return eldDetect(text) || 'und';
}

/** eld's small model as JSON, written by `npm run build` (tools/eld-data.mjs); absent when running from src/. */
const ELD_JSON = join(dirname(fileURLToPath(import.meta.url)), '../eld-small.json');

/**
 * eld's small detector. Its model is read from ELD_JSON when that was written for the installed eld: parsing JSON
 * takes a tenth of the time of evaluating eld's module of the same data (most of a second). eld is ESM-only; Node
 * 20.19+ can require() it synchronously, which keeps the pipeline synchronous.
 */
export function ngramDetector(json = ELD_JSON): { detect: (text: string) => string; from: 'json' | 'eld' } {
  const load = createRequire(import.meta.url);
  const entry = fileURLToPath(import.meta.resolve('eld/small'));
  let model: { version: string; data: unknown } | undefined;
  try {
    model = JSON.parse(readFileSync(json, 'utf8')) as { version: string; data: unknown };
  } catch {
    // Not built (tests run from src/): eld's own module below.
  }
  const installed = (JSON.parse(readFileSync(join(dirname(entry), '../../package.json'), 'utf8')) as { version: string }).version;
  if (model?.version === installed) {
    type Detector = { detect(t: string): { language: string } };
    const { createEld } = load(join(dirname(entry), '../languageDetector.js')) as { createEld(): { instance: Detector; loadData(d: unknown): void } };
    const { instance, loadData } = createEld();
    loadData(model.data);
    return { detect: (t) => instance.detect(t).language, from: 'json' };
  }
  const eld = load(entry) as { eld: { detect(t: string): { language: string } } };
  return { detect: (t) => eld.eld.detect(t).language, from: 'eld' };
}

/** Whether the n-gram detector has been loaded (tests check that English and Chinese never load it). */
export function ngramDetectorLoaded(): boolean {
  return eldDetect !== undefined;
}
