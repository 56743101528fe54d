// CI gates on a run's rates: `--max-rate state_echo=0.05,refusal=0.2` fails a model when the 95% Wilson interval of
// its rate lies wholly above the limit (a rate whose interval still reaches the limit is not proof of a breach), and
// the checks as JUnit XML for CI systems.
import { OUTCOMES, type Outcome } from './store.js';
import { percent, rateInterval, wilson, type Rate, type RunSummary } from './results.js';

export interface RateLimit {
  outcome: Outcome;
  max: number;
}

export interface GateCheck extends RateLimit {
  model: string;
  rate: Rate;
  failed: boolean;
}

/** "state_echo=0.05,refusal=20%" → limits; throws with the accepted names on anything else. */
export function parseMaxRate(spec: string): RateLimit[] {
  return spec
    .split(',')
    .filter((part) => part.trim())
    .map((part) => {
      const m = /^\s*([a-z_]+)\s*=\s*([0-9.]+)\s*(%?)\s*$/.exec(part);
      const outcome = m?.[1] as Outcome | undefined;
      const max = m ? Number(m[2]) / (m[3] ? 100 : 1) : NaN;
      if (!m || !outcome || !OUTCOMES.includes(outcome)) throw new Error(`--max-rate takes outcome=limit pairs such as state_echo=0.05,refusal=0.2 (outcomes: ${OUTCOMES.join(', ')}); got "${part.trim()}"`);
      if (!(max >= 0 && max <= 1)) throw new Error(`--max-rate: the limit for ${outcome} must lie between 0 and 1 (or 0% and 100%); got "${part.trim()}"`);
      return { outcome, max };
    });
}

/** One check per model and limit, over all of the model's results in the run. */
export function checkRates(summary: RunSummary, limits: RateLimit[]): GateCheck[] {
  const checks: GateCheck[] = [];
  for (const [model, counts] of Object.entries(summary.byModel)) {
    const n = OUTCOMES.reduce((sum, o) => sum + counts[o], 0);
    for (const limit of limits) {
      const rate = wilson(counts[limit.outcome], n);
      checks.push({ ...limit, model, rate, failed: n > 0 && rate.low > limit.max });
    }
  }
  return checks;
}

export function checkText(c: GateCheck): string {
  const interval = `${rateInterval(c.rate)} (${c.rate.k}/${c.rate.n})`;
  return `${c.failed ? 'FAIL' : 'ok  '} ${c.model}: ${c.outcome} ${interval}, limit ${percent(c.max)}${c.failed ? ' — the whole interval lies above it' : ''}`;
}

const xml = (s: string) => s.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

/** JUnit XML: one test suite for the run, one test case per model and limit. */
export function junitXml(summary: RunSummary, checks: GateCheck[]): string {
  const failures = checks.filter((c) => c.failed).length;
  const cases = checks.map((c) => {
    const name = `${c.outcome} rate at most ${percent(c.max)}`;
    const body = c.failed ? `\n      <failure message="${xml(checkText(c))}" type="rate-above-limit"/>\n    ` : '';
    return `    <testcase classname="${xml(c.model)}" name="${xml(name)}">${body}</testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="mouthpiece" tests="${checks.length}" failures="${failures}">`,
    `  <testsuite name="${xml(`run ${summary.run}`)}" tests="${checks.length}" failures="${failures}" errors="0" skipped="0">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
