// Two runs, or two models (RUN:MODEL), on the same prompts: per topic and per language, the rate of each outcome
// on both sides, its difference, Fisher's exact test (two-sided) and Holm's correction over all the comparisons
// made — so that among dozens of topic × language × outcome cells, "significant" still means something.
import { OUTCOMES, type Outcome } from './store.js';
import { summarizeRun, type RunSummary } from './results.js';
import type { Sql } from '../storage/sql.js';

export interface Side {
  run: string;
  model: string | null;
  label: string;
}

export interface Comparison {
  /** `topic` or `lang` */
  by: 'all' | 'topic' | 'lang';
  group: string;
  outcome: Outcome;
  a: { k: number; n: number; rate: number };
  b: { k: number; n: number; rate: number };
  difference: number;
  p: number;
  /** Holm-adjusted p over every comparison in the result. */
  pAdjusted: number;
  significant: boolean;
}

/** "run-1" or "run-1:mock-echo". */
export function parseSide(spec: string): Side {
  const at = spec.indexOf(':');
  const run = at < 0 ? spec : spec.slice(0, at);
  const model = at < 0 ? null : spec.slice(at + 1) || null;
  return { run, model, label: spec };
}

const logFactorials: number[] = [0];
function logFactorial(n: number): number {
  for (let i = logFactorials.length; i <= n; i++) logFactorials.push(logFactorials[i - 1]! + Math.log(i));
  return logFactorials[n]!;
}

/** Two-sided Fisher's exact test on the 2×2 table [[a, b], [c, d]]: the probability of tables as or less likely. */
export function fisherExact(a: number, b: number, c: number, d: number): number {
  const row1 = a + b;
  const col1 = a + c;
  const n = a + b + c + d;
  const logP = (x: number) =>
    logFactorial(row1) + logFactorial(n - row1) + logFactorial(col1) + logFactorial(n - col1) - logFactorial(n) - logFactorial(x) - logFactorial(row1 - x) - logFactorial(col1 - x) - logFactorial(n - row1 - col1 + x);
  const observed = logP(a);
  let p = 0;
  for (let x = Math.max(0, row1 + col1 - n); x <= Math.min(row1, col1); x++) {
    const lp = logP(x);
    if (lp <= observed + 1e-7) p += Math.exp(lp);
  }
  return Math.min(1, p);
}

/** Holm's step-down adjustment: adjusted p-values in the input order. */
export function holm(ps: number[]): number[] {
  const order = ps.map((p, i) => [p, i] as const).sort((x, y) => x[0] - y[0]);
  const out = new Array<number>(ps.length);
  let running = 0;
  order.forEach(([p, i], rank) => {
    running = Math.max(running, Math.min(1, (ps.length - rank) * p));
    out[i] = running;
  });
  return out;
}

type Counts = Map<string, Record<Outcome, number>>;

function countsOf(summary: RunSummary, model: string | null, key: (c: RunSummary['cells'][number]) => string): Counts {
  const out: Counts = new Map();
  for (const cell of summary.cells) {
    if (model && cell.model !== model) continue;
    const k = key(cell);
    const counts = out.get(k) ?? (Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>);
    for (const o of OUTCOMES) counts[o] += cell.rates[o].k;
    out.set(k, counts);
  }
  return out;
}

export async function compareRuns(store: Sql, a: Side, b: Side, alpha = 0.05): Promise<{ a: Side; b: Side; comparisons: Comparison[] }> {
  const summaries: RunSummary[] = [];
  for (const side of [a, b]) {
    const summary = await summarizeRun(store, side.run);
    if (side.model && !summary.byModel[side.model]) throw new Error(`run "${side.run}" has no answers of model "${side.model}" (it has: ${Object.keys(summary.byModel).join(', ')})`);
    summaries.push(summary);
  }
  const comparisons: Omit<Comparison, 'pAdjusted' | 'significant'>[] = [];
  for (const by of ['all', 'topic', 'lang'] as const) {
    const key = (c: RunSummary['cells'][number]) => (by === 'all' ? 'all' : by === 'topic' ? c.topic : c.lang);
    const [ca, cb] = [countsOf(summaries[0]!, a.model, key), countsOf(summaries[1]!, b.model, key)];
    for (const group of [...ca.keys()].filter((g) => cb.has(g)).sort()) {
      const [x, y] = [ca.get(group)!, cb.get(group)!];
      const [na, nb] = [x, y].map((c) => OUTCOMES.reduce((s, o) => s + c[o], 0)) as [number, number];
      for (const outcome of OUTCOMES) {
        if (outcome === 'failed' || (x[outcome] === 0 && y[outcome] === 0)) continue;
        const ra = na ? x[outcome] / na : 0;
        const rb = nb ? y[outcome] / nb : 0;
        comparisons.push({ by, group, outcome, a: { k: x[outcome], n: na, rate: ra }, b: { k: y[outcome], n: nb, rate: rb }, difference: rb - ra, p: fisherExact(x[outcome], na - x[outcome], y[outcome], nb - y[outcome]) });
      }
    }
  }
  const adjusted = holm(comparisons.map((c) => c.p));
  return { a, b, comparisons: comparisons.map((c, i) => ({ ...c, pAdjusted: adjusted[i]!, significant: adjusted[i]! < alpha })) };
}
