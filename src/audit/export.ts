// A run's answers as a researcher publishes them (one record per answer, SpeechMap-style): prompt, language,
// model, sample, answer, reasoning, verdict, reason, talking points, findings and the provider's outcome.
// `importRun` reads such a file (or other tools' answers) back as a run; `reanalyzeRun` scores stored answers again
// after the catalogue or the analyzer changed, without calling models.
import { analyzerVersion } from '../analysis/pipeline.js';
import type { Analyzer } from '../analysis/pool.js';
import { csvCell } from '../reporters/csv.js';
import type { Sql } from '../storage/sql.js';
import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Document } from '../document.js';
import type { AnswerInput } from '../readers/answer.js';
import { isProviderError, jsonItems, sourceFields, toAnswer, type ItemShape } from '../readers/structured.js';
import { analysisRecord, auditWriter, claimRun, createRun, getRunRow, storeAnalysis, storeResult, type AnalysisRecord, type Outcome, type PlannedRequest, type RunConfig } from './store.js';

export interface ExportedAnswer {
  run: string;
  model: string;
  promptId: string;
  topic: string;
  style: string;
  lang: string;
  sample: number;
  prompt: string;
  answer: string | null;
  reasoning: string | null;
  outcome: Outcome | null;
  verdict: string | null;
  reason: string | null;
  talkingPoints: { id: string; claim: string }[];
  findings: unknown[];
  provider: { httpStatus: number | null; finishReason: string | null; route: string | null; latencyMs: number | null; tokensIn: number | null; tokensOut: number | null; cost: number | null; attempts: number; error: string | null };
  analyzer: string | null;
  /** What the tool the answers were imported from recorded beside each (judge label, vars…); absent otherwise. */
  source?: Record<string, unknown>;
}

interface Row {
  model: string;
  promptId: string;
  topic: string;
  style: string;
  lang: string;
  sample: number;
  prompt: string;
  answer: string | null;
  reasoning: string | null;
  outcome: Outcome | null;
  verdict: string | null;
  reason: string | null;
  talkingPoints: string | null;
  findings: string | null;
  httpStatus: number | null;
  finishReason: string | null;
  route: string | null;
  latencyMs: number | null;
  tokensIn: number | null;
  tokensOut: number | null;
  cost: number | null;
  attempts: number;
  error: string | null;
  analyzer: string | null;
  source: string | null;
}

/** Every answer of a run, in plan order, a page at a time (a run of millions is never held in memory). */
export async function* exportedAnswers(store: Sql, runId: string): AsyncGenerator<ExportedAnswer> {
  if (!(await getRunRow(store, runId))) throw new Error(`no audit run "${runId}" in this database (mouthpiece runs lists them)`);
  for (let after = -1; ; ) {
    const rows = await store.all<Row & { id: number }>(
      `SELECT q.id, q.model, q.prompt_id AS promptId, q.topic, q.style, q.lang, q.sample, q.prompt, r.answer, r.reasoning, r.outcome, r.verdict, r.reason,
         r.talking_points AS talkingPoints, r.findings, r.http_status AS httpStatus, r.finish_reason AS finishReason, r.route, r.latency_ms AS latencyMs,
         r.tokens_in AS tokensIn, r.tokens_out AS tokensOut, r.cost, r.attempts, r.error, r.analyzer, q.source
       FROM audit_requests q JOIN audit_results r ON r.request = q.id WHERE q.run = ? AND q.id > ? ORDER BY q.id LIMIT 1000`,
      [runId, after],
    );
    if (!rows.length) return;
    after = rows[rows.length - 1]!.id;
    for (const r of rows) yield exported(runId, r);
  }
}

function exported(runId: string, r: Row): ExportedAnswer {
  return {
    run: runId,
    model: r.model,
    promptId: r.promptId,
    topic: r.topic,
    style: r.style,
    lang: r.lang,
    sample: r.sample,
    prompt: r.prompt,
    answer: r.answer,
    reasoning: r.reasoning,
    outcome: r.outcome,
    verdict: r.verdict,
    reason: r.reason,
    talkingPoints: r.talkingPoints ? (JSON.parse(r.talkingPoints) as { id: string; claim: string }[]) : [],
    findings: r.findings ? (JSON.parse(r.findings) as unknown[]) : [],
    provider: { httpStatus: r.httpStatus, finishReason: r.finishReason, route: r.route, latencyMs: r.latencyMs, tokensIn: r.tokensIn, tokensOut: r.tokensOut, cost: r.cost, attempts: r.attempts, error: r.error },
    analyzer: r.analyzer,
    ...(r.source ? { source: JSON.parse(r.source) as Record<string, unknown> } : {}),
  };
}

export const EXPORT_CSV_HEADER = ['run', 'model', 'prompt_id', 'topic', 'style', 'lang', 'sample', 'prompt', 'answer', 'reasoning', 'outcome', 'verdict', 'reason', 'talking_points', 'http_status', 'finish_reason', 'route', 'error', 'analyzer', 'source'];

/** One CSV row; findings stay in the JSONL export (a spreadsheet cell is no place for them). */
export function exportCsvRow(a: ExportedAnswer): string {
  const cells = [a.run, a.model, a.promptId, a.topic, a.style, a.lang, a.sample, a.prompt, a.answer ?? '', a.reasoning ?? '', a.outcome ?? '', a.verdict ?? '', a.reason ?? '', a.talkingPoints.map((t) => t.id).join(' '), a.provider.httpStatus ?? '', a.provider.finishReason ?? '', a.provider.route ?? '', a.provider.error ?? '', a.analyzer ?? '', a.source ? JSON.stringify(a.source) : ''];
  return cells.map(csvCell).join(',');
}

export interface ReanalyzeReport {
  analysed: number;
  changed: number;
  analyzer: string;
  /** Outcome changes, e.g. "informative → state_echo": 12. */
  transitions: Record<string, number>;
}

/**
 * Scores a run's stored answers again (answers the provider blocked or that never came are left as they are). The
 * run is taken like a resume takes it, so no runner works on it meanwhile; each result records the new analyzer.
 */
export async function reanalyzeRun(store: Sql, runId: string, analyzer: Analyzer, onProgress?: (done: number, total: number) => void): Promise<ReanalyzeReport> {
  const row = await getRunRow(store, runId);
  if (!row) throw new Error(`no audit run "${runId}" in this database (mouthpiece runs lists them)`);
  const claim = await claimRun(store, runId, alive);
  if (!claim.claimed) throw new Error(`run "${runId}" is being run by ${claim.owner ? `process ${claim.owner}` : 'another process'}; wait for it to end`);
  const report: ReanalyzeReport = { analysed: 0, changed: 0, analyzer: analyzerVersion(), transitions: {} };
  const write = auditWriter(store);
  try {
    const answers = await store.all<{ request: number; outcome: Outcome | null; prompt: string; model: string; lang: string; answer: string; reasoning: string | null }>(
        `SELECT r.request, r.outcome, q.prompt, q.model, q.lang, r.answer, r.reasoning FROM audit_results r JOIN audit_requests q ON q.id = r.request
         WHERE q.run = ? AND r.answer IS NOT NULL AND (r.outcome IS NULL OR r.outcome NOT IN ('provider_blocked'))`,
      [runId],
    );
    // A bounded window of analyses in flight: threads stay busy, memory stays flat.
    let next = 0;
    const work = async () => {
      while (next < answers.length) {
        const a = answers[next++]!;
        const doc = await analyzer.analyze({ id: `${runId}/${a.request}`, prompt: a.prompt, answer: a.answer, reasoning: a.reasoning ?? undefined, model: a.model, lang: a.lang });
        const record = analysisRecord(a.request, doc, report.analyzer);
        const outcome = record.outcome;
        write.analysed(record);
        report.analysed++;
        if (outcome !== a.outcome) {
          report.changed++;
          const key = `${a.outcome ?? 'unanalysed'} → ${outcome}`;
          report.transitions[key] = (report.transitions[key] ?? 0) + 1;
        }
        onProgress?.(report.analysed, answers.length);
      }
    };
    await Promise.all(Array.from({ length: 8 }, work));
    await write.flush();
  } finally {
    // The run goes back to the status it had (a run left running by a killed process is interrupted).
    await store.run('UPDATE audit_runs SET status = ?, pid = NULL WHERE id = ? AND pid = ?', [row.status === 'running' ? 'interrupted' : row.status, runId, process.pid]);
    await claim.release();
  }
  return report;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The records of a file to import: a JSON file (a promptfoo output, an array) whole, anything else line by line. */
async function* importRecords(file: string): AsyncGenerator<{ n: number; rec?: unknown; problem?: string }> {
  if (file.toLowerCase().endsWith('.json') || (await firstChar(file)) === '[') {
    let items: unknown[];
    try {
      items = jsonItems(JSON.parse(readFileSync(file, 'utf8')), file);
    } catch (e) {
      yield { n: 0, problem: `${file}: ${(e as Error).message}` };
      return;
    }
    for (let i = 0; i < items.length; i++) yield { n: i + 1, rec: items[i] };
    return;
  }
  let n = 0;
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    n++;
    if (!line.trim()) continue;
    try {
      yield { n, rec: JSON.parse(line) };
    } catch (e) {
      yield { n, problem: `${file}:${n}: malformed JSON line skipped (${(e as Error).message})` };
    }
  }
}

async function firstChar(file: string): Promise<string> {
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 4096 })) {
    const c = (chunk as string).trimStart();
    if (c) return c[0];
  }
  return '';
}

/** A provider error recorded by another tool: blocked when the provider's filter stopped it, else failed. */
const BLOCKED = /content[ _-]?(filter|policy|management)|moderation|safety|flagged|blocked/i;

/**
 * Imports answers as a run, so that `results`, `report`, `compare` and `ui` work on them: a file written by
 * `export` (kept as it is, analysis included) or other tools' answers (SpeechMap JSONL, promptfoo outputs as JSON or
 * JSONL, `{id, prompt, answer, model}` lines), analysed on the way in. Their own fields (judge label, category,
 * promptfoo vars and test index) are kept; their provider errors become provider outcomes. Records that are not
 * answers are reported by number.
 */
export async function importRun(
  store: Sql,
  file: string,
  runId: string,
  analyze: ((input: AnswerInput) => Document) | 'later',
  shape: ItemShape = 'any',
): Promise<{ imported: number; problems: string[] }> {
  // 'later': the answers are stored unanalysed, for the fleet's workers to analyse (`analyze … --distributed`).
  const later = analyze === 'later';
  if (await getRunRow(store, runId)) throw new Error(`run "${runId}" already exists in this database: give another --run`);
  const problems: string[] = [];
  const requests: PlannedRequest[] = [];
  const records: (AnalysisRecord | null)[] = [];
  const extras: { answer: string | null; reasoning: string | null; provider: ExportedAnswer['provider'] | null }[] = [];
  const samples = new Map<string, number>();
  for await (const { n, rec: value, problem } of importRecords(file)) {
    if (problem) {
      problems.push(problem);
      continue;
    }
    const input = toAnswer(value, `${file}:${n}`, shape);
    if (typeof input === 'string') {
      problems.push(`${file}:${n}: record skipped: ${input}`);
      continue;
    }
    const rec = value as Record<string, unknown>;
    const text = (k: string) => (typeof rec[k] === 'string' && rec[k] ? (rec[k] as string) : null);
    const model = input.model ?? 'unknown';
    // SpeechMap ids end with the model (category/question/model): the prompt is what the models share.
    const promptId = text('promptId') ?? text('question_id') ?? (input.id?.endsWith(`/${model}`) ? input.id.slice(0, -model.length - 1) : input.id) ?? `record-${n}`;
    const failed = isProviderError(input);
    // A record from `export` keeps its outcome (blocked and failed ones included); anything else is analysed now.
    const exported = typeof rec.outcome === 'string' && 'analyzer' in rec && exportedProvider(rec.provider) !== null;
    const doc = failed || exported || analyze === 'later' ? null : analyze(input);
    const lang = text('lang') ?? doc?.lang ?? input.lang ?? 'und';
    const key = `${model}\u0001${promptId}\u0001${lang}`;
    const sample = typeof rec.sample === 'number' && !samples.has(`${key}\u0001${rec.sample}`) ? rec.sample : (samples.get(key) ?? 0) + 1;
    samples.set(key, Math.max(samples.get(key) ?? 0, sample));
    samples.set(`${key}\u0001${sample}`, 1);
    const source = (rec.source && typeof rec.source === 'object' ? (rec.source as Record<string, unknown>) : null) ?? sourceFields(rec);
    requests.push({ model, promptId, topic: text('topic') ?? text('category') ?? 'unknown', style: text('style') ?? 'imported', lang, sample, prompt: input.prompt ?? '', expects: [], source });
    if (failed) {
      const outcome: Outcome = BLOCKED.test(input.providerError) ? 'provider_blocked' : 'failed';
      records.push({ request: 0, outcome, verdict: null, reason: outcome === 'provider_blocked' ? input.providerError : null, findings: null, talkingPoints: null, document: null, error: input.providerError, analyzer: null });
      extras.push({ answer: null, reasoning: null, provider: null });
    } else {
      records.push(doc ? analysisRecord(0, doc, analyzerVersion()) : exported ? storedRecord(rec) : null);
      extras.push({ answer: input.answer, reasoning: input.reasoning ?? null, provider: exportedProvider(rec.provider) });
    }
  }
  if (!requests.length) throw new Error(`${file}: no answers to import${problems.length ? ` (${problems.length} records skipped)` : ''}`);
  const models = [...new Set(requests.map((r) => r.model))];
  const config: RunConfig = { providers: [], temperature: null, maxTokens: null, system: null, stream: false, timeoutMs: 0, retries: 0 };
  await createRun(store, { id: runId, suite: later ? 'analyze' : 'imported', suiteFile: file, models, langs: [...new Set(requests.map((r) => r.lang))], samples: Math.max(...requests.map((r) => r.sample)), config }, requests);
  const ids = await store.all<{ id: number }>('SELECT id FROM audit_requests WHERE run = ? ORDER BY id', [runId]);
  await store.tx(async (t) => {
    for (const [i, { id }] of ids.entries()) {
      const r = records[i];
      const p = extras[i]!.provider;
      await storeResult(t, { request: id, run: runId, outcome: null, verdict: null, reason: null, answer: extras[i]!.answer, reasoning: extras[i]!.reasoning, findings: null, talkingPoints: null, document: null, finishReason: p?.finishReason ?? null, httpStatus: p?.httpStatus ?? null, route: p?.route ?? null, latencyMs: p?.latencyMs ?? null, tokensIn: p?.tokensIn ?? null, tokensOut: p?.tokensOut ?? null, cost: p?.cost ?? null, attempts: p?.attempts ?? 1, error: r?.error ?? p?.error ?? null });
      if (r) await storeAnalysis(t, { ...r, request: id });
    }
  });
  if (!later) await auditWriter(store).status(runId, 'done');
  return { imported: requests.length, problems };
}

/** The provider block of an exported record (promptfoo's `provider` is something else: {id, label}). */
function exportedProvider(value: unknown): ExportedAnswer['provider'] | null {
  return value && typeof value === 'object' && 'attempts' in value ? (value as ExportedAnswer['provider']) : null;
}

/** The analysis an exported record carries, stored as it was. */
function storedRecord(rec: Record<string, unknown>): AnalysisRecord {
  const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));
  return {
    request: 0,
    outcome: rec.outcome as Outcome,
    verdict: (rec.verdict as string | null) ?? null,
    reason: (rec.reason as string | null) ?? null,
    findings: json(rec.findings),
    talkingPoints: json(rec.talkingPoints),
    document: null,
    error: (rec.provider as { error?: string } | undefined)?.error ?? null,
    analyzer: rec.analyzer as string,
  };
}
