// Tables of the reference corpus in the shared store. Ids start with `corpus-`; other areas own their own tables.
import { migrate, openStore, type Migration, type Store } from '../storage/db.js';
import { assignSpeakerIds } from './speaker-ids.js';

export const CORPUS_MIGRATIONS: Migration[] = [
  {
    id: 'corpus-001-statements',
    sql: `
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
        end INTEGER NOT NULL,
        lang TEXT NOT NULL,
        text TEXT NOT NULL
      );
      CREATE INDEX corpus_sentences_statement ON corpus_sentences(statement_id);
      -- Index terms are computed by us (stems for words, bigrams for Han), so unicode61 only splits on spaces.
      CREATE VIRTUAL TABLE corpus_fts_en USING fts5(terms, content='', tokenize='unicode61 remove_diacritics 0');
      CREATE VIRTUAL TABLE corpus_fts_zh USING fts5(terms, content='', tokenize='unicode61 remove_diacritics 0');
      CREATE VIRTUAL TABLE corpus_vocab_en USING fts5vocab(corpus_fts_en, 'row');
      CREATE VIRTUAL TABLE corpus_vocab_zh USING fts5vocab(corpus_fts_zh, 'row');
    `,
  },
  {
    id: 'corpus-002-lexicon',
    sql: `
      -- Word translations learnt from same-day English and Chinese answers (see lexicon.ts).
      CREATE TABLE corpus_lexicon (lang TEXT NOT NULL, term TEXT NOT NULL, translation TEXT NOT NULL, dice REAL NOT NULL);
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

/** Opens (and migrates) the store with the corpus tables. */
export function openCorpusStore(path?: string): Store {
  const store = openStore(path);
  const hadIds = !!store.prepare("SELECT 1 FROM migrations WHERE id = 'corpus-004-speaker-id'").get();
  migrate(store, CORPUS_MIGRATIONS);
  // The open that adds the speaker_id column fills it for the statements already there.
  if (!hadIds) assignSpeakerIds(store);
  return store;
}

/** Whether a store holds corpus tables at all (an audit-only store may not). */
export function hasCorpus(store: Store): boolean {
  return !!store.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'corpus_statements'").get();
}
