// `mouthpiece audit`, `mouthpiece results` and `mouthpiece mock-provider`.
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { isPostgresUrl, openSql } from '../storage/sql.js';
import { cachedKeys, type PlannedRequest } from '../audit/store.js';
import type { ProviderSpec } from '../audit/config.js';
import { AuditSetupError, resumeAudit, startAudit, type Progress, type RunReport } from '../audit/runner.js';
import { summarizeRun } from '../audit/results.js';
import { summaryCsv, summaryText } from '../audit/report.js';
import { REPLAY_MODEL, startMockProvider } from '../audit/mock-provider.js';
import { safeJson, safeLine, safeText } from '../reporters/terminal-safe.js';
import { checkRates, checkText, junitXml, parseMaxRate, type RateLimit } from '../audit/gates.js';
import { resolveRun } from './runs.js';
import { DEFAULT_FLEET, fleetProgress, planFleetAudit, requeueFleetRun, type FleetProgress, type FleetSettings } from '../audit/fleet.js';
import { DB_OPTION, auditStore, existingAuditStore, fail, storeTarget, wholeNumber } from './stores.js';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { ConfigError, loadConfig, type LoadedConfig } from '../audit/config.js';
import { cacheKey, planAudit, type AuditOptions } from '../audit/runner.js';
import { estimatePlan, planText } from '../audit/estimate.js';

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
  config?: string;
  dryRun?: boolean;
  format: string;
  topic?: string[];
  tag?: string[];
  limit?: number;
  cache?: boolean;
  maxRate?: string;
  junit?: string;
  distributed?: boolean;
  chunk?: number;
  lease?: number;
  watch?: string;
}

/** The audit as the config file and the flags describe it; flags win over the file. */
function auditOptions(flags: AuditFlags, loaded: LoadedConfig | null): AuditOptions {
  if (!loaded) {
    const missing = [!flags.suite && '--suite', !flags.baseUrl && '--base-url', !flags.model?.length && '--model'].filter(Boolean);
    if (missing.length) fail(`audit needs ${missing.join(', ')}, or --config FILE (write one with: mouthpiece init), or --resume <run>`);
  } else if (flags.baseUrl || flags.apiKeyEnv) fail('with --config, providers come from the config file: --base-url and --api-key-env are not used');
  const c = loaded?.config;
  let providers = loaded?.providers;
  if (providers && flags.model?.length) {
    // --model picks among the config's models (by label).
    const known = providers.flatMap((p) => p.models.map((m) => m.label));
    const unknown = flags.model.filter((m) => !known.includes(m));
    if (unknown.length) fail(`--model ${unknown.join(', ')} is not in ${loaded!.file} (it lists: ${known.join(', ')})`);
    providers = providers.map((p) => ({ ...p, models: p.models.filter((m) => flags.model!.includes(m.label)) })).filter((p) => p.models.length);
  }
  // --concurrency and --rpm given with a config hold for each of its providers.
  if (providers && flags.concurrency !== undefined) providers = providers.map((p) => ({ ...p, concurrency: flags.concurrency! }));
  if (providers && flags.rpm !== undefined) providers = providers.map((p) => ({ ...p, rpm: flags.rpm! }));
  return {
    suite: flags.suite ?? loaded?.suite ?? '',
    providers,
    baseUrl: flags.baseUrl,
    models: flags.model,
    apiKeyEnv: flags.apiKeyEnv,
    concurrency: flags.concurrency,
    rpm: flags.rpm,
    topics: flags.topic ?? c?.topics,
    tags: flags.tag ?? c?.tags,
    limit: flags.limit ?? c?.limit,
    samples: flags.samples ?? c?.samples,
    timeoutMs: flags.timeout ?? c?.timeoutMs,
    retries: flags.retries ?? c?.retries,
    langs: flags.lang ?? c?.languages,
    temperature: flags.temperature ?? c?.temperature,
    maxTokens: flags.maxTokens ?? c?.maxTokens,
    system: flags.system ?? c?.system,
    stream: flags.stream ?? c?.stream,
    cache: flags.cache ?? c?.cache ?? (loaded ? true : false),
    runId: flags.run,
  };
}

/** `--dry-run`: the plan, per provider and model, with cache hits where the store already exists. */
async function dryRun(options: AuditOptions, loaded: LoadedConfig | null, flags: AuditFlags): Promise<void> {
  const plan = planAudit(options);
  const outputTokens = loaded?.config.expectedOutputTokens ?? plan.config.maxTokens ?? 800;
  const target = storeTarget(flags.db);
  // Reading the cache must not create a store: a missing file simply has no cached answers.
  const store = plan.config.cache && (isPostgresUrl(target) || existsSync(target)) ? await openSql(target, [], { readonly: true }) : null;
  let hits = new Set<string>();
  const keyOf = (p: ProviderSpec, model: string, req: PlannedRequest) => cacheKey(p, model, plan.config, req);
  if (store && (await store.hasTable('audit_cache'))) {
    const keys: string[] = [];
    estimatePlan(plan, outputTokens, (p, model, req) => keys.push(keyOf(p, model, req)) < 0);
    hits = await cachedKeys(store, keys);
  }
  await store?.close();
  const lines = estimatePlan(plan, outputTokens, (p, model, req) => hits.has(keyOf(p, model, req)));
  for (const w of plan.warnings) process.stderr.write(`warning: ${safeText(w)}\n`);
  if (flags.format === 'json') console.log(safeJson(JSON.stringify({ requests: plan.requests.length, suite: plan.suite, langs: plan.langs, samples: plan.samples, outputTokensAssumed: outputTokens, lines }, null, 2)));
  else console.log(safeText(planText(plan, lines, outputTokens)));
}


/** `--distributed`: plans the run (or, with --resume, what it still lacks) for the fleet's workers, then exits. */
async function distribute(flags: AuditFlags, loaded: LoadedConfig | null): Promise<void> {
  const settings: FleetSettings = { chunk: flags.chunk ?? DEFAULT_FLEET.chunk, leaseSeconds: flags.lease ?? DEFAULT_FLEET.leaseSeconds };
  if (!Number.isInteger(settings.chunk) || settings.chunk < 1) fail('--chunk takes a whole number of at least 1');
  if (!Number.isInteger(settings.leaseSeconds) || settings.leaseSeconds < 1) fail('--lease takes a whole number of seconds, at least 1');
  if (flags.dryRun) fail('--dry-run plans nothing; run it without --distributed');
  const store = await auditStore(flags.db);
  const db = safeLine(store.where);
  try {
    if (flags.resume) {
      const jobs = await requeueFleetRun(store, flags.resume);
      process.stderr.write(`run ${safeLine(flags.resume)}: ${jobs} jobs enqueued again for what no job covered\n`);
      return console.log(safeLine(flags.resume));
    }
    const planned = await planFleetAudit(store, auditOptions(flags, loaded), settings, { onWarning: (w) => process.stderr.write(`warning: ${safeText(w)}\n`) });
    process.stderr.write(
      `audit run ${safeLine(planned.runId)}: ${planned.expected} requests planned and enqueued as ${planned.jobs} jobs of up to ${settings.chunk}\n` +
        `start workers on any machine: mouthpiece worker --db ${db}\nfollow it: mouthpiece audit --watch ${safeLine(planned.runId)} --db ${db}\n`,
    );
    console.log(safeLine(planned.runId));
  } catch (e) {
    if (e instanceof AuditSetupError) fail(e.message);
    throw e;
  }
}

/** `--watch RUN`: a fleet run's progress, from any machine, until every request has its result. */
async function watchRun(runId: string, db?: string): Promise<void> {
  const store = await existingAuditStore(db);
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  const started = Date.now();
  let last = '';
  for (;;) {
    let p: FleetProgress;
    try {
      p = await fleetProgress(store, runId);
    } catch (e) {
      fail((e as Error).message);
    }
    const counts = Object.entries(p.outcomes).map(([o, n]) => `${o} ${n}`).join(' · ');
    const line = `run ${runId}: ${p.stored}/${p.expected} stored${p.unanalysed ? ` (+${p.unanalysed} awaiting analysis)` : ''}; jobs queued ${p.queued}, in hand ${p.active}${counts ? `; ${counts}` : ''}`;
    if (line !== last) process.stderr.write(`${safeLine(line)}  [${Math.round((Date.now() - started) / 1000)} s]\n`);
    last = line;
    if (p.stored >= p.expected) return console.log(safeLine(runId));
    if (stop.signal.aborted) {
      process.exitCode = 130;
      return;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
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
  if (r.fromCache) console.log(`${r.fromCache} answer${r.fromCache > 1 ? 's' : ''} re-used from the response cache (--no-cache asks again)`);
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
    .option('--analysis-threads <n>', 'threads that analyse answers while requests go on (default: one fewer than the cores, 1 to 4; 0 = the main thread, between replies)', wholeNumber('--analysis-threads', 0))
    .option('--retry-failed', 'with --resume: also send again the requests whose result is "failed"')
    .option('--config <file>', 'evaluation config (mouthpiece.yaml, see `mouthpiece init`); flags given as well win over it')
    .option('--topic <list>', 'only prompts on these topics', collect)
    .option('--tag <list>', 'only prompts with one of these tags', collect)
    .option('--limit <n>', 'at most this many prompts (after the filters)', num)
    .option('--cache', 're-use stored answers to identical requests (the default with --config)')
    .option('--no-cache', 'ask the models again even when an identical request was answered before')
    .option('--dry-run', 'print the requests per provider and model and the estimated cost; send and store nothing')
    .option('--format <format>', 'output of --dry-run: text | json', 'text')
    .option('--max-rate <limits>', "CI gate after the run, e.g. state_echo=0.05,refusal=0.2: exit 3 when a model's 95% interval lies above a limit")
    .option('--junit <file>', 'write the --max-rate checks as JUnit XML')
    .option(...DB_OPTION)
    .option('--distributed', 'PostgreSQL store only: plan the run and enqueue its requests for `mouthpiece worker`s on any machine, then exit (with --resume: enqueue again what no job covers)')
    .option('--chunk <n>', `with --distributed: requests per job (default ${DEFAULT_FLEET.chunk})`, num)
    .option('--lease <seconds>', `with --distributed: how long a worker holds a job before another takes it over (default ${DEFAULT_FLEET.leaseSeconds})`, num)
    .option('--watch <run>', 'follow a distributed run from any machine until every request has its result')
    .addHelpText(
      'after',
      '\nOutput: progress on stderr; a report on stdout whose last line is the run id. --dry-run: text or JSON (--format).' +
        '\nExit codes: 0 done (and every --max-rate check passed); 2 usage error, bad config or suite, unreachable provider, missing key or model;' +
        '\n3 a rate above its limit; 130 interrupted (resume with --resume RUN).',
    )
    .action(async (flags: AuditFlags) => {
      if (!['text', 'json'].includes(flags.format)) fail(`--format must be text or json (got "${flags.format}")`);
      let loaded: LoadedConfig | null = null;
      try {
        loaded = flags.config ? loadConfig(flags.config) : null;
      } catch (e) {
        if (e instanceof ConfigError) fail(e.message);
        throw e;
      }
      let limits: RateLimit[] = [];
      try {
        limits = flags.maxRate ? parseMaxRate(flags.maxRate) : Object.entries(loaded?.config.maxRate ?? {}).map(([k, v]) => parseMaxRate(`${k}=${v}`)[0]);
      } catch (e) {
        fail((e as Error).message);
      }
      if (flags.junit && !limits.length) fail('--junit writes the --max-rate checks: give the limits with --max-rate or maxRate in the config');
      if (flags.watch) return watchRun(flags.watch, flags.db);
      if (flags.distributed) return distribute(flags, loaded);
      if (flags.dryRun) {
        if (flags.resume) fail('--dry-run plans a new run; it does not combine with --resume');
        try {
          return await dryRun(auditOptions(flags, loaded), loaded, flags);
        } catch (e) {
          if (e instanceof AuditSetupError) fail(e.message);
          throw e;
        }
      }
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
          const store = await auditStore(flags.db);
          const overrides = { baseUrl: flags.baseUrl, concurrency: flags.concurrency, rpm: flags.rpm, timeoutMs: flags.timeout, retries: flags.retries, providers: loaded?.providers, cache: flags.cache };
          report = await resumeAudit(store, flags.resume, overrides, hooks);
        } else {
          const options = auditOptions(flags, loaded);
          const store = await auditStore(flags.db);
          report = await startAudit(store, options, hooks);
        }
      } catch (e) {
        if (e instanceof AuditSetupError) fail(e.message);
        throw e;
      } finally {
        progress.stop();
      }
      printReport(report, flags.db);
      if (report.status !== 'done') {
        process.exitCode = 130;
        return;
      }
      if (!limits.length) return;
      const summary = await summarizeRun(await existingAuditStore(flags.db), report.runId);
      const checks = checkRates(summary, limits);
      for (const c of checks) process.stderr.write(`${safeLine(checkText(c))}\n`);
      if (flags.junit) writeFileSync(flags.junit, junitXml(summary, checks));
      if (checks.some((c) => c.failed)) process.exitCode = 3;
    });

  program
    .command('results')
    .description('Rates per model × topic × language with 95% Wilson intervals, English-versus-Chinese gaps, echoed talking points')
    .argument('<run>', 'run id (the last line printed by `mouthpiece audit`), or `latest`')
    .option(...DB_OPTION)
    .option('--format <format>', 'text | json | csv', 'text')
    .option('--max-rate <limits>', 'CI gate, e.g. state_echo=0.05,refusal=0.2: exit 3 when a model\'s 95% interval lies above a limit')
    .option('--junit <file>', 'write the --max-rate checks as JUnit XML')
    .addHelpText('after', '\nExit codes: 0 done (and every --max-rate check passed); 2 usage error, missing store or unknown run; 3 a rate above its limit.')
    .action(async (runArg: string, flags: { db?: string; format: string; maxRate?: string; junit?: string }) => {
      if (!['text', 'json', 'csv'].includes(flags.format)) fail(`--format must be text, json or csv (got "${flags.format}")`);
      let limits: RateLimit[] = [];
      try {
        limits = parseMaxRate(flags.maxRate ?? '');
      } catch (e) {
        fail((e as Error).message);
      }
      if (flags.junit && !limits.length) fail('--junit writes the --max-rate checks: give the limits with --max-rate');
      const store = await existingAuditStore(flags.db);
      const runId = await resolveRun(store, runArg);
      let summary;
      try {
        summary = await summarizeRun(store, runId);
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
    .option('--replay <file>', `a JSONL file of answers (its lines' "answer" field) served in turn, whatever is asked, by one more model: ${REPLAY_MODEL}`)
    .addHelpText('after', '\nRuns until stopped (Ctrl-C or SIGTERM: exit 0). Exit codes: 2 bad --faults, a --replay file without answers, or a port in use.')
    .action(async (flags: { port: number; faults?: string; latency: number; seed?: number; retryAfter: number; scripts?: string; replay?: string }) => {
      let mock;
      try {
        const replay = flags.replay ? replayAnswers(flags.replay) : undefined;
        mock = await startMockProvider({ port: flags.port, faults: flags.faults, latencyMs: flags.latency, seed: flags.seed, retryAfterMs: flags.retryAfter, scriptsDir: flags.scripts, replay });
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

/** The answers of a JSONL file, for `mock-provider --replay`: every line's "answer" string, in order. */
function replayAnswers(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`--replay: cannot read ${file} (${(e as Error).message})`);
  }
  const answers: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      throw new Error(`--replay: ${file}:${i + 1} is not JSON`);
    }
    const answer = (row as { answer?: unknown } | null)?.answer;
    if (typeof answer !== 'string') throw new Error(`--replay: ${file}:${i + 1} has no "answer" string`);
    answers.push(answer);
  });
  if (!answers.length) throw new Error(`--replay: ${file} has no answers`);
  return answers;
}
