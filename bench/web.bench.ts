// `npm run bench web`, two parts.
// 1. The dashboard on a 10,000-answer run: how long the API takes to answer the pages a user opens first.
//    Synthetic answers are written straight into the store (no provider, no analysis) so only the dashboard is timed.
// 2. Under load: the real dashboard (`mouthpiece ui`, in its own process) over a store holding the shared Foreign
//    Ministry corpus and a finished mock audit, 50 clients at once (autocannon), against a bare node:http server
//    answering bodies of the same sizes, measured in the same run.
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMockProvider } from '../src/audit/mock-provider.js';
import { startAudit } from '../src/audit/runner.js';
import { auditWriter, createRun, openAuditStore, OUTCOMES, type PlannedRequest } from '../src/audit/store.js';
import { ingest } from '../src/corpus/ingest.js';
import { openCorpusStore } from '../src/corpus/schema.js';
import { startDashboard } from '../src/web/server.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MFA = join(ROOT, '../shared/corpora/mfa-press');
/** Concurrent clients, and seconds of load per target (BENCH_WEB_SECONDS overrides). */
const CLIENTS = 50;
const SECONDS = Number(process.env.BENCH_WEB_SECONDS) || 10;
/** What the dashboard must sustain on this 2-core machine. */
const TARGET = { rps: 250, p95: 250 };

const ANSWERS = 10_000;
const MODELS = ['bench-a', 'bench-b', 'bench-c', 'bench-d'];
const TOPICS = ['xinjiang', 'tibet', 'hong-kong', 'taiwan', 'tiananmen', 'covid', 'falun-gong', 'press-freedom'];

async function fillStore(path: string): Promise<string> {
  const store = await openAuditStore(path);
  const runId = 'bench-run';
  const requests: PlannedRequest[] = [];
  const prompts = ANSWERS / MODELS.length / 2;
  for (let p = 0; p < prompts; p++) {
    for (const lang of ['en', 'zh']) {
      for (const model of MODELS) {
        requests.push({ model, promptId: `p${p}`, topic: TOPICS[p % TOPICS.length], style: 'neutral', lang, sample: 1, prompt: `Prompt ${p} in ${lang}`, expects: [] });
      }
    }
  }
  const config = { baseUrl: 'http://127.0.0.1:9', apiKeyEnv: null, temperature: null, maxTokens: null, system: null, stream: false, concurrency: 1, rpm: null, timeoutMs: 1000, retries: 0 };
  await createRun(store, { id: runId, suite: 'bench', suiteFile: 'bench.yaml', models: MODELS, langs: ['en', 'zh'], samples: 1, config }, requests);
  const ids = store.sqlite!.prepare('SELECT id FROM audit_requests WHERE run = ? ORDER BY id').all(runId) as { id: number }[];
  const write = auditWriter(store);
  const answer = 'The so-called allegations are groundless. '.repeat(15);
  ids.forEach(({ id }, i) => {
      write.result({
        request: id, run: runId, outcome: OUTCOMES[i % 4], verdict: OUTCOMES[i % 4], reason: 'synthetic', answer, reasoning: null, findings: null,
        talkingPoints: i % 3 === 0 ? JSON.stringify([{ id: 'cn.xinjiang.allegations-fabricated', claim: 'synthetic claim' }]) : null,
        document: null, finishReason: 'stop', httpStatus: 200, route: null, latencyMs: 100 + (i % 50), tokensIn: 20, tokensOut: 150, cost: null, attempts: 1, error: null,
      });
  });
  await write.status(runId, 'done');
  await store.close();
  return runId;
}

async function timed(url: string, repeats = 5): Promise<{ first: number; ms: number; kb: number }> {
  const times: number[] = [];
  let size = 0;
  for (let i = 0; i < repeats; i++) {
    const t = performance.now();
    const res = await fetch(url);
    size = (await res.arrayBuffer()).byteLength;
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    times.push(performance.now() - t);
  }
  const first = Math.round(times[0] * 10) / 10;
  times.sort((a, b) => a - b);
  return { first, ms: Math.round(times[Math.floor(times.length / 2)] * 10) / 10, kb: Math.round(size / 102.4) / 10 };
}

export async function run(): Promise<void> {
  await firstRequests();
  await underLoad();
}

async function firstRequests(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mouthpiece-web-bench-'));
  try {
    const runId = fillStore(join(dir, 'bench.db'));
    const dashboard = await startDashboard({ db: join(dir, 'bench.db'), port: 0 });
    const base = dashboard.url.replace(/\/$/, '');
    const pages: [string, string][] = [
      ['run list', '/api/overview'],
      ['run summary (heatmaps, bars, gaps)', `/api/runs/${runId}`],
      ['answers, first page of 50', `/api/runs/${runId}/answers?limit=50`],
      ['answers, last page of 50', `/api/runs/${runId}/answers?limit=50&offset=${ANSWERS - 50}`],
      ['answers filtered (model, zh, refusal)', `/api/runs/${runId}/answers?model=bench-b&lang=zh&outcome=refusal&limit=50`],
      ['compare two models, page of 50', `/api/compare?a=${runId}&am=bench-a&b=${runId}&bm=bench-b&limit=50`],
    ];
    console.log(`${ANSWERS} answers, first request and median of 5 (2-core machine):`);
    for (const [label, path] of pages) {
      const { first, ms, kb } = await timed(base + path);
      console.log(`  ${label.padEnd(40)} first ${String(first).padStart(7)} ms  median ${String(ms).padStart(7)} ms  ${String(kb).padStart(7)} KB`);
    }
    await dashboard.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Starts a server process and waits for the address it prints. */
async function startProcess(args: string[], pattern: RegExp): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = pattern.exec(out);
      if (m) resolve(m[1].replace(/\/$/, ''));
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited (${code})`)));
  });
  return { url, child };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

interface Load {
  rps: number;
  p50: number;
  p95: number;
  bad: number;
}

/** CLIENTS connections sending requests back to back for SECONDS; p95 over every response's latency. */
function load(url: string): Promise<Load> {
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon({ url, connections: CLIENTS, duration: SECONDS }, (error, result) => {
      if (error) return reject(error);
      latencies.sort((a, b) => a - b);
      const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
      resolve({ rps: result['2xx'] / result.duration, p50: at(0.5), p95: at(0.95), bad: result.non2xx + result.errors });
    });
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status === 200) latencies.push(ms);
    });
  });
}

async function underLoad(): Promise<void> {
  console.log(`\nUnder load: ${CLIENTS} clients for ${SECONDS} s per target (autocannon), ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}`);
  if (!existsSync(MFA)) {
    console.log(`  skipped: the Foreign Ministry corpus is not at ${MFA}`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'mouthpiece-web-load-'));
  const children: ChildProcess[] = [];
  try {
    const db = join(dir, 'load.db');
    const t0 = performance.now();
    const corpus = await openCorpusStore(db);
    const ingested = await ingest(corpus, MFA);
    await corpus.close();
    const provider = await startMockProvider();
    const store = await openAuditStore(db);
    try {
      await startAudit(store, { suite: 'default', baseUrl: provider.url, models: ['mock-echo', 'mock-official', 'mock-split', 'mock-refuse'], langs: ['en', 'zh'], runId: 'load', concurrency: 16 });
    } finally {
      await store.close();
      await provider.close();
    }
    console.log(`  store: the Foreign Ministry corpus (${ingested.statements} statements) and a finished mock audit (4 models × the default suite × en, zh), built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const dashboard = await startProcess(['--import', 'tsx', 'src/cli/main.ts', 'ui', '--db', db, '--port', '0'], /dashboard on (http:\/\/\S+)/);
    children.push(dashboard.child);
    const targets: [string, string][] = [
      ['/api/overview (runs, corpus statistics)', '/api/overview'],
      ['/api/runs/load (a run page)', '/api/runs/load'],
    ];
    // The baseline answers the same bytes the dashboard does; fetching them also warms the dashboard's caches.
    const bodies: Record<string, string> = {};
    for (const [, path] of targets) {
      const res = await fetch(dashboard.url + path);
      if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
      bodies[path] = await res.text();
    }
    const bodiesFile = join(dir, 'bodies.json');
    writeFileSync(bodiesFile, JSON.stringify(bodies));
    const bare = await startProcess([join(ROOT, 'bench/bare-server.mjs'), bodiesFile], /listening on (http:\/\/\S+)/);
    children.push(bare.child);

    const fmt = (l: Load) => `${l.rps.toFixed(0).padStart(6)} req/s  p50 ${l.p50.toFixed(0).padStart(4)} ms  p95 ${l.p95.toFixed(0).padStart(4)} ms${l.bad ? `  (${l.bad} errors or non-2xx)` : ''}`;
    let met = true;
    for (const [label, path] of targets) {
      const kb = (Buffer.byteLength(bodies[path]) / 1024).toFixed(1);
      const real = await load(dashboard.url + path);
      const base = await load(bare.url + path);
      met &&= real.bad === 0 && real.rps >= TARGET.rps && real.p95 <= TARGET.p95;
      console.log(`  ${label} (${kb} KB)\n    dashboard  ${fmt(real)}\n    bare http  ${fmt(base)}`);
    }
    console.log(`  target (≥ ${TARGET.rps} req/s, p95 ≤ ${TARGET.p95} ms on both): ${met ? 'met' : 'NOT met'}`);
  } finally {
    for (const child of children) await stopProcess(child);
    rmSync(dir, { recursive: true, force: true });
  }
}
