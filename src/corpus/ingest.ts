// Ingest: files → statements → sentences → full-text index. Each file is committed on its own, keyed by its
// content hash, so re-ingesting is a no-op and an interrupted ingest resumes where it stopped.
import { readFileSync } from 'node:fs';
import type { Store } from '../storage/db.js';
import { decode, InputError } from '../readers/input.js';
import { listUnits, type SourceUnit } from './readers.js';
import { CORPUS_MIGRATIONS } from './schema.js';

export { hasCorpus } from './schema.js';
import { migrate } from '../storage/db.js';
import { buildLexicon, lexiconStale } from './lexicon.js';
import { forgetTracer } from './trace.js';
import { splitSentences } from '../analysis/segment.js';
import { assignSpeakerIds, hasSpeakerIds, speakerGazetteer } from './speaker-ids.js';
import { sha1, simplify, terms, type IndexLang } from './text.js';
import type { IngestProblem, StatementInput } from './types.js';

export { assignSpeakerIds };

export interface IngestOptions {
  /** Appended to every hash: lets a benchmark store the same corpus several times. */
  hashSuffix?: string;
  /** Stop after this many files (used to simulate an interrupted ingest). */
  limit?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface IngestReport {
  files: number;
  /** Files already in the store with the same content. */
  unchanged: number;
  /** Files read and committed in this run. */
  ingested: number;
  statements: number;
  /** Statements already stored (same hash), e.g. after an interrupted run. */
  duplicates: number;
  problems: IngestProblem[];
  seconds: number;
}

/** Statements a file may hold before its rows are committed in more than one transaction. */
const BATCH = 500;

export function indexLang(lang: string): IndexLang {
  return lang.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

const prepared = new WeakMap<Store, ReturnType<typeof build>>();

function prepare(store: Store) {
  let q = prepared.get(store);
  if (!q) prepared.set(store, (q = build(store)));
  return q;
}

function build(store: Store) {
  return {
    sourceByHash: store.prepare<[string], { id: number }>('SELECT id FROM corpus_sources WHERE hash = ?'),
    insertSource: store.prepare(
      'INSERT INTO corpus_sources (path, hash, format, statements, ingested_at) VALUES (?, ?, ?, ?, ?)',
    ),
    insertStatement: store.prepare(
      `INSERT OR IGNORE INTO corpus_statements (hash, source_id, origin, kind, lang, date, speaker, role, url, title, question, text, paragraphs)
       VALUES (@hash, NULL, @origin, @kind, @lang, @date, @speaker, @role, @url, @title, @question, @text, @paragraphs)`,
    ),
    linkSource: store.prepare('UPDATE corpus_statements SET source_id = ? WHERE hash = ? AND source_id IS NULL'),
    insertSentence: store.prepare('INSERT INTO corpus_sentences (statement_id, seq, start, end, lang, text) VALUES (?, ?, ?, ?, ?, ?)'),
    ftsEn: store.prepare('INSERT INTO corpus_fts_en (rowid, terms) VALUES (?, ?)'),
    ftsZh: store.prepare('INSERT INTO corpus_fts_zh (rowid, terms) VALUES (?, ?)'),
  };
}

export function statementHash(s: StatementInput, text: string, suffix = ''): string {
  return sha1([s.kind, s.lang, s.date, s.speaker, s.url, s.question, text].join('\u0001')) + suffix;
}

/** Stores statements (skipping those already stored); returns how many were new. */
export function insertStatements(store: Store, statements: StatementInput[], hashSuffix = ''): { added: number; hashes: string[] } {
  const q = prepare(store);
  let added = 0;
  const hashes: string[] = [];
  for (const s of statements) {
    const paragraphs: [number, number][] = [];
    let text = '';
    for (const p of s.paragraphs) {
      if (text) text += '\n\n';
      paragraphs.push([text.length, text.length + p.length]);
      text += p;
    }
    const hash = statementHash(s, text, hashSuffix);
    hashes.push(hash);
    const lang = indexLang(s.lang) === 'zh' ? 'zh' : s.lang.toLowerCase();
    const info = q.insertStatement.run({ ...s, lang, hash, text, paragraphs: JSON.stringify(paragraphs) });
    if (info.changes === 0) continue;
    added++;
    const id = Number(info.lastInsertRowid);
    const il = indexLang(lang);
    let seq = 0;
    for (const [ps, pe] of paragraphs) {
      for (const { start, end } of splitSentences(text, ps, pe)) {
        const sentence = text.slice(start, end);
        const sid = Number(q.insertSentence.run(id, seq++, start, end, lang, sentence).lastInsertRowid);
        // Traditional Chinese is indexed as Simplified, the form queries are converted to.
        (il === 'zh' ? q.ftsZh : q.ftsEn).run(sid, terms(il === 'zh' ? simplify(sentence) : sentence, il).join(' '));
      }
    }
  }
  assignSpeakerIds(store);
  return { added, hashes };
}

/** Ingests a Foreign Ministry folder (with manifest.jsonl), a folder of statements, or one JSONL/CSV/text/HTML file. */
export function ingest(store: Store, path: string, options: IngestOptions = {}): IngestReport {
  const started = performance.now();
  migrate(store, CORPUS_MIGRATIONS);
  const { units, problems } = listUnits(path);
  const report: IngestReport = { files: units.length, unchanged: 0, ingested: 0, statements: 0, duplicates: 0, problems, seconds: 0 };
  const q = prepare(store);
  const todo = options.limit === undefined ? units : units.slice(0, options.limit);
  todo.forEach((unit, i) => {
    ingestUnit(store, q, unit, options.hashSuffix ?? '', report);
    options.onProgress?.(i + 1, todo.length);
  });
  // New statements may pair up English and Chinese answers of the same day: relearn the word list — also when an
  // earlier ingest stored statements and was stopped before it could.
  if (report.statements > 0 || lexiconStale(store)) buildLexicon(store);
  assignSpeakerIds(store);
  forgetTracer(store);
  report.seconds = (performance.now() - started) / 1000;
  return report;
}

function ingestUnit(store: Store, q: ReturnType<typeof prepare>, unit: SourceUnit, suffix: string, report: IngestReport): void {
  let content: string;
  try {
    // What \`analyze\` refuses is refused here, with the same messages: binary files, text that is not UTF-8.
    content = decode(readFileSync(unit.path), unit.path);
  } catch (e) {
    const message = e instanceof InputError ? e.message : `cannot read ${unit.path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
    report.problems.push({ file: unit.path, message });
    return;
  }
  const hash = sha1(`${unit.key ?? ''}\u0001${content}`) + suffix;
  if (q.sourceByHash.get(hash)) {
    report.unchanged++;
    return;
  }
  let parsed: ReturnType<SourceUnit['read']>;
  try {
    parsed = unit.read(content);
  } catch (e) {
    report.problems.push({ file: unit.path, message: (e as Error).message });
    return;
  }
  report.problems.push(...parsed.problems);
  const all = parsed.statements;
  // Large files commit in batches; the source row comes last, so a file interrupted midway is read again
  // next time and its already-stored statements are recognised by hash.
  const hashes: string[] = [];
  for (let at = 0; at < all.length; at += BATCH) {
    store.transaction(() => {
      const r = insertStatements(store, all.slice(at, at + BATCH), suffix);
      report.statements += r.added;
      report.duplicates += Math.min(BATCH, all.length - at) - r.added;
      hashes.push(...r.hashes);
    })();
  }
  store.transaction(() => {
    const id = Number(q.insertSource.run(unit.path, hash, unit.format, all.length, new Date().toISOString()).lastInsertRowid);
    for (const h of hashes) q.linkSource.run(id, h);
  })();
  report.ingested++;
}

export interface CorpusStats {
  statements: number;
  withSpeaker: number;
  withDate: number;
  languages: Record<string, number>;
  kinds: Record<string, number>;
  sentences: number;
  sources: number;
  /** Per person: the gazetteer's name, statements under any of their names, and the other names merged into it. */
  speakers: { speaker: string; statements: number; names: string[] }[];
  firstDate: string | null;
  lastDate: string | null;
}

/**
 * A cheap stamp of what `corpusStats` reads: it changes whenever statements, sentences or sources are added or
 * removed. Ingest only ever inserts, so row counts and largest row ids are enough; both are index look-ups.
 */
export function corpusStamp(store: Store): string {
  const row = store
    .prepare(
      `SELECT (SELECT count(*) FROM corpus_statements) AS a, (SELECT max(rowid) FROM corpus_statements) AS b,
              (SELECT count(*) FROM corpus_sentences) AS c, (SELECT max(rowid) FROM corpus_sentences) AS d,
              (SELECT count(*) FROM corpus_sources) AS e, (SELECT max(rowid) FROM corpus_sources) AS f`,
    )
    .get() as Record<string, number | null>;
  return Object.values(row).join('/');
}

/** The 20 most frequent speakers, one person counted once whatever language their name was stored in. */
function mergedSpeakers(store: Store): CorpusStats['speakers'] {
  const rows = store
    .prepare(`SELECT speaker, ${hasSpeakerIds(store) ? 'speaker_id' : 'NULL'} AS id, count(*) AS statements FROM corpus_statements WHERE speaker IS NOT NULL GROUP BY speaker, id`)
    .all() as { speaker: string; id: string | null; statements: number }[];
  const known = speakerGazetteer();
  const names = new Map([...known.values()].map((who) => [who.id, who.name]));
  const merged = new Map<string, { speaker: string; statements: number; names: string[] }>();
  for (const r of rows) {
    // Rows stored before ids existed (or by an older gazetteer) are merged through the names as well.
    const name = (r.id ? names.get(r.id) : undefined) ?? known.get(r.speaker.trim())?.name ?? r.speaker;
    const entry = merged.get(name) ?? { speaker: name, statements: 0, names: [] };
    entry.statements += r.statements;
    if (r.speaker !== name && !entry.names.includes(r.speaker)) entry.names.push(r.speaker);
    merged.set(name, entry);
  }
  return [...merged.values()].sort((a, b) => b.statements - a.statements || a.speaker.localeCompare(b.speaker)).slice(0, 20);
}

export function corpusStats(store: Store): CorpusStats {
  const one = <T>(sql: string) => store.prepare(sql).get() as T;
  const counts = one<{ n: number; sp: number; dt: number; first: string | null; last: string | null }>(
    `SELECT count(*) AS n, count(NULLIF(speaker, '')) AS sp, count(date) AS dt, min(date) AS first, max(date) AS last FROM corpus_statements`,
  );
  const group = (col: string) =>
    Object.fromEntries(
      (store.prepare(`SELECT ${col} AS k, count(*) AS n FROM corpus_statements GROUP BY ${col} ORDER BY n DESC`).all() as { k: string; n: number }[]).map(
        (r) => [r.k, r.n],
      ),
    );
  const languages = { en: 0, zh: 0, ...group('lang') };
  return {
    statements: counts.n,
    withSpeaker: counts.sp,
    withDate: counts.dt,
    languages,
    kinds: group('kind'),
    sentences: one<{ n: number }>('SELECT count(*) AS n FROM corpus_sentences').n,
    sources: one<{ n: number }>('SELECT count(*) AS n FROM corpus_sources').n,
    speakers: mergedSpeakers(store),
    firstDate: counts.first,
    lastDate: counts.last,
  };
}
