// Reading audit runs back: summaries with Wilson intervals, language gaps, echoed talking points, answers.
import type { Document } from '../document.js';
import type { Sql } from '../storage/sql.js';
import { analyzeAnswer } from '../analysis/pipeline.js';
import { OUTCOMES, countResults, getRunRow, restoredDocument, type Outcome, type PlannedRequest, type RunRow } from './store.js';

export { OUTCOMES, type Outcome } from './store.js';

export interface RunInfo {
  id: string;
  createdAt: string;
  suite: string;
  models: string[];
  langs: string[];
  samples: number;
  status: 'running' | 'done' | 'interrupted';
  expected: number;
  results: number;
  /** How many answers got each verdict (listRuns fills it, for the runs table's rates). */
  outcomes?: Record<Outcome, number>;
}

/** A proportion k/n with its Wilson 95% interval. */
export interface Rate {
  n: number;
  k: number;
  rate: number;
  low: number;
  high: number;
}

export interface RunSummary {
  run: string;
  expected: number;
  results: number;
  byModel: Record<string, Record<Outcome, number>>;
  cells: { model: string; topic: string; lang: string; n: number; rates: Record<Outcome, Rate> }[];
  langGaps: {
    promptId: string;
    topic: string;
    model: string;
    en: Record<Outcome, number>;
    zh: Record<Outcome, number>;
    gap: number;
    /** The verdict whose share differs most, zh minus en, with Newcombe's 95% interval for a difference of proportions. */
    effect: { outcome: Outcome; diff: number; low: number; high: number };
    enAnswer?: string;
    zhAnswer?: string;
  }[];
  topTalkingPoints: { id: string; claim: string; count: number; models: Record<string, number> }[];
  usage: { tokensIn: number; tokensOut: number; cost: number | null; meanLatencyMs: number };
}

/** A stored answer: the request it answers (as planned) and what came back. */
export interface AnswerRow extends Omit<PlannedRequest, 'expects'> {
  id: number;
  run: string;
  outcome: Outcome;
  verdict: string | null;
  reason: string | null;
  answer: string | null;
  reasoning: string | null;
  httpStatus: number | null;
  route: string | null;
  latencyMs: number | null;
}

/** Wilson score interval at 95% (z = 1.96): sound for small n and for rates near 0 or 1. */
export function wilson(k: number, n: number, z = 1.96): Rate {
  if (n === 0) return { n, k, rate: 0, low: 0, high: 1 };
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { n, k, rate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** A share as text to one decimal: 0.1234 → "12.3%". */
export const percent = (x: number) => `${(100 * x).toFixed(1)}%`;

/** A rate with its interval as the terminal prints it: "12.3% [8.1%–18.0%]". */
export const rateInterval = (r: Rate) => `${percent(r.rate)} [${percent(r.low)}–${percent(r.high)}]`;

export function emptyCounts(): Record<Outcome, number> {
  return Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
}

/** A run marked running whose process is gone was killed: show it as interrupted. */
function liveStatus(row: RunRow): RunInfo['status'] {
  if (row.status !== 'running' || !row.pid) return row.status;
  try {
    process.kill(row.pid, 0);
    return 'running';
  } catch {
    return 'interrupted';
  }
}

function toRunInfo(row: RunRow, results: number): RunInfo {
  return {
    id: row.id,
    createdAt: row.created_at,
    suite: row.suite,
    models: JSON.parse(row.models) as string[],
    langs: JSON.parse(row.langs) as string[],
    samples: row.samples,
    status: liveStatus(row),
    expected: row.expected,
    results,
  };
}

/** A store opened without the audit migrations (e.g. a corpus-only file) simply has no runs. */
export function hasAuditTables(store: Sql): Promise<boolean> {
  return store.hasTable('audit_runs');
}

export async function listRuns(store: Sql): Promise<RunInfo[]> {
  if (!(await hasAuditTables(store))) return [];
  const rows = await store.all<RunRow>('SELECT * FROM audit_runs ORDER BY created_at DESC');
  const counts = new Map((await store.all<{ run: string; n: number }>('SELECT run, COUNT(*) AS n FROM audit_results WHERE outcome IS NOT NULL GROUP BY run')).map((r) => [r.run, r.n]));
  const outcomes = new Map<string, Record<Outcome, number>>();
  for (const r of await store.all<{ run: string; outcome: Outcome; n: number }>('SELECT run, outcome, COUNT(*) AS n FROM audit_results WHERE outcome IS NOT NULL GROUP BY run, outcome')) {
    let c = outcomes.get(r.run);
    if (!c) outcomes.set(r.run, (c = emptyCounts()));
    if (r.outcome in c) c[r.outcome] = r.n;
  }
  return rows.map((row) => ({ ...toRunInfo(row, counts.get(row.id) ?? 0), outcomes: outcomes.get(row.id) ?? emptyCounts() }));
}

export async function getRun(store: Sql, runId: string): Promise<RunInfo | null> {
  if (!(await hasAuditTables(store))) return null;
  const row = await getRunRow(store, runId);
  if (!row) return null;
  return toRunInfo(row, await countResults(store, runId));
}

interface JoinedRow {
  model: string;
  promptId: string;
  topic: string;
  lang: string;
  outcome: Outcome;
  answer: string | null;
  talkingPoints: string | null;
  tokensIn: number | null;
  tokensOut: number | null;
  cost: number | null;
  latencyMs: number | null;
}

export async function summarizeRun(store: Sql, runId: string): Promise<RunSummary> {
  const run = (await hasAuditTables(store)) ? await getRunRow(store, runId) : undefined;
  if (!run) throw new Error(`no audit run "${runId}" in this database`);
  const rows = await store.all<JoinedRow>(
      `SELECT q.model, q.prompt_id AS promptId, q.topic, q.lang, r.outcome, r.answer, r.talking_points AS talkingPoints,
              r.tokens_in AS tokensIn, r.tokens_out AS tokensOut, r.cost, r.latency_ms AS latencyMs
       FROM audit_results r JOIN audit_requests q ON q.id = r.request
       WHERE r.run = ? AND r.outcome IS NOT NULL ORDER BY q.id`,
    [runId],
  );

  const byModel: RunSummary['byModel'] = {};
  for (const model of JSON.parse(run.models) as string[]) byModel[model] = emptyCounts();
  const cellCounts = new Map<string, { model: string; topic: string; lang: string; counts: Record<Outcome, number> }>();
  const perPrompt = new Map<string, { promptId: string; topic: string; model: string; en: Record<Outcome, number>; zh: Record<Outcome, number>; enAnswer?: string; zhAnswer?: string }>();
  const points = new Map<string, { id: string; claim: string; count: number; models: Record<string, number> }>();
  let tokensIn = 0;
  let tokensOut = 0;
  let cost: number | null = null;
  let latencySum = 0;
  let latencyN = 0;

  for (const r of rows) {
    (byModel[r.model] ??= emptyCounts())[r.outcome]++;
    const cellKey = `${r.model}\u0000${r.topic}\u0000${r.lang}`;
    let cell = cellCounts.get(cellKey);
    if (!cell) cellCounts.set(cellKey, (cell = { model: r.model, topic: r.topic, lang: r.lang, counts: emptyCounts() }));
    cell.counts[r.outcome]++;

    if (r.lang === 'en' || r.lang === 'zh') {
      const key = `${r.model}\u0000${r.promptId}`;
      let p = perPrompt.get(key);
      if (!p) perPrompt.set(key, (p = { promptId: r.promptId, topic: r.topic, model: r.model, en: emptyCounts(), zh: emptyCounts() }));
      p[r.lang][r.outcome]++;
      const answerKey = r.lang === 'en' ? 'enAnswer' : 'zhAnswer';
      if (p[answerKey] === undefined && r.answer) p[answerKey] = r.answer;
    }

    if (r.talkingPoints) {
      for (const tp of JSON.parse(r.talkingPoints) as { id: string; claim: string }[]) {
        let entry = points.get(tp.id);
        if (!entry) points.set(tp.id, (entry = { id: tp.id, claim: tp.claim, count: 0, models: {} }));
        entry.count++;
        entry.models[r.model] = (entry.models[r.model] ?? 0) + 1;
      }
    }
    tokensIn += r.tokensIn ?? 0;
    tokensOut += r.tokensOut ?? 0;
    if (r.cost !== null) cost = (cost ?? 0) + r.cost;
    if (r.latencyMs !== null) {
      latencySum += r.latencyMs;
      latencyN++;
    }
  }

  const cells = [...cellCounts.values()]
    .sort((a, b) => a.model.localeCompare(b.model) || a.topic.localeCompare(b.topic) || a.lang.localeCompare(b.lang))
    .map(({ model, topic, lang, counts }) => {
      const n = OUTCOMES.reduce((s, o) => s + counts[o], 0);
      const rates = Object.fromEntries(OUTCOMES.map((o) => [o, wilson(counts[o], n)])) as Record<Outcome, Rate>;
      return { model, topic, lang, n, rates };
    });

  const langGaps = rankGaps(
    [...perPrompt.values()]
      .filter((p) => total(p.en) > 0 && total(p.zh) > 0)
      .map((p) => ({ ...p, gap: round(outcomeDistance(p.en, p.zh)), effect: biggestEffect(p.en, p.zh) })),
  );

  return {
    run: runId,
    expected: run.expected,
    results: rows.length,
    byModel,
    cells,
    langGaps,
    topTalkingPoints: [...points.values()].sort((a, b) => b.count - a.count || a.id.localeCompare(b.id)).slice(0, 20),
    usage: { tokensIn, tokensOut, cost: cost === null ? null : round(cost, 6), meanLatencyMs: latencyN ? round(latencySum / latencyN, 1) : 0 },
  };
}

/**
 * Newcombe's hybrid score interval for p2 − p1, built from the two Wilson intervals: unlike the raw gap it widens when
 * a prompt was asked once per language, so a 1/1 against 0/1 no longer outranks 18/20 against 2/20.
 */
export function diffInterval(k1: number, n1: number, k2: number, n2: number): { diff: number; low: number; high: number } {
  const a = wilson(k1, n1);
  const b = wilson(k2, n2);
  const diff = b.rate - a.rate;
  return {
    diff: round(diff),
    low: round(diff - Math.sqrt((b.rate - b.low) ** 2 + (a.high - a.rate) ** 2)),
    high: round(diff + Math.sqrt((b.high - b.rate) ** 2 + (a.rate - a.low) ** 2)),
  };
}

function biggestEffect(en: Record<Outcome, number>, zh: Record<Outcome, number>): RunSummary['langGaps'][number]['effect'] {
  let best: RunSummary['langGaps'][number]['effect'] | null = null;
  for (const o of OUTCOMES) {
    const d = diffInterval(en[o], total(en), zh[o], total(zh));
    if (!best || effectStrength(d) > effectStrength(best) || (effectStrength(d) === effectStrength(best) && Math.abs(d.diff) > Math.abs(best.diff))) best = { outcome: o, ...d };
  }
  return best!;
}

/** The interval's bound nearest zero: how large the difference is at least (0 when the interval spans zero). */
export function effectStrength(e: { low: number; high: number }): number {
  return e.low > 0 ? e.low : e.high < 0 ? -e.high : 0;
}

/**
 * Strongest effects first, but each model's n-th gap before any model's (n+1)-th: one model with many clear gaps
 * cannot fill the list before the others show theirs.
 */
function rankGaps<G extends { model: string; promptId: string; gap: number; effect: { diff: number; low: number; high: number } }>(gaps: G[]): G[] {
  const byEffect = (a: G, b: G) =>
    effectStrength(b.effect) - effectStrength(a.effect) || b.gap - a.gap || Math.abs(b.effect.diff) - Math.abs(a.effect.diff) || a.model.localeCompare(b.model) || a.promptId.localeCompare(b.promptId);
  const rankInModel = new Map<G, number>();
  const seen = new Map<string, number>();
  for (const g of [...gaps].sort(byEffect)) {
    const i = seen.get(g.model) ?? 0;
    rankInModel.set(g, i);
    seen.set(g.model, i + 1);
  }
  return gaps.sort((a, b) => rankInModel.get(a)! - rankInModel.get(b)! || byEffect(a, b));
}

function total(c: Record<Outcome, number>): number {
  return OUTCOMES.reduce((s, o) => s + c[o], 0);
}

/** Total-variation distance between two outcome distributions: 0 = same behaviour, 1 = nothing in common. */
export function outcomeDistance(a: Record<Outcome, number>, b: Record<Outcome, number>): number {
  const na = total(a);
  const nb = total(b);
  if (!na || !nb) return 0;
  return OUTCOMES.reduce((s, o) => s + Math.abs(a[o] / na - b[o] / nb), 0) / 2;
}

function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

const ANSWER_COLUMNS = `r.request AS id, r.run, q.model, q.prompt_id AS promptId, q.topic, q.style, q.lang, q.sample, q.prompt,
  r.outcome, r.verdict, r.reason, r.answer, r.reasoning, r.http_status AS httpStatus, r.route, r.latency_ms AS latencyMs`;

export async function listAnswers(
  store: Sql,
  runId: string,
  filter: { model?: string; topic?: string; lang?: string; outcome?: string; promptId?: string; offset?: number; limit?: number } = {},
): Promise<{ total: number; rows: AnswerRow[] }> {
  if (!(await hasAuditTables(store))) return { total: 0, rows: [] };
  const where = ['r.run = @run', 'r.outcome IS NOT NULL'];
  if (filter.model) where.push('q.model = @model');
  if (filter.topic) where.push('q.topic = @topic');
  if (filter.lang) where.push('q.lang = @lang');
  if (filter.outcome) where.push('r.outcome = @outcome');
  if (filter.promptId) where.push('q.prompt_id = @promptId');
  const params = { run: runId, model: filter.model, topic: filter.topic, lang: filter.lang, outcome: filter.outcome, promptId: filter.promptId };
  const used = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
  const from = `FROM audit_results r JOIN audit_requests q ON q.id = r.request WHERE ${where.join(' AND ')}`;
  const { n } = (await store.get<{ n: number }>(`SELECT COUNT(*) AS n ${from}`, used))!;
  const limit = Math.max(0, Math.min(filter.limit ?? 100, 1000));
  const offset = Math.max(0, filter.offset ?? 0);
  const rows = await store.all<AnswerRow>(`SELECT ${ANSWER_COLUMNS} ${from} ORDER BY q.id LIMIT ${limit} OFFSET ${offset}`, used);
  return { total: n, rows };
}

/**
 * A row's compact document (see storedDocument); null when the store predates its column and was opened read-only, so
 * that nothing migrated it (the dashboard): such a store holds whole documents only.
 */
async function compactDocument(store: Sql, answerId: number): Promise<{ compact: string | null; analyzer: string | null } | null> {
  try {
    return (await store.get<{ compact: string | null; analyzer: string | null }>('SELECT document_compact AS compact, analyzer FROM audit_results WHERE request = ?', [answerId])) ?? null;
  } catch (e) {
    if (/document_compact/.test((e as Error).message)) return null;
    throw e;
  }
}

export async function getAnswer(store: Sql, answerId: number): Promise<(AnswerRow & { document: Document | null }) | null> {
  if (!(await hasAuditTables(store))) return null;
  const row = await store.get<AnswerRow & { documentJson: string | null; findingsJson: string | null }>(
    `SELECT ${ANSWER_COLUMNS}, r.document AS documentJson, r.findings AS findingsJson FROM audit_results r JOIN audit_requests q ON q.id = r.request WHERE r.request = ?`,
    [answerId],
  );
  if (!row) return null;
  const { documentJson, findingsJson, ...answer } = row;
  // As it was analysed (given back from the row, or stored whole); analysed again only when the row no longer gives it
  // back or never held it. A whole document is one without `stored` (a compact one kept there by a build of the code
  // between the two columns has lost its text and findings).
  const stored = await compactDocument(store, answerId);
  const whole = documentJson ? (JSON.parse(documentJson) as Document & { stored?: unknown }) : null;
  let document: Document | null =
    (stored?.compact && restoredDocument(stored.compact, { answer: answer.answer, reasoning: answer.reasoning, findings: findingsJson, analyzer: stored.analyzer })) ||
    (whole && !('stored' in whole) ? whole : null);
  if (!document && answer.answer) {
    document = analyzeAnswer({ id: `${answer.run}/${answer.id}`, prompt: answer.prompt, answer: answer.answer, reasoning: answer.reasoning ?? undefined, model: answer.model, lang: answer.lang });
  }
  return { ...answer, document };
}
