// The one SQLite store (better-sqlite3, WAL): reference corpus and audit runs share the file, each in its own tables.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export type Store = Database.Database;

/** Default store: $MOUTHPIECE_DB, else ./mouthpiece.db in the working folder. */
export function defaultDbPath(): string {
  return resolve(process.env.MOUTHPIECE_DB || 'mouthpiece.db');
}

/** A migration is a named list of SQL statements, applied once per store and recorded in `migrations`. */
export interface Migration {
  id: string;
  sql: string;
}

export function openStore(path: string = defaultDbPath(), migrations: Migration[] = [], options: { readonly?: boolean } = {}): Store {
  if (!options.readonly) mkdirSync(dirname(resolve(path)), { recursive: true });
  const db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
  }
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  if (!options.readonly) migrate(db, migrations);
  return db;
}

export function migrate(db: Store, migrations: Migration[]): void {
  db.exec('CREATE TABLE IF NOT EXISTS migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  const done = new Set((db.prepare('SELECT id FROM migrations').all() as { id: string }[]).map((r) => r.id));
  for (const m of migrations) {
    if (done.has(m.id)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO migrations (id, applied_at) VALUES (?, ?)').run(m.id, new Date().toISOString());
    })();
  }
}
