// Pure scoring functions for classification evaluations: confusion matrix, per-class
// precision/recall/F1, macro-F1, accuracy, Cohen's kappa and Wilson intervals.
// Gold labels are rows; predicted labels are columns. A missing prediction (null) is counted in
// its own NONE column, so an analyzer that says nothing is scored as wrong, never skipped.

export const NONE = '(none)';

export interface ConfusionMatrix {
  /** Gold labels, in the order given. */
  rows: string[];
  /** Predicted labels: the gold labels, then any extra columns, then NONE. */
  cols: string[];
  /** counts[r][c]: items whose gold label is rows[r] and prediction is cols[c]. */
  counts: number[][];
  total: number;
}

export interface ClassScore {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  /** Items whose gold label is this class. */
  support: number;
  /** Items predicted as this class. */
  predicted: number;
}

/**
 * Builds the confusion matrix. `extraColumns` lets a prediction take a label the gold data never
 * uses (e.g. `state_echo` against judge labels). Unknown labels are an error, not silently dropped.
 */
export function confusionMatrix(
  gold: readonly string[],
  predicted: readonly (string | null | undefined)[],
  labels: readonly string[],
  extraColumns: readonly string[] = [],
): ConfusionMatrix {
  if (gold.length !== predicted.length) {
    throw new Error(`confusionMatrix: ${gold.length} gold labels but ${predicted.length} predictions`);
  }
  const rows = [...labels];
  const cols = [...labels, ...extraColumns.filter((c) => !labels.includes(c)), NONE];
  const counts = rows.map(() => cols.map(() => 0));
  gold.forEach((g, i) => {
    const r = rows.indexOf(g);
    if (r < 0) throw new Error(`confusionMatrix: gold label "${g}" (item ${i}) is not one of ${rows.join(', ')}`);
    const p = predicted[i] ?? NONE;
    const c = cols.indexOf(p);
    if (c < 0) throw new Error(`confusionMatrix: predicted label "${p}" (item ${i}) is not one of ${cols.join(', ')}`);
    counts[r][c]++;
  });
  return { rows, cols, counts, total: gold.length };
}

function rowSum(cm: ConfusionMatrix, r: number): number {
  return cm.counts[r].reduce((a, b) => a + b, 0);
}

function colSum(cm: ConfusionMatrix, c: number): number {
  return cm.counts.reduce((a, row) => a + row[c], 0);
}

/** 0 when the denominator is 0 (no gold items or no predictions of the class), as scikit-learn's zero_division=0. */
function ratio(num: number, den: number): number {
  return den === 0 ? 0 : num / den;
}

export function classScore(cm: ConfusionMatrix, label: string): ClassScore {
  const r = cm.rows.indexOf(label);
  const c = cm.cols.indexOf(label);
  if (r < 0 && c < 0) throw new Error(`classScore: unknown label "${label}"`);
  const tp = r >= 0 && c >= 0 ? cm.counts[r][c] : 0;
  const support = r >= 0 ? rowSum(cm, r) : 0;
  const predicted = c >= 0 ? colSum(cm, c) : 0;
  const precision = ratio(tp, predicted);
  const recall = ratio(tp, support);
  const f1 = ratio(2 * precision * recall, precision + recall);
  return { label, precision, recall, f1, support, predicted };
}

/** Scores for every gold label (the rows). */
export function classScores(cm: ConfusionMatrix): ClassScore[] {
  return cm.rows.map((label) => classScore(cm, label));
}

/** Unweighted mean of the per-class F1 over the gold labels. */
export function macroF1(cm: ConfusionMatrix): number {
  const scores = classScores(cm);
  return ratio(scores.reduce((a, s) => a + s.f1, 0), scores.length);
}

export function accuracy(cm: ConfusionMatrix): number {
  let correct = 0;
  cm.rows.forEach((label, r) => {
    const c = cm.cols.indexOf(label);
    if (c >= 0) correct += cm.counts[r][c];
  });
  return ratio(correct, cm.total);
}

/**
 * Cohen's kappa between gold and predicted labels: (po − pe) / (1 − pe), where pe sums, over every
 * label that appears as a row or column, the product of the two marginal shares. Columns the gold
 * data never uses (NONE, extra columns) have a gold share of 0, so they only lower agreement.
 * NaN when undefined (no items, or both sides use one and the same single class).
 */
export function cohenKappa(cm: ConfusionMatrix): number {
  if (cm.total === 0) return Number.NaN;
  const labels = [...new Set([...cm.rows, ...cm.cols])];
  const po = accuracy(cm);
  let pe = 0;
  for (const label of labels) {
    const r = cm.rows.indexOf(label);
    const c = cm.cols.indexOf(label);
    const goldShare = r >= 0 ? rowSum(cm, r) / cm.total : 0;
    const predShare = c >= 0 ? colSum(cm, c) / cm.total : 0;
    pe += goldShare * predShare;
  }
  // Both raters put everything in one and the same class: kappa is undefined (0/0), not perfect.
  if (pe === 1) return Number.NaN;
  return (po - pe) / (1 - pe);
}

export interface Proportion {
  count: number;
  total: number;
  rate: number;
  /** 95 % Wilson score interval (or the z given). */
  low: number;
  high: number;
}

/** Wilson score interval for a binomial proportion: honest near 0, where the normal interval is not. */
export function wilson(count: number, total: number, z = 1.96): Proportion {
  if (!Number.isInteger(count) || !Number.isInteger(total) || count < 0 || total < 0 || count > total) {
    throw new Error(`wilson: need 0 ≤ count ≤ total, got ${count}/${total}`);
  }
  if (total === 0) return { count, total, rate: 0, low: 0, high: 1 };
  const p = count / total;
  const z2 = z * z;
  const denom = 1 + z2 / total;
  const centre = (p + z2 / (2 * total)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / total + z2 / (4 * total * total))) / denom;
  return { count, total, rate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export interface EvalSummary {
  n: number;
  accuracy: number;
  macroF1: number;
  kappa: number;
  perClass: ClassScore[];
  confusion: ConfusionMatrix;
}

/** Everything a report needs for one slice of the data. */
export function summarize(
  gold: readonly string[],
  predicted: readonly (string | null | undefined)[],
  labels: readonly string[],
  extraColumns: readonly string[] = [],
): EvalSummary {
  const cm = confusionMatrix(gold, predicted, labels, extraColumns);
  return { n: cm.total, accuracy: accuracy(cm), macroF1: macroF1(cm), kappa: cohenKappa(cm), perClass: classScores(cm), confusion: cm };
}

/** A plain-text table of the confusion matrix (gold down, predicted across). */
export function formatConfusion(cm: ConfusionMatrix): string {
  const head = ['gold \\ predicted', ...cm.cols];
  const body = cm.rows.map((r, i) => [r, ...cm.counts[i].map(String)]);
  const widths = head.map((h, c) => Math.max(h.length, ...body.map((row) => row[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [line(head), ...body.map(line)].join('\n');
}
