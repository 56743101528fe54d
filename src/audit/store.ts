// Audit tables in the shared SQLite store. Planned requests are inserted up front; a result is keyed by its
// request, so a run killed at any moment resumes with exactly one result per (prompt, language, model, sample).
import { createHash } from 'node:crypto';
import type { Document, Segment } from '../document.js';
import { isNotJudged } from '../analysis/languages.js';
import { answerText } from '../readers/answer.js';
import { openSql, postgresDdl, type Migration, type Sql } from '../storage/sql.js';
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

const RUNS_V1 = `
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
    `;

export const AUDIT_MIGRATIONS: Migration[] = [
  { id: 'audit-001-runs', sql: RUNS_V1, postgres: postgresDdl(RUNS_V1) },
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
    // PostgreSQL changes a CHECK constraint in place.
    postgres: `
      ALTER TABLE audit_results DROP CONSTRAINT audit_results_outcome_check;
      ALTER TABLE audit_results ADD CONSTRAINT audit_results_outcome_check
        CHECK (outcome IN ('state_echo', 'refusal', 'deflection', 'informative', 'not_judged', 'provider_blocked', 'failed'));
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
  {
    // The fleet's shared provider limits (PostgreSQL only; a SQLite store has one runner, which limits itself):
    // per run and provider, when the next request may start (rpm, spaced evenly) and until when a 429 paused them
    // all; and the provider's concurrency as leased slots, which a killed worker's lease frees.
    id: 'audit-006-fleet-limits',
    sql: '',
    postgres: `
      CREATE TABLE audit_gates (
        run TEXT NOT NULL REFERENCES audit_runs(id) ON DELETE CASCADE,
        provider TEXT NOT NULL,
        gap_ms DOUBLE PRECISION NOT NULL,
        next_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
        paused_until TIMESTAMPTZ NOT NULL DEFAULT '-infinity',
        PRIMARY KEY (run, provider)
      );
      CREATE TABLE audit_slots (
        run TEXT NOT NULL,
        provider TEXT NOT NULL,
        slot INTEGER NOT NULL,
        holder TEXT,
        expires_at TIMESTAMPTZ,
        PRIMARY KEY (run, provider, slot),
        FOREIGN KEY (run, provider) REFERENCES audit_gates(run, provider) ON DELETE CASCADE
      );
    `,
  },
  {
    // The analysed document stored without what its row holds already (see storedDocument), in a column of its own:
    // a reader from before it finds no whole document and analyses the answer again rather than misread this one.
    id: 'audit-007-compact-document',
    sql: 'ALTER TABLE audit_results ADD COLUMN document_compact TEXT;',
  },
];

/** A reply as the cache keeps it: what the provider said, without what this call cost or how long it took. */
export type CachedReply = Omit<ChatReply, 'cost' | 'latencyMs'>;

/** The response cache of a store: look-ups and inserts (the first reply to a key is kept). */
export function responseCache(sql: Sql) {
  return {
    get: async (key: string) =>
      (await sql.get<CachedReply>(
        `SELECT answer, reasoning, finish_reason AS finishReason, block_reason AS blockReason, http_status AS httpStatus, route,
           tokens_in AS tokensIn, tokens_out AS tokensOut FROM audit_cache WHERE key = ?`,
        [key],
      )) ?? null,
    put: (key: string, r: CachedReply, on: Sql = sql) =>
      on.run(
        `INSERT INTO audit_cache (key, answer, reasoning, finish_reason, block_reason, http_status, route, tokens_in, tokens_out, created_at)
         VALUES (@key, @answer, @reasoning, @finishReason, @blockReason, @httpStatus, @route, @tokensIn, @tokensOut, @createdAt)
         ON CONFLICT (key) DO NOTHING`,
        { key, answer: r.answer, reasoning: r.reasoning, finishReason: r.finishReason, blockReason: r.blockReason, httpStatus: r.httpStatus, route: r.route, tokensIn: r.tokensIn, tokensOut: r.tokensOut, createdAt: new Date().toISOString() },
      ),
  };
}

/** Which of these keys the response cache holds (looked up a few hundred at a time). */
export async function cachedKeys(sql: Sql, keys: string[]): Promise<Set<string>> {
  const hits = new Set<string>();
  for (let i = 0; i < keys.length; i += INSERT_BATCH) {
    const chunk = keys.slice(i, i + INSERT_BATCH);
    for (const r of await sql.all<{ key: string }>(`SELECT key FROM audit_cache WHERE key IN (${chunk.map(() => '?').join(', ')})`, chunk)) hits.add(r.key);
  }
  return hits;
}

/** Opens a store (a SQLite file or a postgres:// URL) with the audit tables. */
export function openAuditStore(target?: string, options: { readonly?: boolean } = {}): Promise<Sql> {
  return openSql(target, AUDIT_MIGRATIONS, options);
}

/** What a run needs to be resumed: everything but the key itself. */
export interface RunConfig {
  /** Set for a run the fleet's workers carry out (PostgreSQL only): requests per job, and a job's lease. */
  fleet?: { chunk: number; leaseSeconds: number };
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

export function getRunRow(sql: Sql, runId: string): Promise<RunRow | undefined> {
  return sql.get<RunRow>('SELECT * FROM audit_runs WHERE id = ?', [runId]);
}

/** Creates the run and all its planned requests in one transaction: either the whole plan is stored or none. */
export async function createRun(
  sql: Sql,
  run: { id: string; suite: string; suiteFile: string; models: string[]; langs: string[]; samples: number; config: RunConfig },
  requests: PlannedRequest[],
): Promise<void> {
  await sql.tx(async (t) => {
    await t.run(
      `INSERT INTO audit_runs (id, created_at, suite, suite_file, models, langs, samples, config, status, pid, expected)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?)`,
      [run.id, new Date().toISOString(), run.suite, run.suiteFile, JSON.stringify(run.models), JSON.stringify(run.langs), run.samples, JSON.stringify(run.config), process.pid, requests.length],
    );
    // Many rows per statement: a plan of millions of requests is stored in thousands of round trips, not millions.
    for (let i = 0; i < requests.length; i += INSERT_BATCH) {
      const batch = requests.slice(i, i + INSERT_BATCH);
      await t.run(
        `INSERT INTO audit_requests (run, model, prompt_id, topic, style, lang, sample, prompt, expects, source) VALUES ${batch.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        batch.flatMap((r) => [run.id, r.model, r.promptId, r.topic, r.style, r.lang, r.sample, r.prompt, JSON.stringify(r.expects), r.source ? JSON.stringify(r.source) : null]),
      );
    }
  });
}

const INSERT_BATCH = 500;

/**
 * Takes a stored run for this process, atomically, so that a second runner of the same run is refused.
 * - SQLite: BEGIN IMMEDIATE holds the write lock from the read to the write, so of two processes resuming the same run
 *   at once exactly one sees it free and marks it as its own; the other learns the owner's process id. A run marked as
 *   running by a process that is gone (killed, crashed) is free.
 * - PostgreSQL: the runner may be on any machine, so a process id says nothing; the claim is an advisory lock held by
 *   the runner's own connection, which the server lets go of the moment that connection ends, crash included.
 * `release` gives the claim back (also done by closing the store).
 */
export async function claimRun(
  sql: Sql,
  runId: string,
  alive: (pid: number) => boolean,
): Promise<{ claimed: true; release: () => Promise<void> } | { claimed: false; owner: number | null }> {
  if (sql.engine === 'postgres') {
    const release = await sql.lock(`run:${runId}`);
    if (!release) return { claimed: false, owner: (await getRunRow(sql, runId))?.pid ?? null };
    await sql.run("UPDATE audit_runs SET status = 'running', pid = ?, finished_at = NULL WHERE id = ?", [process.pid, runId]);
    return { claimed: true, release };
  }
  return sql.tx(async (t) => {
    const row = await t.get<Pick<RunRow, 'status' | 'pid'>>('SELECT status, pid FROM audit_runs WHERE id = ?', [runId]);
    if (row?.status === 'running' && row.pid && row.pid !== process.pid && alive(row.pid)) return { claimed: false as const, owner: row.pid };
    await t.run("UPDATE audit_runs SET status = 'running', pid = ?, finished_at = NULL WHERE id = ?", [process.pid, runId]);
    return { claimed: true as const, release: async () => undefined };
  });
}

/** Gives a claimed run back when setup fails before any request was sent. */
export async function releaseRun(sql: Sql, runId: string): Promise<void> {
  await sql.run("UPDATE audit_runs SET status = 'interrupted', pid = NULL WHERE id = ? AND pid = ?", [runId, process.pid]);
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
export function pendingRequests(sql: Sql, runId: string, options: { retryFailed?: boolean } = {}): Promise<PendingRequest[]> {
  return sql.all<PendingRequest>(
      `SELECT q.id, q.model, q.prompt_id AS promptId, q.topic, q.lang, q.sample, q.prompt
       FROM audit_requests q LEFT JOIN audit_results r ON r.request = q.id
       WHERE q.run = ? AND (r.request IS NULL ${options.retryFailed ? "OR r.outcome = 'failed'" : ''})
       ORDER BY q.id`,
    [runId],
  );
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
  documentCompact?: string | null;
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
  /** The whole analysed document, where its text is not well-formed (see storedDocument); else null. */
  document: string | null;
  /** The analysed document without what the row holds already (see storedDocument). */
  documentCompact?: string | null;
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
    ...storedDocument(doc, analyzer),
    error: outcome === 'failed' ? 'the analysis gave no verdict' : null,
    analyzer,
  };
}

/**
 * The analysed document as an audit stores it beside its answer: without what the row holds already — its text (the
 * answer, then the reasoning: see answerText), its findings (the findings column) and each sentence's text (a slice of
 * the text) — with the text's length and SHA-1, so that a row whose answer no longer gives that text is not restored
 * with its offsets misplaced. On real answers about a quarter of the whole document: an audit writes that much less.
 * A text that is not well-formed UTF-16 (a lone surrogate) would not come back from the database as it went in: its
 * document is stored whole.
 */
export function storedDocument(doc: Document, analyzer: string): Pick<AnalysisRecord, 'document' | 'documentCompact'> {
  if (LONE_SURROGATE.test(doc.text)) return { document: JSON.stringify(doc), documentCompact: null };
  const { text, findings: _findings, segments, ...rest } = doc;
  const compact = { ...rest, segments: segments.map(({ text: _text, ...seg }) => seg), stored: { length: text.length, sha1: sha1(text), analyzer } };
  return { document: null, documentCompact: JSON.stringify(compact) };
}

/**
 * The document stored compactly with a row (see storedDocument), given back whole; null when the row's answer and
 * reasoning do not give back the text it was analysed in, its findings are gone, or its analysis is not the row's (an
 * older version analysed the row again and left the compact document behind).
 */
export function restoredDocument(json: string, row: { answer: string | null; reasoning: string | null; findings: string | null; analyzer: string | null }): Document | null {
  const stored = JSON.parse(json) as Omit<Document, 'text' | 'findings' | 'segments'> & { segments: Omit<Segment, 'text'>[]; stored: { length: number; sha1: string; analyzer: string } };
  if (row.answer === null || row.findings === null || stored.stored.analyzer !== row.analyzer) return null;
  const text = answerText(row.answer, row.reasoning);
  if (text.length !== stored.stored.length || sha1(text) !== stored.stored.sha1) return null;
  const { stored: _stored, segments, ...rest } = stored;
  return { ...rest, text, findings: JSON.parse(row.findings) as Document['findings'], segments: segments.map((seg) => ({ ...seg, text: text.slice(seg.start, seg.end) })) };
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The SHA-1 of a text's UTF-16 code units (not of its UTF-8, which would read every lone surrogate as U+FFFD). */
const sha1 = (text: string) => createHash('sha1').update(Buffer.from(text, 'utf16le')).digest('base64');

/** Answers stored but not yet analysed (the run was stopped between the two). */
export function unanalysedAnswers(sql: Sql, runId: string): Promise<(PendingRequest & { answer: string; reasoning: string | null })[]> {
  return sql.all<PendingRequest & { answer: string; reasoning: string | null }>(
      `SELECT q.id, q.model, q.prompt_id AS promptId, q.topic, q.lang, q.sample, q.prompt, r.answer, r.reasoning
       FROM audit_results r JOIN audit_requests q ON q.id = r.request WHERE r.run = ? AND r.outcome IS NULL ORDER BY q.id`,
    [runId],
  );
}

export async function countResults(sql: Sql, runId: string): Promise<number> {
  return (await sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM audit_results WHERE run = ? AND outcome IS NOT NULL', [runId]))!.n;
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

const RESULT_FIELDS = ['request', 'run', 'outcome', 'verdict', 'reason', 'answer', 'reasoning', 'findings', 'talkingPoints', 'document', 'documentCompact', 'finishReason', 'httpStatus', 'route', 'latencyMs', 'tokensIn', 'tokensOut', 'cost', 'attempts', 'error', 'createdAt'] as const;
const RESULT_KEPT = `ON CONFLICT (request) DO UPDATE SET outcome = excluded.outcome, verdict = excluded.verdict, reason = excluded.reason,
       answer = excluded.answer, reasoning = excluded.reasoning, findings = excluded.findings, talking_points = excluded.talking_points,
       document = excluded.document, document_compact = excluded.document_compact, finish_reason = excluded.finish_reason, http_status = excluded.http_status, route = excluded.route,
       latency_ms = excluded.latency_ms, tokens_in = excluded.tokens_in, tokens_out = excluded.tokens_out, cost = excluded.cost,
       attempts = excluded.attempts, error = excluded.error, created_at = excluded.created_at
     WHERE audit_results.outcome = 'failed'`;
const ANALYSIS_FIELDS = ['request', 'outcome', 'verdict', 'reason', 'findings', 'talkingPoints', 'document', 'documentCompact', 'error', 'analyzer'] as const;
const CALL_FIELDS = ['request', 'attempt', 'startedAt', 'httpStatus', 'route', 'latencyMs', 'error', 'retryAfterMs'] as const;

const column = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
/** Rows of `fields`, as one `VALUES` list of placeholders and its parameters. */
function valuesOf(fields: readonly string[], rows: readonly object[]): { text: string; params: unknown[] } {
  const tuple = `(${fields.map(() => '?').join(', ')})`;
  return { text: `VALUES ${rows.map(() => tuple).join(', ')}`, params: rows.flatMap((r) => fields.map((f) => (r as Record<string, unknown>)[f] ?? null)) };
}

/**
 * Writes rows with few statements: on PostgreSQL up to 500 rows a statement (a round trip each), on SQLite one
 * prepared statement per row (no round trips there). `statement` gets the VALUES list and returns the SQL.
 */
async function writeRows(sql: Sql, fields: readonly string[], rows: readonly object[], statement: (values: string) => string): Promise<number> {
  let changes = 0;
  const step = sql.engine === 'postgres' ? 500 : 1;
  for (let i = 0; i < rows.length; i += step) {
    const { text, params } = valuesOf(fields, rows.slice(i, i + step));
    changes += (await sql.run(statement(text), params)).changes;
  }
  return changes;
}

const insertResults = (sql: Sql, rows: readonly object[]) =>
  writeRows(sql, RESULT_FIELDS, rows, (values) => `INSERT INTO audit_results (${RESULT_FIELDS.map(column).join(', ')}) ${values} ${RESULT_KEPT}`);
const updateAnalyses = (sql: Sql, rows: readonly AnalysisRecord[]) =>
  writeRows(
    sql,
    ANALYSIS_FIELDS,
    rows,
    (values) => `WITH v (${ANALYSIS_FIELDS.map(column).join(', ')}) AS (${values})
     UPDATE audit_results SET ${ANALYSIS_FIELDS.slice(1).map((f) => `${column(f)} = v.${column(f)}`).join(', ')}
     FROM v WHERE audit_results.request = CAST(v.request AS INTEGER)`,
  );
const insertCalls = (sql: Sql, rows: readonly CallRecord[]) =>
  writeRows(sql, CALL_FIELDS, rows, (values) => `INSERT INTO audit_calls (${CALL_FIELDS.map(column).join(', ')}) ${values}`);

/**
 * Stores one result. There is one result per request, enforced by its primary key: a second write for the same
 * request is dropped, except over a failed one (--retry-failed sends it again). A stored answer is never replaced.
 */
export async function storeResult(sql: Sql, r: ResultRecord): Promise<{ changes: number }> {
  return { changes: await insertResults(sql, [{ ...r, createdAt: new Date().toISOString() }]) };
}

export async function storeAnalysis(sql: Sql, a: AnalysisRecord): Promise<{ changes: number }> {
  return { changes: await updateAnalyses(sql, [a]) };
}

export async function storeCall(sql: Sql, c: CallRecord): Promise<{ changes: number }> {
  return { changes: await insertCalls(sql, [c]) };
}

/**
 * Writers with group commit: writes queue up and are committed together a few milliseconds later, in order, in one
 * transaction. A crash loses at most those few milliseconds of replies; their requests have no result yet, so
 * --resume simply sends them again — never a duplicate, never a gap.
 */
export function auditWriter(sql: Sql, commitEveryMs = 5) {
  const cache = responseCache(sql);
  type Pending = { results: Map<number, ResultRecord & { createdAt: string }>; analyses: Map<number, AnalysisRecord>; calls: CallRecord[]; cached: [string, CachedReply][] };
  const empty = (): Pending => ({ results: new Map(), analyses: new Map(), calls: [], cached: [] });
  let pending = empty();
  let queued = 0;
  let timer: NodeJS.Timeout | null = null;
  // Commits run one after another; `flush` resolves when everything queued before it is committed.
  let committed: Promise<void> = Promise.resolve();
  let failure: unknown = null;
  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (queued) {
      const batch = pending;
      [pending, queued] = [empty(), 0];
      committed = committed.then(() =>
        sql
          .tx(async (t) => {
            // Results before the analyses that complete them; a few statements per commit, whatever its size.
            await insertResults(t, [...batch.results.values()]);
            await updateAnalyses(t, [...batch.analyses.values()]);
            await insertCalls(t, batch.calls);
            for (const [key, reply] of batch.cached) await cache.put(key, reply, t);
          })
          .catch((e) => {
            failure ??= e;
          }),
      );
    }
    return committed.then(() => {
      if (failure) throw failure;
    });
  };
  const added = () => {
    queued++;
    if (commitEveryMs <= 0) return void flush().catch(() => undefined);
    timer ??= setTimeout(() => void flush().catch(() => undefined), commitEveryMs);
  };
  return {
    result: (r: ResultRecord) => {
      // One row per request in a commit, as the key allows: the first, unless it failed (as the upsert would do).
      const first = pending.results.get(r.request);
      if (!first || first.outcome === 'failed') pending.results.set(r.request, { ...r, createdAt: new Date().toISOString() });
      added();
    },
    analysed: (a: AnalysisRecord) => (pending.analyses.set(a.request, a), added()),
    call: (c: CallRecord) => (pending.calls.push(c), added()),
    cache: (key: string, r: CachedReply) => (pending.cached.push([key, r]), added()),
    status: async (runId: string, value: RunRow['status']) => {
      await flush();
      await sql.run('UPDATE audit_runs SET status = ?, pid = ?, finished_at = ? WHERE id = ?', [value, value === 'running' ? process.pid : null, value === 'done' ? new Date().toISOString() : null, runId]);
    },
    flush,
  };
}
