// Trends: one model across the runs that include it, oldest first — did the new checkpoint echo less? Each run's
// rate of every outcome with its 95% Wilson interval, and for each run after the first, whether a rate differs from
// the previous run's (Fisher's exact test, Holm-adjusted over all the run-to-run comparisons of the trend).
import type { Sql } from '../storage/sql.js';
import { fisherExact, holm } from './compare.js';
import { emptyCounts, hasAuditTables, rateInterval, wilson, type Rate } from './results.js';
import { OUTCOMES, type Outcome } from './store.js';

export interface TrendPoint {
  run: string;
  createdAt: string;
  suite: string;
  /** Results of the model in the run. */
  n: number;
  rates: Record<Outcome, Rate>;
  /** Against the previous run (absent for the first): difference of rates, Holm-adjusted p, significance. */
  change?: Record<Outcome, { difference: number; p: number; pAdjusted: number; significant: boolean }>;
}

export interface Trend {
  model: string;
  points: TrendPoint[];
}

/** Every model that appears in more than one run, for pickers. */
export async function modelsWithTrends(store: Sql): Promise<string[]> {
  if (!(await hasAuditTables(store))) return [];
  const rows = await store.all<{ model: string; run: string }>('SELECT DISTINCT q.model, q.run FROM audit_requests q');
  const runs = new Map<string, number>();
  for (const r of rows) runs.set(r.model, (runs.get(r.model) ?? 0) + 1);
  return [...runs].filter(([, n]) => n > 1).map(([m]) => m).sort();
}

export async function modelTrend(store: Sql, model: string, alpha = 0.05): Promise<Trend> {
  if (!(await hasAuditTables(store))) return { model, points: [] };
  const rows = await store.all<{ run: string; createdAt: string; suite: string; outcome: Outcome; n: number }>(
      `SELECT r.run, ru.created_at AS createdAt, ru.suite, r.outcome, COUNT(*) AS n
       FROM audit_results r JOIN audit_requests q ON q.id = r.request JOIN audit_runs ru ON ru.id = r.run
       WHERE q.model = ? AND r.outcome IS NOT NULL GROUP BY r.run, ru.created_at, ru.suite, r.outcome ORDER BY ru.created_at, r.run`,
    [model],
  );
  const byRun = new Map<string, { createdAt: string; suite: string; counts: Record<Outcome, number> }>();
  for (const r of rows) {
    const entry = byRun.get(r.run) ?? { createdAt: r.createdAt, suite: r.suite, counts: emptyCounts() };
    entry.counts[r.outcome] += r.n;
    byRun.set(r.run, entry);
  }
  const points: TrendPoint[] = [...byRun].map(([run, { createdAt, suite, counts }]) => {
    const n = OUTCOMES.reduce((s, o) => s + counts[o], 0);
    return { run, createdAt, suite, n, rates: Object.fromEntries(OUTCOMES.map((o) => [o, wilson(counts[o], n)])) as Record<Outcome, Rate> };
  });
  const tests: { point: number; outcome: Outcome; difference: number; p: number }[] = [];
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1], points[i]];
    for (const o of OUTCOMES) {
      const [ka, kb] = [a.rates[o].k, b.rates[o].k];
      if (ka + kb === 0) continue;
      tests.push({ point: i, outcome: o, difference: b.rates[o].rate - a.rates[o].rate, p: fisherExact(ka, a.n - ka, kb, b.n - kb) });
    }
  }
  const adjusted = holm(tests.map((t) => t.p));
  tests.forEach((t, i) => {
    const change = (points[t.point].change ??= {} as NonNullable<TrendPoint['change']>);
    change[t.outcome] = { difference: t.difference, p: t.p, pAdjusted: adjusted[i]!, significant: adjusted[i]! < alpha };
  });
  return { model, points };
}

export function trendText(t: Trend, outcomes: Outcome[] = ['state_echo', 'refusal', 'deflection', 'informative']): string {
  if (!t.points.length) return `no run in this store includes model "${t.model}" (mouthpiece runs lists the runs and their models)`;
  const out = [`${t.model}: ${t.points.length} run${t.points.length > 1 ? 's' : ''}, oldest first (95% Wilson intervals; * = differs from the previous run, Fisher's exact test, Holm-adjusted p < 0.05)`];
  for (const p of t.points) {
    const cells = outcomes.map((o) => {
      const r = p.rates[o];
      const c = p.change?.[o];
      return `${o} ${rateInterval(r)}${c?.significant ? ` *${c.difference > 0 ? '+' : ''}${(100 * c.difference).toFixed(1)} pts` : ''}`;
    });
    out.push(`  ${p.createdAt.slice(0, 16).replace('T', ' ')}  ${p.run}  n=${p.n}  ${cells.join('  ')}`);
  }
  if (t.points.length === 1) out.push('  one run only: run the model again (mouthpiece audit … --model ' + t.model + ') to see a trend');
  return out.join('\n');
}
