// Moves a run between stores of either engine (SQLite ⇄ PostgreSQL): the run, its requests, results, HTTP calls and
// review labels, in one transaction on the target, so a copy is whole or absent. Request ids are the target's own;
// rows are matched by what identifies a request (prompt, language, model, sample).
import type { Sql } from '../storage/sql.js';
import { getRunRow } from './store.js';

const PAGE = 500;

type Row = Record<string, unknown>;

function insertSql(table: string, columns: string[], rows: number): string {
  const one = `(${columns.map(() => '?').join(', ')})`;
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array.from({ length: rows }, () => one).join(', ')}`;
}

async function insertRows(t: Sql, table: string, rows: Row[]): Promise<void> {
  if (!rows.length) return;
  const columns = Object.keys(rows[0]!);
  // Stay under both engines' limits on parameters per statement.
  const per = Math.max(1, Math.floor(30_000 / columns.length / 4));
  for (let i = 0; i < rows.length; i += per) {
    const part = rows.slice(i, i + per);
    await t.run(insertSql(table, columns, part.length), part.flatMap((r) => columns.map((c) => r[c] ?? null)));
  }
}

/** Every row of a table for a run, a page at a time in `order`. */
async function* pages(sql: Sql, query: string, runId: string): AsyncGenerator<Row[]> {
  for (let offset = 0; ; offset += PAGE) {
    const rows = await sql.all<Row>(`${query} LIMIT ${PAGE} OFFSET ${offset}`, [runId]);
    if (rows.length) yield rows;
    if (rows.length < PAGE) return;
  }
}

const requestKey = (r: Row) => JSON.stringify([r.prompt_id, r.lang, r.model, r.sample]);

export async function copyRun(from: Sql, to: Sql, runId: string, newId = runId): Promise<{ requests: number; results: number; calls: number; reviews: number }> {
  const run = await getRunRow(from, runId);
  if (!run) throw new Error(`no audit run "${runId}" in ${from.where} (mouthpiece runs lists them)`);
  if (await getRunRow(to, newId)) throw new Error(`run "${newId}" already exists in ${to.where}: give another id with --as`);
  const counts = { requests: 0, results: 0, calls: 0, reviews: 0 };
  const withReviews = (await from.hasTable('review_labels')) && (await from.hasTable('audit_results'));
  if (withReviews) await to.exec('CREATE TABLE IF NOT EXISTS review_labels (run TEXT NOT NULL, result INTEGER NOT NULL, reviewer TEXT NOT NULL, verdict TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (run, result, reviewer))');
  await to.tx(async (t) => {
    // A copied run is nobody's to run: a running one arrives as interrupted, to be resumed where it is now.
    await insertRows(t, 'audit_runs', [{ ...run, id: newId, pid: null, status: run.status === 'running' ? 'interrupted' : run.status }]);
    const sourceIds = new Map<number, string>();
    for await (const rows of pages(from, 'SELECT * FROM audit_requests WHERE run = ? ORDER BY id', runId)) {
      for (const r of rows) sourceIds.set(r.id as number, requestKey(r));
      await insertRows(t, 'audit_requests', rows.map(({ id: _id, ...r }) => ({ ...r, run: newId })));
      counts.requests += rows.length;
    }
    const targetIds = new Map<string, number>();
    for await (const rows of pages(t, 'SELECT id, prompt_id, lang, model, sample FROM audit_requests WHERE run = ? ORDER BY id', newId)) for (const r of rows) targetIds.set(requestKey(r), r.id as number);
    const mapped = (old: unknown) => targetIds.get(sourceIds.get(old as number)!)!;
    for await (const rows of pages(from, 'SELECT * FROM audit_results WHERE run = ? ORDER BY request', runId)) {
      await insertRows(t, 'audit_results', rows.map((r) => ({ ...r, run: newId, request: mapped(r.request) })));
      counts.results += rows.length;
    }
    for await (const rows of pages(from, 'SELECT c.* FROM audit_calls c JOIN audit_requests q ON q.id = c.request WHERE q.run = ? ORDER BY c.id', runId)) {
      await insertRows(t, 'audit_calls', rows.map(({ id: _id, ...r }) => ({ ...r, request: mapped(r.request) })));
      counts.calls += rows.length;
    }
    if (withReviews) {
      for await (const rows of pages(from, 'SELECT * FROM review_labels WHERE run = ? ORDER BY result, reviewer', runId)) {
        await insertRows(t, 'review_labels', rows.map((r) => ({ ...r, run: newId, result: mapped(r.result) })));
        counts.reviews += rows.length;
      }
    }
  });
  return counts;
}
