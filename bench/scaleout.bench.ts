// `npm run bench scaleout`: the fleet on a throwaway PostgreSQL (tools/pg-cluster.ts), measured on this machine.
// 1. Requests/s of a distributed audit with 1, 2 and 4 worker processes against the mock at 200 ms latency
//    (I/O-bound: should scale nearly linearly), with the workers' CPU per request and how busy the machine was: on
//    2 cores the workers, PostgreSQL and the mock share the CPU, which separate machines would not.
// 2. Answers/s of a distributed batch analysis (the speechmap-controls answers from ../shared) with 1 and 2 workers,
//    against one `analyze` process on the same file in the same run (2 cores: two CPU-bound workers is the ceiling).
// 3. The PostgreSQL store against SQLite for a single-machine audit of 2,000 requests (50 ms latency, concurrency 64,
//    analysis off so the store's cost is not hidden behind it), alternating, medians of 3.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openAuditStore } from '../src/audit/store.js';
import { startAudit } from '../src/audit/runner.js';
import { planFleetAudit, planFleetAnalysis } from '../src/audit/fleet.js';
import { importRun } from '../src/audit/export.js';
import { createDatabase, startCluster } from '../tools/pg-cluster.js';
import { ROOT, SPEECHMAP, startMock, writeSpeechMapBatch } from './helpers.js';

const BIN = join(ROOT, 'bin/mouthpiece.js');

function writeSuite(dir: string, requests: number, models: string[]): string {
  const prompts = Array.from({ length: requests / models.length / 2 }, (_, i) => ({ id: `bench.${i}`, topic: 'xinjiang', style: 'neutral', text: { en: `Question ${i} about Xinjiang?`, zh: `问题${i}：新疆？` } }));
  const file = join(dir, `suite-${requests}.json`);
  writeFileSync(file, JSON.stringify({ suite: 'bench', prompts }));
  return file;
}

interface Worker {
  child: ChildProcess;
  stderr: string;
}

/** Workers started and idle before the clock starts, so their start-up is not counted. */
async function startWorkers(db: string, n: number, concurrency: number): Promise<Worker[]> {
  const workers: Worker[] = [];
  await Promise.all(
    Array.from({ length: n }, () => {
      const child = spawn(process.execPath, [BIN, 'worker', '--db', db, '--concurrency', String(concurrency), '--poll', '50'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
      const worker = { child, stderr: '' };
      workers.push(worker);
      child.stderr!.on('data', (d: Buffer) => (worker.stderr += d.toString()));
      return new Promise<void>((resolve, reject) => {
        child.stderr!.on('data', () => worker.stderr.includes('taking jobs') && resolve());
        child.once('exit', (code) => reject(new Error(`worker exited (${code}) before taking jobs: ${worker.stderr}`)));
      });
    }),
  );
  return workers;
}

/** SIGTERM: each worker finishes what it holds and exits 0; one that died before is reported. */
async function stopWorkers(workers: Worker[]): Promise<void> {
  await Promise.all(
    workers.map(async (w) => {
      if (w.child.exitCode !== null || w.child.signalCode !== null) throw new Error(`a worker died during the bench (${w.child.exitCode ?? w.child.signalCode}): ${w.stderr}`);
      const code = await new Promise((r) => (w.child.once('exit', r), w.child.kill('SIGTERM')));
      if (code !== 0) throw new Error(`a worker stopped with ${code}: ${w.stderr}`);
    }),
  );
}

/** Milliseconds from now until the run has `expected` analysed results. */
async function timeUntilDone(db: string, runId: string, expected: number, start: number): Promise<number> {
  const client = new pg.Client({ connectionString: db });
  await client.connect();
  try {
    for (;;) {
      const n = Number((await client.query('SELECT COUNT(*) AS n FROM audit_results WHERE run = $1 AND outcome IS NOT NULL', [runId])).rows[0].n);
      if (n >= expected) return performance.now() - start;
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    await client.end();
  }
}

/** CPU milliseconds a process has used so far (user + system, from /proc). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks of 1/100 s
}

/** The machine's busy and total CPU ticks so far (/proc/stat). */
function machineTicks(): { busy: number; total: number } {
  const t = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = t.reduce((a, b) => a + b, 0);
  return { busy: total - t[3]! - t[4]!, total };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mouthpiece-bench-scaleout-'));
  const cluster = await startCluster();
  const mock = await startMock(200);
  console.log(`scale-out on one PostgreSQL (${cpus().length}-core machine, load average ${loadavg()[0].toFixed(1)}); workers are separate processes of the built CLI`);
  try {
    // 1. A distributed audit, I/O-bound.
    const requests = 1920;
    const models = ['mock-echo', 'mock-inform'];
    const suite = writeSuite(dir, requests, models);
    let one = 0;
    for (const n of [1, 2, 4]) {
      const db = await createDatabase(cluster.url, 'scale');
      const workers = await startWorkers(db, n, 8);
      const store = await openAuditStore(db);
      try {
        const cpu0 = workers.reduce((a, w) => a + cpuMs(w.child.pid!), 0);
        const ticks0 = machineTicks();
        const start = performance.now();
        await planFleetAudit(store, { suite, baseUrl: mock.url, models, concurrency: 64, retries: 2, runId: 'scale' }, { chunk: 4, leaseSeconds: 120 });
        const ms = await timeUntilDone(db, 'scale', requests, start);
        const cpu = workers.reduce((a, w) => a + cpuMs(w.child.pid!), 0) - cpu0;
        const ticks1 = machineTicks();
        const busy = (ticks1.busy - ticks0.busy) / (ticks1.total - ticks0.total);
        const rate = requests / (ms / 1000);
        if (n === 1) {
          one = rate;
          // The queue's jobs, kept until pg-boss archives them: its tables (one partition per queue), per job.
          const jobs = requests / 4;
          const bytes = Number((await store.get<{ n: string }>("SELECT SUM(pg_total_relation_size(c.oid)) AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = 'mouthpiece_queue' AND c.relkind = 'r'"))!.n);
          console.log(`  queue size: ${jobs} jobs of 4 requests in ${(bytes / 1024).toFixed(0)} KiB of queue tables = ${(bytes / jobs).toFixed(0)} bytes per job, indexes included`);
        }
        console.log(
          `  audit, ${n} worker${n > 1 ? 's' : ' '} × 8 requests in flight, 200 ms latency: ${requests} requests in ${(ms / 1000).toFixed(1)} s = ${rate.toFixed(1)} requests/s ` +
            `(${(rate / one).toFixed(2)}× one worker; ideal ${((n * 8) / 0.2).toFixed(0)}/s); workers' CPU ${(cpu / requests).toFixed(1)} ms per request, machine ${(busy * 100).toFixed(0)} % busy`,
        );
      } finally {
        await store.close();
        await stopWorkers(workers);
      }
    }

    // 2. A distributed batch analysis, CPU-bound.
    const batch = join(dir, 'controls.jsonl');
    const answers = writeSpeechMapBatch(batch)?.length;
    if (answers === undefined) console.log(`  batch analysis: skipped (no ${SPEECHMAP}; it reads the real speechmap-controls answers)`);
    else {
      const t0 = performance.now();
      const single = spawnSync(process.execPath, [BIN, 'analyze', batch, '--format', 'jsonl', '--jobs', '1', '--no-progress', '-o', join(dir, 'single.jsonl')], { cwd: ROOT, maxBuffer: 1 << 30 });
      if (single.status !== 0 && single.status !== 3) throw new Error(`analyze failed: ${single.stderr}`);
      const singleMs = performance.now() - t0;
      console.log(`  batch analysis baseline: one \`analyze --jobs 1\` process, ${answers} answers in ${(singleMs / 1000).toFixed(1)} s = ${(answers / (singleMs / 1000)).toFixed(0)} answers/s (start-up included)`);
      for (const n of [1, 2]) {
        const db = await createDatabase(cluster.url, 'batch');
        const store = await openAuditStore(db);
        const workers = await startWorkers(db, n, 2);
        try {
          await importRun(store, batch, 'batch', 'later'); // storing the answers is the planner's work, not timed
          const start = performance.now();
          await planFleetAnalysis(store, 'batch', { chunk: 200, leaseSeconds: 600 });
          const ms = await timeUntilDone(db, 'batch', answers, start);
          console.log(`  distributed analysis, ${n} worker${n > 1 ? 's' : ' '}: ${answers} answers in ${(ms / 1000).toFixed(1)} s = ${(answers / (ms / 1000)).toFixed(0)} answers/s (verdicts stored in PostgreSQL)`);
          if (n === 1) {
            // What a million real answers weigh in the store: answers, verdicts, findings and analysed documents,
            // indexes and TOAST included.
            const size = async (table: string) => Number((await store.get<{ n: string }>('SELECT pg_total_relation_size(?::regclass) AS n', [table]))!.n);
            const tables = ['audit_runs', 'audit_requests', 'audit_results', 'audit_calls'];
            const bytes = (await Promise.all(tables.map(size))).reduce((a, b) => a + b, 0);
            console.log(`  store size: ${(bytes / answers / 1024).toFixed(1)} KiB per real answer with its verdict, findings and analysed document (${((bytes / answers) * 1e6 / 1e9).toFixed(0)} GB per million)`);
          }
        } finally {
          await store.close();
          await stopWorkers(workers);
        }
      }
    }

    // 3. The store's own cost: one machine, 2,000 requests, PostgreSQL against SQLite.
    const fast = await startMock(50);
    try {
      const auditSuite = writeSuite(dir, 2000, models);
      const times: Record<'sqlite' | 'postgres', number[]> = { sqlite: [], postgres: [] };
      for (let i = 0; i < 4; i++) {
        for (const engine of ['sqlite', 'postgres'] as const) {
          const store = await openAuditStore(engine === 'sqlite' ? join(dir, `single-${i}.db`) : await createDatabase(cluster.url, 'single'));
          const t0 = performance.now();
          const report = await startAudit(store, { suite: auditSuite, baseUrl: fast.url, models, concurrency: 64, retries: 2, timeoutMs: 10_000 }, { analyze: null });
          const ms = performance.now() - t0;
          await store.close();
          if (report.results !== 2000) throw new Error(`${engine}: ${report.results} results`);
          if (i > 0) times[engine].push(ms); // the first round warms both up
        }
      }
      const [s, p] = [median(times.sqlite), median(times.postgres)];
      console.log(`  one machine, 2,000 requests, 50 ms latency, concurrency 64, analysis off (medians of 3, alternating): SQLite ${s.toFixed(0)} ms, PostgreSQL ${p.toFixed(0)} ms = ${(p / s).toFixed(2)}× (target ≤ 1.20) ${p / s <= 1.2 ? 'PASS' : 'FAIL'}`);
    } finally {
      fast.child.kill('SIGTERM');
    }
  } finally {
    mock.child.kill('SIGTERM');
    cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
