// A run's answers as a researcher publishes them (one record per answer, SpeechMap-style): prompt, language,
// model, sample, answer, reasoning, verdict, reason, talking points, findings and the provider's outcome.
// And `reanalyze`: stored answers scored again after the catalogue or the analyzer changed, without calling models.
import { analyzerVersion } from '../analysis/pipeline.js';
import type { Analyzer } from '../analysis/pool.js';
import { csvCell } from '../reporters/csv.js';
import type { Store } from '../storage/db.js';
import { analysisRecord, auditWriter, claimRun, getRunRow, type Outcome } from './store.js';

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
}

/** Every answer of a run, in plan order, one at a time (a run of millions is never held in memory). */
export function* exportedAnswers(store: Store, runId: string): Generator<ExportedAnswer> {
  if (!getRunRow(store, runId)) throw new Error(`no audit run "${runId}" in this database (mouthpiece runs lists them)`);
  const rows = store
    .prepare(
      `SELECT q.model, q.prompt_id AS promptId, q.topic, q.style, q.lang, q.sample, q.prompt, r.answer, r.reasoning, r.outcome, r.verdict, r.reason,
         r.talking_points AS talkingPoints, r.findings, r.http_status AS httpStatus, r.finish_reason AS finishReason, r.route, r.latency_ms AS latencyMs,
         r.tokens_in AS tokensIn, r.tokens_out AS tokensOut, r.cost, r.attempts, r.error, r.analyzer
       FROM audit_requests q JOIN audit_results r ON r.request = q.id WHERE q.run = ? ORDER BY q.id`,
    )
    .iterate(runId) as IterableIterator<Row>;
  for (const r of rows) {
    yield {
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
    };
  }
}

export const EXPORT_CSV_HEADER = ['run', 'model', 'prompt_id', 'topic', 'style', 'lang', 'sample', 'prompt', 'answer', 'reasoning', 'outcome', 'verdict', 'reason', 'talking_points', 'http_status', 'finish_reason', 'route', 'error', 'analyzer'];

/** One CSV row; findings stay in the JSONL export (a spreadsheet cell is no place for them). */
export function exportCsvRow(a: ExportedAnswer): string {
  const cells = [a.run, a.model, a.promptId, a.topic, a.style, a.lang, a.sample, a.prompt, a.answer ?? '', a.reasoning ?? '', a.outcome ?? '', a.verdict ?? '', a.reason ?? '', a.talkingPoints.map((t) => t.id).join(' '), a.provider.httpStatus ?? '', a.provider.finishReason ?? '', a.provider.route ?? '', a.provider.error ?? '', a.analyzer ?? ''];
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
export async function reanalyzeRun(store: Store, runId: string, analyzer: Analyzer, onProgress?: (done: number, total: number) => void): Promise<ReanalyzeReport> {
  const row = getRunRow(store, runId);
  if (!row) throw new Error(`no audit run "${runId}" in this database (mouthpiece runs lists them)`);
  const claim = claimRun(store, runId, alive);
  if (!claim.claimed) throw new Error(`run "${runId}" is being run by process ${claim.owner}; wait for it to end`);
  const report: ReanalyzeReport = { analysed: 0, changed: 0, analyzer: analyzerVersion(), transitions: {} };
  const write = auditWriter(store);
  try {
    const answers = store
      .prepare(
        `SELECT r.request, r.outcome, q.prompt, q.model, q.lang, r.answer, r.reasoning FROM audit_results r JOIN audit_requests q ON q.id = r.request
         WHERE q.run = ? AND r.answer IS NOT NULL AND (r.outcome IS NULL OR r.outcome NOT IN ('provider_blocked'))`,
      )
      .all(runId) as { request: number; outcome: Outcome | null; prompt: string; model: string; lang: string; answer: string; reasoning: string | null }[];
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
    write.flush();
  } finally {
    // The run goes back to the status it had (a run left running by a killed process is interrupted).
    store.prepare('UPDATE audit_runs SET status = ?, pid = NULL WHERE id = ? AND pid = ?').run(row.status === 'running' ? 'interrupted' : row.status, runId, process.pid);
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
