// Ingest: files → statements → sentences → full-text index. Each file is committed on its own, keyed by its
// content hash, so re-ingesting is a no-op and an interrupted ingest resumes where it stopped.
import { readFileSync } from 'node:fs';
import type { Sql } from '../storage/sql.js';
import { decode, InputError } from '../readers/input.js';
import { listUnits, type SourceUnit } from './readers.js';
import { migrateCorpus } from './schema.js';

export { hasCorpus } from './schema.js';
import { buildLexicon, lexiconStale } from './lexicon.js';
import { forgetTracer } from './trace.js';
import { splitSentences } from '../analysis/segment.js';
import { assignSpeakerIds, hasSpeakerIds, speakerGazetteer } from './speaker-ids.js';
import { ftsParts, sha1, simplify, terms, type IndexLang } from './text.js';
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
/** Rows per multi-row INSERT: a statement's sentences go in one round trip (PostgreSQL is across a socket). */
const ROWS = 200;

export function indexLang(lang: string): IndexLang {
  return lang.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** A tsvector literal of pre-computed terms: each token one lexeme at its position, quoted so no parser touches it. */
export function tsvectorLiteral(list: string[]): string {
  return list
    .flatMap(ftsParts)
    .map((t, i) => `${tsLexeme(t)}:${Math.min(i + 1, 16383)}`)
    .join(' ');
}

/** A term as a quoted tsvector/tsquery lexeme (quotes doubled, backslashes escaped). */
export function tsLexeme(term: string): string {
  return `'${term.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

export function statementHash(s: StatementInput, text: string, suffix = ''): string {
  return sha1([s.kind, s.lang, s.date, s.speaker, s.url, s.question, text].join('\u0001')) + suffix;
}

/** Stores statements (skipping those already stored); returns how many were new. Call it inside a transaction. */
export async function insertStatements(sql: Sql, statements: StatementInput[], hashSuffix = ''): Promise<{ added: number; hashes: string[] }> {
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
    const row = await sql.get<{ id: number }>(
      `INSERT INTO corpus_statements (hash, source_id, origin, kind, lang, date, speaker, role, url, title, question, text, paragraphs)
       VALUES (@hash, NULL, @origin, @kind, @lang, @date, @speaker, @role, @url, @title, @question, @text, @paragraphs)
       ON CONFLICT (hash) DO NOTHING RETURNING id`,
      { ...s, lang, hash, text, paragraphs: JSON.stringify(paragraphs) },
    );
    if (!row) continue;
    added++;
    const il = indexLang(lang);
    const sentences: { seq: number; start: number; end: number; text: string }[] = [];
    for (const [ps, pe] of paragraphs) {
      for (const { start, end } of splitSentences(text, ps, pe)) sentences.push({ seq: sentences.length, start, end, text: text.slice(start, end) });
    }
    for (let at = 0; at < sentences.length; at += ROWS) {
      const chunk = sentences.slice(at, at + ROWS);
      const ids = await sql.all<{ id: number; seq: number }>(
        `INSERT INTO corpus_sentences (statement_id, seq, start, "end", lang, text) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')} RETURNING id, seq`,
        chunk.flatMap((c) => [row.id, c.seq, c.start, c.end, lang, c.text]),
      );
      const idOf = new Map(ids.map((r) => [r.seq, r.id]));
      // Traditional Chinese is indexed as Simplified, the form queries are converted to.
      const indexed = chunk.map((c) => [idOf.get(c.seq)!, terms(il === 'zh' ? simplify(c.text) : c.text, il)] as const);
      const table = il === 'zh' ? 'corpus_fts_zh' : 'corpus_fts_en';
      if (sql.engine === 'postgres') {
        await sql.run(`INSERT INTO ${table} (id, tsv) VALUES ${indexed.map(() => '(?, ?::tsvector)').join(', ')}`, indexed.flatMap(([id, t]) => [id, tsvectorLiteral(t)]));
        await countTerms(sql, il, indexed.map(([, t]) => t));
      } else {
        await sql.run(`INSERT INTO ${table} (rowid, terms) VALUES ${indexed.map(() => '(?, ?)').join(', ')}`, indexed.flatMap(([id, t]) => [id, t.join(' ')]));
      }
    }
  }
  await assignSpeakerIds(sql);
  return { added, hashes };
}

/** Ingests a Foreign Ministry folder (with manifest.jsonl), a folder of statements, or one JSONL/CSV/text/HTML file. */
export async function ingest(sql: Sql, path: string, options: IngestOptions = {}): Promise<IngestReport> {
  const started = performance.now();
  await migrateCorpus(sql);
  const { units, problems } = listUnits(path);
  const report: IngestReport = { files: units.length, unchanged: 0, ingested: 0, statements: 0, duplicates: 0, problems, seconds: 0 };
  const todo = options.limit === undefined ? units : units.slice(0, options.limit);
  for (let i = 0; i < todo.length; i++) {
    await ingestUnit(sql, todo[i]!, options.hashSuffix ?? '', report);
    options.onProgress?.(i + 1, todo.length);
  }
  // New statements may pair up English and Chinese answers of the same day: relearn the word list — also when an
  // earlier ingest stored statements and was stopped before it could.
  if (report.statements > 0 || (await lexiconStale(sql))) await buildLexicon(sql);
  await assignSpeakerIds(sql);
  forgetTracer(sql);
  report.seconds = (performance.now() - started) / 1000;
  return report;
}

/**
 * PostgreSQL: adds new sentences' terms to the count of sentences holding each term (what FTS5's vocabulary table
 * gives SQLite by itself). Trace weighs query words by it and searches on the rarest. Kept in step row by row, in
 * the transaction that adds the sentences, so whatever adds statements — ingest or a direct insert — counts them.
 */
async function countTerms(sql: Sql, lang: IndexLang, sentences: string[][]): Promise<void> {
  const df = new Map<string, number>();
  for (const list of sentences) for (const t of new Set(list.flatMap(ftsParts))) df.set(t, (df.get(t) ?? 0) + 1);
  // Sorted, so two ingests updating the same terms lock them in the same order (no deadlock).
  const rows = [...df].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (let at = 0; at < rows.length; at += 500) {
    const chunk = rows.slice(at, at + 500);
    await sql.run(
      `INSERT INTO corpus_vocab_${lang} (term, doc) VALUES ${chunk.map(() => '(?, ?)').join(', ')}
       ON CONFLICT (term) DO UPDATE SET doc = corpus_vocab_${lang}.doc + excluded.doc`,
      chunk.flat(),
    );
  }
}

async function ingestUnit(sql: Sql, unit: SourceUnit, suffix: string, report: IngestReport): Promise<void> {
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
  if (await sql.get('SELECT id FROM corpus_sources WHERE hash = ?', [hash])) {
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
    await sql.tx(async (t) => {
      const r = await insertStatements(t, all.slice(at, at + BATCH), suffix);
      report.statements += r.added;
      report.duplicates += Math.min(BATCH, all.length - at) - r.added;
      hashes.push(...r.hashes);
    });
  }
  await sql.tx(async (t) => {
    const source = await t.get<{ id: number }>('INSERT INTO corpus_sources (path, hash, format, statements, ingested_at) VALUES (?, ?, ?, ?, ?) RETURNING id', [
      unit.path,
      hash,
      unit.format,
      all.length,
      new Date().toISOString(),
    ]);
    for (const h of hashes) await t.run('UPDATE corpus_statements SET source_id = ? WHERE hash = ? AND source_id IS NULL', [source!.id, h]);
  });
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
export async function corpusStamp(sql: Sql): Promise<string> {
  const row = await sql.get<Record<string, number | null>>(
    `SELECT (SELECT count(*) FROM corpus_statements) AS a, (SELECT max(id) FROM corpus_statements) AS b,
            (SELECT count(*) FROM corpus_sentences) AS c, (SELECT max(id) FROM corpus_sentences) AS d,
            (SELECT count(*) FROM corpus_sources) AS e, (SELECT max(id) FROM corpus_sources) AS f`,
  );
  return Object.values(row!).join('/');
}

/** The 20 most frequent speakers, one person counted once whatever language their name was stored in. */
async function mergedSpeakers(sql: Sql): Promise<CorpusStats['speakers']> {
  const rows = await sql.all<{ speaker: string; id: string | null; statements: number }>(
    (await hasSpeakerIds(sql))
      ? 'SELECT speaker, speaker_id AS id, count(*) AS statements FROM corpus_statements WHERE speaker IS NOT NULL GROUP BY speaker, speaker_id'
      : 'SELECT speaker, NULL AS id, count(*) AS statements FROM corpus_statements WHERE speaker IS NOT NULL GROUP BY speaker',
  );
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

export async function corpusStats(sql: Sql): Promise<CorpusStats> {
  const counts = (await sql.get<{ n: number; sp: number; dt: number; first: string | null; last: string | null }>(
    `SELECT count(*) AS n, count(NULLIF(speaker, '')) AS sp, count(date) AS dt, min(date) AS first, max(date) AS last FROM corpus_statements`,
  ))!;
  // Ties in order of the key, on both engines (equal counts would otherwise come in whatever order the engine groups).
  const group = async (col: string) =>
    Object.fromEntries((await sql.all<{ k: string; n: number }>(`SELECT ${col} AS k, count(*) AS n FROM corpus_statements GROUP BY ${col} ORDER BY n DESC, k`)).map((r) => [r.k, r.n]));
  const languages = { en: 0, zh: 0, ...(await group('lang')) };
  return {
    statements: counts.n,
    withSpeaker: counts.sp,
    withDate: counts.dt,
    languages,
    kinds: await group('kind'),
    sentences: (await sql.get<{ n: number }>('SELECT count(*) AS n FROM corpus_sentences'))!.n,
    sources: (await sql.get<{ n: number }>('SELECT count(*) AS n FROM corpus_sources'))!.n,
    speakers: await mergedSpeakers(sql),
    firstDate: counts.first,
    lastDate: counts.last,
  };
}
