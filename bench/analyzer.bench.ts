// `npm run bench analyzer`: real answers against a keyword baseline measured in the same run; batch
// throughput (5,000 answers of ~2,000 characters, streamed from a
// JSONL file as `mouthpiece analyze` reads them), memory while streaming, single-document latency,
// and how analysis time grows with the size of the catalogue.
import { closeSync, createWriteStream, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { analyzeAnswer, analyzeDocument, knowledgeFor } from '../src/analysis/pipeline.js';
import { compilePatterns } from '../src/analysis/context.js';
import { readDocuments } from '../src/readers/index.js';
import { loadKnowledge } from '../src/knowledge/load.js';
import { spawn, spawnSync } from 'node:child_process';
import { sizeSweep } from './size-sweep.js';
import { buildOnce, ROOT, SPEECHMAP, writeSpeechMapBatch } from './helpers.js';

const DEVSET = new URL('../eval/data/devset.jsonl', import.meta.url);

/** Answers of about 2,000 characters, built by joining dev-set answers of the same language. */
function syntheticAnswers(n: number): { id: string; prompt: string; answer: string }[] {
  const rows = readFileSync(DEVSET, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { prompt: string; answer: string; lang: string });
  const out: { id: string; prompt: string; answer: string }[] = [];
  for (let i = 0; out.length < n; i++) {
    const first = rows[i % rows.length];
    let answer = first.answer;
    for (let j = 1; answer.length < 2000; j++) {
      const next = rows[(i * 7 + j * 13) % rows.length];
      if (next.lang === first.lang) answer += `\n\n${next.answer}`;
    }
    out.push({ id: `bench-${out.length}`, prompt: first.prompt, answer: answer.slice(0, 2200) });
  }
  return out;
}


/** Wall seconds and peak RSS (KB, from /usr/bin/time when there is one) of a whole command, output to a file. */
function timed(args: string[], outFile: string): { seconds: number; peakKb: number | null } {
  const out = openSync(outFile, 'w');
  const useTime = existsSync('/usr/bin/time');
  const rssFile = `${outFile}.rss`;
  const t = performance.now();
  const r = useTime
    ? spawnSync('/usr/bin/time', ['-f', '%M', '-o', rssFile, process.execPath, ...args], { stdio: ['ignore', out, 'pipe'], maxBuffer: 1 << 26 })
    : spawnSync(process.execPath, args, { stdio: ['ignore', out, 'pipe'], maxBuffer: 1 << 26 });
  const seconds = (performance.now() - t) / 1000;
  closeSync(out);
  // The command's summary tables are left out; what --jobs auto decided is shown.
  const stderr = r.stderr?.toString() ?? '';
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited with ${r.status}: ${stderr}`);
  for (const line of stderr.split('\n')) if (line.includes('--jobs auto:')) console.log(`  (${line.replace(/^mouthpiece: /, '')})`);
  return { seconds, peakKb: useTime ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) : null };
}

/**
 * Real answers (the SpeechMap control answers in ../shared): the whole \`mouthpiece analyze\` command,
 * start-up included, against the keyword baseline (bench/keyword-baseline.mjs) in the same run, and one thread
 * against two and against two whole processes side by side, each on half the batch (the most any two-way split can
 * give on this machine), all taken in turn; then auto; then peak memory at 1× and
 * 4× the batch (16× too with MOUTHPIECE_BENCH_FULL=1), and on 4× the batch the same comparison once.
 */
async function realAnswers(dir: string, root: string): Promise<void> {
  const file = join(dir, 'speechmap.jsonl');
  const lines = writeSpeechMapBatch(file);
  if (lines === null) {
    console.log(`real answers: skipped (${SPEECHMAP} not found)`);
    return;
  }
  const cli = join(root, 'bin/mouthpiece.js');
  const analyze = (input: string, jobs: string) => [cli, 'analyze', input, '--format', 'jsonl', '--jobs', jobs];
  const baseline = [join(root, 'bench/keyword-baseline.mjs'), file];
  // In turn, three times: the baseline, one thread, two threads, and two whole processes side by side; each split's
  // ratio is to the one-thread run just before it.
  const runs = { analyzer: [] as number[], baseline: [] as number[] };
  const split = { two: [] as number[], halves: [] as number[] };
  for (let i = 0; i < 3; i++) {
    runs.baseline.push(timed(baseline, join(dir, 'base.out')).seconds);
    const one = timed(analyze(file, '1'), join(dir, 'a.out')).seconds;
    runs.analyzer.push(one);
    split.two.push(one / timed(analyze(file, '2'), join(dir, 'a2.out')).seconds);
    split.halves.push(one / (await halvesSideBySide(file, dir, analyze)));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const [a, b] = [median(runs.analyzer), median(runs.baseline)];
  console.log(`real answers (${lines.length} SpeechMap control answers, ${(statSync(file).size / 1048576).toFixed(1)} MB), whole commands, medians of 3 taken in turn:`);
  console.log(`  keyword baseline: ${b.toFixed(2)} s (${(lines.length / b).toFixed(0)}/s); analyze --jobs 1: ${a.toFixed(2)} s (${(lines.length / a).toFixed(0)}/s) — ${(a / b).toFixed(1)}× the baseline (target ≤ 8×)`);
  const auto = timed(analyze(file, 'auto'), join(dir, 'aa.out')).seconds;
  console.log(
    `  --jobs 2: ${median(split.two).toFixed(2)}× one thread (target ≥ 1.6× on an idle machine); two processes side by side, each on half: ${median(split.halves).toFixed(2)}× ` +
      `(medians of 3 pairs in turn); --jobs auto: ${auto.toFixed(2)} s (${(a / auto).toFixed(2)}× one thread, target ≥ 1); load average ${loadavg()[0].toFixed(1)}`,
  );
  const sizes = process.env.MOUTHPIECE_BENCH_FULL ? [1, 4, 16] : [1, 4];
  const peaks: string[] = [];
  const peakKb: number[] = [];
  const onFour = { one: 0, two: 0, auto: 0, sideBySide: 0 };
  for (const k of sizes) {
    const big = join(dir, `speechmap-${k}.jsonl`);
    const rows = lines.map((l) => JSON.parse(l) as { id: string });
    writeFileSync(big, Array.from({ length: k }, (_, c) => rows.map((r) => JSON.stringify({ ...r, id: `${r.id}#${c}` })).join('\n')).join('\n') + '\n');
    const r = timed(analyze(big, '1'), join(dir, `big-${k}.out`));
    peaks.push(`${k}×: ${r.peakKb === null ? 'n/a' : `${(r.peakKb / 1024).toFixed(0)} MB`} (${r.seconds.toFixed(1)} s)`);
    if (r.peakKb !== null) peakKb.push(r.peakKb);
    // A second thread pays its own start-up and compilation once: on a batch of 4× the answers that cost is spread.
    if (k === 4) {
      onFour.one = r.seconds;
      onFour.two = timed(analyze(big, '2'), join(dir, `big-${k}-2.out`)).seconds;
      onFour.auto = timed(analyze(big, 'auto'), join(dir, `big-${k}-a.out`)).seconds;
      onFour.sideBySide = await halvesSideBySide(big, dir, analyze);
    }
    rmSync(big);
  }
  const growth = peakKb.length > 1 ? ` — largest/smallest ${(Math.max(...peakKb) / Math.min(...peakKb)).toFixed(2)}× (target ≤ 1.10)` : '';
  console.log(`  peak RSS, --jobs 1: ${peaks.join(', ')}${growth}`);
  if (onFour.one) {
    const x = (t: number) => `${(onFour.one / t).toFixed(2)}×`;
    console.log(
      `  4× the batch, one run each: --jobs 1 ${onFour.one.toFixed(1)} s; --jobs 2 ${onFour.two.toFixed(1)} s, ${x(onFour.two)} one thread (target ≥ 1.6× on an idle machine); ` +
        `--jobs auto ${onFour.auto.toFixed(1)} s, ${x(onFour.auto)} (target ≥ 1); two processes side by side, each on half: ${onFour.sideBySide.toFixed(1)} s, ${x(onFour.sideBySide)}; load average ${loadavg()[0].toFixed(1)}`,
    );
  }
}

/**
 * Seconds for two whole `analyze` processes at once, each on half the file's answers: the most any two-way split of
 * the batch can give on this machine (no thread hands answers to another, nothing is shared).
 */
async function halvesSideBySide(file: string, dir: string, analyze: (input: string, jobs: string) => string[]): Promise<number> {
  const all = readFileSync(file, 'utf8').trimEnd().split('\n');
  const half = Math.ceil(all.length / 2);
  const halves = [all.slice(0, half), all.slice(half)].map((part, h) => {
    const f = join(dir, `half-${h}.jsonl`);
    writeFileSync(f, part.join('\n') + '\n');
    return f;
  });
  const t = performance.now();
  await Promise.all(halves.map((f, h) => sideBySide(analyze(f, '1'), join(dir, `half-${h}.out`))));
  const seconds = (performance.now() - t) / 1000;
  for (const f of halves) rmSync(f);
  return seconds;
}

/** Runs a command with its output to a file, resolving once it exits (for commands run at the same time). */
function sideBySide(args: string[], outFile: string): Promise<void> {
  const out = openSync(outFile, 'w');
  const child = spawn(process.execPath, args, { stdio: ['ignore', out, 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  return new Promise((resolve, reject) => {
    child.on('error', (e) => {
      closeSync(out);
      reject(e);
    });
    child.on('close', (code) => {
      closeSync(out);
      if (code === 0) resolve();
      else reject(new Error(`${args.join(' ')} exited with ${code}: ${stderr}`));
    });
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mouthpiece-bench-'));
  try {
    console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}`);
    let t = performance.now();
    analyzeAnswer({ answer: 'Start-up.' });
    console.log(`start-up (knowledge load and index): ${(performance.now() - t).toFixed(0)} ms`);

    // Single-document latency on 2,000-character answers, after start-up.
    const answers = syntheticAnswers(5000);
    const meanChars = answers.reduce((a, b) => a + b.answer.length, 0) / answers.length;
    const lat: number[] = [];
    for (const a of answers.slice(0, 300)) {
      const s = performance.now();
      analyzeAnswer(a);
      lat.push(performance.now() - s);
    }
    lat.sort((a, b) => a - b);
    console.log(`single document (${meanChars.toFixed(0)} chars mean): p50 ${percentile(lat, 50).toFixed(2)} ms, p95 ${percentile(lat, 95).toFixed(2)} ms, max ${lat[lat.length - 1].toFixed(2)} ms`);

    // Batch: stream a JSONL file through the reader and the pipeline, as `mouthpiece analyze batch.jsonl` does.
    const file = join(dir, 'batch.jsonl');
    const ws = createWriteStream(file);
    for (const a of answers) ws.write(`${JSON.stringify(a)}\n`);
    await new Promise((r) => ws.end(r));
    const boilerplate = (knowledgeFor().knowledge.lexicons.boilerplate ?? []).map(compilePatterns);
    const rss: number[] = [];
    t = performance.now();
    let count = 0;
    for await (const r of readDocuments(file, { boilerplate })) {
      if ('doc' in r) analyzeDocument(r.doc);
      if (++count % 500 === 0) rss.push(process.memoryUsage().rss / 1048576);
    }
    const single = (performance.now() - t) / 1000;
    console.log(`batch, one thread: ${count} answers in ${single.toFixed(2)} s (${(count / single).toFixed(0)}/s); RSS every 500 answers (MB): ${rss.map((m) => m.toFixed(0)).join(' ')}`);

    // The user's path: the installed command (dist/, rebuilt first), start-up included.
    const threads = Math.max(1, cpus().length);
    buildOnce();
    // Output to a file, as `mouthpiece analyze batch.jsonl --format jsonl > out.jsonl` does: reading
    // 150 MB back through a pipe would put this process on the cores the command is measured on.
    const outFile = join(dir, 'out.jsonl');
    const out = openSync(outFile, 'w');
    t = performance.now();
    spawnSync(process.execPath, [join(ROOT, 'bin/mouthpiece.js'), 'analyze', file, '--format', 'jsonl', '--jobs', String(threads)], { stdio: ['ignore', out, 'inherit'] });
    const parallel = (performance.now() - t) / 1000;
    closeSync(out);
    const lines = readFileSync(outFile, 'utf8').split('\n').filter(Boolean).length;
    console.log(`batch, \`mouthpiece analyze --format jsonl --jobs ${threads}\` (whole command, start-up included): ${lines} answers in ${parallel.toFixed(2)} s (${(lines / parallel).toFixed(0)}/s); target < 10 s`);

    await realAnswers(dir, ROOT);

    sizeSweep(DEVSET);

    // Catalogue size: the built-in catalogue cloned ×k with altered phrasings (same shape, new ids).
    const base = loadKnowledge();
    const sample = answers.slice(0, 400);
    console.log('catalogue size vs time per answer (400 answers):');
    let baseline = 0;
    for (const k of [1, 2, 4, 8]) {
      const catDir = join(dir, `cat-${k}`);
      const clones = [];
      for (let c = 1; c < k; c++) {
        for (const tp of base.talkingPoints) {
          const phrasings = Object.fromEntries(Object.entries(tp.phrasings).map(([l, list]) => [l, list.map((p, i) => (l === 'zh' ? `${p}之${c}号${i}` : `${p} variant${c}x${i}`))]));
          clones.push({ ...tp, id: `${tp.id}.clone${c}`, phrasings });
        }
      }
      if (clones.length) {
        rmSync(catDir, { recursive: true, force: true });
        const { mkdirSync } = await import('node:fs');
        mkdirSync(catDir, { recursive: true });
        writeFileSync(join(catDir, 'clones.yaml'), stringify({ talkingPoints: clones }));
      }
      const options = clones.length ? { catalogs: [catDir] } : {};
      const s0 = performance.now();
      analyzeAnswer({ answer: 'warm' }, options);
      const build = performance.now() - s0;
      const s = performance.now();
      for (const a of sample) analyzeAnswer(a, options);
      const per = (performance.now() - s) / sample.length;
      if (k === 1) baseline = per;
      console.log(`  ×${k} (${base.talkingPoints.length * k} talking points): ${per.toFixed(2)} ms/answer (${(per / baseline).toFixed(2)}× the ×1 time), index build ${build.toFixed(0)} ms`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
