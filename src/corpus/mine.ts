// Mining: formulaic phrases the spokespeople repeat across many statements (word n-grams in English,
// character n-grams in Chinese) that no catalogue phrasing covers yet — candidate talking points for review.
import type { TalkingPoint } from '../knowledge/schema.js';
import type { Sql } from '../storage/sql.js';
import { STOPWORDS } from './stopwords.js';
import { simplify, tokens, wordTokens, type IndexLang } from './text.js';
import { speakerGazetteer } from './speaker-ids.js';

export interface MinedPhrase {
  phrase: string;
  lang: IndexLang;
  /** Statements that use the phrase. */
  statements: number;
  /** Statements per year. */
  years: Record<string, number>;
  /** The word most typical of the statements that use the phrase (a topic hint: "xinjiang", "香港"…). */
  topic: string | null;
  first: string | null;
  last: string | null;
  speakers: Record<string, number>;
  example: { statementId: number; speaker: string | null; date: string | null; url: string | null; sentence: string };
}

export interface MineOptions {
  lang?: string;
  top?: number;
  /** A phrase must occur in at least this many statements. */
  minStatements?: number;
  talkingPoints?: TalkingPoint[];
}

interface Row {
  id: number;
  date: string | null;
  speaker: string | null;
  url: string | null;
  text: string;
}

const LIMITS: Record<IndexLang, { min: number; max: number }> = { en: { min: 4, max: 9 }, zh: { min: 6, max: 14 } };

export async function minePhrases(sql: Sql, options: MineOptions = {}): Promise<MinedPhrase[]> {
  const langs: IndexLang[] = options.lang ? [options.lang.startsWith('zh') ? 'zh' : 'en'] : ['en', 'zh'];
  const out: MinedPhrase[] = [];
  for (const lang of langs) out.push(...mineLang(await statementsOf(sql, lang), lang, options));
  return out.sort((a, b) => b.statements - a.statements).slice(0, options.top ?? 30);
}

/** Units a phrase is made of: lower-cased words (function words kept) or Han characters, per sentence-like run. */
function runs(text: string, lang: IndexLang): string[][] {
  if (lang === 'zh') return (text.match(/\p{Script=Han}+/gu) ?? []).map((r) => [...r]);
  return text
    .split(/[.!?;:,()"“”]+/)
    .map((part) => (part.toLowerCase().match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? []))
    .filter((r) => r.length);
}

/** A language side's statements, in id order on both engines. */
function statementsOf(sql: Sql, lang: IndexLang): Promise<Row[]> {
  return sql.all<Row>(`SELECT id, date, speaker, url, text FROM corpus_statements WHERE ${lang === 'zh' ? "lang = 'zh'" : "lang <> 'zh'"} ORDER BY id`);
}

function mineLang(rows: Row[], lang: IndexLang, options: MineOptions): MinedPhrase[] {
  if (!rows.length) return [];
  const minDf = options.minStatements ?? Math.max(5, Math.round(rows.length / 400));
  const joiner = lang === 'zh' ? '' : ' ';
  const { min, max } = LIMITS[lang];
  const unitRuns = rows.map((r) => runs(r.text, lang));

  // Apriori over lengths: an n-gram can only be frequent if its (n-1)-gram prefix and suffix are.
  let frequent = new Map<string, number[]>();
  const kept = new Map<string, number[]>();
  for (let n = min; n <= max; n++) {
    const postings = new Map<string, number[]>();
    unitRuns.forEach((rs, doc) => {
      const seen = new Set<string>();
      for (const r of rs) {
        for (let i = 0; i + n <= r.length; i++) {
          if (n > min) {
            const prefix = r.slice(i, i + n - 1).join(joiner);
            const suffix = r.slice(i + 1, i + n).join(joiner);
            if (!frequent.has(prefix) || !frequent.has(suffix)) continue;
          }
          const gram = r.slice(i, i + n).join(joiner);
          if (seen.has(gram)) continue;
          seen.add(gram);
          let list = postings.get(gram);
          if (!list) postings.set(gram, (list = []));
          list.push(doc);
        }
      }
    });
    frequent = new Map([...postings].filter(([, docs]) => docs.length >= minDf));
    for (const [gram, docs] of frequent) kept.set(gram, docs);
    if (!frequent.size) break;
  }

  // Keep maximal phrases: drop one when a longer phrase containing it covers most of its statements.
  const grams = [...kept.entries()].filter(([gram]) => wellFormed(gram, lang)).sort((a, b) => b[0].length - a[0].length);
  const chosen: [string, number[]][] = [];
  for (const [gram, docs] of grams) {
    if (chosen.some(([longer, ldocs]) => longer.includes(gram) && ldocs.length >= docs.length * 0.7)) continue;
    chosen.push([gram, docs]);
  }

  const covered = catalogueCover(options.talkingPoints ?? [], lang);
  const best = chosen
    .filter(([gram]) => !covered(gram))
    .sort((a, b) => b[1].length - a[1].length)
    .slice(0, options.top ?? 30);
  const df = documentFrequencies(rows, lang);
  return best.map(([gram, docs]) => describe(gram, lang, docs.map((d) => rows[d]!), df, rows.length));
}

/** English phrases start and end on content words and hold at least two; no dates or numbers. */
function wellFormed(gram: string, lang: IndexLang): boolean {
  if (lang === 'zh') return true;
  const words = gram.split(' ');
  if (STOPWORDS.has(words[0]!) || STOPWORDS.has(words[words.length - 1]!)) return false;
  if (words.some((w) => /\d/.test(w))) return false;
  return words.filter((w) => !STOPWORDS.has(w)).length >= 2;
}

/** A phrase is covered when a catalogue phrasing contains it, or shares most of its content words / bigrams. */
function catalogueCover(points: TalkingPoint[], lang: IndexLang): (gram: string) => boolean {
  const phrasings = points.flatMap((tp) => (lang === 'zh' ? (tp.phrasings.zh ?? []).map(simplify) : (tp.phrasings.en ?? [])));
  const sets = phrasings.map((p) => new Set(tokens(p.toLowerCase(), lang).map((t) => t.term)));
  return (gram) => {
    if (phrasings.some((p) => p.toLowerCase().includes(gram) || gram.includes(p.toLowerCase()))) return true;
    const terms = new Set(tokens(gram, lang).map((t) => t.term));
    if (!terms.size) return false;
    return sets.some((s) => {
      let shared = 0;
      for (const t of terms) if (s.has(t)) shared++;
      return shared / terms.size >= 0.75;
    });
  };
}

function describe(phrase: string, lang: IndexLang, rows: Row[], df: Map<string, number>, total: number): MinedPhrase {
  const years: Record<string, number> = {};
  const speakers: Record<string, number> = {};
  const dates = rows.map((r) => r.date).filter((d): d is string => !!d).sort();
  for (const r of rows) {
    const y = r.date?.slice(0, 4) ?? 'unknown';
    years[y] = (years[y] ?? 0) + 1;
    // One person once, under the gazetteer's name, whichever of their names a page printed.
    const who = r.speaker && (speakerGazetteer().get(r.speaker.trim())?.name ?? r.speaker);
    if (who) speakers[who] = (speakers[who] ?? 0) + 1;
  }
  const first = rows.find((r) => r.date === dates[0]) ?? rows[0]!;
  const at = lang === 'zh' ? first.text.indexOf(phrase) : first.text.toLowerCase().indexOf(phrase);
  const sentence = sentenceAround(first.text, at < 0 ? 0 : at);
  return {
    phrase: lang === 'zh' || at < 0 ? phrase : first.text.slice(at, at + phrase.length),
    lang,
    statements: rows.length,
    years,
    topic: topicOf(phrase, lang, rows, df, total),
    first: dates[0] ?? null,
    last: dates[dates.length - 1] ?? null,
    speakers,
    example: { statementId: first.id, speaker: first.speaker, date: first.date, url: first.url, sentence },
  };
}

function sentenceAround(text: string, at: number): string {
  const before = text.slice(0, at);
  const start = Math.max(before.search(/[^.。!?！？\n]*$/), 0);
  const rest = text.slice(at);
  const stop = rest.search(/[.。!?！？\n]/);
  return text.slice(start, stop < 0 ? text.length : at + stop + 1).trim();
}

/** The term most over-represented in the phrase's statements compared with the whole corpus side. */
function topicOf(phrase: string, lang: IndexLang, rows: Row[], df: Map<string, number>, total: number): string | null {
  const own = new Set(tokens(phrase, lang).map((t) => t.term));
  // A Chinese bigram sharing a character with the phrase is part of its wording, not its topic.
  const ownChars = lang === 'zh' ? new Set(phrase) : new Set<string>();
  const local = new Map<string, number>();
  for (const r of rows) for (const t of new Set(topicTerms(r.text, lang))) if (!own.has(t) && ![...t].some((c) => ownChars.has(c))) local.set(t, (local.get(t) ?? 0) + 1);
  let best: string | null = null;
  let bestLift = 2;
  for (const [term, n] of local) {
    if (n < rows.length * 0.25 || n < 3) continue;
    const lift = n / rows.length / ((df.get(term) ?? n) / total);
    if (lift > bestLift) {
      bestLift = lift;
      best = term;
    }
  }
  return best;
}

/** Topic words: English content words (stemmed), Chinese bigrams. */
function topicTerms(text: string, lang: IndexLang): string[] {
  return lang === 'zh' ? tokens(text, 'zh').map((t) => t.term) : wordTokens(text).map((t) => t.term);
}

function documentFrequencies(rows: Row[], lang: IndexLang): Map<string, number> {
  const df = new Map<string, number>();
  for (const r of rows) for (const t of new Set(topicTerms(r.text, lang))) df.set(t, (df.get(t) ?? 0) + 1);
  return df;
}
