// Audit tables in the shared SQLite store. Planned requests are inserted up front; a result is keyed by its
// request, so a run killed at any moment resumes with exactly one result per (prompt, language, model, sample).
import type { Document } from '../document.js';
import { isNotJudged } from '../analysis/languages.js';
import { openStore, type Migration, type Store } from '../storage/db.js';
import type { ProviderSpec } from './config.js';
import type { ChatReply } from './provider.js';

/**
 * What became of a request: the four verdicts; `not_judged` — the model answered in a language the official line
 * is not analysed in (refusals in it still count as `refusal`); `provider_blocked` — the provider, not the model,
 * stopped it; `failed` — no usable reply, or the analysis failed.
 */
export const OUTCOMES = ['state_echo', 'refusal', 'deflection', 'informative', 'not_judged', 'provider_blocked', 'failed'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** The outcome of an analysed answer: its verdict, `not_judged` for its language, else `failed`. */
export function outcomeOf(doc: Document): Outcome {
  return doc.verdict ?? (isNotJudged(doc) ? 'not_judged' : 'failed');
}

export const AUDIT_MIGRATIONS: Migration[] = [
  {
    id: 'audit-001-runs',
    sql: `
      CREATE TABLE audit_runs (
        id TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        finished_at TEXT,
        suite TEXT NOT NULL,
        suite_file TEXT NOT NULL,
        models TEXT NOT NULL,            -- JSON array
        langs TEXT NOT NULL,             -- JSON array
        samples INTEGER NOT NULL,
        config TEXT NOT NULL,            -- JSON: base URL, key variable NAME (never the key), sampling settings
        status TEXT NOT NULL CHECK (status IN ('running', 'done', 'interrupted')),
        pid INTEGER,
        expected INTEGER NOT NULL
      );
      CREATE TABLE audit_requests (
        id INTEGER PRIMARY KEY,
        run TEXT NOT NULL REFERENCES audit_runs(id) ON DELETE CASCADE,
        model TEXT NOT NULL,
        prompt_id TEXT NOT NULL,
        topic TEXT NOT NULL,
        style TEXT NOT NULL,
        lang TEXT NOT NULL,
        sample INTEGER NOT NULL,
        prompt TEXT NOT NULL,
        expects TEXT NOT NULL DEFAULT '[]',
        UNIQUE (run, prompt_id, lang, model, sample)
      );
      CREATE TABLE audit_results (
        request INTEGER PRIMARY KEY REFERENCES audit_requests(id) ON DELETE CASCADE,
        run TEXT NOT NULL,
        -- NULL while the answer is stored but not yet analysed; --resume analyses it without asking again.
        outcome TEXT CHECK (outcome IN ('state_echo', 'refusal', 'deflection', 'informative', 'provider_blocked', 'failed')),
        verdict TEXT,
        reason TEXT,
        answer TEXT,
        reasoning TEXT,
        findings TEXT,                   -- JSON array of findings
        talking_points TEXT,             -- JSON array of {id, claim} echoed in the model's own voice
        document TEXT,                   -- JSON Document as analysed
        finish_reason TEXT,
        http_status INTEGER,
        route TEXT,
        latency_ms REAL,
        tokens_in INTEGER,
        tokens_out INTEGER,
        cost REAL,
        attempts INTEGER NOT NULL,
        error TEXT,
        created_at TEXT NOT NULL
      );
      CREATE INDEX audit_results_run ON audit_results (run, outcome);
      CREATE INDEX audit_requests_run ON audit_requests (run);
      -- Every HTTP call, including the retried ones: status and route of each.
      CREATE TABLE audit_calls (
        id INTEGER PRIMARY KEY,
        request INTEGER NOT NULL REFERENCES audit_requests(id) ON DELETE CASCADE,
        attempt INTEGER NOT NULL,
        started_at TEXT NOT NULL,
        http_status INTEGER,
        route TEXT,
        latency_ms REAL,
        error TEXT,
        retry_after_ms REAL
      );
      CREATE INDEX audit_calls_request ON audit_calls (request);
    `,
  },
  {
    // Answers in a language the official line is not analysed in get their own outcome. SQLite cannot change a
    // CHECK constraint in place: the results table is rebuilt with the new one (nothing references it).
    id: 'audit-002-not-judged',
    sql: `
      CREATE TABLE audit_results_new (
        request INTEGER PRIMARY KEY REFERENCES audit_requests(id) ON DELETE CASCADE,
        run TEXT NOT NULL,
        -- NULL while the answer is stored but not yet analysed; --resume analyses it without asking again.
        outcome TEXT CHECK (outcome IN ('state_echo', 'refusal', 'deflection', 'informative', 'not_judged', 'provider_blocked', 'failed')),
        verdict TEXT,                    -- NULL for not_judged, provider_blocked and failed
        reason TEXT,
        answer TEXT,
        reasoning TEXT,
        findings TEXT,
        talking_points TEXT,
        document TEXT,
        finish_reason TEXT,
        http_status INTEGER,
        route TEXT,
        latency_ms REAL,
        tokens_in INTEGER,
        tokens_out INTEGER,
        cost REAL,
        attempts INTEGER NOT NULL,
        error TEXT,
        created_at TEXT NOT NULL
      );
      INSERT INTO audit_results_new SELECT request, run, outcome, verdict, reason, answer, reasoning, findings, talking_points, document,
        finish_reason, http_status, route, latency_ms, tokens_in, tokens_out, cost, attempts, error, created_at FROM audit_results;
      DROP TABLE audit_results;
      ALTER TABLE audit_results_new RENAME TO audit_results;
      CREATE INDEX audit_results_run ON audit_results (run, outcome);
    `,
  },
  {
    // Which analysis scored each result (package version and a fingerprint of catalogue and models): `reanalyze`
    // re-scores stored answers after either changed.
    id: 'audit-003-analyzer',
    sql: 'ALTER TABLE audit_results ADD COLUMN analyzer TEXT;',
  },
  {
    // The response cache: the reply to a request, keyed by a hash of everything that was sent (URL without
    // credentials, model, messages, sampling settings, extra body fields, sample number). Failures are never cached.
    id: 'audit-004-response-cache',
    sql: `
      CREATE TABLE audit_cache (
        key TEXT PRIMARY KEY,
        answer TEXT NOT NULL,
        reasoning TEXT,
        finish_reason TEXT,
        block_reason TEXT,
        http_status INTEGER,
        route TEXT,
        tokens_in INTEGER,
        tokens_out INTEGER,
        created_at TEXT NOT NULL
      );
    `,
  },
  {
    // What another tool recorded beside an imported answer (SpeechMap's judge label and category, promptfoo's vars
    // and test index), kept as JSON and exported again.
    id: 'audit-005-source-fields',
    sql: 'ALTER TABLE audit_requests ADD COLUMN source TEXT;',
  },
];

/** A reply as the cache keeps it: what the provider said, without what this call cost or how long it took. */
export type CachedReply = Omit<ChatReply, 'cost' | 'latencyMs'>;

/** The response cache of a store: look-ups and inserts (the first reply to a key is kept). */
export function responseCache(store: Store) {
  const get = store.prepare(
    `SELECT answer, reasoning, finish_reason AS finishReason, block_reason AS blockReason, http_status AS httpStatus, route,
       tokens_in AS tokensIn, tokens_out AS tokensOut FROM audit_cache WHERE key = ?`,
  );
  const put = store.prepare(
    `INSERT OR IGNORE INTO audit_cache (key, answer, reasoning, finish_reason, block_reason, http_status, route, tokens_in, tokens_out, created_at)
     VALUES (@key, @answer, @reasoning, @finishReason, @blockReason, @httpStatus, @route, @tokensIn, @tokensOut, @createdAt)`,
  );
  return {
    get: (key: string) => (get.get(key) as CachedReply | undefined) ?? null,
    put: (key: string, r: CachedReply) =>
      put.run({ key, answer: r.answer, reasoning: r.reasoning, finishReason: r.finishReason, blockReason: r.blockReason, httpStatus: r.httpStatus, route: r.route, tokensIn: r.tokensIn, tokensOut: r.tokensOut, createdAt: new Date().toISOString() }),
  };
}

export function openAuditStore(path: string, options: { readonly?: boolean } = {}): Store {
  return openStore(path, AUDIT_MIGRATIONS, options);
}

/** What a run needs to be resumed: everything but the key itself. */
export interface RunConfig {
  /** Where each model is sent (one provider for flag-based runs). Runs stored before providers existed have none. */
  providers?: ProviderSpec[];
  /** The single provider of older runs; read through `runProviders`. */
  baseUrl?: string;
  apiKeyEnv?: string | null;
  concurrency?: number;
  rpm?: number | null;
  temperature: number | null;
  maxTokens: number | null;
  system: string | null;
  stream: boolean;
  timeoutMs: number;
  retries: number;
  /** Re-use stored answers to identical requests (the response cache). */
  cache?: boolean;
}

/** The providers of a stored run, older single-provider runs included. */
export function runProviders(config: RunConfig, models: string[]): ProviderSpec[] {
  if (config.providers) return config.providers;
  if (!config.baseUrl) return [];
  return [
    {
      id: 'default',
      baseUrl: config.baseUrl,
      apiKeyEnv: config.apiKeyEnv ?? null,
      models: models.map((m) => ({ label: m, name: m, price: null })),
      concurrency: config.concurrency ?? 4,
      rpm: config.rpm ?? null,
      headers: {},
      body: {},
      maxTokensField: 'max_tokens',
    },
  ];
}

export interface PlannedRequest {
  model: string;
  promptId: string;
  topic: string;
  style: string;
  lang: string;
  sample: number;
  prompt: string;
  expects: string[];
  /** Fields another tool recorded beside an imported answer. */
  source?: Record<string, unknown> | null;
}

export interface RunRow {
  id: string;
  created_at: string;
  finished_at: string | null;
  suite: string;
  suite_file: string;
  models: string;
  langs: string;
  samples: number;
  config: string;
  status: 'running' | 'done' | 'interrupted';
  pid: number | null;
  expected: number;
}

export function getRunRow(store: Store, runId: string): RunRow | undefined {
  return store.prepare('SELECT * FROM audit_runs WHERE id = ?').get(runId) as RunRow | undefined;
}

/** Creates the run and all its planned requests in one transaction: either the whole plan is stored or none. */
export function createRun(
  store: Store,
  run: { id: string; suite: string; suiteFile: string; models: string[]; langs: string[]; samples: number; config: RunConfig },
  requests: PlannedRequest[],
): void {
  const insertRun = store.prepare(
    `INSERT INTO audit_runs (id, created_at, suite, suite_file, models, langs, samples, config, status, pid, expected)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?)`,
  );
  const insertRequest = store.prepare(
    `INSERT INTO audit_requests (run, model, prompt_id, topic, style, lang, sample, prompt, expects, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  store.transaction(() => {
    insertRun.run(run.id, new Date().toISOString(), run.suite, run.suiteFile, JSON.stringify(run.models), JSON.stringify(run.langs), run.samples, JSON.stringify(run.config), process.pid, requests.length);
    for (const r of requests) insertRequest.run(run.id, r.model, r.promptId, r.topic, r.style, r.lang, r.sample, r.prompt, JSON.stringify(r.expects), r.source ? JSON.stringify(r.source) : null);
  })();
}

/**
 * Takes a stored run for this process, atomically: BEGIN IMMEDIATE holds SQLite's write lock from the read to the
 * write, so of two processes resuming the same run at once exactly one sees it free and marks it as its own; the other
 * learns the owner's process id. A run marked as running by a process that is gone (killed, crashed) is free.
 */
export function claimRun(store: Store, runId: string, alive: (pid: number) => boolean): { claimed: true } | { claimed: false; owner: number } {
  const claim = store.transaction(() => {
    const row = store.prepare('SELECT status, pid FROM audit_runs WHERE id = ?').get(runId) as Pick<RunRow, 'status' | 'pid'> | undefined;
    if (row?.status === 'running' && row.pid && row.pid !== process.pid && alive(row.pid)) return { claimed: false as const, owner: row.pid };
    store.prepare("UPDATE audit_runs SET status = 'running', pid = ?, finished_at = NULL WHERE id = ?").run(process.pid, runId);
    return { claimed: true as const };
  });
  return claim.immediate();
}

/** Gives a claimed run back when setup fails before any request was sent. */
export function releaseRun(store: Store, runId: string): void {
  store.prepare("UPDATE audit_runs SET status = 'interrupted', pid = NULL WHERE id = ? AND pid = ?").run(runId, process.pid);
}

export interface PendingRequest {
  id: number;
  model: string;
  promptId: string;
  topic: string;
  lang: string;
  sample: number;
  prompt: string;
}

/** Requests of a run that have no result yet (and, on request, those whose result is `failed`). */
export function pendingRequests(store: Store, runId: string, options: { retryFailed?: boolean } = {}): PendingRequest[] {
  return store
    .prepare(
      `SELECT q.id, q.model, q.prompt_id AS promptId, q.topic, q.lang, q.sample, q.prompt
       FROM audit_requests q LEFT JOIN audit_results r ON r.request = q.id
       WHERE q.run = ? AND (r.request IS NULL ${options.retryFailed ? "OR r.outcome = 'failed'" : ''})
       ORDER BY q.id`,
    )
    .all(runId) as PendingRequest[];
}

export interface ResultRecord {
  request: number;
  run: string;
  /** null: the answer awaits analysis. */
  outcome: Outcome | null;
  verdict: string | null;
  reason: string | null;
  answer: string | null;
  reasoning: string | null;
  findings: string | null;
  talkingPoints: string | null;
  document: string | null;
  finishReason: string | null;
  httpStatus: number | null;
  route: string | null;
  latencyMs: number | null;
  tokensIn: number | null;
  tokensOut: number | null;
  cost: number | null;
  attempts: number;
  error: string | null;
}

export interface AnalysisRecord {
  request: number;
  outcome: Outcome;
  verdict: string | null;
  reason: string | null;
  findings: string | null;
  talkingPoints: string | null;
  document: string | null;
  error: string | null;
  /** analyzerVersion() of the analysis that gave this outcome. */
  analyzer: string | null;
}

/** The talking points an answer echoes in its own voice, asserting them. */
export function ownEchoes(doc: Document): { id: string; claim: string }[] {
  const seen = new Map<string, string>();
  for (const f of doc.findings) {
    if (f.kind !== 'echo' || f.voice !== 'own' || !f.talkingPoint) continue;
    if (f.stance && f.stance !== 'asserted') continue;
    seen.set(f.talkingPoint.id, f.talkingPoint.claim);
  }
  return [...seen].map(([id, claim]) => ({ id, claim }));
}

/** What is stored of an analysed answer. */
export function analysisRecord(request: number, doc: Document, analyzer: string): AnalysisRecord {
  const outcome = outcomeOf(doc);
  return {
    request,
    outcome,
    verdict: doc.verdict,
    reason: doc.reason,
    findings: JSON.stringify(doc.findings),
    talkingPoints: JSON.stringify(ownEchoes(doc)),
    document: JSON.stringify(doc),
    error: outcome === 'failed' ? 'the analysis gave no verdict' : null,
    analyzer,
  };
}

/** Answers stored but not yet analysed (the run was stopped between the two). */
export function unanalysedAnswers(store: Store, runId: string): (PendingRequest & { answer: string; reasoning: string | null })[] {
  return store
    .prepare(
      `SELECT q.id, q.model, q.prompt_id AS promptId, q.topic, q.lang, q.sample, q.prompt, r.answer, r.reasoning
       FROM audit_results r JOIN audit_requests q ON q.id = r.request WHERE r.run = ? AND r.outcome IS NULL ORDER BY q.id`,
    )
    .all(runId) as (PendingRequest & { answer: string; reasoning: string | null })[];
}

export function countResults(store: Store, runId: string): number {
  return (store.prepare('SELECT COUNT(*) AS n FROM audit_results WHERE run = ? AND outcome IS NOT NULL').get(runId) as { n: number }).n;
}

export interface CallRecord {
  request: number;
  attempt: number;
  startedAt: string;
  httpStatus: number | null;
  route: string | null;
  latencyMs: number | null;
  error: string | null;
  retryAfterMs: number | null;
}

/**
 * Prepared writers with group commit: writes queue up and are committed together a few milliseconds later, in
 * order, in one transaction. A crash loses at most those few milliseconds of replies; their requests have no
 * result yet, so --resume simply sends them again — never a duplicate, never a gap.
 */
export function auditWriter(store: Store, commitEveryMs = 5) {
  // One result per request, enforced by its primary key: a second write for the same request is dropped, except over
  // a failed one (--retry-failed sends it again). A stored answer is never replaced.
  const result = store.prepare(
    `INSERT INTO audit_results (request, run, outcome, verdict, reason, answer, reasoning, findings, talking_points, document,
       finish_reason, http_status, route, latency_ms, tokens_in, tokens_out, cost, attempts, error, created_at)
     VALUES (@request, @run, @outcome, @verdict, @reason, @answer, @reasoning, @findings, @talkingPoints, @document,
       @finishReason, @httpStatus, @route, @latencyMs, @tokensIn, @tokensOut, @cost, @attempts, @error, @createdAt)
     ON CONFLICT (request) DO UPDATE SET outcome = excluded.outcome, verdict = excluded.verdict, reason = excluded.reason,
       answer = excluded.answer, reasoning = excluded.reasoning, findings = excluded.findings, talking_points = excluded.talking_points,
       document = excluded.document, finish_reason = excluded.finish_reason, http_status = excluded.http_status, route = excluded.route,
       latency_ms = excluded.latency_ms, tokens_in = excluded.tokens_in, tokens_out = excluded.tokens_out, cost = excluded.cost,
       attempts = excluded.attempts, error = excluded.error, created_at = excluded.created_at
     WHERE audit_results.outcome = 'failed'`,
  );
  const call = store.prepare(
    `INSERT INTO audit_calls (request, attempt, started_at, http_status, route, latency_ms, error, retry_after_ms)
     VALUES (@request, @attempt, @startedAt, @httpStatus, @route, @latencyMs, @error, @retryAfterMs)`,
  );
  const analysed = store.prepare(
    `UPDATE audit_results SET outcome = @outcome, verdict = @verdict, reason = @reason, findings = @findings, talking_points = @talkingPoints,
       document = @document, error = @error, analyzer = @analyzer WHERE request = @request`,
  );
  const status = store.prepare('UPDATE audit_runs SET status = ?, pid = ?, finished_at = ? WHERE id = ?');
  const cache = responseCache(store);
  const queue: (() => void)[] = [];
  let timer: NodeJS.Timeout | null = null;
  const commit = store.transaction(() => {
    for (const op of queue.splice(0)) op();
  });
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (queue.length) commit();
  };
  const enqueue = (op: () => void) => {
    queue.push(op);
    if (commitEveryMs <= 0) return flush();
    timer ??= setTimeout(flush, commitEveryMs);
  };
  return {
    result: (r: ResultRecord) => {
      const row = { ...r, createdAt: new Date().toISOString() };
      enqueue(() => result.run(row));
    },
    analysed: (a: AnalysisRecord) => enqueue(() => analysed.run(a)),
    call: (c: CallRecord) => enqueue(() => call.run(c)),
    cache: (key: string, r: CachedReply) => enqueue(() => cache.put(key, r)),
    status: (runId: string, value: RunRow['status']) => {
      flush();
      status.run(value, value === 'running' ? process.pid : null, value === 'done' ? new Date().toISOString() : null, runId);
    },
    flush,
  };
}
