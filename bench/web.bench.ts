// Dashboard on a 10,000-answer run: how long the API takes to answer the pages a user opens first.
// Synthetic answers are written straight into the store (no provider, no analysis) so only the dashboard is timed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditWriter, createRun, openAuditStore, OUTCOMES, type PlannedRequest } from '../src/audit/store.js';
import { startDashboard } from '../src/web/server.js';

const ANSWERS = 10_000;
const MODELS = ['bench-a', 'bench-b', 'bench-c', 'bench-d'];
const TOPICS = ['xinjiang', 'tibet', 'hong-kong', 'taiwan', 'tiananmen', 'covid', 'falun-gong', 'press-freedom'];

function fillStore(path: string): string {
  const store = openAuditStore(path);
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
  createRun(store, { id: runId, suite: 'bench', suiteFile: 'bench.yaml', models: MODELS, langs: ['en', 'zh'], samples: 1, config }, requests);
  const ids = store.prepare('SELECT id FROM audit_requests WHERE run = ? ORDER BY id').all(runId) as { id: number }[];
  const write = auditWriter(store);
  const answer = 'The so-called allegations are groundless. '.repeat(15);
  store.transaction(() => {
    ids.forEach(({ id }, i) => {
      write.result({
        request: id, run: runId, outcome: OUTCOMES[i % 4], verdict: OUTCOMES[i % 4], reason: 'synthetic', answer, reasoning: null, findings: null,
        talkingPoints: i % 3 === 0 ? JSON.stringify([{ id: 'cn.xinjiang.allegations-fabricated', claim: 'synthetic claim' }]) : null,
        document: null, finishReason: 'stop', httpStatus: 200, route: null, latencyMs: 100 + (i % 50), tokensIn: 20, tokensOut: 150, cost: null, attempts: 1, error: null,
      });
    });
  })();
  write.status(runId, 'done');
  store.close();
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
