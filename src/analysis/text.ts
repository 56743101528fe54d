// Low-level text helpers shared by every step: tokens with offsets, script-aware language guesses,
// and Traditional→Simplified conversion that keeps offsets (one character in, one character out).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as OpenCC from 'opencc-js';

const HAN = /\p{Script=Han}/u;
/** Han characters: the BMP blocks by code point (fast path), astral ones by the Unicode property. */
export const isHan = (ch: string) => {
  const c = ch.charCodeAt(0);
  if (c < 0x2e80) return false;
  if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff)) return true;
  return c >= 0xd800 && c <= 0xdbff ? HAN.test(ch) : false;
};

/** BMP Han code units (the ranges isHan checks first). */
const isHanCode = (c: number) => c >= 0x3400 && ((c >= 0x4e00 && c <= 0x9fff) || c <= 0x4dbf || (c >= 0xf900 && c <= 0xfaff));

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

/** British/American and transliteration variants folded to one form so phrasings match either spelling. */
const VARIANTS: Record<string, string> = {
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
};

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
  if (VARIANTS[w]) return VARIANTS[w];
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && /(sses|xes|ches|shes)$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed') && !w.endsWith('eed')) w = w.slice(0, -2);
  return VARIANTS[w] ?? w;
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

/** Content words of Latin-script text, stemmed, stop-words dropped; hyphenated compounds stay one token. */
export function wordTokens(text: string, from = 0, to = text.length): Token[] {
  const out: Token[] = [];
  forEachWord(text, from, to, (start, end) => {
    const norm = normOf(text.slice(start, end));
    if (norm !== null) out.push({ norm, start, end });
  });
  return out;
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
const normOf = memoised((raw: string): string | null => {
  if (isHan(raw)) return null;
  const lower = raw.toLowerCase();
  if (EN_STOP.has(lower)) return null;
  if ((lower.endsWith("'s") || lower.endsWith('’s')) && EN_STOP.has(lower.slice(0, -2))) return null;
  return lower.includes('-') ? lower.split('-').map(stemEn).join('-') : stemEn(lower);
});

/**
 * Tokens for matching: Latin words as above, and character bigrams for Chinese (single characters for
 * isolated Han characters). Chinese text should be simplified first; offsets are unchanged by that.
 */
export function matchTokens(text: string, from = 0, to = text.length): Token[] {
  const out: Token[] = [];
  scanTokens(text, from, to, {
    han: (at, length) => out.push({ norm: text.slice(at, at + length), start: at, end: at + length }),
    word: (t) => out.push(t),
  });
  return out;
}

/** Receives the tokens of scanTokens in order: Chinese ones by position (length 1 or 2), words as tokens. */
export interface TokenSink {
  han(at: number, length: 1 | 2): void;
  word(token: Token): void;
}

/** The tokens of matchTokens, handed over one by one (the phrasing matcher looks pairs up without making strings). */
export function scanTokens(text: string, from: number, to: number, sink: TokenSink): void {
  let i = from;
  while (i < to) {
    // Code units, not one-character strings: a Han character read as text[i] is a new string each time.
    if (isHanCode(text.charCodeAt(i))) {
      let j = i + 1;
      while (j < to && isHanCode(text.charCodeAt(j))) j++;
      if (j - i === 1) sink.han(i, 1);
      for (let k = i; k + 1 < j; k++) sink.han(k, 2);
      i = j;
    } else {
      let j = i + 1;
      while (j < to && !isHanCode(text.charCodeAt(j))) j++;
      for (const t of wordTokens(text, i, j)) sink.word(t);
      i = j;
    }
  }
}

const LETTER = /\p{L}/u;
/**
 * Frequent words of other Latin-script languages (French, German, Spanish, Italian, Portuguese,
 * Dutch, Scandinavian, Indonesian/Malay, Turkish, Tagalog, Polish, Swahili). A hit only sends the
 * text to the n-gram detector, so words English sometimes uses ("de facto") may stay; the few it uses
 * all the time in this field ("UN", "et al.", "non-") are left out.
 */
const FOREIGN_FUNCTION = new RegExp(
  // Whole words only: "de" in "de-escalation" is English.
  `(?<![\\w'’-])(${[
    'de la le les des du est une que qui dans pour pas sur avec cette sont ont il elle ils nous vous leur mais',
    'der die das und ist nicht ein eine sich auf wird werden sind wurde auch oder aber bei noch von',
    'el los las del al y en una para por pero como sus fue muy sin sobre entre cuando hay porque',
    'di che della sono gli anche questo',
    'da em uma mais foi dos das',
    'het een van niet zijn wordt worden voor ook maar naar bij deze',
    'och att som inte jag ikke',
    'yang ini itu dengan untuk tidak dari pada akan dalam adalah oleh juga sebagai karena atau telah bahwa tersebut mereka',
    'bir ile olarak daha gibi',
    'ang mga ito hindi',
    'nie jest na',
    'ya kwa wa',
  ]
    .join(' ')
    .split(' ')
    .join('|')})(?![\\w'’-])`,
  'i',
);
const EN_FUNCTION = /\b(the|and|of|to|is|are|was|in|that|it|for|with|as|on|this|be|by|not|have|has|from|they|which|or|an)\b/gi;

/**
 * The language of a span: `zh` when Han characters dominate, `en` when English function words are
 * common, otherwise an ISO code from eld (loaded lazily, only for other languages), or `und`.
 */
export function detectLang(text: string): string {
  let han = 0;
  let latin = 0;
  let other = 0;
  let words = 0; // runs of ASCII letters
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const ascii = (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (ascii && !inWord) words++;
    inWord = ascii;
    if (ascii) latin++;
    else if (c < 0xc0) continue;
    else if (isHanCode(c)) han++;
    else if (LETTER.test(text[i])) other++;
  }
  const letters = han + latin + other;
  if (letters === 0) return 'und';
  if (han / (han + latin / 4 + other / 4) >= 0.3) return 'zh';
  if (latin >= other) {
    let fn = 0;
    EN_FUNCTION.lastIndex = 0;
    while (EN_FUNCTION.test(text)) fn++;
    if (words > 0 && (fn / words >= 0.12 || (words < 6 && fn > 0))) return 'en';
    // Headings and short lines ("## Hong Kong Since 2020") are too short to tell: they take the document's language.
    if (words < 3 || latin + other < 30) return 'und';
    // Terse English ("Leaked files offer rare look inside Xinjiang's detention system"): ASCII letters
    // (a stray "λ" or "é" aside) without the common words of other Latin-script languages. Loading
    // the n-gram detector costs about 0.4 s, so it is kept for text that may be in another language.
    if (other * 20 <= latin && !FOREIGN_FUNCTION.test(text)) return 'en';
  }
  return otherLang(text);
}

/** The n-gram language detector (eld), loaded on first use: most texts are English or Chinese and never need it. */
let eldDetect: ((text: string) => string) | null | undefined;

function otherLang(text: string): string {
  if (eldDetect === undefined) {
    try {
      // eld is ESM-only; Node 20.19+ can require() it synchronously, which keeps the pipeline synchronous.
      const eld = createRequire(import.meta.url)(fileURLToPath(import.meta.resolve('eld/small'))) as { eld: { detect(t: string): { language: string } } };
      eldDetect = (t) => eld.eld.detect(t).language;
    } catch {
      eldDetect = null;
    }
  }
  return (eldDetect && eldDetect(text)) || 'und';
}
