// The audit runner: checks everything before any work, stores the plan, then sends the pending requests with a
// concurrency limit, a requests-per-minute limit, retries (exponential backoff with jitter, honouring Retry-After)
// and a per-request timeout, storing and analysing each answer the moment it arrives.
import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { readFileSync } from 'node:fs';
import type { Document } from '../document.js';
import type { Store } from '../storage/db.js';
import { analyzerVersion, type AnswerInput } from '../analysis/pipeline.js';
import { cachedAnalyzer, inlineAnalyzer, workerAnalyzer, type Analyzer } from '../analysis/pool.js';
import { CallError, ProbeError, chat, listModels, type ChatReply } from './provider.js';
import { lostUrlSecrets, maskSecrets, maskUrl } from './secrets.js';
import { SUITE_LANGS, SuiteError, loadSuite } from './suite.js';
import {
  OUTCOMES,
  analysisRecord,
  auditWriter,
  claimRun,
  countResults,
  createRun,
  getRunRow,
  pendingRequests,
  releaseRun,
  unanalysedAnswers,
  type Outcome,
  type PendingRequest,
  type RunRow,
  type PlannedRequest,
  type RunConfig,
} from './store.js';

/** A problem found before any work starts: bad suite, unreachable provider, missing key, unknown model. */
export class AuditSetupError extends Error {}

export interface AuditOptions {
  suite: string;
  baseUrl: string;
  models: string[];
  /** NAME of the environment variable that holds the key. */
  apiKeyEnv?: string | null;
  samples?: number;
  concurrency?: number;
  rpm?: number | null;
  timeoutMs?: number;
  retries?: number;
  langs?: string[];
  temperature?: number | null;
  maxTokens?: number | null;
  system?: string | null;
  stream?: boolean;
  runId?: string;
}

/** Settings that may change when a run is resumed. */
export type RunOverrides = Partial<Pick<RunConfig, 'baseUrl' | 'concurrency' | 'rpm' | 'timeoutMs' | 'retries'>>;

export interface Progress {
  total: number;
  done: number;
  failed: number;
  blocked: number;
  retrying: number;
  inFlight: number;
  /** Answers stored and waiting for their verdict. */
  analysing: number;
}

export interface RunHooks {
  onProgress?: (p: Progress) => void;
  /** Aborting stops new requests and cancels those in flight; they stay pending for --resume. */
  signal?: AbortSignal;
  /**
   * Replaces the analysis with a function run on the main thread; null switches analysis off (the benchmark
   * measures the harness alone; answers are then counted as informative).
   */
  analyze?: ((input: AnswerInput) => Document) | null;
  /** Threads that analyse answers (default 1); 0 analyses on the main thread between replies. */
  analysisThreads?: number;
  /** First retry delay; doubles with every attempt. */
  backoffMs?: number;
  /** Also send again the requests whose stored result is `failed` (on resume). */
  retryFailed?: boolean;
}

export interface RunReport {
  runId: string;
  status: 'done' | 'interrupted';
  expected: number;
  results: number;
  sent: number;
  counts: Record<Outcome, number>;
  calls: number;
  tokensIn: number;
  tokensOut: number;
  cost: number | null;
  meanLatencyMs: number;
  wallMs: number;
}

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function positiveInt(name: string, value: number | undefined | null, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 1) throw new AuditSetupError(`${name} must be a whole number of at least 1 (got ${value})`);
  return v;
}

export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `run-${stamp}-${randomBytes(2).toString('hex')}`;
}

/** The key from the variable the user named. Never printed, never stored. */
export function readApiKey(apiKeyEnv: string | null | undefined): string | undefined {
  if (!apiKeyEnv) return undefined;
  const key = process.env[apiKeyEnv];
  if (!key) throw new AuditSetupError(`--api-key-env names the environment variable ${apiKeyEnv}, which is not set (export ${apiKeyEnv}=… first)`);
  return key;
}

/** GET /models: the provider is reachable, accepts the key and offers every model asked for. */
export async function checkProvider(baseUrl: string, apiKey: string | undefined, models: string[], timeoutMs = 10_000): Promise<void> {
  try {
    new URL(baseUrl);
  } catch {
    throw new AuditSetupError(`--base-url "${maskSecrets(baseUrl)}" is not a URL (e.g. http://127.0.0.1:8080/v1)`);
  }
  let offered: string[] | null;
  try {
    offered = await listModels({ baseUrl, apiKey }, timeoutMs);
  } catch (e) {
    throw new AuditSetupError(e instanceof ProbeError ? e.message : String(e));
  }
  if (!offered) return; // the provider does not list models: the first request will tell
  const missing = models.filter((m) => !offered.includes(m));
  if (missing.length) {
    const shown = offered.slice(0, 15).join(', ') + (offered.length > 15 ? `, … (${offered.length} in all)` : '');
    throw new AuditSetupError(`model${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')} not offered by the provider at ${maskUrl(baseUrl)} (it offers: ${shown || 'nothing'})`);
  }
}

/** Checks the options and the suite, then expands the plan: prompts × languages × models × samples. */
export function planAudit(options: AuditOptions): { suite: string; suiteFile: string; langs: string[]; samples: number; config: RunConfig; requests: PlannedRequest[]; warnings: string[] } {
  if (!options.models.length) throw new AuditSetupError('name at least one --model');
  const samples = positiveInt('--samples', options.samples, 1);
  const config: RunConfig = {
    baseUrl: options.baseUrl,
    apiKeyEnv: options.apiKeyEnv ?? null,
    temperature: options.temperature ?? null,
    maxTokens: options.maxTokens ?? null,
    system: options.system ?? null,
    stream: options.stream ?? false,
    concurrency: positiveInt('--concurrency', options.concurrency, 4),
    rpm: options.rpm === undefined || options.rpm === null ? null : positiveInt('--rpm', options.rpm, 1),
    timeoutMs: positiveInt('--timeout', options.timeoutMs, 60_000),
    retries: options.retries ?? 4,
  };
  if (!Number.isInteger(config.retries) || config.retries < 0) throw new AuditSetupError(`--retries must be a whole number of at least 0 (got ${options.retries})`);
  if (config.temperature !== null && !(config.temperature >= 0 && config.temperature <= 2)) throw new AuditSetupError('--temperature must be between 0 and 2');
  const langs = options.langs?.length ? [...new Set(options.langs)] : ['en', 'zh'];
  for (const lang of langs) {
    if (!(SUITE_LANGS as readonly string[]).includes(lang)) throw new AuditSetupError(`--lang ${lang} is not a suite language (use ${SUITE_LANGS.join(', ')})`);
  }
  if (options.runId !== undefined && !RUN_ID.test(options.runId)) throw new AuditSetupError(`--run "${options.runId}": use letters, digits, dots, dashes and underscores`);

  let suite;
  try {
    suite = loadSuite(options.suite);
  } catch (e) {
    throw new AuditSetupError(e instanceof SuiteError ? `bad suite: ${e.message}` : String(e));
  }
  const warnings: string[] = [];
  if (samples > 1 && config.temperature === 0) warnings.push('--samples > 1 at --temperature 0 repeats near-identical answers');
  const requests: PlannedRequest[] = [];
  const untranslated = new Map<string, string[]>();
  for (let sample = 1; sample <= samples; sample++) {
    for (const p of suite.prompts) {
      for (const lang of langs) {
        const text = p.text[lang as keyof typeof p.text];
        if (!text) {
          if (sample === 1) untranslated.set(lang, [...(untranslated.get(lang) ?? []), p.id]);
          continue;
        }
        for (const model of options.models) {
          requests.push({ model, promptId: p.id, topic: p.topic, style: p.style, lang, sample, prompt: text, expects: p.expects });
        }
      }
    }
  }
  // One warning per language, not one per prompt.
  for (const [lang, ids] of untranslated) {
    const shown = ids.slice(0, 3).join(', ') + (ids.length > 3 ? `, … (${ids.length - 3} more)` : '');
    warnings.push(`${ids.length} of ${suite.prompts.length} prompts have no ${lang} text and are skipped in ${lang}: ${shown}`);
  }
  return { suite: suite.suite, suiteFile: suite.file, langs, samples, config, requests, warnings };
}

/** Checks everything, stores the plan, runs it. Throws AuditSetupError before any request when something is wrong. */
export async function startAudit(store: Store, options: AuditOptions, hooks: RunHooks & { onWarning?: (w: string) => void; onStart?: (runId: string, expected: number) => void } = {}): Promise<RunReport> {
  const plan = planAudit(options);
  const apiKey = readApiKey(plan.config.apiKeyEnv);
  const runId = options.runId ?? newRunId();
  if (getRunRow(store, runId)) throw new AuditSetupError(`run "${runId}" already exists in this database; continue it with --resume ${runId}`);
  await checkProvider(plan.config.baseUrl, apiKey, [...new Set(options.models)], Math.min(plan.config.timeoutMs, 10_000));
  for (const w of plan.warnings) hooks.onWarning?.(w);
  try {
    createRun(store, { id: runId, suite: plan.suite, suiteFile: plan.suiteFile, models: [...new Set(options.models)], langs: plan.langs, samples: plan.samples, config: storedConfig(plan.config) }, plan.requests);
  } catch (e) {
    // Another process created the same run between the check above and this insert: its primary key refuses ours.
    if ((e as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) throw new AuditSetupError(`run "${runId}" already exists in this database; continue it with --resume ${runId}`);
    throw e;
  }
  hooks.onStart?.(runId, plan.requests.length);
  return executeRun(store, runId, plan.config, apiKey, hooks);
}

/** Continues a stored run: sends only the requests that have no result yet. */
export async function resumeAudit(store: Store, runId: string, overrides: RunOverrides = {}, hooks: RunHooks & { onStart?: (runId: string, expected: number) => void } = {}): Promise<RunReport> {
  const row = getRunRow(store, runId);
  if (!row) throw new AuditSetupError(`no audit run "${runId}" in this database`);
  const claim = claimRun(store, runId, processAlive);
  if (!claim.claimed) throw new AuditSetupError(`run "${runId}" is already being run by process ${claim.owner}; stop it first or wait for it to end`);
  try {
    return await continueRun(store, runId, row, overrides, hooks);
  } catch (e) {
    releaseRun(store, runId);
    throw e;
  }
}

async function continueRun(store: Store, runId: string, row: RunRow, overrides: RunOverrides, hooks: RunHooks & { onStart?: (runId: string, expected: number) => void }): Promise<RunReport> {
  const stored = JSON.parse(row.config) as RunConfig;
  const config: RunConfig = { ...stored };
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined && v !== null) (config as unknown as Record<string, unknown>)[k] = v;
  if (!overrides.baseUrl && lostUrlSecrets(stored.baseUrl)) {
    throw new AuditSetupError(`run "${runId}" was sent to ${stored.baseUrl}, whose credentials are never stored; give the URL again with --base-url`);
  }
  const apiKey = readApiKey(config.apiKeyEnv);
  const models = JSON.parse(row.models) as string[];
  if (pendingRequests(store, runId, { retryFailed: hooks.retryFailed }).length > 0) {
    await checkProvider(config.baseUrl, apiKey, models, Math.min(config.timeoutMs, 10_000));
  }
  const toStore = JSON.stringify(storedConfig(config));
  if (toStore !== row.config) store.prepare('UPDATE audit_runs SET config = ? WHERE id = ?').run(toStore, runId);
  hooks.onStart?.(runId, row.expected);
  return executeRun(store, runId, config, apiKey, hooks);
}

/** The run's settings as stored: credentials in the base URL are masked (the key itself is never in them). */
function storedConfig(config: RunConfig): RunConfig {
  return { ...config, baseUrl: maskUrl(config.baseUrl) };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A killed process can linger as a zombie until its parent reaps it: it runs nothing any more.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (not Linux): trust the signal check
  }
}

/** Spaces request starts at least 60 000 / rpm ms apart. */
function rateLimiter(rpm: number | null, signal?: AbortSignal): () => Promise<void> {
  if (!rpm) return async () => {};
  const gap = 60_000 / rpm;
  let next = 0;
  return async () => {
    const now = Date.now();
    const at = Math.max(now, next);
    next = at + gap;
    if (at > now) await sleep(at - now, signal);
  };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Talking points the answer asserts in its own voice — what "most echoed" counts. */

export async function executeRun(store: Store, runId: string, config: RunConfig, apiKey: string | undefined, hooks: RunHooks = {}): Promise<RunReport> {
  const started = performance.now();
  const write = auditWriter(store);
  const row = getRunRow(store, runId)!;
  const pending = pendingRequests(store, runId, { retryFailed: hooks.retryFailed });
  const unanalysed = unanalysedAnswers(store, runId);
  const backoffMs = hooks.backoffMs ?? 500;
  const signal = hooks.signal;
  // Every request in flight listens to the run's signal: as many listeners as the concurrency, by design.
  if (signal) setMaxListeners(0, signal);
  const limit = rateLimiter(config.rpm, signal);
  const analyzer: Analyzer | null =
    hooks.analyze === null ? null : cachedAnalyzer(hooks.analyze ? inlineAnalyzer(hooks.analyze) : (hooks.analysisThreads ?? 1) > 0 ? workerAnalyzer(hooks.analysisThreads ?? 1) : inlineAnalyzer());
  const progress: Progress = {
    total: row.expected,
    done: countResults(store, runId) - (hooks.retryFailed ? countFailed(store, runId) : 0),
    failed: 0,
    blocked: 0,
    retrying: 0,
    inFlight: 0,
    analysing: 0,
  };
  const report = () => hooks.onProgress?.({ ...progress });
  write.status(runId, 'running');
  report();

  let calls = 0;
  let sent = 0;
  let next = 0;
  const provider = { baseUrl: config.baseUrl, apiKey };
  const analyses: Promise<void>[] = [];

  const finished = (outcome: Outcome) => {
    progress.done++;
    if (outcome === 'failed') progress.failed++;
    if (outcome === 'provider_blocked') progress.blocked++;
    report();
  };

  /** The answer is already stored; its verdict is added when the analysis comes back. */
  const analyse = (req: PendingRequest, answer: string, reasoning: string | null) => {
    progress.analysing++;
    const job = analyzer!
      .analyze({ id: `${runId}/${req.id}`, prompt: req.prompt, answer, reasoning: reasoning ?? undefined, model: req.model, lang: req.lang })
      .then(
        (doc) => ({ doc, error: null }),
        (e: unknown) => ({ doc: null, error: `analysis failed: ${e instanceof Error ? e.message : String(e)}` }),
      )
      .then(({ doc, error }) => {
        progress.analysing--;
        if (signal?.aborted && !doc) return; // stopped: stays unanalysed for --resume
        const record = doc
          ? analysisRecord(req.id, doc, analyzerVersion())
          : { request: req.id, outcome: 'failed' as const, verdict: null, reason: null, findings: null, talkingPoints: null, document: null, error, analyzer: null };
        const outcome = record.outcome;
        write.analysed(record);
        finished(outcome);
      });
    analyses.push(job);
  };

  const handle = async (req: PendingRequest) => {
    let reply: ChatReply | null = null;
    let lastError: CallError | null = null;
    let attempts = 0;
    progress.inFlight++;
    for (let attempt = 1; attempt <= config.retries + 1; attempt++) {
      await limit();
      if (signal?.aborted) break;
      attempts = attempt;
      calls++;
      const startedAt = new Date().toISOString();
      const t0 = performance.now();
      try {
        reply = await chat(provider, {
          model: req.model,
          prompt: req.prompt,
          system: config.system,
          temperature: config.temperature,
          maxTokens: config.maxTokens,
          stream: config.stream,
          timeoutMs: config.timeoutMs,
          signal,
        });
        write.call({ request: req.id, attempt, startedAt, httpStatus: reply.httpStatus, route: reply.route, latencyMs: reply.latencyMs, error: reply.blockReason, retryAfterMs: null });
        break;
      } catch (e) {
        lastError = e instanceof CallError ? e : new CallError(String(e), null, false);
        if (signal?.aborted) break;
        write.call({ request: req.id, attempt, startedAt, httpStatus: lastError.status, route: lastError.route, latencyMs: performance.now() - t0, error: lastError.message, retryAfterMs: lastError.retryAfterMs });
        if (!lastError.retryable || attempt > config.retries) break;
        // Exponential backoff with jitter; a Retry-After from the provider is a floor, never shortened.
        const backoff = Math.min(backoffMs * 2 ** (attempt - 1), 30_000) * (0.5 + Math.random() / 2);
        const delay = lastError.retryAfterMs !== null ? Math.max(lastError.retryAfterMs, backoff / 4) : backoff;
        progress.retrying++;
        report();
        await sleep(delay, signal);
        progress.retrying--;
      }
    }
    progress.inFlight--;
    if (signal?.aborted && !reply) return report(); // cancelled: stays pending for --resume

    let outcome: Outcome | null = null;
    let error: string | null = null;
    if (reply?.blockReason) outcome = 'provider_blocked';
    else if (reply && !reply.answer) {
      outcome = 'failed';
      error = `no answer (finish_reason ${reply.finishReason ?? 'none'}): the token limit was spent before any answer`;
    } else if (!reply) {
      outcome = 'failed';
      error = lastError?.message ?? 'no reply';
    } else if (!analyzer) outcome = 'informative'; // analysis switched off (benchmarks of the harness alone)
    write.result({
      request: req.id,
      run: runId,
      outcome,
      verdict: null,
      reason: reply?.blockReason ?? null,
      answer: reply?.answer ?? null,
      reasoning: reply?.reasoning ?? null,
      findings: null,
      talkingPoints: null,
      document: null,
      finishReason: reply?.finishReason ?? null,
      httpStatus: reply?.httpStatus ?? lastError?.status ?? null,
      route: reply?.route ?? lastError?.route ?? null,
      latencyMs: reply?.latencyMs ?? null,
      tokensIn: reply?.tokensIn ?? null,
      tokensOut: reply?.tokensOut ?? null,
      cost: reply?.cost ?? null,
      attempts,
      error,
    });
    sent++;
    if (outcome) finished(outcome);
    else analyse(req, reply!.answer, reply!.reasoning);
  };

  try {
    if (analyzer) for (const u of unanalysed) analyse(u, u.answer, u.reasoning);
    const worker = async () => {
      while (next < pending.length && !signal?.aborted) await handle(pending[next++]);
    };
    await Promise.all(Array.from({ length: Math.min(config.concurrency, Math.max(1, pending.length)) }, worker));
    if (signal?.aborted) await Promise.race([Promise.all(analyses), new Promise((r) => setTimeout(r, 2000))]);
    else await Promise.all(analyses);
  } finally {
    write.flush();
    await analyzer?.close();
  }

  const totals = store
    .prepare(
      `SELECT COUNT(*) AS results, SUM(tokens_in) AS tokensIn, SUM(tokens_out) AS tokensOut, SUM(cost) AS cost, AVG(latency_ms) AS meanLatencyMs
       FROM audit_results WHERE run = ? AND outcome IS NOT NULL`,
    )
    .get(runId) as { results: number; tokensIn: number | null; tokensOut: number | null; cost: number | null; meanLatencyMs: number | null };
  const counts = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  for (const c of store.prepare('SELECT outcome, COUNT(*) AS n FROM audit_results WHERE run = ? AND outcome IS NOT NULL GROUP BY outcome').all(runId) as { outcome: Outcome; n: number }[]) counts[c.outcome] = c.n;
  const status = totals.results >= row.expected ? 'done' : 'interrupted';
  write.status(runId, status);
  return {
    runId,
    status,
    expected: row.expected,
    results: totals.results,
    sent,
    counts,
    calls,
    tokensIn: totals.tokensIn ?? 0,
    tokensOut: totals.tokensOut ?? 0,
    cost: totals.cost,
    meanLatencyMs: totals.meanLatencyMs ?? 0,
    wallMs: performance.now() - started,
  };
}

function countFailed(store: Store, runId: string): number {
  return (store.prepare("SELECT COUNT(*) AS n FROM audit_results WHERE run = ? AND outcome = 'failed'").get(runId) as { n: number }).n;
}
