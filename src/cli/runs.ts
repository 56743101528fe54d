// `mouthpiece runs`: the audit runs in a store, with their status and rates; `runs delete <run>` removes one.
// `export <run>` writes its answers; `reanalyze <run>` scores them again. Also what every command that reads runs shares: a store that must already exist, and `latest` as a run id.
import type { Command } from 'commander';
import { once } from 'node:events';
import { createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { exportCsvRow, exportedAnswers, EXPORT_CSV_HEADER, importRun, reanalyzeRun, type ExportedAnswer } from '../audit/export.js';
import { analyzeAnswer } from '../analysis/pipeline.js';
import { inlineAnalyzer, workerAnalyzer } from '../analysis/pool.js';
import { compareRuns, parseSide, type Side } from '../audit/compare.js';
import { modelTrend, trendText } from '../audit/trend.js';
import { csvCell } from '../reporters/csv.js';
import { basename } from 'node:path';
import { listRuns, summarizeRun } from '../audit/results.js';
import { claimRun, OUTCOMES } from '../audit/store.js';
import { defaultAnalysisThreads } from '../audit/runner.js';
import { safeJson, safeLine, safeText } from '../reporters/terminal-safe.js';
import type { Sql } from '../storage/sql.js';
import { DB_OPTION, auditStore, existingAuditStore, fail, wholeNumber } from './stores.js';

export { existingAuditStore, fail } from './stores.js';

/** A run id, or `latest` for the most recent run. */
export async function resolveRun(store: Sql, runId: string): Promise<string> {
  if (runId !== 'latest') return runId;
  const latest = (await listRuns(store))[0];
  if (!latest) fail('this store holds no audit runs yet: start one with `mouthpiece audit --config mouthpiece.yaml` (`mouthpiece init` writes one) or `mouthpiece audit --suite … --base-url … --model …`');
  return latest.id;
}

const pct = (k: number, n: number) => (n ? `${((100 * k) / n).toFixed(1)}%` : '–');

export function registerRuns(program: Command): void {
  const runs = program
    .command('runs')
    .description('list the audit runs in a store, newest first, with status and rates (exit 2 when the store does not exist)')
    .option(...DB_OPTION)
    .option('--format <format>', 'text | json', 'text')
    .action(async (flags: { db?: string; format: string }) => {
      if (!['text', 'json'].includes(flags.format)) fail(`--format must be text or json (got "${flags.format}")`);
      const store = await existingAuditStore(flags.db);
      const rows = [];
      for (const run of await listRuns(store)) {
        const counts = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<(typeof OUTCOMES)[number], number>;
        for (const c of Object.values((await summarizeRun(store, run.id)).byModel)) for (const o of OUTCOMES) counts[o] += c[o];
        rows.push({ ...run, counts });
      }
      if (flags.format === 'json') return console.log(safeJson(JSON.stringify(rows, null, 2)));
      if (!rows.length) return console.log('no audit runs in this store yet: start one with `mouthpiece audit --config mouthpiece.yaml` (`mouthpiece init` writes one) or `mouthpiece audit --suite … --base-url … --model …`');
      for (const r of rows) {
        const n = r.results;
        console.log(
          safeLine(
            `${r.id}  ${r.status.padEnd(11)} ${r.createdAt.slice(0, 16).replace('T', ' ')}  ${r.results}/${r.expected}  ` +
              `echo ${pct(r.counts.state_echo, n)} · refusal ${pct(r.counts.refusal, n)} · deflection ${pct(r.counts.deflection, n)} · failed ${r.counts.failed}  ` +
              `${r.models.join(', ')} [${r.langs.join(', ')}]`,
          ),
        );
      }
    });

  program
    .command('export <run>')
    .description('every answer of a run, as a researcher publishes it: prompt, language, model, sample, answer, reasoning, verdict, reason, talking points, findings (JSONL), provider outcome')
    .option(...DB_OPTION)
    .option('--format <format>', 'jsonl | csv', 'jsonl')
    .option('-o, --out <file>', 'write to a file instead of standard output')
    .addHelpText('after', '\nExit codes: 0 written; 2 usage error, missing store or unknown run.')
    .action(async (runArg: string, flags: { db?: string; format: string; out?: string }) => {
      if (!['jsonl', 'csv'].includes(flags.format)) fail(`--format must be jsonl or csv (got "${flags.format}")`);
      const store = await existingAuditStore(flags.db);
      const runId = await resolveRun(store, runArg);
      let answers: AsyncGenerator<ExportedAnswer>;
      try {
        answers = exportedAnswers(store, runId);
        const first = await answers.next();
        const all = (async function* () {
          if (flags.format === 'csv') yield EXPORT_CSV_HEADER.join(',');
          if (!first.done) yield flags.format === 'csv' ? exportCsvRow(first.value) : JSON.stringify(first.value);
          for await (const a of answers) yield flags.format === 'csv' ? exportCsvRow(a) : JSON.stringify(a);
        })();
        await writeLines(all, flags.out);
      } catch (e) {
        fail((e as Error).message);
      }
      if (flags.out) process.stderr.write(`mouthpiece: wrote ${safeLine(flags.out)}\n`);
    });

  program
    .command('import <file>')
    .description('answers as a run: a file from `export` (kept with its analysis), SpeechMap JSONL, a promptfoo output (JSON or JSONL) or {id, prompt, answer, model} lines (analysed on the way in; judge labels, vars and provider errors kept)')
    .option(DB_OPTION[0], `${DB_OPTION[1]}; created when missing`)
    .option('--run <id>', 'the new run\'s id (default: imported-<file name>-<time>)')
    .option('--input-format <format>', 'auto | promptfoo | speechmap (the last two accept only that tool\'s records)', 'auto')
    .addHelpText('after', '\nExit codes: 0 imported (bad records reported and skipped); 2 usage error, no answers, or the run id taken.')
    .action(async (file: string, flags: { db?: string; run?: string; inputFormat: string }) => {
      if (!existsSync(file)) fail(`no such file: ${file}`);
      if (!['auto', 'promptfoo', 'speechmap'].includes(flags.inputFormat)) fail(`--input-format must be auto, promptfoo or speechmap (got "${flags.inputFormat}")`);
      const store = await auditStore(flags.db);
      const runId = flags.run ?? `imported-${basename(file).replace(/\.[^.]*$/, '')}-${new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '')}`;
      let report;
      try {
        report = await importRun(store, file, runId, (input) => analyzeAnswer(input), flags.inputFormat === 'auto' ? 'any' : (flags.inputFormat as 'promptfoo' | 'speechmap'));
      } catch (e) {
        fail((e as Error).message);
      }
      for (const p of report.problems) process.stderr.write(`mouthpiece: ${safeText(p)}\n`);
      console.log(safeLine(`imported ${report.imported} answers as run ${runId}`));
    });

  program
    .command('compare <a> <b>')
    .description('two runs, or two models (RUN:MODEL), on the same prompts: rates per topic and language, differences, Fisher\'s exact test with Holm\'s correction')
    .option(...DB_OPTION)
    .option('--format <format>', 'text | json | csv', 'text')
    .addHelpText('after', '\nA and B are run ids (or `latest`), each optionally with :MODEL. Exit codes: 0 compared; 2 usage error, missing store, unknown run or model.')
    .action(async (aSpec: string, bSpec: string, flags: { db?: string; format: string }) => {
      if (!['text', 'json', 'csv'].includes(flags.format)) fail(`--format must be text, json or csv (got "${flags.format}")`);
      const store = await existingAuditStore(flags.db);
      const sides: Side[] = [];
      for (const spec of [aSpec, bSpec]) {
        const side = parseSide(spec);
        sides.push({ ...side, run: await resolveRun(store, side.run) });
      }
      const [a, b] = sides as [Side, Side];
      let result;
      try {
        result = await compareRuns(store, a, b);
      } catch (e) {
        fail(`${(e as Error).message} (mouthpiece runs lists them)`);
      }
      if (flags.format === 'json') return console.log(safeJson(JSON.stringify(result, null, 2)));
      const rate = (x: { k: number; n: number; rate: number }) => `${(100 * x.rate).toFixed(1)}% (${x.k}/${x.n})`;
      if (flags.format === 'csv') {
        console.log('by,group,outcome,a_k,a_n,a_rate,b_k,b_n,b_rate,difference,p,p_holm,significant');
        for (const c of result.comparisons) {
          console.log([c.by, c.group, c.outcome, c.a.k, c.a.n, c.a.rate.toFixed(4), c.b.k, c.b.n, c.b.rate.toFixed(4), c.difference.toFixed(4), c.p.toPrecision(4), c.pAdjusted.toPrecision(4), c.significant ? 1 : 0].map(csvCell).join(','));
        }
        return;
      }
      const out = [`A = ${a.label}   B = ${b.label}   (Fisher's exact test, Holm-adjusted over ${result.comparisons.length} comparisons; * = p < 0.05)`];
      for (const by of ['all', 'topic', 'lang'] as const) {
        const rows = result.comparisons.filter((c) => c.by === by);
        if (!rows.length) continue;
        out.push('', by === 'all' ? 'Overall' : by === 'topic' ? 'Per topic' : 'Per language');
        for (const c of rows) {
          const diff = `${c.difference >= 0 ? '+' : ''}${(100 * c.difference).toFixed(1)} pts`;
          out.push(`  ${c.group.padEnd(14)} ${c.outcome.padEnd(16)} A ${rate(c.a).padEnd(18)} B ${rate(c.b).padEnd(18)} ${diff.padStart(11)}  p ${c.pAdjusted.toPrecision(2)}${c.significant ? ' *' : ''}`);
        }
      }
      console.log(safeText(out.join('\n')));
    });

  program
    .command('trend <model>')
    .description("one model across the runs that include it, oldest first: each run's rates with 95% intervals, and which changed from the run before (Fisher's exact test, Holm-corrected)")
    .option(...DB_OPTION)
    .option('--format <format>', 'text | json', 'text')
    .addHelpText('after', '\nExit codes: 0 shown (also when the model has one run); 2 usage error, missing store, or no run includes the model.')
    .action(async (model: string, flags: { db?: string; format: string }) => {
      if (!['text', 'json'].includes(flags.format)) fail(`--format must be text or json (got "${flags.format}")`);
      const trend = await modelTrend(await existingAuditStore(flags.db), model);
      if (!trend.points.length) fail(trendText(trend));
      console.log(flags.format === 'json' ? safeJson(JSON.stringify(trend, null, 2)) : safeText(trendText(trend)));
    });

  program
    .command('reanalyze <run>')
    .description('score the stored answers of a run again (after the catalogue or the analyzer changed), without calling any model')
    .option(...DB_OPTION)
    .option('--threads <n>', 'analysis threads (default: one fewer than the cores, 1 to 4; 0 = this thread)', wholeNumber('--threads', 0), defaultAnalysisThreads())
    .addHelpText('after', '\nExit codes: 0 done; 2 usage error, missing store, unknown run or a run being run.')
    .action(async (runArg: string, flags: { db?: string; threads: number }) => {
      const store = await existingAuditStore(flags.db);
      const runId = await resolveRun(store, runArg);
      const analyzer = flags.threads > 0 ? workerAnalyzer(flags.threads) : inlineAnalyzer();
      let report;
      try {
        report = await reanalyzeRun(store, runId, analyzer);
      } catch (e) {
        fail((e as Error).message);
      } finally {
        await analyzer.close();
      }
      const moves = Object.entries(report.transitions).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ');
      console.log(safeLine(`run ${runId}: ${report.analysed} answers scored again by ${report.analyzer}; ${report.changed} changed outcome${moves ? ` (${moves})` : ''}`));
    });

  runs
    .command('delete <run>')
    .description('delete a run with all its requests, answers and calls')
    .option(...DB_OPTION)
    .action(async (runId: string, flags: { db?: string }) => {
      const store = await existingAuditStore(flags.db ?? runs.opts<{ db?: string }>().db);
      const row = await store.get<{ status: string; pid: number | null }>('SELECT status, pid FROM audit_runs WHERE id = ?', [runId]);
      if (!row) fail(`no audit run "${runId}" in this database (mouthpiece runs lists them)`);
      const claim = await claimRun(store, runId, alive);
      if (!claim.claimed) fail(`run "${runId}" is being run by ${claim.owner ? `process ${claim.owner}` : 'another process'}; stop it first`);
      await store.run('DELETE FROM audit_runs WHERE id = ?', [runId]);
      await claim.release();
      console.log(`deleted run ${safeLine(runId)}`);
    });
}

/** Writes lines to a file or standard output, waiting whenever the reader is behind. */
async function writeLines(lines: AsyncIterable<string>, out?: string): Promise<void> {
  const stream = out ? createWriteStream(out) : process.stdout;
  for await (const line of lines) if (!stream.write(`${line}\n`)) await once(stream, 'drain');
  if (out) await new Promise<void>((resolve, reject) => (stream as WriteStream).end((e?: Error | null) => (e ? reject(e) : resolve())));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
