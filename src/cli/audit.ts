// `mouthpiece audit`, `mouthpiece results` and `mouthpiece mock-provider`.
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { defaultDbPath } from '../storage/db.js';
import { openAuditStore } from '../audit/store.js';
import { AuditSetupError, resumeAudit, startAudit, type Progress, type RunReport } from '../audit/runner.js';
import { summarizeRun } from '../audit/results.js';
import { summaryCsv, summaryText } from '../audit/report.js';
import { startMockProvider } from '../audit/mock-provider.js';
import { safeJson, safeLine, safeText } from '../reporters/terminal-safe.js';
import { checkRates, checkText, junitXml, parseMaxRate, type RateLimit } from '../audit/gates.js';
import { existingAuditStore, fail, resolveRun } from './runs.js';
import { writeFileSync } from 'node:fs';

const collect = (value: string, previous: string[] = []) => [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];
const num = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`"${value}" is not a number`);
  return n;
};

interface AuditFlags {
  suite?: string;
  baseUrl?: string;
  model?: string[];
  apiKeyEnv?: string;
  samples?: number;
  concurrency?: number;
  rpm?: number;
  timeout?: number;
  retries?: number;
  backoff?: number;
  lang?: string[];
  temperature?: number;
  maxTokens?: number;
  system?: string;
  stream?: boolean;
  run?: string;
  resume?: string;
  retryFailed?: boolean;
  analysisThreads?: number;
  db?: string;
}


/** A bar on a terminal; otherwise a plain line every few seconds (and at the end) on stderr. */
function progressReporter(runLabel: () => string) {
  let bar: cliProgress.SingleBar | null = null;
  let lastLine = 0;
  let last: Progress | null = null;
  const started = Date.now();
  const line = (p: Progress) => {
    const elapsed = (Date.now() - started) / 1000;
    const rate = p.done / Math.max(elapsed, 0.001);
    const eta = rate > 0 ? Math.round((p.total - p.done) / rate) : '?';
    process.stderr.write(`${safeLine(runLabel())}: ${p.done}/${p.total} done, ${p.failed} failed, ${p.blocked} blocked, ${p.retrying} retrying, ${p.analysing} analysing, eta ${eta}s\n`);
  };
  return {
    update(p: Progress) {
      last = p;
      if (process.stderr.isTTY) {
        if (!bar) {
          bar = new cliProgress.SingleBar(
            { format: ' {bar} {value}/{total} | failed {failed} | blocked {blocked} | retrying {retrying} | analysing {analysing} | ETA {eta_formatted}', stream: process.stderr, hideCursor: true },
            cliProgress.Presets.shades_classic,
          );
          bar.start(p.total, p.done, { failed: 0, blocked: 0, retrying: 0, analysing: 0 });
        }
        bar.update(p.done, { failed: p.failed, blocked: p.blocked, retrying: p.retrying, analysing: p.analysing });
      } else if (Date.now() - lastLine > 2000) {
        lastLine = Date.now();
        line(p);
      }
    },
    stop() {
      if (bar) bar.stop();
      else if (last) line(last);
    },
  };
}

function printReport(r: RunReport, db: string | undefined): void {
  const dbFlag = db ? ` --db ${db}` : '';
  const counts = Object.entries(r.counts).map(([o, n]) => `${o} ${n}`).join(', ');
  const cost = r.cost === null ? 'cost not reported' : `cost $${r.cost.toFixed(4)}`;
  console.log(`${r.status === 'done' ? 'finished' : 'interrupted'}: ${r.results}/${r.expected} results (${r.sent} new, ${r.calls} calls) in ${(r.wallMs / 1000).toFixed(1)} s`);
  console.log(`outcomes: ${counts}`);
  console.log(`tokens: ${r.tokensIn} in, ${r.tokensOut} out; mean latency ${Math.round(r.meanLatencyMs)} ms; ${cost}`);
  const runId = safeLine(r.runId);
  console.log(`see: mouthpiece results ${runId}${safeLine(dbFlag)}${r.status === 'done' ? '' : ` — continue with: mouthpiece audit --resume ${runId}${safeLine(dbFlag)}`}`);
  console.log(runId); // the run id is always the last line of stdout
}

export function registerAudit(program: Command): void {
  program
    .command('audit')
    .description('Run a prompt suite against models in several languages, storing every answer; resume an interrupted run')
    .option('--suite <name|file>', 'built-in suite name (default, control) or a suite YAML file')
    .option('--base-url <url>', 'OpenAI-compatible API base, e.g. http://127.0.0.1:8080/v1')
    .option('--model <name>', 'model to audit (repeat, or comma-separate, for several)', collect)
    .option('--api-key-env <VAR>', 'NAME of the environment variable holding the API key (the key is never printed or stored)')
    .option('--samples <n>', 'answers per prompt, language and model', num)
    .option('--concurrency <n>', 'requests in flight at once (default 4)', num)
    .option('--rpm <n>', 'at most this many requests per minute', num)
    .option('--timeout <ms>', 'per-request timeout (default 60000)', num)
    .option('--retries <n>', 'retries per request after the first try (default 4)', num)
    .option('--backoff <ms>', 'first retry delay, doubled each time, with jitter (default 500)', num)
    .option('--lang <list>', 'languages: en, zh, zh-Hant (default en,zh)', collect)
    .option('--temperature <t>', 'sampling temperature', num)
    .option('--max-tokens <n>', 'maximum tokens per answer', num)
    .option('--system <text>', 'system prompt')
    .option('--stream', 'use server-sent-event streaming')
    .option('--run <id>', 'name the run in advance')
    .option('--resume <run>', 'continue a stored run: only requests without a result are sent')
    .option('--analysis-threads <n>', 'threads that analyse answers while requests go on (default 1; 0 = main thread)', num)
    .option('--retry-failed', 'with --resume: also send again the requests whose result is "failed"')
    .option('--db <file>', 'SQLite store (default $MOUTHPIECE_DB or ./mouthpiece.db)')
    .action(async (flags: AuditFlags) => {
      const controller = new AbortController();
      let runId = flags.resume ?? flags.run ?? '';
      const progress = progressReporter(() => `audit ${runId}`);
      const onSignal = () => {
        process.stderr.write(`\nstopping: requests in flight are cancelled and stay pending for --resume\n`);
        controller.abort();
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      const hooks = {
        signal: controller.signal,
        backoffMs: flags.backoff,
        retryFailed: flags.retryFailed,
        analysisThreads: flags.analysisThreads,
        onProgress: (p: Progress) => progress.update(p),
        onWarning: (w: string) => process.stderr.write(`warning: ${safeText(w)}\n`),
        onStart: (id: string, expected: number) => {
          runId = id;
          process.stderr.write(`audit run ${safeLine(id)}: ${expected} requests planned (stored in the database before any is sent)\n`);
        },
      };
      let report: RunReport;
      try {
        if (flags.resume) {
          const store = openAuditStore(flags.db ?? defaultDbPath());
          report = await resumeAudit(store, flags.resume, { baseUrl: flags.baseUrl, concurrency: flags.concurrency, rpm: flags.rpm, timeoutMs: flags.timeout, retries: flags.retries }, hooks);
        } else {
          const missing = [!flags.suite && '--suite', !flags.baseUrl && '--base-url', !flags.model?.length && '--model'].filter(Boolean);
          if (missing.length) fail(`audit needs ${missing.join(', ')} (or --resume <run>)`);
          const store = openAuditStore(flags.db ?? defaultDbPath());
          report = await startAudit(
            store,
            {
              suite: flags.suite!,
              baseUrl: flags.baseUrl!,
              models: flags.model!,
              apiKeyEnv: flags.apiKeyEnv,
              samples: flags.samples,
              concurrency: flags.concurrency,
              rpm: flags.rpm,
              timeoutMs: flags.timeout,
              retries: flags.retries,
              langs: flags.lang,
              temperature: flags.temperature,
              maxTokens: flags.maxTokens,
              system: flags.system,
              stream: flags.stream,
              runId: flags.run,
            },
            hooks,
          );
        }
      } catch (e) {
        if (e instanceof AuditSetupError) fail(e.message);
        throw e;
      } finally {
        progress.stop();
      }
      printReport(report, flags.db);
      if (report.status !== 'done') process.exitCode = 130;
    });

  program
    .command('results')
    .description('Rates per model × topic × language with 95% Wilson intervals, English-versus-Chinese gaps, echoed talking points')
    .argument('<run>', 'run id (the last line printed by `mouthpiece audit`), or `latest`')
    .option('--db <file>', 'SQLite store (default $MOUTHPIECE_DB or ./mouthpiece.db)')
    .option('--format <format>', 'text | json | csv', 'text')
    .option('--max-rate <limits>', 'CI gate, e.g. state_echo=0.05,refusal=0.2: exit 3 when a model\'s 95% interval lies above a limit')
    .option('--junit <file>', 'write the --max-rate checks as JUnit XML')
    .addHelpText('after', '\nExit codes: 0 done (and every --max-rate check passed); 2 usage error, missing store or unknown run; 3 a rate above its limit.')
    .action((runArg: string, flags: { db?: string; format: string; maxRate?: string; junit?: string }) => {
      if (!['text', 'json', 'csv'].includes(flags.format)) fail(`--format must be text, json or csv (got "${flags.format}")`);
      let limits: RateLimit[] = [];
      try {
        limits = parseMaxRate(flags.maxRate ?? '');
      } catch (e) {
        fail((e as Error).message);
      }
      if (flags.junit && !limits.length) fail('--junit writes the --max-rate checks: give the limits with --max-rate');
      const store = existingAuditStore(flags.db);
      const runId = resolveRun(store, runArg);
      let summary;
      try {
        summary = summarizeRun(store, runId);
      } catch (e) {
        fail(`${(e as Error).message} (mouthpiece runs lists them)`);
      }
      if (flags.format === 'json') console.log(safeJson(JSON.stringify(summary, null, 2)));
      else if (flags.format === 'csv') console.log(summaryCsv(summary));
      else console.log(summaryText(summary));
      if (!limits.length) return;
      const checks = checkRates(summary, limits);
      for (const c of checks) process.stderr.write(`${safeLine(checkText(c))}\n`);
      if (flags.junit) writeFileSync(flags.junit, junitXml(summary, checks));
      if (checks.some((c) => c.failed)) process.exitCode = 3;
    });

  program
    .command('mock-provider')
    .description('An OpenAI-compatible server on 127.0.0.1 that answers from canned scripts and injects faults')
    .option('--port <n>', 'port (0 picks a free one)', num, 8088)
    .option('--faults <spec>', 'fault probabilities, e.g. "429:0.05,500:0.05,drop:0.02,malformed:0.02,truncate:0.02,timeout:0.01" (echo: a 500 repeating the Authorization header)')
    .option('--latency <ms>', 'delay before every reply', num, 0)
    .option('--seed <n>', 'replay the same fault sequence', num)
    .option('--retry-after <ms>', 'what 429 replies ask clients to wait', num, 1000)
    .option('--scripts <dir>', 'folder of mock scripts (default: the built-in mock-scripts/)')
    .action(async (flags: { port: number; faults?: string; latency: number; seed?: number; retryAfter: number; scripts?: string }) => {
      let mock;
      try {
        mock = await startMockProvider({ port: flags.port, faults: flags.faults, latencyMs: flags.latency, seed: flags.seed, retryAfterMs: flags.retryAfter, scriptsDir: flags.scripts });
      } catch (e) {
        fail((e as Error).message);
      }
      console.log(safeLine(`mock provider at ${mock.url} — models: ${mock.models.join(', ')}${flags.faults ? ` — faults: ${flags.faults}` : ''}`));
      const stop = () => {
        void mock.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
