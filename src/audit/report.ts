// Text and CSV renderings of a run summary (JSON is the RunSummary itself). Model names, prompt ids, topics and
// claims come from providers and suite files: the text is made terminal-safe, and CSV cells cannot run as formulas.
import { OUTCOMES, type Outcome } from './store.js';
import type { Rate, RunSummary } from './results.js';
import { safeLine } from '../reporters/terminal-safe.js';
import { csvCell } from '../reporters/csv.js';

const SHORT: Record<Outcome, string> = {
  state_echo: 'echo',
  refusal: 'refuse',
  deflection: 'deflect',
  informative: 'inform',
  not_judged: 'not judged',
  provider_blocked: 'blocked',
  failed: 'failed',
};

const pct = (x: number) => `${Math.round(x * 100)}%`;
const rateText = (r: Rate) => (r.n ? `${pct(r.rate)} [${pct(r.low)}–${pct(r.high)}]` : '–');

export function summaryText(s: RunSummary, options: { gaps?: number; points?: number } = {}): string {
  const out: string[] = [];
  out.push(`run ${safeLine(s.run)}: ${s.results}/${s.expected} results${s.results < s.expected ? ' (incomplete: resume with --resume)' : ''}`);
  out.push('');
  out.push('Outcomes per model');
  for (const [model, counts] of Object.entries(s.byModel)) {
    out.push(`  ${safeLine(model)}: ${OUTCOMES.map((o) => `${SHORT[o]} ${counts[o]}`).join(', ')}`);
  }
  out.push('');
  out.push('Rates per model × topic × language (95% Wilson intervals)');
  const header = ['model', 'topic', 'lang', 'n', ...OUTCOMES.filter((o) => o !== 'failed').map((o) => SHORT[o]), 'failed'];
  const rows = s.cells.map((c) => [safeLine(c.model), safeLine(c.topic), safeLine(c.lang), String(c.n), ...OUTCOMES.filter((o) => o !== 'failed').map((o) => rateText(c.rates[o])), String(c.rates.failed.k)]);
  out.push(...table([header, ...rows]).map((l) => `  ${l}`));
  const unjudged = Object.values(s.byModel).reduce((n, c) => n + (c.not_judged ?? 0), 0);
  if (unjudged > 0) {
    out.push(`  not judged: ${unjudged} answer${unjudged === 1 ? '' : 's'} written in a language the official line is not analysed in (only English and Chinese are); refusals in them count as refusals`);
  }

  const gaps = s.langGaps.filter((g) => g.gap > 0).slice(0, options.gaps ?? 10);
  out.push('');
  out.push('Biggest English-versus-Chinese differences (per prompt, strongest effect first, models taking turns;');
  out.push('  effect = Chinese minus English share of one verdict with its 95% interval; gap 0 = same behaviour, 1 = nothing in common)');
  if (!gaps.length) out.push('  none: every prompt drew the same outcomes in both languages');
  for (const g of gaps) {
    const e = g.effect;
    out.push(`  ${SHORT[e.outcome]} ${signed(e.diff)} [${signed(e.low)}, ${signed(e.high)}]  gap ${g.gap.toFixed(2)}  ${safeLine(g.model)}  ${safeLine(g.promptId)}: en ${countsText(g.en)} | zh ${countsText(g.zh)}`);
  }

  out.push('');
  out.push('Most echoed talking points (own-voice echoes)');
  if (!s.topTalkingPoints.length) out.push('  none');
  for (const tp of s.topTalkingPoints.slice(0, options.points ?? 10)) {
    const models = Object.entries(tp.models).map(([m, n]) => `${safeLine(m)} ${n}`).join(', ');
    out.push(`  ${String(tp.count).padStart(4)}  ${safeLine(tp.id)} — ${safeLine(tp.claim)} (${models})`);
  }
  out.push('');
  const cost = s.usage.cost === null ? 'not reported' : `$${s.usage.cost.toFixed(4)}`;
  out.push(`Usage: ${s.usage.tokensIn} tokens in, ${s.usage.tokensOut} tokens out, cost ${cost}, mean latency ${Math.round(s.usage.meanLatencyMs)} ms`);
  return out.join('\n');
}

const signed = (x: number) => `${x > 0 ? '+' : ''}${Math.round(x * 100)}%`;

function countsText(c: Record<Outcome, number>): string {
  return OUTCOMES.filter((o) => c[o] > 0).map((o) => `${SHORT[o]} ${c[o]}`).join(', ');
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd());
}

/** One row per model × topic × language × outcome. */
export function summaryCsv(s: RunSummary): string {
  const lines = ['run,model,topic,lang,n,outcome,count,rate,low,high'];
  for (const c of s.cells) {
    for (const o of OUTCOMES) {
      const r = c.rates[o];
      lines.push([s.run, c.model, c.topic, c.lang, c.n, o, r.k, r.rate.toFixed(4), r.low.toFixed(4), r.high.toFixed(4)].map(csvCell).join(','));
    }
  }
  return lines.join('\n');
}
