// Stores opened by a command: a SQLite file or a postgres:// URL (--db, else $MOUTHPIECE_DB, else ./mouthpiece.db).
// Each is closed when the command ends, so that a PostgreSQL pool never keeps the process alive.
import { existsSync } from 'node:fs';
import { openAuditStore } from '../audit/store.js';
import { safeText } from '../reporters/terminal-safe.js';
import { defaultTarget, isPostgresUrl, type Sql } from '../storage/sql.js';
import { resolve } from 'node:path';

const open = new Set<Sql>();

export const DB_OPTION = ['--db <store>', 'SQLite file or postgres:// URL (default $MOUTHPIECE_DB or ./mouthpiece.db)'] as const;

/** Where a command's store is: a postgres:// URL as given, a file path resolved. */
export function storeTarget(db?: string): string {
  if (!db) return defaultTarget();
  return isPostgresUrl(db) ? db : resolve(db);
}

export function fail(message: string, code = 2): never {
  process.stderr.write(`mouthpiece: ${safeText(message)}\n`);
  process.exit(code);
}

/** An option parser for a whole number of at least `min`: anything else is a usage error naming the option. */
export const wholeNumber = (name: string, min = 1) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} takes a whole number of at least ${min} (got "${v}")`);
  return n;
};

/** Opens (and creates when missing) the audit store of a command. */
export async function auditStore(db?: string): Promise<Sql> {
  const target = storeTarget(db);
  let sql: Sql;
  try {
    sql = await openAuditStore(target);
  } catch (e) {
    fail(`cannot open the store ${isPostgresUrl(target) ? '' : `at ${target} `}(${(e as Error).message})`);
  }
  open.add(sql);
  return sql;
}

/** A store that must exist already: reading commands never create an empty SQLite file. */
export async function existingAuditStore(db?: string): Promise<Sql> {
  const target = storeTarget(db);
  if (!isPostgresUrl(target) && !existsSync(target)) fail(`no store at ${target} (give --db <file or postgres:// URL>, or set MOUTHPIECE_DB)`);
  return auditStore(target);
}

/** Closes every store the command opened. */
export async function closeStores(): Promise<void> {
  const all = [...open];
  open.clear();
  await Promise.all(all.map((s) => s.close().catch(() => undefined)));
}
