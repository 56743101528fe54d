// Tracing: which official statements does a sentence echo? Full-text search (FTS5, BM25) finds candidate
// sentences, then a re-ranker scores each by the query's weighted words (English stems, Chinese character
// bigrams) it contains. Across languages, glossary pairs (安居乐业 ↔ "live and work in peace and contentment")
// carry the query into the other language's index. Each channel's raw score is then calibrated
// (calibration.ts) so that same-language and cross-language matches rank on one scale.
import type { GlossaryEntry } from '../knowledge/schema.js';
import { loadKnowledge } from '../knowledge/load.js';
import type { Sql } from '../storage/sql.js';
import { splitSentences } from '../analysis/segment.js';
import { calibrate, channelOf, traceCalibration, UNCALIBRATED_MIN_SCORE, type TraceCalibration } from './calibration.js';
import { loadLexicon } from './lexicon.js';
import { hasSpeakerIds, speakerIdOf } from './speaker-ids.js';
import { tsLexeme } from './ingest.js';
import { detectLang, ftsParts, ftsQuote, simplify, tokens, wordTokens, type IndexLang, type Token } from './text.js';

export interface Span {
  start: number;
  end: number;
}

export interface TraceMatch {
  statementId: number;
  sentenceId: number;
  /** The speaker's name as published. */
  speaker: string | null;
  /** The speakers gazetteer's id for that person (one id for 耿爽 and Geng Shuang), when the gazetteer knows them. */
  speakerId: string | null;
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
  /**
   * 0..1: the estimated chance that this is the statement the sentence echoes, calibrated per channel
   * (same language, or across languages) from the raw word-overlap score.
   */
  score: number;
  /** The matching words in `text`. */
  highlights: Span[];
  /**
   * `words` when matched in the query's language; across languages, `glossary` (through glossary pairs) or
   * `lexicon` (through word translations learnt from the corpus's parallel English and Chinese transcripts).
   */
  via: 'words' | 'glossary' | 'lexicon';
}

export interface TraceOptions {
  /** Only statements in this language (`en`, `zh`); default both. */
  lang?: string;
  limit?: number;
  /** Drop matches scoring below this (0..1); default: the shipped calibration's minimum. */
  minScore?: number;
  /** Score calibration; default the shipped one (knowledge/models/trace.json); null for raw scores (used when fitting it). */
  calibration?: TraceCalibration | null;
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
  speaker_id: string | null;
  url: string | null;
  kind: string;
}

/** Something the query says that can be looked for in the other language: a glossary entry or a literal (number, acronym). */
interface Concept {
  entry: number | null;
  literal: string | null;
  weight: number;
}

/** A glossary entry's phrasings made ready for matching: English as stem sequences, Chinese simplified. */
interface GlossaryIndex {
  en: { entry: number; terms: string[] }[];
  zh: { entry: number; text: string }[];
  /** English phrasings by their first stem, Chinese by their first two characters, for one-pass scans. */
  enByFirst: Map<string, { entry: number; terms: string[] }[]>;
  zhByBigram: Map<string, { entry: number; text: string }[]>;
}

/**
 * How PostgreSQL orders the sentences its text index finds (SQLite uses FTS5's BM25): `bm25`, the same formula over
 * the tsvector index (each search term or phrase weighed by its rarity, sentences by their length); `ts_rank`,
 * PostgreSQL's own ranking; `trgm`, pg_trgm's similarity of the sentence's terms to the query's (needs the
 * extension). Measured on the Foreign Ministry corpus in docs/provenance.md; bm25 is the default.
 */
export type PostgresRanking = 'bm25' | 'ts_rank' | 'trgm';

/** Most index postings one search may read (sum of the document frequencies of its terms). */
const POSTINGS_BUDGET = 6_000;
/** Searches across languages split a smaller budget between glossary phrases and learnt translations. */
const GLOSSARY_POSTINGS_BUDGET = 2_500;
const LEXICON_POSTINGS_BUDGET = 3_500;
/** The best score a match across languages can reach. */
const CROSS_LINGUAL_CAP = 0.9;

const tracers = new WeakMap<Sql, { glossary: GlossaryEntry[] | undefined; tracer: Promise<Tracer> }>();

/** One tracer per store: word weights and the glossary index are reused across calls. */
export function tracerFor(sql: Sql, glossary?: GlossaryEntry[]): Promise<Tracer> {
  let t = tracers.get(sql);
  if (!t || (glossary && t.glossary !== glossary)) {
    t = { glossary, tracer: Tracer.open(sql, glossary ?? loadKnowledge().glossary) };
    tracers.set(sql, t);
    // A tracer that failed to open (no corpus tables yet) is not kept: the next call tries again.
    t.tracer.catch(() => tracers.get(sql) === t && tracers.delete(sql));
  }
  return t.tracer;
}

/** Called after ingest: sizes and word weights changed. */
export function forgetTracer(sql: Sql): void {
  tracers.delete(sql);
}

export async function trace(sql: Sql, text: string, options: TraceOptions = {}): Promise<TraceMatch[]> {
  return (await tracerFor(sql)).trace(text, options);
}

/** A full-text query: alternatives (OR), each a phrase of index terms (one term, or several in a row). */
type Search = string[][];

export class Tracer {
  private readonly dfCache = new Map<string, number>();
  private readonly weights = new Map<string, number>();
  private readonly gloss: GlossaryIndex;

  private constructor(
    private readonly sql: Sql,
    readonly glossary: GlossaryEntry[],
    private readonly withSpeakerIds: boolean,
    private readonly sizes: Record<IndexLang, number>,
    private readonly lexicon: Map<string, { term: string; dice: number }[]>,
    private readonly ranking: PostgresRanking,
  ) {
    this.gloss = indexGlossary(glossary);
  }

  static async open(sql: Sql, glossary: GlossaryEntry[], options: { ranking?: PostgresRanking } = {}): Promise<Tracer> {
    const counts = await sql.all<{ zh: number | boolean; n: number }>("SELECT lang = 'zh' AS zh, count(*) AS n FROM corpus_sentences GROUP BY lang = 'zh'");
    const sizes = { en: counts.find((c) => !c.zh)?.n ?? 0, zh: counts.find((c) => c.zh)?.n ?? 0 };
    return new Tracer(sql, glossary, await hasSpeakerIds(sql), sizes, await loadLexicon(sql), options.ranking ?? 'ts_rank');
  }

  /** Matches for a sentence (or a short passage: each sentence is traced and statements are scored on all of them). */
  async trace(input: string, options: TraceOptions = {}): Promise<TraceMatch[]> {
    const limit = options.limit ?? 10;
    const calibration = options.calibration === undefined ? traceCalibration() : options.calibration;
    const minScore = options.minScore ?? calibration?.minScore ?? UNCALIBRATED_MIN_SCORE;
    options = { ...options, calibration };
    const text = simplify(input.trim());
    if (!text) return [];
    const parts = splitSentences(text).map((s) => text.slice(s.start, s.end)).filter((s) => tokens(s, detectLang(s)).length > 0);
    if (parts.length <= 1) return this.withContext((await this.traceSentence(text, options)).filter((m) => m.score >= minScore).slice(0, limit));
    // A passage: a statement scores the mean of its best match for each sentence of the passage.
    const byStatement = new Map<number, { best: TraceMatch; sum: number }>();
    for (const part of parts) {
      const seen = new Set<number>();
      for (const m of await this.traceSentence(part, options)) {
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
    return this.withContext(
      [...byStatement.values()]
        .map(({ best, sum }) => ({ ...best, score: round(sum / parts.length) }))
        .filter((m) => m.score >= minScore)
        .sort((a, b) => b.score - a.score)
        .slice(0, limit),
    );
  }

  /** Title and question are long and only needed for the matches returned, so they are read last. */
  private async withContext(matches: TraceMatch[]): Promise<TraceMatch[]> {
    for (const m of matches) {
      const row = await this.sql.get<{ title: string | null; question: string | null }>('SELECT title, question FROM corpus_statements WHERE id = ?', [m.statementId]);
      m.title = row?.title ?? null;
      m.question = row?.question ?? null;
    }
    return matches;
  }

  private async traceSentence(text: string, options: TraceOptions): Promise<TraceMatch[]> {
    const qlang = detectLang(text);
    const other: IndexLang = qlang === 'zh' ? 'en' : 'zh';
    const want = options.lang ? (options.lang.startsWith('zh') ? 'zh' : 'en') : null;
    const k = options.candidates ?? 40;
    const matches: TraceMatch[] = [];
    if (!want || want === qlang) matches.push(...this.calibrated(await this.sameLanguage(text, qlang, k), qlang, qlang, options.calibration));
    if (!want || want === other) matches.push(...this.calibrated(await this.acrossLanguages(text, qlang, other, k), qlang, other, options.calibration));
    // One line per statement: its best sentence.
    const best = new Map<number, TraceMatch>();
    for (const m of matches) {
      const prev = best.get(m.statementId);
      if (!prev || m.score > prev.score) best.set(m.statementId, m);
    }
    return [...best.values()].sort((a, b) => b.score - a.score || (a.date ?? '').localeCompare(b.date ?? ''));
  }

  private calibrated(matches: TraceMatch[], qlang: IndexLang, slang: IndexLang, calibration: TraceCalibration | null | undefined): TraceMatch[] {
    if (!calibration) return matches;
    const curve = calibration.channels[channelOf(qlang, slang)];
    for (const m of matches) m.score = round(calibrate(curve, m.score));
    return matches;
  }

  /** How many sentences of a language hold a term (cached: the corpus only changes with an ingest, which makes a new tracer). */
  private async dfOf(lang: IndexLang, term: string): Promise<number> {
    const key = `${lang}:${term}`;
    let df = this.dfCache.get(key);
    if (df === undefined) {
      df = (await this.sql.get<{ doc: number }>(`SELECT doc FROM corpus_vocab_${lang} WHERE term = ?`, [term]))?.doc ?? 0;
      this.dfCache.set(key, df);
    }
    return df;
  }

  private async withDf(lang: IndexLang, list: string[]): Promise<{ term: string; df: number }[]> {
    const out: { term: string; df: number }[] = [];
    for (const term of list) out.push({ term, df: await this.dfOf(lang, term) });
    return out;
  }

  private async idf(lang: IndexLang, term: string): Promise<number> {
    const df = await this.dfOf(lang, term);
    const n = this.sizes[lang] || 1;
    // An unseen word weighs most: a sentence full of words the corpus never uses is not an echo of it.
    return Math.log((n + 1) / (df + 0.5));
  }

  private async candidates(lang: IndexLang, search: Search, k: number): Promise<Candidate[]> {
    if (!search.length || !this.sizes[lang]) return [];
    const ids = this.sql.engine === 'postgres' ? await this.searchPostgres(lang, search, k) : await this.searchSqlite(lang, search, k);
    if (!ids.length) return [];
    const speakerId = this.withSpeakerIds ? 'st.speaker_id' : 'NULL AS speaker_id';
    const columns = `se.id, se.statement_id, se.start, se."end", se.lang, se.text, st.date, st.speaker, ${speakerId}, st.url, st.kind`;
    const from = 'corpus_sentences se JOIN corpus_statements st ON st.id = se.statement_id';
    const rows =
      this.sql.engine === 'postgres'
        ? await this.sql.all<Candidate>(`SELECT ${columns} FROM ${from} WHERE se.id = ANY(?::int[])`, [ids])
        : await this.sql.all<Candidate>(`SELECT ${columns} FROM ${from} WHERE se.id IN (SELECT value FROM json_each(?))`, [JSON.stringify(ids)]);
    // In the index's rank order on both engines (ties in the scores below keep it).
    const order = new Map(ids.map((id, i) => [id, i]));
    return rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  }

  private async searchSqlite(lang: IndexLang, search: Search, k: number): Promise<number[]> {
    const match = search.map((phrase) => phrase.map(ftsQuote).join(' + ')).join(' OR ');
    const rows = await this.sql.all<{ id: number }>(`SELECT rowid AS id FROM corpus_fts_${lang} WHERE corpus_fts_${lang} MATCH ? ORDER BY rank LIMIT ?`, [match, k]);
    return rows.map((r) => r.id);
  }

  private async searchPostgres(lang: IndexLang, search: Search, k: number): Promise<number[]> {
    const tsquery = (phrase: string[]) => phrase.flatMap(ftsParts).map(tsLexeme).join(' <-> ') || "''";
    const query = search.map((p) => `(${tsquery(p)})`).join(' | ');
    let order: string;
    const params: unknown[] = [query];
    if (this.ranking === 'ts_rank') order = 'ts_rank(tsv, ?::tsquery) DESC';
    else if (this.ranking === 'trgm') order = "similarity(array_to_string(tsvector_to_array(tsv), ' '), ?) DESC";
    else {
      // BM25 as FTS5 computes it, for sentences (each term once): Σ idf(term or phrase) · (k1 + 1) / (1 + k1 · (1 − b + b · length / mean length)).
      const n = this.sizes[lang];
      const weighed = await Promise.all(
        search.map(async (phrase) => {
          const df = Math.min(...(await Promise.all(phrase.map((t) => this.dfOf(lang, t)))));
          return Math.max(1e-6, Math.log((n - df + 0.5) / (df + 0.5)));
        }),
      );
      const terms = search.map((p, i) => `CASE WHEN tsv @@ ?::tsquery THEN ${weighed[i]!.toFixed(6)} ELSE 0 END`);
      params.push(...search.map(tsquery));
      order = `(${terms.join(' + ')}) * 2.2 / (1 + 1.2 * (0.25 + 0.75 * length(tsv) / ${(await this.meanLength(lang)).toFixed(4)})) DESC`;
    }
    if (this.ranking === 'ts_rank') params.push(query);
    if (this.ranking === 'trgm') params.push(search.flat().join(' '));
    params.push(k);
    const rows = await this.sql.all<{ id: number }>(`SELECT id FROM corpus_fts_${lang} WHERE tsv @@ ?::tsquery ORDER BY ${order}, id LIMIT ?`, params);
    return rows.map((r) => r.id);
  }

  private readonly meanLengths = new Map<IndexLang, number>();
  /** Mean number of distinct terms per indexed sentence (BM25's length normalisation). */
  private async meanLength(lang: IndexLang): Promise<number> {
    let m = this.meanLengths.get(lang);
    if (m === undefined) {
      m = (await this.sql.get<{ m: number | null }>(`SELECT avg(length(tsv)) AS m FROM corpus_fts_${lang}`))?.m || 1;
      this.meanLengths.set(lang, m);
    }
    return m;
  }

  private async sameLanguage(text: string, lang: IndexLang, k: number): Promise<TraceMatch[]> {
    const qTokens = tokens(text, lang);
    const weights = new Map<string, number>();
    for (const t of qTokens) weights.set(t.term, await this.idf(lang, t.term));
    const total = sum(weights.values());
    if (!total) return [];
    // Search on the rarest words only, within a budget of index postings: common words add little to
    // BM25 and make the OR query slow, the more so as the corpus grows. They still count in the score.
    const ranked = (await this.withDf(lang, [...weights.keys()])).filter((t) => t.df > 0).sort((a, b) => a.df - b.df);
    const searchTerms: Search = [];
    let cost = 0;
    for (const t of ranked.slice(0, lang === 'zh' ? 10 : 8)) {
      if (cost + t.df > POSTINGS_BUDGET && (searchTerms.length >= 2 || t.df > POSTINGS_BUDGET * 4)) break;
      searchTerms.push([t.term]);
      cost += t.df;
    }
    const out: TraceMatch[] = [];
    for (const c of await this.candidates(lang, searchTerms, k)) {
      const sTokens = tokens(lang === 'zh' ? simplify(c.text) : c.text, lang);
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

  /**
   * Across languages, two kinds of evidence share one index search: glossary pairs (phrases a person
   * wrote down) and the word list learnt from the corpus's parallel transcripts (lexicon.ts). A sentence
   * scores 1 − (1 − glossary)(1 − lexicon), capped below a perfect score: translation is evidence, not identity.
   */
  private async acrossLanguages(text: string, qlang: IndexLang, other: IndexLang, k: number): Promise<TraceMatch[]> {
    const { concepts, coverage } = await this.concepts(text, qlang, other);
    const words: { weight: number; translations: { term: string; dice: number }[] }[] = [];
    for (const term of new Set(tokens(text, qlang).map((t) => t.term))) {
      words.push({ weight: await this.idf(qlang, term), translations: this.lexicon.get(`${qlang}:${term}`) ?? [] });
    }
    const wordTotal = sum(words.map((w) => w.weight));
    const translatable = words.filter((w) => w.translations.length);
    if (!concepts.length && !translatable.length) return [];
    const conceptTotal = sum(concepts.map((c) => c.weight));

    // Rarest glossary concepts first, then the rarest learnt translations, each within a postings budget.
    const queries: Search = [];
    let cost = 0;
    for (const c of [...concepts].sort((a, b) => b.weight - a.weight)) {
      const phrases = c.literal !== null ? [[c.literal]] : this.phrasings(c.entry!, other);
      let price = 0;
      for (const terms of phrases) {
        let p = 0;
        for (const t of terms) p += await this.dfOf(other, t);
        price += p;
      }
      if (cost + price > GLOSSARY_POSTINGS_BUDGET) continue; // a concept only said in common words cannot narrow the search
      cost += price;
      for (const terms of phrases) queries.push(terms);
    }
    const translated = (await this.withDf(other, [...new Set(translatable.flatMap((w) => w.translations.map((t) => t.term)))]))
      .filter((t) => t.df > 0)
      .sort((a, b) => a.df - b.df);
    cost = 0;
    for (const t of translated.slice(0, 8)) {
      if (cost + t.df > LEXICON_POSTINGS_BUDGET) break;
      queries.push([t.term]);
      cost += t.df;
    }

    const out: TraceMatch[] = [];
    for (const cand of await this.candidates(other, queries, k)) {
      const matchText = other === 'zh' ? simplify(cand.text) : cand.text;
      const spans: Span[] = [];

      // Glossary: the share of the query's concepts the sentence holds, less for concepts it adds.
      let glossary = 0;
      if (concepts.length) {
        const byEntry = new Map<number, Span[]>();
        for (const h of this.scan(matchText, other)) byEntry.set(h.entry, [...(byEntry.get(h.entry) ?? []), h]);
        const literalWords = concepts.some((c) => c.literal !== null) ? wordTokens(cand.text) : [];
        let found = 0;
        for (const c of concepts) {
          const at = c.literal !== null ? literalWords.filter((w) => w.term === c.literal) : (byEntry.get(c.entry!) ?? []);
          if (!at.length) continue;
          found += c.weight;
          spans.push(...at);
        }
        let matched = 0;
        let extra = 0;
        for (const entry of byEntry.keys()) {
          const w = await this.conceptWeight(entry, other);
          if (concepts.some((c) => c.entry === entry)) matched += w;
          else extra += w;
        }
        const precision = matched + extra > 0 ? matched / (matched + extra) : 1;
        glossary = Math.sqrt(coverage) * (found / conceptTotal) * (0.6 + 0.4 * precision);
      }

      // Learnt word list: the (weighted) share of the query's words whose translation the sentence holds.
      let lexicon = 0;
      if (translatable.length) {
        const sTokens = tokens(matchText, other);
        const sTerms = new Set(sTokens.map((t) => t.term));
        const used = new Map<string, number>();
        let found = 0;
        for (const w of translatable) {
          let best = 0;
          for (const t of w.translations) {
            if (!sTerms.has(t.term)) continue;
            best = Math.max(best, t.dice);
            used.set(t.term, 1);
          }
          found += w.weight * best;
        }
        lexicon = found / wordTotal;
        spans.push(...highlight(sTokens, used));
      }

      const score = CROSS_LINGUAL_CAP * (1 - (1 - glossary) * (1 - lexicon));
      out.push(toMatch(cand, score, mergeSpans(spans), glossary >= lexicon ? 'glossary' : 'lexicon'));
    }
    return out;
  }

  /** The ways to say a glossary entry in a language, as index-term sequences (stems or bigrams). */
  private phrasings(entry: number, lang: IndexLang): string[][] {
    return lang === 'en'
      ? this.gloss.en.filter((g) => g.entry === entry).map((g) => g.terms)
      : this.gloss.zh.filter((g) => g.entry === entry).map((g) => tokens(g.text, 'zh').map((t) => t.term));
  }

  /** How telling a concept is in a language: the rarity of its most common phrasing there. */
  private async conceptWeight(entry: number, lang: IndexLang): Promise<number> {
    const key = `${lang}:${entry}`;
    let w = this.weights.get(key);
    if (w === undefined) {
      const perPhrasing: number[] = [];
      for (const terms of this.phrasings(entry, lang)) {
        const idfs: number[] = [];
        for (const t of terms) idfs.push(await this.idf(lang, t));
        perPhrasing.push(Math.max(0, ...idfs));
      }
      w = perPhrasing.length ? Math.max(0.5, Math.min(...perPhrasing)) : 0.5;
      this.weights.set(key, w);
    }
    return w;
  }

  /** Glossary phrases occurring in a text: every occurrence with its entry and span. */
  private scan(text: string, lang: IndexLang): { entry: number; start: number; end: number }[] {
    const hits: { entry: number; start: number; end: number }[] = [];
    if (lang === 'zh') {
      for (let i = 0; i + 1 < text.length; i++) {
        for (const g of this.gloss.zhByBigram.get(text.slice(i, i + 2)) ?? []) {
          if (text.startsWith(g.text, i)) hits.push({ entry: g.entry, start: i, end: i + g.text.length });
        }
      }
      return hits;
    }
    const words = wordTokens(text);
    for (let i = 0; i < words.length; i++) {
      for (const g of this.gloss.enByFirst.get(words[i]!.term) ?? []) {
        if (i + g.terms.length > words.length) continue;
        if (g.terms.every((t, j) => words[i + j]!.term === t)) hits.push({ entry: g.entry, start: words[i]!.start, end: words[i + g.terms.length - 1]!.end });
      }
    }
    return hits;
  }

  /**
   * What the query says in terms the other language shares: glossary entries (longest first, without
   * overlaps), plus numbers and Latin acronyms, which read the same in both. Coverage is the share of the
   * query these account for.
   */
  private async concepts(text: string, lang: IndexLang, other: IndexLang): Promise<{ concepts: Concept[]; coverage: number }> {
    const found = this.scan(text, lang).sort((a, b) => b.end - b.start - (a.end - a.start));
    const taken: typeof found = [];
    for (const f of found) if (!taken.some((t) => f.start < t.end && t.start < f.end)) taken.push(f);
    const inside = (start: number, end: number) => taken.some((t) => start >= t.start && end <= t.end);
    const words = wordTokens(text);
    const literals = words.filter((w) => {
      const raw = text.slice(w.start, w.end);
      return !inside(w.start, w.end) && (/^\d/.test(raw) || /^[A-Z]{2,}$/.test(raw) || lang === 'zh');
    });
    let coverage: number;
    if (lang === 'zh') {
      const han = [...text].filter((ch) => /\p{Script=Han}/u.test(ch)).length;
      const covered = sum(taken.map((t) => t.end - t.start));
      coverage = (covered + 2 * literals.length) / Math.max(1, han + 2 * literals.length);
    } else {
      coverage = words.filter((w) => inside(w.start, w.end)).length / Math.max(1, words.length) + literals.length / Math.max(1, words.length);
    }
    const concepts: Concept[] = [];
    for (const t of taken) {
      if (concepts.some((c) => c.entry === t.entry)) continue;
      if (!this.phrasings(t.entry, other).length) continue;
      concepts.push({ entry: t.entry, literal: null, weight: await this.conceptWeight(t.entry, other) });
    }
    for (const l of literals) {
      if (concepts.some((c) => c.literal === l.term)) continue;
      if ((await this.dfOf(other, l.term)) === 0) continue;
      concepts.push({ entry: null, literal: l.term, weight: await this.idf(other, l.term) });
    }
    return { concepts, coverage: Math.min(1, coverage) };
  }
}

function indexGlossary(glossary: GlossaryEntry[]): GlossaryIndex {
  const index: GlossaryIndex = { en: [], zh: [], enByFirst: new Map(), zhByBigram: new Map() };
  glossary.forEach((g, entry) => {
    for (const en of g.en) {
      const terms = wordTokens(en).map((t) => t.term);
      if (!terms.length) continue;
      const phrase = { entry, terms };
      index.en.push(phrase);
      index.enByFirst.set(terms[0]!, [...(index.enByFirst.get(terms[0]!) ?? []), phrase]);
    }
    for (const zh of g.zh) {
      const text = simplify(zh.trim());
      if (text.length < 2) continue;
      const phrase = { entry, text };
      index.zh.push(phrase);
      const head = text.slice(0, 2);
      index.zhByBigram.set(head, [...(index.zhByBigram.get(head) ?? []), phrase]);
    }
  });
  return index;
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
    // Rows not yet given an id (a store ingested before ids, opened read-only) are looked up by name.
    speakerId: c.speaker_id ?? speakerIdOf(c.speaker),
    date: c.date,
    url: c.url,
    lang: c.lang,
    kind: c.kind,
    title: null,
    question: null,
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
