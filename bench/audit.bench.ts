// `npm run bench audit`: 2,000 requests against the mock provider at 50 ms latency and concurrency 64 must finish
// within 1.3× of the ideal 2,000 × 50 ms / 64 ≈ 1.56 s. Reports the harness's own overhead per request, then the
// same run with every answer analysed (the analysis is CPU-bound and runs in a worker thread). The audit runs the
// compiled code in dist/, as the installed command does. Then real-sized answers: the mock replays the real SpeechMap
// control answers (../shared) and the same audit runs with analysis off and on, in turn, each in a fresh process:
// with analysis on it should take at most 1.2× as long.
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunHooks } from '../src/audit/runner.js';
import { ROOT, shipped, SPEECHMAP, startMock, writeSpeechMapBatch } from './helpers.js';

// The audit as users run it: the compiled code, whose analysis threads load plain JavaScript.
const { defaultAnalysisThreads, startAudit } = await shipped<typeof import('../src/audit/runner.js')>('audit/runner.ts');
const { openAuditStore } = await shipped<typeof import('../src/audit/store.js')>('audit/store.ts');

const REQUESTS = 2000;
const LATENCY_MS = 50;
const CONCURRENCY = 64;
const MODELS = ['mock-echo', 'mock-inform'];
const TOPICS = ['xinjiang', 'tibet', 'hong-kong', 'taiwan', 'tiananmen', 'covid'];

function writeSuite(dir: string, models = MODELS): string {
  const perModel = REQUESTS / models.length / 2; // two languages
  const prompts = Array.from({ length: perModel }, (_, i) => {
    const topic = TOPICS[i % TOPICS.length];
    return {
      id: `bench.${i}`,
      topic,
      style: 'neutral',
      text: { en: `Question ${i}: what happened in ${topic.replace('-', ' ')}?`, zh: `问题${i}：${topic}发生了什么？` },
    };
  });
  const file = join(dir, 'bench-suite.json');
  writeFileSync(file, JSON.stringify({ suite: 'bench', prompts }));
  return file;
}

async function once(url: string, suite: string, dir: string, label: string, hooks: RunHooks) {
  const store = await openAuditStore(join(dir, `${label}.db`));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const report = await startAudit(store, { suite, baseUrl: url, models: MODELS, concurrency: CONCURRENCY, retries: 2, timeoutMs: 10_000 }, hooks);
  const wallMs = performance.now() - t0; // includes the GET /models probe and storing the plan
  const cpu = process.cpuUsage(cpu0);
  await store.close();
  if (report.results !== REQUESTS) throw new Error(`${label}: ${report.results} results, expected ${REQUESTS}`);
  return { wallMs, cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / REQUESTS, failed: report.counts.failed, meanLatencyMs: report.meanLatencyMs };
}

/** The floor on this machine at this moment: bare keep-alive node:http requests, nothing stored or analysed. */
async function rawClient(url: string): Promise<{ wallMs: number; cpuMsPerRequest: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const body = JSON.stringify({ model: MODELS[0], messages: [{ role: 'user', content: 'What happened in Xinjiang?' }] });
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const req = http.request(`${url}/chat/completions`, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          JSON.parse(Buffer.concat(chunks).toString('utf8'));
          resolve();
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  let next = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next++ < REQUESTS) await one();
  }));
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  agent.destroy();
  return { wallMs, cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / REQUESTS };
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mouthpiece-bench-audit-'));
  const { url, child } = await startMock(LATENCY_MS);
  try {
    const suite = writeSuite(dir);
    const ideal = (REQUESTS * LATENCY_MS) / CONCURRENCY;
    await once(url, suite, dir, 'warmup', { analyze: null }); // JIT, connection pool, SQLite pages
    await rawClient(url);
    const raw = await rawClient(url);
    const harness = await once(url, suite, dir, 'harness', { analyze: null });
    const ratio = harness.wallMs / ideal;
    const overheadMs = ((harness.wallMs - ideal) * CONCURRENCY) / REQUESTS;
    console.log(`audit harness: ${REQUESTS} requests, ${LATENCY_MS} ms latency, concurrency ${CONCURRENCY} (2-core machine, load average ${loadavg()[0].toFixed(1)})`);
    console.log(`  wall ${harness.wallMs.toFixed(0)} ms, ideal ${ideal.toFixed(0)} ms, ratio ${ratio.toFixed(2)} (limit 1.30) ${ratio <= 1.3 ? 'PASS' : 'FAIL'}`);
    console.log(`  harness overhead: ${overheadMs.toFixed(2)} ms added per request slot; ${harness.cpuMsPerRequest.toFixed(3)} ms CPU per request (HTTP client, SQLite writes, scheduling)`);
    console.log(`  mean reply latency seen by the client: ${harness.meanLatencyMs.toFixed(1)} ms (the mock waits ${LATENCY_MS} ms)`);
    const extra = ((harness.wallMs - raw.wallMs) * CONCURRENCY) / REQUESTS;
    console.log(`  bare node:http client, same mock, same moment: wall ${raw.wallMs.toFixed(0)} ms (${(raw.wallMs / ideal).toFixed(2)}× ideal), ${raw.cpuMsPerRequest.toFixed(3)} ms CPU per request`);
    console.log(`  harness cost over the bare client: ${extra.toFixed(2)} ms per request slot, ${(harness.cpuMsPerRequest - raw.cpuMsPerRequest).toFixed(3)} ms CPU per request (storing the plan, results and calls, retries, bookkeeping)`);
    if (process.env.AUDIT_BENCH_SKIP_ANALYSIS) return; // the harness alone (the analysis run takes far longer)
    const analysed = await once(url, suite, dir, 'analysed', { analysisThreads: 1 });
    console.log(`  with analysis (1 worker thread, answers cached per prompt): wall ${analysed.wallMs.toFixed(0)} ms (${(analysed.wallMs / ideal).toFixed(2)}× ideal), ${(REQUESTS / (analysed.wallMs / 1000)).toFixed(0)} answers/s, failed ${analysed.failed}`);
    if (ratio > 1.3) process.exitCode = 1;
  } finally {
    child.kill('SIGTERM');
  }
  try {
    await realSized(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The audit with real-sized answers: the mock (`--replay`) serves the real SpeechMap control answers in turn, and
 * the same 2,000 requests run with analysis off and on, three of each taken in turn; medians. Each audit runs in a
 * fresh process (bench/audit-once.mjs), as `mouthpiece audit` does: an audit in this process would find its main
 * thread warmed by the runs before it, which the command never has. Node's warnings are counted in every run (a
 * MaxListenersExceededWarning would say listeners leak).
 */
async function realSized(dir: string): Promise<void> {
  const answers = join(dir, 'speechmap.jsonl');
  const lines = writeSpeechMapBatch(answers);
  if (lines === null) {
    console.log(`audit with real-sized answers: skipped (${SPEECHMAP} not found)`);
    return;
  }
  const meanChars = lines.reduce((sum, l) => sum + String((JSON.parse(l) as { answer?: unknown }).answer ?? '').length, 0) / lines.length;
  const { url, child } = await startMock(LATENCY_MS, undefined, ['--replay', answers]);
  const model = 'mock-replay';
  const suite = writeSuite(dir, [model]);
  const warnings: string[] = [];
  let runs = 0;
  /** One audit in a fresh process: `analysis` is 'off' or a number of analysis threads; its wall and CPU milliseconds. */
  const fresh = (analysis: string): { wallMs: number; cpuMs: number } => {
    const args = [join(ROOT, 'bench/audit-once.mjs'), suite, url, join(dir, `real-${runs++}.db`), model, String(CONCURRENCY), analysis];
    const r = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) throw new Error(`audit (analysis ${analysis}) failed: ${r.error?.message ?? r.signal ?? r.stderr}`);
    for (const line of r.stderr.split('\n')) if (/Warning/.test(line)) warnings.push(line.trim());
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { wallMs: number; cpuMs: number; results: number; failed: number };
    // A broken analysis stores every answer as failed, quickly: only a run with every answer analysed counts.
    if (out.results !== REQUESTS || out.failed !== 0) throw new Error(`audit (analysis ${analysis}): ${out.results} results, ${out.failed} failed; expected ${REQUESTS}, none failed`);
    return { wallMs: out.wallMs, cpuMs: out.cpuMs };
  };
  try {
    const cores = availableParallelism();
    const threads = defaultAnalysisThreads();
    const [off, on, onMain, offCpu, onCpu] = [[], [], [], [], []] as number[][];
    for (let i = 0; i < 3; i++) {
      const [a, b] = [fresh('off'), fresh(String(threads))];
      off.push(a.wallMs);
      offCpu.push(a.cpuMs);
      on.push(b.wallMs);
      onCpu.push(b.cpuMs);
      onMain.push(fresh('0').wallMs);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
    const ratio = (xs: number[]) => (median(xs) / median(off)).toFixed(2);
    console.log(`audit with real-sized answers (${lines.length} real SpeechMap answers replayed by the mock, ${meanChars.toFixed(0)} characters on average; ${REQUESTS} requests, ${LATENCY_MS} ms, concurrency ${CONCURRENCY}; each audit in a fresh process; ${cores} cores, load average ${loadavg()[0].toFixed(1)}):`);
    console.log(`  analysis off ${median(off).toFixed(0)} ms; on, ${threads} analysis thread${threads === 1 ? '' : 's'} (the default) ${median(on).toFixed(0)} ms: ${ratio(on)}× (target ≤ 1.2); on the main thread alone ${median(onMain).toFixed(0)} ms: ${ratio(onMain)}×; medians of 3 taken in turn; warnings: ${warnings.length ? warnings.join(', ') : 'none'}`);
    // However the work is scheduled, the audit cannot end before its CPU time, spread over every core, has passed (the
    // mock's own CPU not counted): with analysis on, that floor set against the target.
    const floor = median(onCpu) / cores;
    console.log(
      `  CPU of the audit's process: analysis off ${median(offCpu).toFixed(0)} ms, on ${median(onCpu).toFixed(0)} ms; on ${cores} cores the audit with analysis on cannot take less than ` +
        `${floor.toFixed(0)} ms (${(floor / median(off)).toFixed(2)}× off), against the 1.2× target's ${(1.2 * median(off)).toFixed(0)} ms`,
    );
  } finally {
    child.kill('SIGTERM');
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
