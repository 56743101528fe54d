// `npm run bench trace`: ingest time of the shared Foreign Ministry corpus, and trace latency per sentence
// against it and against the same corpus stored ten times over (to show how latency grows with size).
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpusStats, indexLang, ingest } from '../src/corpus/ingest.js';
import { openCorpusStore } from '../src/corpus/schema.js';
import { forgetTracer, tracerFor } from '../src/corpus/trace.js';
import { terms } from '../src/corpus/text.js';
import type { Sql } from '../src/storage/sql.js';

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

async function latency(store: Sql, queries: string[]): Promise<string> {
  forgetTracer(store);
  const tracer = await tracerFor(store);
  for (const q of queries) await tracer.trace(q); // warm-up: prepared statements, word weights, OpenCC
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (const q of queries) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await tracer.trace(q);
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

    const store = await openCorpusStore(join(dir, 'x1.db'));
    const report = await ingest(store, MFA);
    const stats = await corpusStats(store);
    console.log(`ingest: ${report.ingested} pages → ${stats.statements} statements, ${stats.sentences} sentences in ${report.seconds.toFixed(1)} s`);
    console.log(`trace, corpus ×1 (${stats.sentences} sentences): ${await latency(store, queries)}`);
    store.sqlite!.pragma('wal_checkpoint(TRUNCATE)');
    await store.close();

    // Ten copies: the x1 store plus nine more copies of every statement, sentence and index row, made in
    // SQL (index terms are computed once per sentence), so the bench measures tracing, not re-parsing.
    const t0 = performance.now();
    copyFileSync(join(dir, 'x1.db'), join(dir, 'x10.db'));
    const bigSql = await openCorpusStore(join(dir, 'x10.db'));
    // Copying rows in bulk is SQLite-specific (FTS5 rows): done on the better-sqlite3 handle.
    const big = bigSql.sqlite!;
    const statementCount = (big.prepare('SELECT max(id) AS n FROM corpus_statements').get() as { n: number }).n;
    const sentences = big.prepare('SELECT id, lang, text FROM corpus_sentences ORDER BY id').all() as { id: number; lang: string; text: string }[];
    const sentenceCount = sentences[sentences.length - 1]!.id;
    const indexed = sentences.map((se) => ({ id: se.id, zh: indexLang(se.lang) === 'zh', terms: terms(se.text, indexLang(se.lang)).join(' ') }));
    const ftsEn = big.prepare('INSERT INTO corpus_fts_en (rowid, terms) VALUES (?, ?)');
    const ftsZh = big.prepare('INSERT INTO corpus_fts_zh (rowid, terms) VALUES (?, ?)');
    for (let copy = 1; copy < 10; copy++) {
      big.transaction(() => {
        big.prepare(
          `INSERT INTO corpus_statements (id, hash, source_id, origin, kind, lang, date, speaker, role, url, title, question, text, paragraphs)
           SELECT id + ?, hash || ?, source_id, origin, kind, lang, date, speaker, role, url, title, question, text, paragraphs
           FROM corpus_statements WHERE id <= ?`,
        ).run(copy * statementCount, `#${copy}`, statementCount);
        big.prepare(
          `INSERT INTO corpus_sentences (id, statement_id, seq, start, "end", lang, text)
           SELECT id + ?, statement_id + ?, seq, start, "end", lang, text FROM corpus_sentences WHERE id <= ?`,
        ).run(copy * sentenceCount, copy * statementCount, sentenceCount);
        for (const se of indexed) (se.zh ? ftsZh : ftsEn).run(se.id + copy * sentenceCount, se.terms);
      })();
    }
    const bigStats = await corpusStats(bigSql);
    console.log(`store ×10: ${bigStats.statements} statements, ${bigStats.sentences} sentences, built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    console.log(`trace, corpus ×10: ${await latency(bigSql, queries)}`);
    await bigSql.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
