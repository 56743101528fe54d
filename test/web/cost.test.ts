// What the dashboard spends per request: corpus statistics are computed once per state of the store (counted as
// the statistics queries the store runs, not as time), and a huge upload is refused with 413 while it arrives.
import Database from 'better-sqlite3';
import { serve, type ServerType } from '@hono/node-server';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wrapSqlite } from '../../src/storage/sql.js';
import { createDashboard, MAX_BODY_BYTES, startDashboard, type StartedDashboard } from '../../src/web/server.js';
import { openCorpusStore } from '../../src/corpus/schema.js';
import { insertStatements } from '../../src/corpus/ingest.js';
import type { StatementInput } from '../../src/corpus/types.js';
import { summarizeRun } from '../../src/audit/results.js';
import { makeMockRun, tempDir } from './fixtures.js';

const statement = (date: string, text: string): StatementInput => ({
  kind: 'answer', lang: 'en', date, speaker: 'Geng Shuang', role: 'state_official', url: 'https://www.fmprc.gov.cn/mfa_eng/', title: `Regular press conference ${date}`, question: null, paragraphs: [text], origin: 'test',
});

let dir: string;
let dbPath: string;
let runId: string;

beforeAll(async () => {
  dir = tempDir();
  ({ dbPath, runId } = await makeMockRun(dir));
  const corpus = await openCorpusStore(dbPath);
  await insertStatements(corpus, [statement('2019-11-26', 'The so-called human rights issues in Xinjiang are groundless lies fabricated by anti-China forces.')]);
  corpus.close();
}, 120_000);

interface Overview {
  runs: { id: string; results: number }[];
  corpus: { statements: number; sentences: number } | null;
}

describe('dashboard overview', () => {
  let server: ServerType;
  let base: string;
  let store: Database.Database;
  /** Every SQL statement the dashboard's connection runs, in order. */
  const executed: string[] = [];
  /** How many times the corpus statistics were computed: each computation groups the statements by language once. */
  const statsComputed = () => executed.filter((sql) => /FROM corpus_statements GROUP BY lang/.test(sql)).length;

  beforeAll(async () => {
    // The dashboard's own read-only connection, with better-sqlite3's statement log switched on.
    store = new Database(dbPath, { readonly: true, fileMustExist: true, verbose: (sql) => executed.push(String(sql)) });
    let allowed = new Set<string>();
    const app = createDashboard(wrapSqlite(store, dbPath), { allowedHosts: () => allowed });
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    allowed = new Set([`127.0.0.1:${port}`]);
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    store?.close();
  });

  const overview = async (): Promise<Overview> => {
    const res = await fetch(`${base}/api/overview`);
    expect(res.status).toBe(200);
    return (await res.json()) as Overview;
  };

  it('computes the corpus statistics once for repeated requests, and again after an ingest adds statements', async () => {
    const first = await overview();
    expect(first.corpus?.statements).toBe(1);
    expect(statsComputed()).toBe(1);
    for (let i = 0; i < 20; i++) expect(await overview()).toEqual(first);
    expect(statsComputed()).toBe(1);

    // Another process ingests (its own connection, as `corpus ingest` would).
    const writer = await openCorpusStore(dbPath);
    await insertStatements(writer, [statement('2022-05-24', 'Xinjiang enjoys peace and stability. The lies they spread cannot deceive the world.')]);
    await writer.close();
    const after = await overview();
    expect(after.corpus?.statements).toBe(2);
    expect(after.corpus!.sentences).toBeGreaterThan(first.corpus!.sentences);
    expect(statsComputed()).toBe(2);
    await overview();
    expect(statsComputed()).toBe(2);
  });

  it('lists a run finished after the dashboard started, without recomputing the corpus statistics', async () => {
    const before = statsComputed();
    await makeMockRun(dir, 'later-run', ['mock-refuse']);
    const runs = (await overview()).runs;
    expect(runs.map((r) => r.id).sort()).toEqual([runId, 'later-run'].sort());
    expect(runs.find((r) => r.id === 'later-run')?.results).toBe(8);
    expect(statsComputed()).toBe(before);
  }, 60_000);

  it('serves a run page whose kept summary is the run summary, with the other runs read afresh', async () => {
    const res = await fetch(`${base}/api/runs/${runId}`);
    expect(res.headers.get('content-type')).toBe('application/json');
    const page = (await res.json()) as { info: { id: string; results: number }; summary: unknown; otherRuns: { id: string }[] };
    const summary = await summarizeRun(wrapSqlite(store, dbPath), runId);
    expect(page.summary).toEqual(JSON.parse(JSON.stringify({ ...summary, langGaps: summary.langGaps.slice(0, 30) })));
    expect(page.info).toMatchObject({ id: runId, results: 24 });
    expect(page.otherRuns.map((r) => r.id)).toEqual(['later-run']);
  });
});

describe('dashboard request bodies', () => {
  let dashboard: StartedDashboard;
  beforeAll(async () => {
    dashboard = await startDashboard({ db: dbPath, port: 0 });
  });
  afterAll(async () => {
    await dashboard?.close();
  });

  /**
   * POSTs `total` bytes of JSON-looking text in 1 MiB chunks, writing only as fast as the server reads. Resolves
   * with the status, how much was written when the answer came, whether the server closed the connection, and
   * the largest growth of this process's memory (the server runs in it) seen meanwhile.
   */
  function upload(total: number, declareLength: boolean): Promise<{ status: number; sent: number; closed: boolean; growth: number }> {
    const chunk = Buffer.alloc(1024 * 1024, 'a');
    chunk.write('{"text":"');
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    return new Promise((resolve, reject) => {
      let sent = 0;
      let status = 0;
      let answered = false;
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (declareLength) headers['content-length'] = String(total);
      const req = request({ host: '127.0.0.1', port: dashboard.port, path: '/api/analyze', method: 'POST', headers });
      const finish = (closed: boolean) => resolve({ status, sent, closed, growth: peak - baseline });
      req.on('response', (res) => {
        answered = true;
        status = res.statusCode ?? 0;
        res.resume();
        res.on('end', async () => {
          // The server said it closes: wait for it to do so (or for the upload to end, which it must not).
          if (res.headers.connection === 'close') req.socket?.once('close', () => finish(true));
          else finish(false);
        });
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        // A reset while writing means the server stopped reading. Its 413 normally comes first; on a busy machine
        // the close can overtake the client's parsing of it (EPIPE before 'response'): status -1, still closed.
        if (answered) finish(true);
        else if (error.code === 'EPIPE' || error.code === 'ECONNRESET') {
          status = -1;
          finish(true);
        } else reject(error);
      });
      const write = () => {
        while (sent < total && !answered) {
          peak = Math.max(peak, process.memoryUsage().rss);
          const ok = req.write(chunk);
          sent += chunk.length;
          if (!ok) return void req.once('drain', write);
        }
        if (!answered) req.end();
      };
      write();
    });
  }

  const HUGE = 200 * 1024 * 1024;

  it('refuses a 200 MB upload sent in chunks with 413 as soon as it passes the limit, and stops reading', async () => {
    const { status, sent, closed, growth } = await upload(HUGE, false);
    expect([413, -1]).toContain(status);
    // The answer came long before the upload could have finished: the server read about the limit, not 200 MB.
    expect(sent).toBeLessThan(MAX_BODY_BYTES + 32 * 1024 * 1024);
    expect(closed).toBe(true);
    expect(growth).toBeLessThan(100 * 1024 * 1024);
  }, 60_000);

  it('refuses a declared 200 MB upload from its Content-Length, before reading it', async () => {
    const { status, sent, closed, growth } = await upload(HUGE, true);
    expect(status).toBe(413);
    expect(sent).toBeLessThan(32 * 1024 * 1024);
    expect(closed).toBe(true);
    expect(growth).toBeLessThan(100 * 1024 * 1024);
  }, 60_000);

  it('still analyses a text at the analyze box limit, and keeps serving after refusals', async () => {
    const text = 'The so-called human rights issues in Xinjiang are groundless lies. '.repeat(2_900);
    const res = await fetch(new URL('/api/analyze', dashboard.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { document: { verdict: string } };
    expect(body.document.verdict).toBe('state_echo');
    expect((await fetch(new URL('/api/overview', dashboard.url))).status).toBe(200);
  }, 60_000);
});
