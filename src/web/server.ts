// The local dashboard: a small JSON API over the SQLite store plus one page that draws it. It listens on 127.0.0.1,
// answers only requests addressed to itself (Host and Origin checks stop DNS rebinding and cross-site requests),
// opens the store read-only, takes no file paths from the client and never handles API keys.
import { serve, type ServerType } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { networkInterfaces, hostname } from 'node:os';
import { getAnswer, getRun, listAnswers, listRuns, summarizeRun, type AnswerRow, type RunSummary } from '../audit/results.js';
import { addReview, reviewedPairs, reviewStats, type ReviewVerdict } from '../audit/review.js';
import { openAuditStore } from '../audit/store.js';
import { analyzeAnswer } from '../analysis/pipeline.js';
import { corpusStamp, corpusStats, type CorpusStats } from '../corpus/ingest.js';
import { attachProvenance } from '../corpus/provenance.js';
import { modelTrend, modelsWithTrends } from '../audit/trend.js';
import { hasStatements } from '../corpus/schema.js';
import { forgetTracer, trace } from '../corpus/trace.js';
import { documentView, knowledgeView } from '../reporters/html-data.js';
import { openSql, type Sql } from '../storage/sql.js';
import type { Document } from '../document.js';
import { DASHBOARD_HTML, DASHBOARD_SCRIPT, DASHBOARD_STYLE } from './client.js';

export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Largest page of answers one request may ask for. */
export const MAX_PAGE = 100;
/** Largest text the analyze box accepts (characters). */
export const MAX_ANALYZE_CHARS = 200_000;
/**
 * Largest request body (bytes): the analyze box's longest text as JSON, every character escaped (up to 6 bytes
 * each), with room for a prompt. Anything larger is refused with 413 while it arrives, never read whole.
 */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;
/** Language gaps sent with a run summary: the view shows the biggest few, and a 10,000-answer run has thousands. */
const SUMMARY_GAPS = 30;
const PREVIEW_CHARS = 220;

export interface DashboardOptions {
  /** Host names (with port) the server answers to; requests naming another Host or Origin get 403. */
  allowedHosts: () => Set<string>;
  catalogs?: string[];
  /** The store's file, for review mode: labels are written through a short-lived writable handle, to their own table. */
  reviewDb?: string;
  /** The store's file as the user named it, for the exact command that adds a corpus to it. */
  dbPath?: string;
}

/** A path as a POSIX shell reads it back: quoted unless it is plain. */
function shellWord(path: string): string {
  return /^[\w./@%+=:,-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}


function preview(row: AnswerRow): string {
  const text = (row.answer ?? row.reason ?? '').replace(/\s+/g, ' ').trim();
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
}

function intParam(value: string | undefined, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 ? Math.min(n, max) : fallback;
}

function text(value: string | undefined): string | undefined {
  return value ? value.slice(0, 200) : undefined;
}

export function createDashboard(store: Sql, options: DashboardOptions): Hono {
  const app = new Hono();
  // Asked on every request (a catalogue look-up): an audit or an ingest may create the tables while the dashboard
  // is running.
  const hasAudit = async () => (await store.hasTable('audit_runs')) && (await store.hasTable('audit_results'));
  // The reference corpus lives in the same store, SQLite or PostgreSQL. Corpus tables with no statement (an ingest
  // that found nothing) are no corpus to search.
  const corpusHere = () => hasStatements(store);
  // Another process (an ingest, on this machine or, for PostgreSQL, another) may add statements while the dashboard
  // runs: the tracer's word weights are then stale, so it is rebuilt when the corpus's stamp has changed.
  let tracedStamp: string | null = null;
  const freshTracer = async () => {
    const stamp = await corpusStamp(store);
    if (tracedStamp !== null && stamp !== tracedStamp) forgetTracer(store);
    tracedStamp = stamp;
  };
  const corpusCommand = `mouthpiece corpus ingest <folder> --db ${options.dbPath ? shellWord(options.dbPath) : '<store>'}`;
  // What the answer views show: the document, and how to add a corpus when there is none.
  const docView = (doc: Document) => ({ ...documentView(doc), corpusCommand });

  app.use('*', async (c, next) => {
    const allowed = options.allowedHosts();
    const host = c.req.header('host') ?? '';
    const origin = c.req.header('origin');
    const fetchSite = c.req.header('sec-fetch-site');
    const forbidden =
      !allowed.has(host.toLowerCase()) ||
      (origin !== undefined && origin !== `http://${host}`) ||
      (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none');
    if (forbidden) {
      c.header('X-Content-Type-Options', 'nosniff');
      return c.json({ error: 'forbidden: this dashboard only answers requests from its own pages' }, 403);
    }
    // Set before the handler runs, so every response is built with them: setting headers on a finished response
    // makes Hono rebuild it, copying the body each time (most of the cost of a large page).
    c.header('Content-Security-Policy', DASHBOARD_CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Frame-Options', 'DENY');
    c.header('Cross-Origin-Resource-Policy', 'same-origin');
    c.header('Cache-Control', 'no-store');
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && !(c.req.header('content-type') ?? '').startsWith('application/json')) {
      return c.json({ error: 'requests that change nothing still need Content-Type: application/json' }, 415);
    }
    await next();
  });

  // Counts the bytes as they arrive (and trusts a Content-Length only to refuse early): a huge upload is answered
  // 413 as soon as it passes the limit, and the connection closed so the rest is never read.
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => c.json({ error: `request too large (at most ${MAX_BODY_BYTES} bytes)` }, 413, { Connection: 'close' }),
    }),
  );

  app.get('/', (c) => c.html(DASHBOARD_HTML));
  app.get('/assets/app.js', (c) => c.body(DASHBOARD_SCRIPT, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }));
  app.get('/assets/app.css', (c) => c.body(DASHBOARD_STYLE, 200, { 'Content-Type': 'text/css; charset=utf-8' }));

  // Corpus statistics group every statement (about 60 ms on the Foreign Ministry corpus): keep them until the
  // corpus changes, which its stamp (a few index look-ups) tells. The run list is cheap and always read afresh.
  let stats: { stamp: string; value: CorpusStats } | null = null;
  const statsNow = async (): Promise<CorpusStats> => {
    const stamp = await corpusStamp(store);
    if (stats?.stamp !== stamp) stats = { stamp, value: await corpusStats(store) };
    return stats.value;
  };

  app.get('/api/overview', async (c) => {
    const corpus = await corpusHere();
    return c.json({
      runs: (await hasAudit()) ? await listRuns(store) : [],
      corpus: corpus ? await statsNow() : null,
      features: { trace: corpus },
      corpusCommand,
    });
  });

  // A summary reads every answer of the run: keep the last few, keyed by the run's state when they were made, as
  // UTF-8 JSON: serialising and encoding a large one for every request cost more than the rest of the request.
  const summaries = new Map<string, Buffer>();
  const summaryJson = async (runId: string, state: string): Promise<Buffer> => {
    const key = `${runId}\u0000${state}`;
    let json = summaries.get(key);
    if (json === undefined) {
      const summary: RunSummary = await summarizeRun(store, runId);
      summary.langGaps = summary.langGaps.slice(0, SUMMARY_GAPS);
      json = Buffer.from(JSON.stringify(summary));
      if (summaries.size >= 4) summaries.delete(summaries.keys().next().value!);
      summaries.set(key, json);
    }
    return json;
  };

  const runOf = async (runId: string | undefined) => (runId && (await hasAudit()) ? getRun(store, runId) : null);

  app.get('/api/runs/:id', async (c) => {
    const info = await runOf(c.req.param('id'));
    if (!info) return c.json({ error: 'no such run' }, 404);
    const summary = await summaryJson(info.id, `${info.results}/${info.status}`);
    const otherRuns = (await listRuns(store)).filter((r) => r.id !== info.id);
    // The same object c.json would send, with the kept summary spliced in.
    const body = Buffer.concat([Buffer.from(`{"info":${JSON.stringify(info)},"summary":`), summary, Buffer.from(`,"otherRuns":${JSON.stringify(otherRuns)}}`)]);
    return c.body(body, 200, { 'Content-Type': 'application/json' });
  });

  app.get('/api/runs/:id/answers', async (c) => {
    const runId = c.req.param('id');
    if (!(await runOf(runId))) return c.json({ error: 'no such run' }, 404);
    const q = c.req.query();
    const page = await listAnswers(store, runId, {
      model: text(q.model),
      topic: text(q.topic),
      lang: text(q.lang),
      outcome: text(q.outcome),
      promptId: text(q.promptId),
      offset: intParam(q.offset, 0),
      limit: intParam(q.limit, 50, MAX_PAGE),
    });
    return c.json({ total: page.total, rows: page.rows.map(({ answer: _a, reasoning: _r, ...row }, i) => ({ ...row, preview: preview(page.rows[i]) })) });
  });

  app.get('/api/trends', async (c) => c.json({ models: await modelsWithTrends(store) }));
  app.get('/api/trends/:model', async (c) => c.json(await modelTrend(store, c.req.param('model'))));

  app.get('/api/answers/:id', async (c) => {
    const id = Number(c.req.param('id'));
    const found = (await hasAudit()) && Number.isInteger(id) ? await getAnswer(store, id) : null;
    if (!found) return c.json({ error: 'no such answer' }, 404);
    const { document, ...answer } = found;
    // Stored answers were analysed without a corpus; when the store holds one, their echoes get its statements now.
    const corpus = await corpusHere();
    if (document && corpus) {
      await freshTracer();
      await attachProvenance(document, store);
    }
    return c.json({ answer, corpus, document: document && docView(document), knowledge: knowledgeView(document ? [document] : [], { catalogs: options.catalogs }) });
  });

  // One pass over the other side's answers per (run, model, result count), instead of one query per row:
  // a page of a 10,000-answer comparison then costs a lookup per row.
  const sides = new Map<string, Map<string, CompareSide>>();
  const otherSide = async (runId: string, model: string | undefined): Promise<Map<string, CompareSide>> => {
    const key = `${runId}\u0000${model ?? ''}\u0000${(await getRun(store, runId))?.results ?? 0}`;
    let map = sides.get(key);
    if (map) return map;
    map = new Map();
    for (let offset = 0; ; offset += 1000) {
      const { rows } = await listAnswers(store, runId, { model, offset, limit: 1000 });
      for (const row of rows) if (!map.has(compareKey(row))) map.set(compareKey(row), compareSide(row));
      if (rows.length < 1000) break;
    }
    if (sides.size >= 4) sides.delete(sides.keys().next().value!);
    sides.set(key, map);
    return map;
  };

  app.get('/api/compare', async (c) => {
    const q = c.req.query();
    if (!(await runOf(q.a)) || !(await runOf(q.b))) return c.json({ error: 'choose two existing runs' }, 400);
    const page = await listAnswers(store, q.a!, { model: text(q.am), topic: text(q.topic), lang: text(q.lang), offset: intParam(q.offset, 0), limit: intParam(q.limit, 50, MAX_PAGE) });
    const other = await otherSide(q.b!, text(q.bm));
    const rows = page.rows.map((a) => {
      // The same prompt, language and sample on the other side.
      const b = other.get(compareKey(a)) ?? null;
      return { promptId: a.promptId, topic: a.topic, lang: a.lang, sample: a.sample, prompt: a.prompt, a: compareSide(a), b };
    });
    return c.json({ total: page.total, agree: rows.filter((r) => r.b && r.b.outcome === r.a.outcome).length, rows });
  });

  app.post('/api/analyze', async (c) => {
    const body = await readJson(c);
    const input = typeof body?.text === 'string' ? body.text : '';
    if (!input.trim()) return c.json({ error: 'paste a text to analyze' }, 400);
    if (input.length > MAX_ANALYZE_CHARS) return c.json({ error: `text too long (${input.length} characters; at most ${MAX_ANALYZE_CHARS})` }, 413);
    const prompt = typeof body?.prompt === 'string' && body.prompt.trim() ? body.prompt.slice(0, 10_000) : undefined;
    const doc = analyzeAnswer({ id: 'pasted', prompt, answer: input }, { catalogs: options.catalogs });
    if (await corpusHere()) {
      await freshTracer();
      await attachProvenance(doc, store);
    }
    return c.json({ document: docView(doc), knowledge: knowledgeView([doc], { catalogs: options.catalogs }) });
  });

  app.post('/api/trace', async (c) => {
    if (!(await corpusHere())) return c.json({ error: 'this store has no reference corpus' }, 404);
    const body = await readJson(c);
    const input = typeof body?.text === 'string' ? body.text.trim().slice(0, 5_000) : '';
    if (!input) return c.json({ error: 'type a sentence to trace' }, 400);
    await freshTracer();
    return c.json({ matches: await trace(store, input, { limit: 10 }) });
  });

  // Review mode: a fixed, evenly spread sample of the run's answers, the labels given so far and the agreement.
  const reviewState = async (runId: string, size: number) => {
    const { total } = await listAnswers(store, runId, { limit: 0 });
    const ids = new Set<number>();
    const rows: AnswerRow[] = [];
    for (let i = 0; i < Math.min(size, total); i++) {
      const row = (await listAnswers(store, runId, { offset: Math.floor((i * total) / Math.min(size, total)), limit: 1 })).rows[0];
      if (row && !ids.has(row.id)) ids.add(row.id) && rows.push(row);
    }
    const labels = Object.fromEntries((await reviewedPairs(store, runId)).map((p) => [p.result, { verdict: p.label, reviewer: p.reviewer, at: p.at }]));
    return {
      sample: rows.map((r) => ({ id: r.id, model: r.model, promptId: r.promptId, topic: r.topic, lang: r.lang, outcome: r.outcome, reason: r.reason, preview: preview(r) })),
      labels,
      stats: await reviewStats(store, runId),
      writable: !!options.reviewDb,
    };
  };
  app.get('/api/runs/:id/review', async (c) => {
    const runId = c.req.param('id');
    if (!(await runOf(runId))) return c.json({ error: 'no such run' }, 404);
    return c.json(await reviewState(runId, intParam(c.req.query('n'), 20, 200)));
  });
  app.post('/api/runs/:id/review', async (c) => {
    const runId = c.req.param('id');
    if (!options.reviewDb) return c.json({ error: 'this dashboard was started without a store to write reviews to' }, 403);
    if (!(await runOf(runId))) return c.json({ error: 'no such run' }, 404);
    const body = await readJson(c);
    // A SQLite dashboard reads through a read-only handle; labels go through a short-lived writable one. A PostgreSQL
    // store is written through the same pool.
    const writer = store.engine === 'postgres' ? store : await openAuditStore(options.reviewDb);
    try {
      await addReview(writer, { run: runId, result: Number(body?.result), reviewer: typeof body?.reviewer === 'string' ? body.reviewer : '', verdict: String(body?.verdict) as ReviewVerdict });
    } catch (e) {
      return c.json({ error: (e as Error).message }, 400);
    } finally {
      if (writer !== store) await writer.close();
    }
    return c.json(await reviewState(runId, intParam(typeof body?.n === 'number' ? String(body.n) : undefined, 20, 200)));
  });

  app.notFound((c) => c.json({ error: 'not found' }, 404));
  app.onError((error, c) => c.json({ error: error.message.split('\n')[0] }, 500));
  return app;
}

interface CompareSide {
  id: number;
  outcome: string;
  verdict: string | null;
  preview: string;
}

function compareKey(row: AnswerRow): string {
  return `${row.promptId}\u0000${row.lang}\u0000${row.sample}`;
}

function compareSide(row: AnswerRow): CompareSide {
  return { id: row.id, outcome: row.outcome, verdict: row.verdict, preview: preview(row) };
}

async function readJson(c: Context): Promise<Record<string, unknown> | null> {
  try {
    const body = (await c.req.json()) as unknown;
    return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Names by which a browser on this machine may address the server. */
function hostNames(bind: string): string[] {
  const names = ['127.0.0.1', 'localhost', '[::1]'];
  if (bind === '0.0.0.0' || bind === '::') {
    names.push(hostname().toLowerCase());
    for (const list of Object.values(networkInterfaces())) {
      for (const a of list ?? []) names.push(a.family === 'IPv6' ? `[${a.address}]` : a.address);
    }
  } else if (!names.includes(bind)) names.push(bind.includes(':') ? `[${bind}]` : bind.toLowerCase());
  return names;
}

export interface StartedDashboard {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface StartOptions {
  db: string;
  /** 0 picks a free port. */
  port?: number;
  /** Address to bind; 127.0.0.1 unless told otherwise. */
  host?: string;
  catalogs?: string[];
}

export async function startDashboard(options: StartOptions): Promise<StartedDashboard> {
  // Read-only: the dashboard looks at runs and corpora, it never changes the store.
  const store = await openSql(options.db, [], { readonly: true });
  const bind = options.host ?? '127.0.0.1';
  let allowed = new Set<string>();
  const app = createDashboard(store, { allowedHosts: () => allowed, catalogs: options.catalogs, reviewDb: options.db, dbPath: options.db });
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: bind, port: options.port ?? 4173 }, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 4173);
  allowed = new Set(hostNames(bind).map((n) => `${n}:${port}`));
  const shown = bind === '0.0.0.0' || bind === '::' ? '127.0.0.1' : bind.includes(':') ? `[${bind}]` : bind;
  return {
    url: `http://${shown}:${port}/`,
    port,
    close: () =>
      new Promise((resolve) => {
        server.close(() => void store.close().then(resolve));
      }),
  };
}
