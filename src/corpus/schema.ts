// Tables of the reference corpus in the shared store. Ids start with `corpus-`; other areas own their own tables.
// One list of migrations for both engines: SQLite indexes sentences with FTS5; PostgreSQL with a tsvector column of
// the same pre-computed terms (stems, Han bigrams) and a table of their document frequencies, kept by ingest.
import { migrate, openSql, postgresDdl, type Migration, type Sql } from '../storage/sql.js';
import { assignSpeakerIds } from './speaker-ids.js';

const STATEMENTS = `
      CREATE TABLE corpus_sources (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        format TEXT NOT NULL,
        statements INTEGER NOT NULL,
        ingested_at TEXT NOT NULL
      );
      CREATE TABLE corpus_statements (
        id INTEGER PRIMARY KEY,
        hash TEXT NOT NULL UNIQUE,
        source_id INTEGER REFERENCES corpus_sources(id),
        origin TEXT NOT NULL,
        kind TEXT NOT NULL,
        lang TEXT NOT NULL,
        date TEXT,
        speaker TEXT,
        role TEXT,
        url TEXT,
        title TEXT,
        question TEXT,
        text TEXT NOT NULL,
        paragraphs TEXT NOT NULL
      );
      CREATE INDEX corpus_statements_date ON corpus_statements(date);
      CREATE TABLE corpus_sentences (
        id INTEGER PRIMARY KEY,
        statement_id INTEGER NOT NULL REFERENCES corpus_statements(id),
        seq INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        lang TEXT NOT NULL,
        text TEXT NOT NULL
      );
      CREATE INDEX corpus_sentences_statement ON corpus_sentences(statement_id);`;

export const CORPUS_MIGRATIONS: Migration[] = [
  {
    id: 'corpus-001-statements',
    sql: `${STATEMENTS}
      -- Index terms are computed by us (stems for words, bigrams for Han), so unicode61 only splits on spaces.
      CREATE VIRTUAL TABLE corpus_fts_en USING fts5(terms, content='', tokenize='unicode61 remove_diacritics 0');
      CREATE VIRTUAL TABLE corpus_fts_zh USING fts5(terms, content='', tokenize='unicode61 remove_diacritics 0');
      CREATE VIRTUAL TABLE corpus_vocab_en USING fts5vocab(corpus_fts_en, 'row');
      CREATE VIRTUAL TABLE corpus_vocab_zh USING fts5vocab(corpus_fts_zh, 'row');
    `,
    // The terms go in as a tsvector literal (each term one lexeme, with its position), so no text-search parser
    // splits or folds them: PostgreSQL matches exactly the terms SQLite's index holds.
    postgres: `${postgresDdl(STATEMENTS)}
      CREATE TABLE corpus_fts_en (id INTEGER PRIMARY KEY, tsv tsvector NOT NULL);
      CREATE TABLE corpus_fts_zh (id INTEGER PRIMARY KEY, tsv tsvector NOT NULL);
      CREATE INDEX corpus_fts_en_tsv ON corpus_fts_en USING gin (tsv);
      CREATE INDEX corpus_fts_zh_tsv ON corpus_fts_zh USING gin (tsv);
      CREATE TABLE corpus_vocab_en (term TEXT PRIMARY KEY, doc INTEGER NOT NULL);
      CREATE TABLE corpus_vocab_zh (term TEXT PRIMARY KEY, doc INTEGER NOT NULL);
    `,
  },
  {
    id: 'corpus-002-lexicon',
    sql: `
      -- Word translations learnt from same-day English and Chinese answers (see lexicon.ts).
      CREATE TABLE corpus_lexicon (lang TEXT NOT NULL, term TEXT NOT NULL, translation TEXT NOT NULL, dice REAL NOT NULL);
      CREATE INDEX corpus_lexicon_term ON corpus_lexicon(lang, term);
    `,
    postgres: `
      CREATE TABLE corpus_lexicon (lang TEXT NOT NULL, term TEXT NOT NULL, translation TEXT NOT NULL, dice DOUBLE PRECISION NOT NULL);
      CREATE INDEX corpus_lexicon_term ON corpus_lexicon(lang, term);
    `,
  },
  {
    id: 'corpus-003-derived',
    sql: `
      -- What each derived table was built from (statement count and highest id): a table whose stamp differs from
      -- the statements now stored — or has none, after an ingest killed before it was rebuilt — is rebuilt.
      CREATE TABLE corpus_derived (name TEXT PRIMARY KEY, statements INTEGER NOT NULL, max_id INTEGER NOT NULL, built_at TEXT NOT NULL);
    `,
  },
  {
    // The speakers gazetteer's id of the person who spoke, whatever language the name was published in (耿爽 and
    // Geng Shuang are one person); NULL for names the gazetteer does not know. Set at ingest; older rows are filled
    // by openCorpusStore on the open that applies this migration.
    id: 'corpus-004-speaker-id',
    sql: `
      ALTER TABLE corpus_statements ADD COLUMN speaker_id TEXT;
      CREATE INDEX corpus_statements_speaker_id ON corpus_statements(speaker_id);
    `,
  },
];

/** Opens (and migrates) the store with the corpus tables: a SQLite file or a postgres:// URL. */
export async function openCorpusStore(target?: string): Promise<Sql> {
  const sql = await openSql(target);
  try {
    await migrateCorpus(sql);
  } catch (e) {
    await sql.close();
    throw e;
  }
  return sql;
}

/** Applies the corpus migrations; the one that adds speaker ids also fills them for the statements already there. */
export async function migrateCorpus(sql: Sql): Promise<void> {
  await sql.exec('CREATE TABLE IF NOT EXISTS migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  const hadIds = !!(await sql.get("SELECT 1 AS x FROM migrations WHERE id = 'corpus-004-speaker-id'"));
  await migrate(sql, CORPUS_MIGRATIONS);
  if (!hadIds) await assignSpeakerIds(sql);
}

/** Whether a store holds corpus tables at all (an audit-only store may not). */
export async function hasCorpus(sql: Sql): Promise<boolean> {
  return sql.hasTable('corpus_statements');
}

/** Whether it holds at least one statement: corpus tables an ingest left empty are no corpus to search. */
export async function hasStatements(sql: Sql): Promise<boolean> {
  return (await hasCorpus(sql)) && !!(await sql.get('SELECT 1 AS x FROM corpus_statements LIMIT 1'));
}
