// `mouthpiece analyze <paths…>`: reads every input, analyses it, and reports as it goes.
import { once } from 'node:events';
import { existsSync, writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import type { Document, Verdict } from '../document.js';
import { VERDICTS } from '../document.js';
import { analyzeDocument, knowledgeFor, type AnalyzeOptions } from '../analysis/pipeline.js';
import { isNoAnswer, isNotJudged, NO_ANSWER, NOT_JUDGED } from '../analysis/languages.js';
import { compilePatterns } from '../analysis/context.js';
import { expandPaths, INPUT_FORMATS, readDocuments, type InputFormat } from '../readers/index.js';
import { toJson, toJsonLine } from '../reporters/json.js';
import { renderTerminal } from '../reporters/terminal.js';
import { safeJson, safeLine, safeText } from '../reporters/terminal-safe.js';
import type { BatchReport } from '../reporters/html.js';
import { documentCsvRow, DOCUMENT_CSV_HEADER } from '../reporters/csv.js';
import { workerAnalyzer, type AnalysedLine, type Analyzer } from '../analysis/pool.js';
import { availableParallelism, cpus } from 'node:os';
import { statSync } from 'node:fs';
import type { ReadResult } from '../readers/index.js';
import cliProgress from 'cli-progress';
import { readFileSync } from 'node:fs';
import { rateInterval, wilson } from '../audit/results.js';
import { isPostgresUrl, openSql, type Sql } from '../storage/sql.js';
import { basename } from 'node:path';
import { auditStore, fail } from './stores.js';

interface AnalyzeCliOptions {
  format: 'text' | 'json' | 'jsonl' | 'html' | 'csv';
  only?: string[];
  quiet?: boolean;
  inputFormat: InputFormat;
  catalog: string[];
  db?: string;
  out?: string;
  maxBytes: number;
  all?: boolean;
  failOn?: (Verdict | typeof NOT_JUDGED | typeof NO_ANSWER)[];
  color?: boolean;
  jobs: string;
  progress?: boolean;
  fullText?: boolean;
  distributed?: boolean;
  run?: string;
  chunk?: number;
  lease?: number;
}

export function registerAnalyze(program: Command): void {
  program
    .command('analyze')
    .description('find where texts speak the official line in their own voice; verdicts for answers, per-voice statistics for articles')
    .argument('<paths...>', 'files or folders: chat transcripts (markdown, OpenAI JSON), JSONL batches, articles (text, HTML), SpeechMap / promptfoo outputs; - reads standard input')
    .addOption(new Option('-f, --format <format>', 'output format (csv: one row per document)').choices(['text', 'json', 'jsonl', 'html', 'csv']).default('text'))
    .addOption(new Option('--only <outcomes...>', 'print only answers with these outcomes (the summary and --fail-on still count every document)').choices([...VERDICTS, NOT_JUDGED, NO_ANSWER]))
    .option('-q, --quiet', 'print no documents: only problems and the summary (for CI gates with --fail-on)')
    .addOption(new Option('--input-format <format>', 'how to read the inputs (auto detects)').choices([...INPUT_FORMATS]).default('auto'))
    .option('--catalog <path>', 'an extra catalogue folder merged with the built-in one (repeatable)', collect, [])
    .option('--db <file>', 'a corpus store: echo findings get the official statements they echo')
    .option('-o, --out <file>', 'write the report to a file (required for --format html)')
    .option('--max-bytes <n>', 'refuse single documents larger than this', (v) => Number(v), 10 * 1024 * 1024)
    .option('--all', 'text format: show every finding, speakers and evidence mentions included')
    .option('--full-text', 'html format, batches of more than 50 documents: embed every answer whole (by default plainly informative answers keep their beginning once the batch passes 3 MB of text)')
    .addOption(
      new Option('--fail-on <verdicts...>', `exit with status 3 when any answer gets one of these verdicts (${NOT_JUDGED}: an answer in a language the official line is not analysed in; ${NO_ANSWER}: an empty answer)`).choices([
        ...VERDICTS,
        NOT_JUDGED,
        NO_ANSWER,
      ]),
    )
    .option('--no-color', 'never colour the terminal report')
    .option('-j, --jobs <n>', "analysis threads: a number, or 'auto' (JSONL batches over 48 MB, about 9,000 answers: once one thread has analysed 1,600, one more per idle core, up to four, kept only if they get the cores)", 'auto')
    .option('--progress', 'show progress on stderr even when it is not a terminal (on a terminal it shows for batches of 50 documents or more)')
    .option('--no-progress', 'never show progress')
    .option('--distributed', 'with --db postgres://…: store the answers as a run and enqueue their analysis in chunks for `mouthpiece worker`s; browse the run in `mouthpiece ui`, follow it with `mouthpiece audit --watch RUN`')
    .option('--run <id>', 'with --distributed: the run\'s id (default: analyze-<file name>-<time>)')
    .option('--chunk <n>', 'with --distributed: answers per job (default 200)', (v) => Number(v))
    .option('--lease <seconds>', 'with --distributed: how long a worker holds a job before another takes it over (default 600)', (v) => Number(v))
    .addHelpText(
      'after',
      '\nOutput: documents on stdout in the --format chosen (html: to --out); problems, progress and, for batches, a table of' +
        '\noutcome rates per model with 95% intervals on stderr.' +
        '\nExit codes: 0 analysed; 1 nothing could be analysed; 2 usage error; 3 an answer with a --fail-on outcome.',
    )
    .action(async (paths: string[], options: AnalyzeCliOptions) => {
      if (options.distributed) return distributeAnalysis(paths, options);
      process.exitCode = await runAnalyze(paths, options);
    });
}

/**
 * `analyze FILE --db postgres://… --distributed`: the answers go into the store as a run (their text travels in the
 * database, so workers need no shared files), and their analysis is enqueued in chunks for the fleet.
 */
async function distributeAnalysis(paths: string[], options: AnalyzeCliOptions): Promise<void> {
  if (paths.length !== 1 || paths[0] === '-') fail('--distributed takes one batch file (JSONL, SpeechMap or promptfoo output)');
  const file = paths[0]!;
  if (!existsSync(file)) fail(`no such file: ${file}`);
  if (!options.db || !isPostgresUrl(options.db)) fail('--distributed needs --db postgres://… (the store every worker reaches)');
  const settings = { chunk: options.chunk ?? 200, leaseSeconds: options.lease ?? 600 };
  if (!Number.isInteger(settings.chunk) || settings.chunk < 1 || !Number.isInteger(settings.leaseSeconds) || settings.leaseSeconds < 1) fail('--chunk and --lease take whole numbers of at least 1');
  const store = await auditStore(options.db);
  const runId = options.run ?? `analyze-${basename(file).replace(/\.[^.]*$/, '')}-${new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '')}`;
  // The store and the queue are loaded for this path only: a plain `analyze` does not pay for them.
  const [{ importRun }, { planFleetAnalysis }] = await Promise.all([import('../audit/export.js'), import('../audit/fleet.js')]);
  let imported;
  try {
    imported = await importRun(store, file, runId, 'later', options.inputFormat === 'auto' ? 'any' : (options.inputFormat as 'promptfoo' | 'speechmap'));
  } catch (e) {
    fail((e as Error).message);
  }
  for (const p of imported.problems) process.stderr.write(`mouthpiece: ${safeText(p)}\n`);
  const jobs = await planFleetAnalysis(store, runId, settings);
  const db = safeLine(store.where);
  process.stderr.write(`run ${safeLine(runId)}: ${imported.imported} answers stored, their analysis enqueued as ${jobs} jobs\nstart workers on any machine: mouthpiece worker --db ${db}\nfollow it: mouthpiece audit --watch ${safeLine(runId)} --db ${db}\n`);
  console.log(safeLine(runId));
}

/**
 * Each worker thread pays about a second of start-up and warm-up, and `--jobs auto` decides after 1,600 answers and
 * measures the threads over about a thousand more: on the 5,549 SpeechMap answers (30 MB) threads gave 0.98–1.04× one
 * thread over five bench runs, on four times as many 1.31–1.46×. Below AUTO_THREADS_BYTES one thread runs alone.
 */
export const AUTO_THREADS_BYTES = 48 * 1024 * 1024;

/** How many threads a batch starts with: the number given, or for 'auto' the cores (up to four) when its JSONL is large enough. */
export function threadsFor(jobs: string, files: string[]): number {
  if (jobs !== 'auto') {
    const n = Number(jobs);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--jobs takes a whole number or 'auto', not ${jobs}`);
    return n;
  }
  const batchBytes = files.filter((f) => /\.(jsonl|ndjson)$/i.test(f)).reduce((sum, f) => {
    try {
      return sum + statSync(f).size;
    } catch {
      return sum;
    }
  }, 0);
  return batchBytes > AUTO_THREADS_BYTES ? Math.min(4, availableParallelism()) : 1;
}

/** What ThreadTrial reads, in milliseconds: wall time, this process's CPU time (all its threads) and the machine's idle time (all its cores). */
export interface TrialClock {
  wall(): number;
  cpu(): number;
  idle(): number;
}

export const machineClock: TrialClock = {
  wall: () => performance.now(),
  cpu: () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  },
  // NaN where the system does not say (os.cpus() empty): the trial then starts no thread.
  idle: () => (cpus().length ? cpus().reduce((sum, cpu) => sum + cpu.times.idle, 0) : NaN),
};

/**
 * `--jobs auto` on a large batch: threads only where there are cores for them. This thread analyses the first answers
 * alone; once it is warm (V8 compiles the hot code in the first few hundred answers, and its compiler threads keep
 * cores busy meanwhile), the trial measures over WINDOW answers how many cores the machine leaves idle and how many
 * this process uses. A thread is added for each idle core (half of one counts); with none idle the batch goes on with
 * one thread and no thread is started ('one'). Otherwise the workers start ('start'), and once each has answered WARM
 * times (past most of its warm-up, whose compiler threads would count as cores it adds), the cores this process uses
 * are measured again over WINDOW answers: unless the threads together use at least half a core more per added thread
 * than one thread did (another process took the cores meanwhile, or the machine shows more idle cores than this
 * process may use), the workers get no more answers and are closed once they have none ('dropping', then 'one').
 * Cores used are not speed (two logical cores of one physical core give less than two), but a thread that gets no
 * core cannot pay, and one that does paid on every machine measured: on 2 cores, 1.9 cores used gave 1.46×.
 *
 * Cores, not answers per second, decide: a batch's answers differ from one stretch to the next (in length, language
 * and what is found in them) by more than the gain in question, and an added thread is itself slow for its first few
 * hundred answers, so rates measured over a few hundred answers dropped threads that paid (0.97× found, so one
 * thread went on, where two threads ran 1.46× as fast).
 */
export class ThreadTrial {
  /** Answers this thread analyses before the machine is measured (its warm-up). */
  static readonly ALONE_WARM = 1200;
  /** Answers each worker answers before the process is measured again. */
  static readonly WARM = 300;
  static readonly WINDOW = 400;
  /** How much of an idle core makes a thread worth starting, and the CPU a thread must add to be kept (in cores). */
  static readonly IDLE_PER_THREAD = 0.5;
  static readonly MIN_ADDED = 0.5;
  state: 'alone' | 'start' | 'starting' | 'together' | 'kept' | 'dropping' | 'one' = 'alone';
  /** Threads in all, this one included, once the machine has been measured. */
  threads = 1;
  private count = 0;
  private fromWorkers = 0;
  private markCount = 0;
  private mark = { wall: 0, cpu: 0, idle: 0 };
  private alone = { idle: 0, cores: 0 };
  /** What the trial found, once it has decided. */
  outcome = '';

  constructor(
    private readonly maxThreads: number,
    private readonly clock: TrialClock = machineClock,
  ) {}

  /** Called for every document written out, in order. */
  emitted(): void {
    this.count++;
    if (this.state === 'alone') {
      if (this.count === ThreadTrial.ALONE_WARM) this.measureFrom();
      if (this.count === ThreadTrial.ALONE_WARM + ThreadTrial.WINDOW) {
        this.alone = this.measured();
        // A thread per idle core, a core counted from IDLE_PER_THREAD of one up (the 1e-9 absorbs rounding).
        const added = Number.isFinite(this.alone.idle) ? Math.max(0, Math.floor(this.alone.idle + 1 - ThreadTrial.IDLE_PER_THREAD + 1e-9)) : 0;
        this.threads = Math.min(this.maxThreads, 1 + added);
        this.state = this.threads > 1 ? 'start' : 'one';
        if (this.state === 'one') this.outcome = `--jobs auto: ${Number.isFinite(this.alone.idle) ? `${this.alone.idle.toFixed(2)} cores idle` : 'no idle time reported by the system'} while one thread ran; went on with one`;
      }
    } else if (this.state === 'starting' && this.fromWorkers >= ThreadTrial.WARM * (this.threads - 1)) {
      this.measureFrom();
      this.state = 'together';
    } else if (this.state === 'together' && this.count === this.markCount + ThreadTrial.WINDOW) {
      const { cores } = this.measured();
      const kept = cores - this.alone.cores >= ThreadTrial.MIN_ADDED * (this.threads - 1);
      this.state = kept ? 'kept' : 'dropping';
      this.outcome =
        `--jobs auto: ${this.alone.idle.toFixed(2)} cores idle while one thread ran (it used ${this.alone.cores.toFixed(2)}); ` +
        `${this.threads} threads used ${cores.toFixed(2)}; ${kept ? 'kept them' : 'went on with one'}`;
    }
  }

  /** Called when the workers are started. */
  started(): void {
    this.state = 'starting';
  }

  /** Called for every answer a worker thread returns. */
  workerAnswered(): void {
    this.fromWorkers++;
  }

  private measureFrom(): void {
    this.markCount = this.count;
    this.mark = { wall: this.clock.wall(), cpu: this.clock.cpu(), idle: this.clock.idle() };
  }

  /** Idle cores on the machine and cores this process used since the mark. */
  private measured(): { idle: number; cores: number } {
    const wall = Math.max(1e-3, this.clock.wall() - this.mark.wall);
    return { idle: (this.clock.idle() - this.mark.idle) / wall, cores: (this.clock.cpu() - this.mark.cpu) / wall };
  }
}

/** Documents the inputs hold, for the progress bar: the lines of JSONL files, one for any other file. */
function countDocuments(files: string[]): number {
  let total = 0;
  for (const f of files) {
    if (!/\.(jsonl|ndjson)$/i.test(f)) {
      total++;
      continue;
    }
    try {
      const bytes = readFileSync(f);
      let lines = 0;
      for (let at = bytes.indexOf(10); at >= 0; at = bytes.indexOf(10, at + 1)) lines++;
      total += lines + (bytes.length && bytes[bytes.length - 1] !== 10 ? 1 : 0);
    } catch {
      total++;
    }
  }
  return total;
}

/** Progress on stderr: a bar on a terminal, a line every two seconds elsewhere (when asked for with --progress). */
function progressBar(files: string[], flag: boolean | undefined): { tick(): void; stop(): void } {
  const off = { tick() {}, stop() {} };
  if (flag === false || files.includes('-')) return off;
  const tty = !!process.stderr.isTTY;
  if (!flag && !tty) return off;
  const total = countDocuments(files);
  if (!flag && total < 50) return off;
  const bar = new cliProgress.SingleBar(
    { format: ' {bar} {value}/{total} documents | {percentage}% | ETA {eta_formatted}', stream: process.stderr, hideCursor: tty, noTTYOutput: !tty, notTTYSchedule: 2000, etaBuffer: 200 },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { tick: () => bar.increment(), stop: () => bar.stop() };
}

/** Outcome rates per model with 95% Wilson intervals: the table a batch ends with. */
export function summaryTable(byModel: Map<string, Map<string, number>>): string {
  const outcomes = [...VERDICTS, NOT_JUDGED, NO_ANSWER].filter((o) => [...byModel.values()].some((m) => m.get(o)));
  const cell = (k: number, n: number) => rateInterval(wilson(k, n));
  const rows = [...byModel].sort(([a], [b]) => a.localeCompare(b)).map(([model, counts]) => {
    const n = [...counts.values()].reduce((s, k) => s + k, 0);
    return [model, String(n), ...outcomes.map((o) => cell(counts.get(o) ?? 0, n))];
  });
  const header = ['model', 'answers', ...outcomes];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

async function runAnalyze(paths: string[], options: AnalyzeCliOptions): Promise<number> {
  if (options.format === 'html' && !options.out) throw new Error('--format html writes a file: give it with --out report.html');
  const analyzeOptions: AnalyzeOptions = { catalogs: options.catalog };
  const compiled = knowledgeFor(analyzeOptions);
  const boilerplate = (compiled.knowledge.lexicons.boilerplate ?? []).map(compilePatterns);
  let corpusStore: Sql | null = null;
  if (options.db) {
    if (!isPostgresUrl(options.db) && !existsSync(options.db)) throw new Error(`no store at ${options.db}: build one with \`mouthpiece corpus ingest <path> --db ${options.db}\``);
    corpusStore = await openSql(options.db, [], { readonly: true });
  }
  // Provenance is looked up here, on this thread, once a document is analysed (the store may be across a socket).
  const attachProvenance = corpusStore ? (await import('../corpus/provenance.js')).attachProvenance : null;
  const provenance = attachProvenance ? (doc: Document) => attachProvenance(doc, corpusStore!) : null;

  // Output waits for a slow reader: when the pipe is full, reading and analysis pause until it drains.
  let full: Promise<unknown> | null = null;
  const write = (s: string) => {
    if (options.out) buffered.push(s);
    else if (!process.stdout.write(`${s}\n`)) full ??= once(process.stdout, 'drain');
  };
  const utf8 = new TextDecoder();
  /** A line a worker thread made, newline included (AnalysedLine). */
  const writeBytes = (bytes: Uint8Array) => {
    if (options.out) buffered.push(utf8.decode(bytes.subarray(0, -1)));
    else if (!process.stdout.write(bytes)) full ??= once(process.stdout, 'drain');
  };
  const drained = async () => {
    if (full) await full;
    full = null;
  };
  const buffered: string[] = [];
  const html: BatchReport | null =
    options.format === 'html' ? new (await import('../reporters/html.js')).BatchReport({ title: `mouthpiece report: ${paths.join(', ')}`, catalogs: options.catalog, fullText: options.fullText }) : null;
  const jsonDocs: Record<string, unknown>[] = [];
  const color = options.color !== false && !options.out && !!process.stdout.isTTY && !process.env.NO_COLOR;
  let analysed = 0;
  let failed = 0;
  /** Answers worker threads analysed. */
  let byThreads = 0;
  const verdicts = new Map<string, number>();
  const byModel = new Map<string, Map<string, number>>();

  if (options.format === 'csv' && !options.quiet) write(DOCUMENT_CSV_HEADER);
  const files = expandPaths(paths, (message) => process.stderr.write(`mouthpiece: ${safeText(message)}\n`));
  // With N jobs, N - 1 worker threads share the batch with this thread, which also reads and writes.
  const jobs = threadsFor(options.jobs, files);
  // --jobs auto tries the threads and keeps them only if they pay (ThreadTrial); a number given is used as it is.
  const trial = jobs > 1 && options.jobs === 'auto' ? new ThreadTrial(jobs) : null;
  let pool: Analyzer | null = jobs > 1 && !trial ? workerAnalyzer(jobs - 1, analyzeOptions) : null;
  const progress = progressBar(files, options.progress);
  const emit = (result: ReadResult, doc?: Document | AnalysedLine) => {
    progress.tick();
    trial?.emitted();
    if ('error' in result || !doc) {
      failed++;
      process.stderr.write(`mouthpiece: ${'error' in result ? safeText(result.error) : 'analysis failed'}\n`);
      return;
    }
    analysed++;
    // Answers left without a verdict (for their language, or empty) are counted apart, never as a clean verdict.
    const noAnswer = 'segments' in doc ? isNoAnswer(doc) : !!doc.noAnswer;
    const notJudged = 'segments' in doc ? isNotJudged(doc) : !!doc.notJudged;
    const outcome = doc.verdict ?? (noAnswer ? NO_ANSWER : notJudged ? NOT_JUDGED : null);
    if (outcome) {
      verdicts.set(outcome, (verdicts.get(outcome) ?? 0) + 1);
      const model = result.doc.model ?? '(no model)';
      const counts = byModel.get(model) ?? byModel.set(model, new Map()).get(model)!;
      counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
    }
    if (noAnswer) process.stderr.write(`mouthpiece: ${safeLine(result.doc.source)}: the answer is empty; recorded as ${NO_ANSWER}, without a verdict\n`);
    if (options.quiet || (options.only && !options.only.includes(outcome ?? ''))) return;
    if ('bytes' in doc) {
      writeBytes(doc.bytes); // a JSONL line a worker thread made, already safe for a terminal
      return;
    }
    if (options.format === 'jsonl') write(safeJson(toJsonLine(doc)));
    else if (options.format === 'csv') write(documentCsvRow(doc, outcome));
    else if (options.format === 'json') jsonDocs.push(toJson(doc));
    else if (html) html.add(doc);
    else write(`${renderTerminal(doc, { color, all: options.all })}\n`);
  };
  try {
    // In order, with a bounded number in flight: output streams as it goes and memory stays flat.
    const queue: { result: ReadResult; pending?: Promise<Document | AnalysedLine | undefined> }[] = [];
    // Workers write JSONL lines themselves when nothing needs the document on this thread.
    const linesFromWorkers = options.format === 'jsonl' && !provenance;
    const analyseHere = (doc: Document): Document | undefined => {
      try {
        return analyzeDocument(doc, analyzeOptions);
      } catch {
        return undefined;
      }
    };
    const flush = async (keep: number) => {
      while (queue.length > keep) {
        const head = queue.shift()!;
        const doc = await head.pending;
        if (doc && 'segments' in doc && provenance) await provenance(doc);
        emit(head.result, doc);
        await drained();
      }
    };
    for (const path of files) {
      for await (const result of readDocuments(path, { inputFormat: options.inputFormat, maxBytes: options.maxBytes, boilerplate })) {
        if ('error' in result) queue.push({ result });
        // Keep the workers a few jobs ahead once they are ready (output stays in order: a job waiting for a thread to
        // start would hold the output back); this thread analyses the rest itself.
        else if (pool && trial?.state !== 'dropping' && pool.ready!() && pool.pending!() < 8 * ((trial?.threads ?? jobs) - 1)) {
          // An answer a thread fails to give back (the thread stopped) is analysed here: nothing is lost.
          const pending = (linesFromWorkers ? pool.analyzeToLine!(result.doc) : pool.analyzeDocument!(result.doc)).then(
            (done) => {
              byThreads++;
              return done;
            },
            () => analyseHere(result.doc),
          );
          queue.push({ result, pending: trial ? pending.finally(() => trial.workerAnswered()) : pending });
        } else queue.push({ result, pending: Promise.resolve(analyzeDocument(result.doc, analyzeOptions)) });
        if (trial?.state === 'start') {
          pool = workerAnalyzer(trial.threads - 1, analyzeOptions);
          trial.started();
        }
        if (trial?.state === 'dropping' && pool && pool.pending!() === 0) {
          await pool.close();
          pool = null;
          trial.state = 'one';
        }
        // Let worker replies (macrotasks) in: awaiting promises alone would starve them while this thread works.
        if (pool) await new Promise((resolve) => setImmediate(resolve));
        await flush(pool ? 64 : 0);
      }
    }
    await flush(0);
  } finally {
    progress.stop();
    await pool?.close();
    await corpusStore?.close();
  }

  if (options.format === 'json') write(safeJson(JSON.stringify(jsonDocs.length === 1 ? jsonDocs[0] : jsonDocs, null, 2)));
  if (html) buffered.push(html.render());
  if (options.out) {
    writeFileSync(options.out, buffered.join('\n'));
    process.stderr.write(`mouthpiece: wrote ${safeLine(options.out)}\n`);
  }
  if (trial?.outcome) process.stderr.write(`mouthpiece: ${trial.outcome}\n`);
  if (byThreads) process.stderr.write(`mouthpiece: ${byThreads} of ${analysed} answers analysed in worker threads\n`);
  if (analysed > 1) {
    const summary = [...verdicts.entries()].map(([v, n]) => `${v} ${n}`).join(' · ');
    process.stderr.write(`${analysed} document${analysed === 1 ? '' : 's'} analysed${summary ? `: ${summary}` : ''}${failed ? `; ${failed} input${failed === 1 ? '' : 's'} skipped` : ''}\n`);
    if (byModel.size) process.stderr.write(`${safeText(summaryTable(byModel))}\n`);
  }
  if (analysed === 0) {
    process.stderr.write('mouthpiece: nothing could be analysed\n');
    return 1;
  }
  if (options.failOn?.some((v) => verdicts.has(v))) return 3;
  return 0;
}
