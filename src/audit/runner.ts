// The audit runner: checks everything before any work, stores the plan, then sends the pending requests with a
// concurrency limit, a requests-per-minute limit, retries (exponential backoff with jitter, honouring Retry-After)
// and a per-request timeout, storing and analysing each answer the moment it arrives.
import { createHash, randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Document } from '../document.js';
import { isUniqueViolation, type Sql } from '../storage/sql.js';
import { analyzerVersion, type AnswerInput } from '../analysis/pipeline.js';
import { cachedAnalyzer, inlineAnalyzer, workerAnalyzer, type Analyzer } from '../analysis/pool.js';
import { CallError, ProbeError, chat, listModels, type ChatReply, type ProviderOptions } from './provider.js';
import { ConfigError, expandHeaders, headerSecrets, type ProviderSpec } from './config.js';
import { lostUrlSecrets, maskSecrets, maskUrl } from '../secrets.js';
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
  responseCache,
  runProviders,
  unanalysedAnswers,
  type Outcome,
  type PendingRequest,
  type RunRow,
  type PlannedRequest,
  type RunConfig,
  type CallRecord,
  type ResultRecord,
} from './store.js';

/** A problem found before any work starts: bad suite, unreachable provider, missing key, unknown model. */
export class AuditSetupError extends Error {}

export interface AuditOptions {
  suite: string;
  /** Several providers, each with its models (from a config file)… */
  providers?: ProviderSpec[];
  /** …or one, from the command line. */
  baseUrl?: string;
  models?: string[];
  /** NAME of the environment variable that holds the key. */
  apiKeyEnv?: string | null;
  concurrency?: number;
  rpm?: number | null;
  /** Only prompts on these topics / with one of these tags; then at most `limit` prompts. */
  topics?: string[];
  tags?: string[];
  limit?: number;
  samples?: number;
  /** Re-use stored answers to identical requests. */
  cache?: boolean;
  timeoutMs?: number;
  retries?: number;
  langs?: string[];
  temperature?: number | null;
  maxTokens?: number | null;
  system?: string | null;
  stream?: boolean;
  runId?: string;
}

/**
 * Settings that may change when a run is resumed: `baseUrl`, `concurrency` and `rpm` apply to a run's only provider
 * (concurrency and rpm to every provider of a run with several); `providers` (from the config file again) give each
 * provider of the run, by id, its URL, headers, body fields and limits.
 */
export interface RunOverrides {
  baseUrl?: string;
  concurrency?: number;
  rpm?: number | null;
  timeoutMs?: number;
  retries?: number;
  providers?: ProviderSpec[];
  cache?: boolean;
}

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
  /**
   * Threads that analyse answers while requests go on (default: one fewer than the cores, one to four); 0 analyses
   * on the main thread alone, between replies. See defaultAnalysisThreads.
   */
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
  /** Answers re-used from the response cache instead of asked again. */
  fromCache: number;
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
export function readApiKey(apiKeyEnv: string | null | undefined, origin = '--api-key-env'): string | undefined {
  if (!apiKeyEnv) return undefined;
  const key = process.env[apiKeyEnv];
  if (!key) throw new AuditSetupError(`${origin} names the environment variable ${apiKeyEnv}, which is not set (export ${apiKeyEnv}=… first)`);
  return key;
}

/** How to reach a provider: its key and header values read from the environment now, never stored. */
export function connect(p: ProviderSpec): ProviderOptions {
  const flags = p.id === 'default'; // the single provider of a command-line audit
  try {
    return { baseUrl: p.baseUrl, apiKey: readApiKey(p.apiKeyEnv, flags ? '--api-key-env' : 'apiKeyEnv'), headers: expandHeaders(p.headers), headerSecrets: headerSecrets(p.headers), body: p.body, maxTokensField: p.maxTokensField };
  } catch (e) {
    if (e instanceof ConfigError || e instanceof AuditSetupError) throw new AuditSetupError(flags ? e.message : `provider "${p.id}": ${e.message}`);
    throw e;
  }
}

/** GET /models: the provider is reachable, accepts the key and offers every model asked for. */
export async function checkProvider(connection: ProviderOptions, models: string[], timeoutMs = 10_000): Promise<void> {
  const baseUrl = connection.baseUrl;
  try {
    new URL(baseUrl);
  } catch {
    throw new AuditSetupError(`--base-url "${maskSecrets(baseUrl)}" is not a URL (e.g. http://127.0.0.1:8080/v1)`);
  }
  let offered: string[] | null;
  try {
    offered = await listModels(connection, timeoutMs);
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

/** The single provider of a command-line audit. */
function flagProvider(options: AuditOptions): ProviderSpec {
  if (!options.models?.length) throw new AuditSetupError('name at least one --model');
  return {
    id: 'default',
    baseUrl: options.baseUrl ?? '',
    apiKeyEnv: options.apiKeyEnv ?? null,
    models: [...new Set(options.models)].map((m) => ({ label: m, name: m, price: null })),
    concurrency: positiveInt('--concurrency', options.concurrency, 4),
    rpm: options.rpm === undefined || options.rpm === null ? null : positiveInt('--rpm', options.rpm, 1),
    headers: {},
    body: {},
    maxTokensField: 'max_tokens',
  };
}

export interface AuditPlan {
  suite: string;
  suiteFile: string;
  langs: string[];
  samples: number;
  models: string[];
  config: RunConfig;
  requests: PlannedRequest[];
  warnings: string[];
}

/** Checks the options and the suite, then expands the plan: prompts × languages × models × samples. */
export function planAudit(options: AuditOptions): AuditPlan {
  const providers = options.providers ?? [flagProvider(options)];
  const models = providers.flatMap((p) => p.models.map((m) => m.label));
  if (!models.length) throw new AuditSetupError('name at least one --model');
  const samples = positiveInt('--samples', options.samples, 1);
  const config: RunConfig = {
    providers,
    temperature: options.temperature ?? null,
    maxTokens: options.maxTokens ?? null,
    system: options.system ?? null,
    stream: options.stream ?? false,
    timeoutMs: positiveInt('--timeout', options.timeoutMs, 60_000),
    retries: options.retries ?? 4,
    cache: options.cache ?? false,
  };
  if (!Number.isInteger(config.retries) || config.retries < 0) throw new AuditSetupError(`--retries must be a whole number of at least 0 (got ${options.retries})`);
  if (config.temperature !== null && !(config.temperature >= 0 && config.temperature <= 2)) throw new AuditSetupError('--temperature must be between 0 and 2');
  const langs = options.langs?.length ? [...new Set(options.langs)] : ['en', 'zh'];
  for (const lang of langs) {
    if (!(SUITE_LANGS as readonly string[]).includes(lang)) throw new AuditSetupError(`--lang ${lang} is not a suite language (use ${SUITE_LANGS.join(', ')})`);
  }
  if (options.runId !== undefined && !RUN_ID.test(options.runId)) throw new AuditSetupError(`--run "${options.runId}": use letters, digits, dots, dashes and underscores`);
  if (options.limit !== undefined) positiveInt('--limit', options.limit, 1);

  let suite;
  try {
    suite = loadSuite(options.suite);
  } catch (e) {
    throw new AuditSetupError(e instanceof SuiteError ? `bad suite: ${e.message}` : String(e));
  }
  const prompts = selectPrompts(suite.prompts, options);
  const warnings: string[] = [];
  if (samples > 1 && config.temperature === 0) warnings.push('--samples > 1 at --temperature 0 repeats near-identical answers');
  const requests: PlannedRequest[] = [];
  const untranslated = new Map<string, string[]>();
  for (let sample = 1; sample <= samples; sample++) {
    for (const p of prompts) {
      for (const lang of langs) {
        const text = p.text[lang as keyof typeof p.text];
        if (!text) {
          if (sample === 1) untranslated.set(lang, [...(untranslated.get(lang) ?? []), p.id]);
          continue;
        }
        for (const model of models) {
          requests.push({ model, promptId: p.id, topic: p.topic, style: p.style, lang, sample, prompt: text, expects: p.expects });
        }
      }
    }
  }
  // One warning per language, not one per prompt.
  for (const [lang, ids] of untranslated) {
    const shown = ids.slice(0, 3).join(', ') + (ids.length > 3 ? `, … (${ids.length - 3} more)` : '');
    warnings.push(`${ids.length} of ${prompts.length} prompts have no ${lang} text and are skipped in ${lang}: ${shown}`);
  }
  return { suite: suite.suite, suiteFile: suite.file, langs, samples, models, config, requests, warnings };
}

/** The suite's prompts on the topics and with the tags asked for, at most `limit` of them, in suite order. */
function selectPrompts<P extends { topic: string; tags: string[] }>(prompts: P[], options: Pick<AuditOptions, 'topics' | 'tags' | 'limit'>): P[] {
  const known = new Set(prompts.map((p) => p.topic));
  const unknown = (options.topics ?? []).filter((t) => !known.has(t));
  if (unknown.length) throw new AuditSetupError(`topic${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} not in the suite (it has: ${[...known].join(', ')})`);
  let chosen = prompts;
  if (options.topics?.length) chosen = chosen.filter((p) => options.topics!.includes(p.topic));
  if (options.tags?.length) chosen = chosen.filter((p) => p.tags.some((t) => options.tags!.includes(t)));
  if (!chosen.length) throw new AuditSetupError('no prompt of the suite matches the topic and tag filters');
  return options.limit ? chosen.slice(0, options.limit) : chosen;
}

/** Checks everything and stores the plan: either the whole plan is stored or none. Nothing is sent yet. */
export async function createAuditRun(
  store: Sql,
  options: AuditOptions,
  hooks: { onWarning?: (w: string) => void } = {},
  extra: Partial<RunConfig> = {},
): Promise<{ runId: string; config: RunConfig; connections: ProviderOptions[]; expected: number }> {
  const plan = planAudit(options);
  const providers = plan.config.providers!;
  const connections = providers.map(connect);
  const runId = options.runId ?? newRunId();
  if (await getRunRow(store, runId)) throw new AuditSetupError(`run "${runId}" already exists in this database; continue it with --resume ${runId}`);
  await checkProviders(providers, connections, plan.config.timeoutMs);
  for (const w of plan.warnings) hooks.onWarning?.(w);
  const config = { ...plan.config, ...extra };
  try {
    await createRun(store, { id: runId, suite: plan.suite, suiteFile: plan.suiteFile, models: plan.models, langs: plan.langs, samples: plan.samples, config: storedConfig(config) }, plan.requests);
  } catch (e) {
    // Another process created the same run between the check above and this insert: its primary key refuses ours.
    if (isUniqueViolation(e)) throw new AuditSetupError(`run "${runId}" already exists in this database; continue it with --resume ${runId}`);
    throw e;
  }
  return { runId, config, connections, expected: plan.requests.length };
}

/** Checks everything, stores the plan, runs it. Throws AuditSetupError before any request when something is wrong. */
export async function startAudit(store: Sql, options: AuditOptions, hooks: RunHooks & { onWarning?: (w: string) => void; onStart?: (runId: string, expected: number) => void } = {}): Promise<RunReport> {
  const { runId, config, connections, expected } = await createAuditRun(store, options, hooks);
  hooks.onStart?.(runId, expected);
  return executeRun(store, runId, config, connections, hooks);
}

/** Every provider reachable, accepting its key and offering its models; all checked at once. */
async function checkProviders(providers: ProviderSpec[], connections: ProviderOptions[], timeoutMs: number): Promise<void> {
  const checks = await Promise.allSettled(providers.map((p, i) => checkProvider(connections[i], [...new Set(p.models.map((m) => m.name))], Math.min(timeoutMs, 10_000))));
  const problems = checks.flatMap((c, i) => (c.status === 'rejected' ? [providers.length > 1 ? `provider "${providers[i].id}": ${(c.reason as Error).message}` : (c.reason as Error).message] : []));
  if (problems.length) throw new AuditSetupError(problems.join('\n'));
}

/** Continues a stored run: sends only the requests that have no result yet. */
export async function resumeAudit(store: Sql, runId: string, overrides: RunOverrides = {}, hooks: RunHooks & { onStart?: (runId: string, expected: number) => void } = {}): Promise<RunReport> {
  const row = await getRunRow(store, runId);
  if (!row) throw new AuditSetupError(`no audit run "${runId}" in this database`);
  const claim = await claimRun(store, runId, processAlive);
  if (!claim.claimed) throw new AuditSetupError(`run "${runId}" is already being run by ${claim.owner ? `process ${claim.owner}` : 'another process'}; stop it first or wait for it to end`);
  try {
    return await continueRun(store, runId, row, overrides, hooks);
  } catch (e) {
    await releaseRun(store, runId);
    throw e;
  } finally {
    await claim.release();
  }
}

async function continueRun(store: Sql, runId: string, row: RunRow, overrides: RunOverrides, hooks: RunHooks & { onStart?: (runId: string, expected: number) => void }): Promise<RunReport> {
  const stored = JSON.parse(row.config) as RunConfig;
  const models = JSON.parse(row.models) as string[];
  let providers = runProviders(stored, models);
  if (overrides.providers) {
    const given = new Map(overrides.providers.map((p) => [p.id, p]));
    const missing = providers.filter((p) => !given.has(p.id)).map((p) => p.id);
    if (missing.length) throw new AuditSetupError(`the config has no provider ${missing.map((m) => `"${m}"`).join(', ')} of run "${runId}"`);
    // The run's models stay as planned; where and how they are sent comes from the config.
    providers = providers.map((p) => ({ ...given.get(p.id)!, models: p.models }));
  }
  if (overrides.baseUrl) {
    if (providers.length !== 1) throw new AuditSetupError(`run "${runId}" has ${providers.length} providers: give their URLs with --config, not --base-url`);
    providers = [{ ...providers[0], baseUrl: overrides.baseUrl }];
  }
  if (overrides.concurrency !== undefined) providers = providers.map((p) => ({ ...p, concurrency: positiveInt('--concurrency', overrides.concurrency, 4) }));
  if (overrides.rpm !== undefined && overrides.rpm !== null) providers = providers.map((p) => ({ ...p, rpm: positiveInt('--rpm', overrides.rpm, 1) }));
  const lost = providers.filter((p) => lostUrlSecrets(p.baseUrl));
  if (lost.length) {
    const how = providers.length === 1 && stored.baseUrl ? '--base-url' : providers.length === 1 ? '--base-url (or --config)' : '--config';
    throw new AuditSetupError(`run "${runId}" was sent to ${lost.map((p) => p.baseUrl).join(', ')}, whose credentials are never stored; give the URL again with ${how}`);
  }
  const { baseUrl: _b, apiKeyEnv: _k, concurrency: _c, rpm: _r, ...rest } = stored;
  const config: RunConfig = { ...rest, providers };
  if (overrides.timeoutMs !== undefined) config.timeoutMs = overrides.timeoutMs;
  if (overrides.retries !== undefined) config.retries = overrides.retries;
  if (overrides.cache !== undefined) config.cache = overrides.cache;
  const connections = providers.map(connect);
  if ((await pendingRequests(store, runId, { retryFailed: hooks.retryFailed })).length > 0) await checkProviders(providers, connections, config.timeoutMs);
  const toStore = JSON.stringify(storedConfig(config));
  if (toStore !== row.config) await store.run('UPDATE audit_runs SET config = ? WHERE id = ?', [toStore, runId]);
  hooks.onStart?.(runId, row.expected);
  return executeRun(store, runId, config, connections, hooks);
}

/** The run's settings as stored: credentials in the base URL are masked (the key itself is never in them). */
function storedConfig(config: RunConfig): RunConfig {
  return { ...config, providers: config.providers?.map((p) => ({ ...p, baseUrl: maskUrl(p.baseUrl) })) };
}

/** The response cache key: everything that was sent, the provider's URL without credentials, and the sample number. */
export function cacheKey(p: ProviderSpec, model: string, config: RunConfig, req: { prompt: string; sample: number }): string {
  const sent = [maskUrl(p.baseUrl), model, config.system, req.prompt, config.temperature, config.maxTokens, p.maxTokensField, p.body, req.sample];
  return createHash('sha256').update(JSON.stringify(sent)).digest('hex');
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

/** What asking a provider came to: its reply, or the last error when every attempt failed. */
export interface Asked {
  reply: ChatReply | null;
  lastError: CallError | null;
  attempts: number;
}

export interface AskHooks {
  signal?: AbortSignal;
  backoffMs: number;
  /** Waits for the provider's rate limit and a free slot; returns what gives the slot back. */
  limit: () => Promise<() => void | Promise<void>>;
  /** Every HTTP call, including the failed ones. */
  onCall: (c: Omit<CallRecord, 'request'>) => void;
  onRetrying?: (waiting: boolean) => void;
  /** A provider asked to wait (429 with Retry-After): the fleet's runners slow down too. */
  onRetryAfter?: (ms: number) => void | Promise<void>;
}

/**
 * Sends one prompt with retries: exponential backoff with jitter, a Retry-After from the provider as a floor, never
 * shortened. Shared by the runner and the fleet's workers.
 */
export async function askProvider(route: { connection: ProviderOptions; name: string }, config: RunConfig, prompt: string, hooks: AskHooks): Promise<Asked> {
  const { signal } = hooks;
  let reply: ChatReply | null = null;
  let lastError: CallError | null = null;
  let attempts = 0;
  for (let attempt = 1; !reply && attempt <= config.retries + 1; attempt++) {
    const slot = await hooks.limit();
    let held = true;
    const release = async () => {
      if (held) await slot();
      held = false;
    };
    if (signal?.aborted) {
      await release();
      break;
    }
    attempts = attempt;
    const startedAt = new Date().toISOString();
    const t0 = performance.now();
    try {
      reply = await chat(route.connection, {
        model: route.name,
        prompt,
        system: config.system,
        temperature: config.temperature,
        maxTokens: config.maxTokens,
        stream: config.stream,
        timeoutMs: config.timeoutMs,
        signal,
      });
      hooks.onCall({ attempt, startedAt, httpStatus: reply.httpStatus, route: reply.route, latencyMs: reply.latencyMs, error: reply.blockReason, retryAfterMs: null });
      break;
    } catch (e) {
      lastError = e instanceof CallError ? e : new CallError(String(e), null, false);
      if (signal?.aborted) break;
      hooks.onCall({ attempt, startedAt, httpStatus: lastError.status, route: lastError.route, latencyMs: performance.now() - t0, error: lastError.message, retryAfterMs: lastError.retryAfterMs });
      // The slot is not held while waiting to retry.
      await release();
      if (lastError.retryAfterMs !== null) await hooks.onRetryAfter?.(lastError.retryAfterMs);
      if (!lastError.retryable || attempt > config.retries) break;
      const backoff = Math.min(hooks.backoffMs * 2 ** (attempt - 1), 30_000) * (0.5 + Math.random() / 2);
      const delay = lastError.retryAfterMs !== null ? Math.max(lastError.retryAfterMs, backoff / 4) : backoff;
      hooks.onRetrying?.(true);
      await sleep(delay, signal);
      hooks.onRetrying?.(false);
    } finally {
      await release();
    }
  }
  return { reply, lastError, attempts };
}

/**
 * The stored result of a request from what the provider said: a provider block, a failure, or an answer whose outcome
 * is left open until its analysis comes back (`informative` at once when analysis is off).
 */
export function replyRecord(runId: string, request: number, { reply, lastError, attempts }: Asked, cached: boolean, analysing: boolean): ResultRecord {
  let outcome: Outcome | null = null;
  let error: string | null = null;
  if (reply?.blockReason) outcome = 'provider_blocked';
  else if (reply && !reply.answer) {
    outcome = 'failed';
    error = `no answer (finish_reason ${reply.finishReason ?? 'none'}): the token limit was spent before any answer`;
  } else if (!reply) {
    outcome = 'failed';
    error = lastError?.message ?? 'no reply';
  } else if (!analysing) outcome = 'informative'; // analysis switched off (benchmarks of the harness alone)
  return {
    request,
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
    latencyMs: cached ? null : (reply?.latencyMs ?? null),
    tokensIn: reply?.tokensIn ?? null,
    tokensOut: reply?.tokensOut ?? null,
    cost: reply?.cost ?? null,
    attempts,
    error,
  };
}

/**
 * Analysis threads for an audit by default: one fewer than the cores (the main thread sends the requests and stores
 * the results), at least one and at most four, as `analyze --jobs auto` uses at most four (each thread holds and
 * compiles its own copy of the knowledge). The main thread does not analyse beside them: besides the threads, it
 * would compile the knowledge and warm V8 up once more, on a core the threads and the requests already use. Measured
 * on 2 cores with 2,000 real-sized answers, each audit in a fresh process (as bench/audit-once.mjs runs it), medians
 * of 4: 4.1 s with one thread alone, 4.8 s with the main thread helping it (the code before, 91f4a2f); two threads
 * 5.0 s. More than two cores was not measured here.
 */
export function defaultAnalysisThreads(cores = availableParallelism()): number {
  return Math.min(4, Math.max(1, cores - 1));
}

/** The analysis of an audit: `threads` worker threads, or the main thread between replies when 0. */
function analysisOn(threads: number): Analyzer {
  return threads > 0 ? workerAnalyzer(threads) : inlineAnalyzer();
}

/** `connections[i]` reaches `config.providers[i]`. */
export async function executeRun(store: Sql, runId: string, config: RunConfig, connections: ProviderOptions[], hooks: RunHooks = {}): Promise<RunReport> {
  const started = performance.now();
  const write = auditWriter(store);
  const row = (await getRunRow(store, runId))!;
  const pending = await pendingRequests(store, runId, { retryFailed: hooks.retryFailed });
  const unanalysed = await unanalysedAnswers(store, runId);
  const backoffMs = hooks.backoffMs ?? 500;
  const signal = hooks.signal;
  // Every request in flight listens to the run's signal: as many listeners as the concurrency, by design.
  if (signal) setMaxListeners(0, signal);
  const providers = config.providers ?? [];
  // Each model label leads to its provider, the name that provider knows it by, and that provider's rate limit.
  const routes = new Map<string, { spec: ProviderSpec; connection: ProviderOptions; name: string; limit: () => Promise<void> }>();
  providers.forEach((spec, i) => {
    const limit = rateLimiter(spec.rpm, signal);
    for (const m of spec.models) routes.set(m.label, { spec, connection: connections[i], name: m.name, limit });
  });
  const cache = config.cache ? responseCache(store) : null;
  let fromCache = 0;
  const progress: Progress = {
    total: row.expected,
    done: (await countResults(store, runId)) - (hooks.retryFailed ? await countFailed(store, runId) : 0),
    failed: 0,
    blocked: 0,
    retrying: 0,
    inFlight: 0,
    analysing: 0,
  };
  const report = () => hooks.onProgress?.({ ...progress });
  await write.status(runId, 'running');
  report();
  // Made after the last await before the try below, whose finally closes it: threads started earlier would be left
  // running if a query failed.
  const analyzer: Analyzer | null =
    hooks.analyze === null ? null : cachedAnalyzer(hooks.analyze ? inlineAnalyzer(hooks.analyze) : analysisOn(hooks.analysisThreads ?? defaultAnalysisThreads()));

  let calls = 0;
  let sent = 0;
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
    const route = routes.get(req.model);
    const key = cache && route ? cacheKey(route.spec, route.name, config, req) : null;
    const cached = key ? await cache!.get(key) : null;
    let asked: Asked;
    if (cached) {
      // Answered before with exactly this request: no call, no cost; attempts 0 marks the re-used answer.
      asked = { reply: { ...cached, latencyMs: 0, cost: 0 }, lastError: null, attempts: 0 };
      fromCache++;
    } else if (!route) asked = { reply: null, lastError: new CallError(`no provider of this run serves model "${req.model}"`, null, false), attempts: 0 };
    progress.inFlight++;
    if (!cached && route) {
      asked = await askProvider(route, config, req.prompt, {
        signal,
        backoffMs,
        limit: async () => {
          await route.limit();
          return () => undefined;
        },
        onCall: (c: Omit<CallRecord, 'request'>) => {
          calls++;
          write.call({ request: req.id, ...c });
        },
        onRetrying: (on) => {
          progress.retrying += on ? 1 : -1;
          report();
        },
      });
      if (key && asked.reply && (asked.reply.answer || asked.reply.blockReason)) write.cache(key, asked.reply);
    }
    progress.inFlight--;
    const { reply } = asked!;
    if (signal?.aborted && !reply) return report(); // cancelled: stays pending for --resume
    const record = replyRecord(runId, req.id, asked!, Boolean(cached), analyzer !== null);
    write.result(record);
    sent++;
    if (record.outcome) finished(record.outcome);
    else analyse(req, reply!.answer, reply!.reasoning);
  };

  try {
    if (analyzer) for (const u of unanalysed) analyse(u, u.answer, u.reasoning);
    // One pool of workers per provider, as many as its concurrency: a slow provider never holds up the others.
    const queues = new Map<ProviderSpec | null, PendingRequest[]>();
    for (const req of pending) {
      const spec = routes.get(req.model)?.spec ?? null;
      const queue = queues.get(spec);
      if (queue) queue.push(req);
      else queues.set(spec, [req]);
    }
    const pools = [...queues].map(([spec, queue]) => {
      let next = 0;
      const worker = async () => {
        while (next < queue.length && !signal?.aborted) await handle(queue[next++]);
      };
      return Promise.all(Array.from({ length: Math.min(spec?.concurrency ?? 1, Math.max(1, queue.length)) }, worker));
    });
    await Promise.all(pools);
    if (signal?.aborted) await Promise.race([Promise.all(analyses), new Promise((r) => setTimeout(r, 2000))]);
    else await Promise.all(analyses);
  } finally {
    await write.flush();
    await analyzer?.close();
  }

  const totals = (await store.get<{ results: number; tokensIn: number | null; tokensOut: number | null; cost: number | null; meanLatencyMs: number | null }>(
      `SELECT COUNT(*) AS results, SUM(tokens_in) AS tokensIn, SUM(tokens_out) AS tokensOut, SUM(cost) AS cost, AVG(latency_ms) AS meanLatencyMs
       FROM audit_results WHERE run = ? AND outcome IS NOT NULL`,
      [runId],
    ))!;
  const counts = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  for (const c of await store.all<{ outcome: Outcome; n: number }>('SELECT outcome, COUNT(*) AS n FROM audit_results WHERE run = ? AND outcome IS NOT NULL GROUP BY outcome', [runId])) counts[c.outcome] = c.n;
  const status = totals.results >= row.expected ? 'done' : 'interrupted';
  await write.status(runId, status);
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
    fromCache,
  };
}

async function countFailed(store: Sql, runId: string): Promise<number> {
  return (await store.get<{ n: number }>("SELECT COUNT(*) AS n FROM audit_results WHERE run = ? AND outcome = 'failed'", [runId]))!.n;
}
