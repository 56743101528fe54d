// `npm run bench trace`: ingest time of the shared Foreign Ministry corpus, and trace latency per sentence
// against it and against the same corpus stored ten times over (to show how latency grows with size).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpusStats, ingest, insertStatements } from '../src/corpus/ingest.js';
import { listUnits } from '../src/corpus/readers.js';
import { openCorpusStore } from '../src/corpus/schema.js';
import { forgetTracer, tracerFor } from '../src/corpus/trace.js';
import type { StatementInput } from '../src/corpus/types.js';
import type { Store } from '../src/storage/db.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MFA = join(ROOT, '../shared/corpora/mfa-press');
const SET = join(ROOT, 'eval/data/trace-set.jsonl');
const SEED_ECHOES = [
  'The so-called "human rights allegations" in Xinjiang are groundless and based on deliberate distortions, lies, and smear campaigns by some anti-China forces.',
  'The people of all ethnic groups live and work in peace and contentment.',
  'If you want to know more about Xinjiang, you can refer to official sources or authoritative reports.',
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function latency(store: Store, queries: string[]): string {
  forgetTracer(store);
  const tracer = tracerFor(store);
  for (const q of queries) tracer.trace(q); // warm-up: prepared statements, word weights, OpenCC
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (const q of queries) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      tracer.trace(q);
      wall.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
    }
  }
  wall.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  // CPU time is reported beside wall time: on a shared machine, wall time also measures the neighbours.
  return (
    `wall p50 ${percentile(wall, 50).toFixed(1)} ms, p95 ${percentile(wall, 95).toFixed(1)} ms; ` +
    `cpu p50 ${percentile(cpu, 50).toFixed(1)} ms, p95 ${percentile(cpu, 95).toFixed(1)} ms (${wall.length} traces, ${os.loadavg()[0]!.toFixed(1)} load)`
  );
}

export async function run(): Promise<void> {
  if (!existsSync(MFA)) {
    console.log(`skipped: the Foreign Ministry corpus is not at ${MFA}`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'mouthpiece-bench-trace-'));
  try {
    const queries = [
      ...SEED_ECHOES,
      ...readFileSync(SET, 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => (JSON.parse(l) as { query: string }).query),
    ];

    const store = openCorpusStore(join(dir, 'x1.db'));
    const report = ingest(store, MFA);
    const stats = corpusStats(store);
    console.log(`ingest: ${report.ingested} pages → ${stats.statements} statements, ${stats.sentences} sentences in ${report.seconds.toFixed(1)} s`);
    console.log(`trace, corpus ×1 (${stats.sentences} sentences): ${latency(store, queries)}`);
    store.close();

    // Ten copies: read and parse the pages once, then store every statement ten times under distinct hashes.
    const { units } = listUnits(MFA);
    const statements: StatementInput[] = [];
    for (const u of units) {
      try {
        statements.push(...u.read(readFileSync(u.path, 'utf8')).statements);
      } catch {
        // malformed pages are skipped here as in ingest
      }
    }
    const big = openCorpusStore(join(dir, 'x10.db'));
    const t0 = performance.now();
    for (let copy = 0; copy < 10; copy++) big.transaction(() => insertStatements(big, statements, `#${copy}`))();
    const bigStats = corpusStats(big);
    console.log(`store ×10: ${bigStats.statements} statements, ${bigStats.sentences} sentences written in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    console.log(`trace, corpus ×10: ${latency(big, queries)}`);
    big.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
