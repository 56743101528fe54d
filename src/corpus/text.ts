// Text plumbing shared by ingest, trace and mining: normalisation, index terms, a small sentence splitter.
import { createHash } from 'node:crypto';
import { simplify } from '../analysis/text.js';
import { STOPWORDS } from './stopwords.js';

export type IndexLang = 'en' | 'zh';

const HAN = /\p{Script=Han}/gu;
const HAN_RUN = /\p{Script=Han}+/gu;
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

export function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** Collapses whitespace (including ideographic spaces and nbsp) so hashes and offsets are stable. */
export function cleanText(text: string): string {
  return text.replace(/[\s\u00a0\u3000]+/g, ' ').trim();
}

/** Chinese when Han characters make up a good part of the letters; every other script is indexed by words. */
export function detectLang(text: string): IndexLang {
  const han = text.match(HAN)?.length ?? 0;
  if (han === 0) return 'en';
  const latin = text.match(/[A-Za-z]/g)?.length ?? 0;
  return han * 3 >= latin ? 'zh' : 'en';
}

export { simplify };

/** A crude but consistent stemmer: index and query only need to agree with each other. */
export function stem(word: string): string {
  let w = word.toLowerCase().replace(/['’]s$/, '');
  if (w.length > 5 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && w.endsWith('es') && /(ss|sh|ch|x|z)es$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) w = w.slice(0, -1);
  if (w.length > 6 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 5 && w.endsWith('ed')) w = w.slice(0, -2);
  else if (w.length > 6 && w.endsWith('ly')) w = w.slice(0, -2);
  return w;
}

export interface Token {
  term: string;
  start: number;
  end: number;
}

/** Word tokens (stemmed, stopwords dropped) with their offsets; Han runs are skipped here. */
export function wordTokens(text: string): Token[] {
  const out: Token[] = [];
  // Han characters count as letters in \p{L}: blank them (keeping offsets) so "15年" still yields "15".
  const latin = /\p{Script=Han}/u.test(text) ? text.replace(/\p{Script=Han}/gu, (ch) => ' '.repeat(ch.length)) : text;
  for (const m of latin.matchAll(WORD)) {
    const raw = m[0];
    const lower = raw.toLowerCase();
    if (lower.length < 2 && !/\d/.test(lower)) continue;
    if (STOPWORDS.has(lower)) continue;
    out.push({ term: stem(lower), start: m.index, end: m.index + raw.length });
  }
  return out;
}

/** Character bigrams of every Han run (a lone character stands for itself), with offsets. */
export function hanTokens(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(HAN_RUN)) {
    const run = m[0];
    if (run.length === 1) {
      out.push({ term: run, start: m.index, end: m.index + 1 });
      continue;
    }
    for (let i = 0; i + 1 < run.length; i++) out.push({ term: run.slice(i, i + 2), start: m.index + i, end: m.index + i + 2 });
  }
  return out;
}

/** Index tokens for a sentence in its language: Chinese gets bigrams plus its Latin words. */
export function tokens(text: string, lang: IndexLang): Token[] {
  if (lang === 'en') return wordTokens(text);
  return [...hanTokens(text), ...wordTokens(text)].sort((a, b) => a.start - b.start);
}

export function terms(text: string, lang: IndexLang): string[] {
  return tokens(text, lang).map((t) => t.term);
}

/**
 * The tokens FTS5's unicode61 tokenizer makes of a term: it splits at every character that is not a letter,
 * a number or private-use ("chang'e" → chang, e). PostgreSQL's index is given the same tokens, so both engines
 * count and match the same index terms.
 */
export function ftsParts(term: string): string[] {
  return term.toLowerCase().split(/[^\p{L}\p{N}\p{Co}]+/u).filter(Boolean);
}

/** A term string safe to put in an FTS5 MATCH expression. */
export function ftsQuote(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}
