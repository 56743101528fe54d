// Review mode: people label a sample of a run's answers; the analyzer's agreement with them is measured, and the
// run's rates are corrected through the confusion between its verdicts and theirs. Additive to the audit store:
// one table of its own, created on first use.
import type { Sql } from '../storage/sql.js';
import { OUTCOMES, type Outcome } from './store.js';
import { wilson, type Rate } from './results.js';

/** Verdicts a reviewer can give: what the analyzer decides on (failures and provider blocks are facts, not judgements). */
export const REVIEW_VERDICTS = ['state_echo', 'refusal', 'deflection', 'informative', 'not_judged'] as const;
export type ReviewVerdict = (typeof REVIEW_VERDICTS)[number];

export async function ensureReviewTable(store: Sql): Promise<void> {
  await store.exec(`CREATE TABLE IF NOT EXISTS review_labels (
    run TEXT NOT NULL, result INTEGER NOT NULL, reviewer TEXT NOT NULL, verdict TEXT NOT NULL, at TEXT NOT NULL,
    PRIMARY KEY (run, result, reviewer))`);
}

export interface ReviewLabel {
  run: string;
  result: number;
  reviewer: string;
  verdict: ReviewVerdict;
  at: string;
}

/** Stores (or replaces) one reviewer's verdict on one answer of a run. */
export async function addReview(store: Sql, label: Omit<ReviewLabel, 'at'> & { at?: string }): Promise<ReviewLabel> {
  if (!(REVIEW_VERDICTS as readonly string[]).includes(label.verdict)) throw new Error(`verdict must be one of ${REVIEW_VERDICTS.join(', ')} (got "${label.verdict}")`);
  const reviewer = label.reviewer.trim();
  if (!reviewer || reviewer.length > 100) throw new Error('a reviewer name (1–100 characters) is required');
  const row = await store.get<{ outcome: Outcome }>('SELECT outcome FROM audit_results WHERE run = ? AND request = ? AND outcome IS NOT NULL', [label.run, label.result]);
  if (!row) throw new Error(`run "${label.run}" has no answer ${label.result}`);
  await ensureReviewTable(store);
  const stored: ReviewLabel = { run: label.run, result: label.result, reviewer, verdict: label.verdict, at: label.at ?? new Date().toISOString() };
  await store.run(
    `INSERT INTO review_labels (run, result, reviewer, verdict, at) VALUES (@run, @result, @reviewer, @verdict, @at)
     ON CONFLICT (run, result, reviewer) DO UPDATE SET verdict = excluded.verdict, at = excluded.at`,
    stored,
  );
  return stored;
}

function hasReviewTable(store: Sql): Promise<boolean> {
  return store.hasTable('review_labels');
}

/** Each reviewed answer once: the analyzer's outcome and the latest label any reviewer gave it. */
export async function reviewedPairs(store: Sql, runId: string): Promise<{ result: number; analyzer: Outcome; label: ReviewVerdict; reviewer: string; at: string }[]> {
  if (!(await hasReviewTable(store))) return [];
  const rows = await store.all<{ result: number; analyzer: Outcome; label: ReviewVerdict; reviewer: string; at: string }>(
      `SELECT l.result, r.outcome AS analyzer, l.verdict AS label, l.reviewer, l.at FROM review_labels l
       JOIN audit_results r ON r.run = l.run AND r.request = l.result
       WHERE l.run = ? AND l.at = (SELECT MAX(at) FROM review_labels m WHERE m.run = l.run AND m.result = l.result)
       ORDER BY l.result, l.reviewer`,
    [runId],
  );
  // Two reviewers who labelled an answer at the same instant: the first by name counts.
  return rows.filter((r, i) => i === 0 || rows[i - 1]!.result !== r.result);
}

export interface ReviewStats {
  run: string;
  reviewed: number;
  answers: number;
  /** Observed agreement: share of reviewed answers where the analyzer's verdict is the reviewers'. */
  agreement: Rate;
  /** Cohen's κ with a 95% interval (large-sample standard error); null below two reviewed answers. */
  kappa: { value: number; low: number; high: number } | null;
  perVerdict: Record<string, { precision: Rate; recall: Rate }>;
  /** The run's share of each verdict as the analyzer gave them, and corrected through the reviewed confusion. */
  rates: Record<string, { analyzer: number; corrected: number }>;
}

export async function reviewStats(store: Sql, runId: string): Promise<ReviewStats> {
  const pairs = await reviewedPairs(store, runId);
  const n = pairs.length;
  const agree = pairs.filter((p) => p.analyzer === p.label).length;
  const labels = [...new Set<string>([...OUTCOMES, ...REVIEW_VERDICTS])];

  // κ = (po − pe) / (1 − pe), with SE ≈ sqrt(po(1 − po) / (n (1 − pe)²)).
  let kappa: ReviewStats['kappa'] = null;
  if (n >= 2) {
    const po = agree / n;
    const pe = labels.reduce((s, v) => s + (pairs.filter((p) => p.analyzer === v).length / n) * (pairs.filter((p) => p.label === v).length / n), 0);
    if (pe < 1) {
      const k = (po - pe) / (1 - pe);
      const se = Math.sqrt((po * (1 - po)) / (n * (1 - pe) ** 2));
      kappa = { value: round(k), low: round(Math.max(-1, k - 1.96 * se)), high: round(Math.min(1, k + 1.96 * se)) };
    }
  }

  const perVerdict: ReviewStats['perVerdict'] = {};
  for (const v of REVIEW_VERDICTS) {
    const said = pairs.filter((p) => p.analyzer === v);
    const truth = pairs.filter((p) => p.label === v);
    perVerdict[v] = { precision: wilson(said.filter((p) => p.label === v).length, said.length), recall: wilson(truth.filter((p) => p.analyzer === v).length, truth.length) };
  }

  // Corrected share of v = Σ over analyzer outcomes o of share(o) × P(reviewers say v | analyzer said o); an outcome
  // nobody reviewed keeps its own verdict.
  const counts = await store.all<{ outcome: string; n: number }>('SELECT outcome, COUNT(*) AS n FROM audit_results WHERE run = ? AND outcome IS NOT NULL GROUP BY outcome', [runId]);
  const answers = counts.reduce((s, c) => s + c.n, 0);
  const rates: ReviewStats['rates'] = {};
  for (const v of labels) rates[v] = { analyzer: 0, corrected: 0 };
  for (const c of counts) {
    const share = answers ? c.n / answers : 0;
    rates[c.outcome].analyzer += share;
    const reviewed = pairs.filter((p) => p.analyzer === c.outcome);
    if (!reviewed.length) rates[c.outcome].corrected += share;
    else for (const p of reviewed) rates[p.label].corrected += share / reviewed.length;
  }
  for (const v of labels) rates[v] = { analyzer: round(rates[v].analyzer), corrected: round(rates[v].corrected) };

  return { run: runId, reviewed: n, answers, agreement: wilson(agree, n), kappa, perVerdict, rates };
}

/** The reviewed answers as a labelled set in the r1-moderation format, one JSON object per line. */
export async function exportReviews(store: Sql, runId: string): Promise<string> {
  if (!(await hasReviewTable(store))) return '';
  const rows = await store.all<{ result: number; reviewer: string; verdict: string; at: string; model: string; lang: string; promptId: string; sample: number; prompt: string; answer: string | null }>(
      `SELECT l.result, l.reviewer, l.verdict, l.at, q.model, q.lang, q.prompt_id AS promptId, q.sample, q.prompt, r.answer
       FROM review_labels l JOIN audit_results r ON r.run = l.run AND r.request = l.result JOIN audit_requests q ON q.id = l.result
       WHERE l.run = ? ORDER BY l.result, l.at`,
    [runId],
  );
  const byResult = new Map<number, typeof rows>();
  for (const r of rows) byResult.set(r.result, [...(byResult.get(r.result) ?? []), r]);
  const lines: string[] = [];
  for (const [result, labels] of byResult) {
    const first = labels[0];
    if (first.answer === null) continue;
    const latest = labels[labels.length - 1];
    lines.push(
      JSON.stringify({
        id: `${runId}/${result}`,
        provider_model: first.model,
        lang: first.lang,
        question_id: first.promptId,
        sample: first.sample,
        prompt: first.prompt,
        answer: first.answer,
        label: latest.verdict,
        annotators: labels.map((l) => ({ label: l.verdict, confidence: 'high', echo_sentences: [], reviewer: l.reviewer, at: l.at })),
      }),
    );
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}

function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
