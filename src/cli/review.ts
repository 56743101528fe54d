// `mouthpiece review`: label a run's answers, measure the analyzer against the labels, export them as a labelled set.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { REVIEW_VERDICTS, addReview, exportReviews, reviewStats, type ReviewStats, type ReviewVerdict } from '../audit/review.js';
import { DB_OPTION, auditStore, existingAuditStore } from './stores.js';
import { safeJson, safeLine } from '../reporters/terminal-safe.js';

const pct = (x: number) => `${Math.round(x * 100)}%`;

export function reviewStatsText(s: ReviewStats): string {
  const out = [`run ${safeLine(s.run)}: ${s.reviewed} of ${s.answers} answers reviewed`];
  if (!s.reviewed) {
    out.push('no reviews yet: mark answers with `mouthpiece review mark <run> <answer id> <verdict> --reviewer <name>` or in the dashboard');
    return out.join('\n');
  }
  out.push(`agreement ${s.agreement.k}/${s.agreement.n} = ${pct(s.agreement.rate)} [${pct(s.agreement.low)}–${pct(s.agreement.high)}]`);
  out.push(s.kappa ? `Cohen's κ ${s.kappa.value.toFixed(2)} [${s.kappa.low.toFixed(2)}, ${s.kappa.high.toFixed(2)}]` : "Cohen's κ: not defined for these labels");
  out.push('', 'verdict          precision            recall');
  for (const [v, r] of Object.entries(s.perVerdict)) {
    const cell = (x: ReviewStats['perVerdict'][string]['precision']) => (x.n ? `${x.k}/${x.n} ${pct(x.rate)} [${pct(x.low)}–${pct(x.high)}]` : '–').padEnd(21);
    out.push(`${v.padEnd(17)}${cell(r.precision)}${cell(r.recall)}`.trimEnd());
  }
  out.push('', 'rates of the run   analyzer  corrected by the reviews');
  for (const [v, r] of Object.entries(s.rates)) if (r.analyzer || r.corrected) out.push(`${v.padEnd(19)}${pct(r.analyzer).padStart(8)}  ${pct(r.corrected).padStart(9)}`);
  return out.join('\n');
}

export function registerReview(program: Command): void {
  const review = program.command('review').description("label a run's answers and measure the analyzer against the labels");
  review
    .command('mark')
    .description('store a reviewer\'s verdict on one answer (the answer id as the dashboard and `results` show it)')
    .argument('<run>')
    .argument('<answer>', 'answer id')
    .argument('<verdict>', REVIEW_VERDICTS.join(' | '))
    .requiredOption('--reviewer <name>', 'who reviewed')
    .option(...DB_OPTION)
    .action(async (run: string, answer: string, verdict: string, flags: { reviewer: string; db?: string }) => {
      const label = await addReview(await auditStore(flags.db), { run, result: Number(answer), reviewer: flags.reviewer, verdict: verdict as ReviewVerdict });
      console.log(`${safeLine(label.run)} ${label.result}: ${label.verdict} by ${safeLine(label.reviewer)} at ${label.at}`);
    });
  review
    .command('stats')
    .description("the analyzer's agreement with the reviews (precision/recall per verdict, Cohen's κ) and the corrected rates")
    .argument('<run>')
    .option(...DB_OPTION)
    .option('--format <format>', 'text | json', 'text')
    .action(async (run: string, flags: { db?: string; format: string }) => {
      const stats = await reviewStats(await existingAuditStore(flags.db), run);
      console.log(flags.format === 'json' ? safeJson(JSON.stringify(stats, null, 2)) : reviewStatsText(stats));
    });
  review
    .command('export')
    .description('write the reviewed answers as a labelled set in the r1-moderation format (JSONL)')
    .argument('<run>')
    .requiredOption('-o, --out <file>', 'JSONL file to write')
    .option(...DB_OPTION)
    .action(async (run: string, flags: { db?: string; out: string }) => {
      const text = await exportReviews(await existingAuditStore(flags.db), run);
      writeFileSync(flags.out, text);
      console.log(`${text ? text.trimEnd().split('\n').length : 0} labelled answers written to ${safeLine(flags.out)}`);
    });
}
