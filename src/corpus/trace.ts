// Tracing: which official statements does a sentence echo? Full-text search (FTS5, BM25) finds candidate
// sentences, then a re-ranker scores each by the query's weighted words (English stems, Chinese character
// bigrams) it contains. Across languages, glossary pairs (安居乐业 ↔ "live and work in peace and contentment")
// carry the query into the other language's index.
import type Database from 'better-sqlite3';
import type { GlossaryEntry } from '../knowledge/schema.js';
import { loadKnowledge } from '../knowledge/load.js';
import type { Store } from '../storage/db.js';
import { splitSentences } from '../analysis/segment.js';
import { detectLang, ftsQuote, simplify, tokens, wordTokens, type IndexLang, type Token } from './text.js';

export interface Span {
  start: number;
  end: number;
}

export interface TraceMatch {
  statementId: number;
  sentenceId: number;
  speaker: string | null;
  date: string | null;
  url: string | null;
  lang: string;
  kind: string;
  title: string | null;
  question: string | null;
  /** The statement sentence that matched best. */
  text: string;
  /** Where that sentence lies in the statement text. */
  start: number;
  end: number;
  /** 0..1: the share of the query's (weighted) words found in the sentence, tempered by the sentence's length. */
  score: number;
  /** The matching words in `text`. */
  highlights: Span[];
  /** `words` when matched in the query's language, `glossary` when matched through translated glossary terms. */
  via: 'words' | 'glossary';
}

export interface TraceOptions {
  /** Only statements in this language (`en`, `zh`); default both. */
  lang?: string;
  limit?: number;
  /** Drop matches scoring below this (0..1). */
  minScore?: number;
  /** Candidate sentences fetched from the index per query and language before re-ranking. */
  candidates?: number;
}

interface Candidate {
  id: number;
  statement_id: number;
  start: number;
  end: number;
  lang: string;
  text: string;
  date: string | null;
  speaker: string | null;
  url: string | null;
  title: string | null;
  question: string | null;
  kind: string;
}

interface Concept {
  entry: number;
  weight: number;
}

/** A glossary entry's phrasings made ready for matching: English as stem sequences, Chinese simplified. */
interface GlossaryIndex {
  en: { entry: number; terms: string[] }[];
  zh: { entry: number; text: string }[];
}

type Statement = Database.Statement<unknown[]>;

/** Words in more than this share of sentences are left out of the index search (they still count in the score). */
const COMMON_SHARE = 0.03;

const tracers = new WeakMap<Store, Tracer>();

/** One tracer per store: prepared statements and word weights are reused across calls. */
export function tracerFor(store: Store, glossary?: GlossaryEntry[]): Tracer {
  let t = tracers.get(store);
  if (!t || (glossary && t.glossary !== glossary)) {
    t = new Tracer(store, glossary ?? loadKnowledge().glossary);
    tracers.set(store, t);
  }
  return t;
}

/** Called after ingest: sizes and word weights changed. */
export function forgetTracer(store: Store): void {
  tracers.delete(store);
}

export function trace(store: Store, text: string, options: TraceOptions = {}): TraceMatch[] {
  return tracerFor(store).trace(text, options);
}

export class Tracer {
  private readonly search: Record<IndexLang, Statement>;
  private readonly df: Record<IndexLang, Statement>;
  private readonly fetch: Statement;
  private readonly sizes: Record<IndexLang, number>;
  private readonly dfCache = new Map<string, number>();
  private readonly gloss: GlossaryIndex;

  constructor(
    private readonly store: Store,
    readonly glossary: GlossaryEntry[],
  ) {
    this.search = {
      en: store.prepare('SELECT rowid AS id FROM corpus_fts_en WHERE corpus_fts_en MATCH ? ORDER BY rank LIMIT ?'),
      zh: store.prepare('SELECT rowid AS id FROM corpus_fts_zh WHERE corpus_fts_zh MATCH ? ORDER BY rank LIMIT ?'),
    };
    this.df = {
      en: store.prepare('SELECT doc FROM corpus_vocab_en WHERE term = ?'),
      zh: store.prepare('SELECT doc FROM corpus_vocab_zh WHERE term = ?'),
    };
    this.fetch = store.prepare(
      `SELECT se.id, se.statement_id, se.start, se.end, se.lang, se.text, st.date, st.speaker, st.url, st.title, st.question, st.kind
       FROM corpus_sentences se JOIN corpus_statements st ON st.id = se.statement_id
       WHERE se.id IN (SELECT value FROM json_each(?))`,
    );
    const counts = store.prepare("SELECT lang = 'zh' AS zh, count(*) AS n FROM corpus_sentences GROUP BY lang = 'zh'").all() as { zh: number; n: number }[];
    this.sizes = { en: counts.find((c) => !c.zh)?.n ?? 0, zh: counts.find((c) => c.zh)?.n ?? 0 };
    this.gloss = indexGlossary(glossary);
  }

  /** Matches for a sentence (or a short passage: each sentence is traced and statements are scored on all of them). */
  trace(input: string, options: TraceOptions = {}): TraceMatch[] {
    const limit = options.limit ?? 10;
    const minScore = options.minScore ?? 0.15;
    const text = simplify(input.trim());
    if (!text) return [];
    const parts = splitSentences(text).map((s) => text.slice(s.start, s.end)).filter((s) => tokens(s, detectLang(s)).length > 0);
    if (parts.length <= 1) return this.traceSentence(text, options).filter((m) => m.score >= minScore).slice(0, limit);
    // A passage: a statement scores the mean of its best match for each sentence of the passage.
    const byStatement = new Map<number, { best: TraceMatch; sum: number }>();
    for (const part of parts) {
      const seen = new Set<number>();
      for (const m of this.traceSentence(part, options)) {
        if (seen.has(m.statementId)) continue;
        seen.add(m.statementId);
        const entry = byStatement.get(m.statementId);
        if (!entry) byStatement.set(m.statementId, { best: m, sum: m.score });
        else {
          entry.sum += m.score;
          if (m.score > entry.best.score) entry.best = m;
        }
      }
    }
    return [...byStatement.values()]
      .map(({ best, sum }) => ({ ...best, score: round(sum / parts.length) }))
      .filter((m) => m.score >= minScore)
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
  }

  private traceSentence(text: string, options: TraceOptions): TraceMatch[] {
    const qlang = detectLang(text);
    const other: IndexLang = qlang === 'zh' ? 'en' : 'zh';
    const want = options.lang ? (options.lang.startsWith('zh') ? 'zh' : 'en') : null;
    const k = options.candidates ?? 50;
    const matches: TraceMatch[] = [];
    if (!want || want === qlang) matches.push(...this.sameLanguage(text, qlang, k));
    if (!want || want === other) matches.push(...this.acrossLanguages(text, qlang, other, k));
    // One line per statement: its best sentence.
    const best = new Map<number, TraceMatch>();
    for (const m of matches) {
      const prev = best.get(m.statementId);
      if (!prev || m.score > prev.score) best.set(m.statementId, m);
    }
    return [...best.values()].sort((a, b) => b.score - a.score || (a.date ?? '').localeCompare(b.date ?? ''));
  }

  private idf(lang: IndexLang, term: string): number {
    const key = `${lang}:${term}`;
    let df = this.dfCache.get(key);
    if (df === undefined) {
      df = (this.df[lang].get(term) as { doc: number } | undefined)?.doc ?? 0;
      this.dfCache.set(key, df);
    }
    const n = this.sizes[lang] || 1;
    // An unseen word weighs most: a sentence full of words the corpus never uses is not an echo of it.
    return Math.log((n + 1) / (df + 0.5));
  }

  private candidates(lang: IndexLang, match: string, k: number): Candidate[] {
    if (!match || !this.sizes[lang]) return [];
    const ids = (this.search[lang].all(match, k) as { id: number }[]).map((r) => r.id);
    if (!ids.length) return [];
    return this.fetch.all(JSON.stringify(ids)) as Candidate[];
  }

  private sameLanguage(text: string, lang: IndexLang, k: number): TraceMatch[] {
    const qTokens = tokens(text, lang);
    const weights = new Map<string, number>();
    for (const t of qTokens) weights.set(t.term, this.idf(lang, t.term));
    const total = sum(weights.values());
    if (!total) return [];
    // Search on the rarest words only: common ones add little to BM25 and slow the OR query down.
    const ranked = [...weights.entries()].filter(([term]) => (this.dfCache.get(`${lang}:${term}`) ?? 0) > 0).sort((a, b) => b[1] - a[1]);
    const common = (term: string) => (this.dfCache.get(`${lang}:${term}`) ?? 0) > this.sizes[lang] * COMMON_SHARE;
    const rare = ranked.filter(([term]) => !common(term));
    const searchTerms = (rare.length >= 2 ? rare : ranked.slice(0, 2)).slice(0, lang === 'zh' ? 16 : 12).map(([term]) => ftsQuote(term));
    const out: TraceMatch[] = [];
    for (const c of this.candidates(lang, searchTerms.join(' OR '), k)) {
      const sTokens = tokens(c.text, lang);
      const sTerms = new Set(sTokens.map((t) => t.term));
      let found = 0;
      let shared = 0;
      for (const [term, w] of weights) {
        if (sTerms.has(term)) {
          found += w;
          shared++;
        }
      }
      const recall = found / total;
      const precision = sTerms.size ? shared / sTerms.size : 0;
      const score = recall * (0.7 + 0.3 * Math.sqrt(precision));
      out.push(toMatch(c, score, highlight(sTokens, weights), 'words'));
    }
    return out;
  }

  private acrossLanguages(text: string, qlang: IndexLang, other: IndexLang, k: number): TraceMatch[] {
    const { concepts, coverage } = this.concepts(text, qlang);
    if (!concepts.length) return [];
    const total = sum(concepts.map((c) => c.weight));
    const phrases: string[] = [];
    for (const c of concepts) {
      if (other === 'en') for (const p of this.gloss.en.filter((g) => g.entry === c.entry)) phrases.push(p.terms.map(ftsQuote).join(' + '));
      else for (const p of this.gloss.zh.filter((g) => g.entry === c.entry)) phrases.push(tokens(p.text, 'zh').map((t) => ftsQuote(t.term)).join(' + '));
    }
    const match = phrases.filter(Boolean).join(' OR ');
    const out: TraceMatch[] = [];
    for (const c of this.candidates(other, match, k)) {
      const spans: Span[] = [];
      let found = 0;
      for (const concept of concepts) {
        const hit = this.findConcept(c.text, other, concept.entry);
        if (hit.length) {
          found += concept.weight;
          spans.push(...hit);
        }
      }
      // Glossary matches are bilingual evidence but coarser than shared words: cap them below a perfect score.
      const score = (found / total) * Math.sqrt(coverage) * 0.9;
      out.push(toMatch(c, score, mergeSpans(spans), 'glossary'));
    }
    return out;
  }

  /** Glossary entries found in the query, longest first without overlaps, and the share of the query they cover. */
  private concepts(text: string, lang: IndexLang): { concepts: Concept[]; coverage: number } {
    const found: { entry: number; start: number; end: number; weight: number }[] = [];
    if (lang === 'zh') {
      for (const g of this.gloss.zh) {
        let at = text.indexOf(g.text);
        while (at >= 0) {
          found.push({ entry: g.entry, start: at, end: at + g.text.length, weight: g.text.length });
          at = text.indexOf(g.text, at + 1);
        }
      }
    } else {
      const qTokens = wordTokens(text);
      const seq = qTokens.map((t) => t.term);
      for (const g of this.gloss.en) {
        for (let i = indexOfSeq(seq, g.terms, 0); i >= 0; i = indexOfSeq(seq, g.terms, i + 1)) {
          found.push({ entry: g.entry, start: i, end: i + g.terms.length, weight: g.terms.length });
        }
      }
    }
    found.sort((a, b) => b.end - b.start - (a.end - a.start));
    const taken: typeof found = [];
    for (const f of found) if (!taken.some((t) => f.start < t.end && t.start < f.end)) taken.push(f);
    const covered = sum(taken.map((t) => t.end - t.start));
    const size = lang === 'zh' ? (text.match(/\p{Script=Han}/gu)?.length ?? 1) : wordTokens(text).length || 1;
    const byEntry = new Map<number, number>();
    for (const t of taken) byEntry.set(t.entry, Math.max(byEntry.get(t.entry) ?? 0, t.weight));
    return { concepts: [...byEntry].map(([entry, weight]) => ({ entry, weight })), coverage: Math.min(1, covered / size) };
  }

  private findConcept(text: string, lang: IndexLang, entry: number): Span[] {
    const spans: Span[] = [];
    if (lang === 'zh') {
      for (const g of this.gloss.zh) {
        if (g.entry !== entry) continue;
        for (let at = text.indexOf(g.text); at >= 0; at = text.indexOf(g.text, at + 1)) spans.push({ start: at, end: at + g.text.length });
      }
      return spans;
    }
    const sTokens = wordTokens(text);
    const seq = sTokens.map((t) => t.term);
    for (const g of this.gloss.en) {
      if (g.entry !== entry) continue;
      for (let i = indexOfSeq(seq, g.terms, 0); i >= 0; i = indexOfSeq(seq, g.terms, i + 1))
        spans.push({ start: sTokens[i]!.start, end: sTokens[i + g.terms.length - 1]!.end });
    }
    return spans;
  }
}

function indexGlossary(glossary: GlossaryEntry[]): GlossaryIndex {
  const index: GlossaryIndex = { en: [], zh: [] };
  glossary.forEach((g, entry) => {
    for (const en of g.en) {
      const terms = wordTokens(en).map((t) => t.term);
      if (terms.length) index.en.push({ entry, terms });
    }
    for (const zh of g.zh) {
      const text = simplify(zh.trim());
      if (text.length >= 2) index.zh.push({ entry, text });
    }
  });
  return index;
}

function indexOfSeq(seq: string[], sub: string[], from: number): number {
  outer: for (let i = from; i + sub.length <= seq.length; i++) {
    for (let j = 0; j < sub.length; j++) if (seq[i + j] !== sub[j]) continue outer;
    return i;
  }
  return -1;
}

/** Spans of matching tokens, merged when nothing unmatched lies between them. */
function highlight(sTokens: Token[], weights: Map<string, number>): Span[] {
  const spans: Span[] = [];
  let open: Span | null = null;
  for (const t of sTokens) {
    if (weights.has(t.term)) {
      if (open && t.start <= open.end + 12) open.end = Math.max(open.end, t.end);
      else {
        open = { start: t.start, end: t.end };
        spans.push(open);
      }
    } else open = null;
  }
  return spans;
}

function mergeSpans(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

function toMatch(c: Candidate, score: number, highlights: Span[], via: TraceMatch['via']): TraceMatch {
  return {
    statementId: c.statement_id,
    sentenceId: c.id,
    speaker: c.speaker,
    date: c.date,
    url: c.url,
    lang: c.lang,
    kind: c.kind,
    title: c.title,
    question: c.question,
    text: c.text,
    start: c.start,
    end: c.end,
    score: round(score),
    highlights,
    via,
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function sum(values: Iterable<number>): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}
