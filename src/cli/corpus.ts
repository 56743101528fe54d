// `mouthpiece corpus ingest|stats|mine` and `mouthpiece trace`: the reference corpus of official statements.
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import pc from 'picocolors';
import { corpusStats, ingest } from '../corpus/ingest.js';
import { minePhrases } from '../corpus/mine.js';
import { hasCorpus, openCorpusStore } from '../corpus/schema.js';
import { defaultTarget, isPostgresUrl, openSql, type Sql } from '../storage/sql.js';
import { trace, type TraceMatch } from '../corpus/trace.js';
import { loadKnowledge } from '../knowledge/load.js';
import { safeJson, safeLine } from '../reporters/terminal-safe.js';

const DB_HELP = 'store: a SQLite file or a postgres:// URL (default: $MOUTHPIECE_DB or ./mouthpiece.db)';

function positiveInt(name: string) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive whole number, got "${value}"`);
    return n;
  };
}

function score01(value: string): number {
  const n = Number(value);
  if (!(n >= 0 && n <= 1)) throw new Error(`--min-score must be between 0 and 1, got "${value}"`);
  return n;
}

function language(value: string): 'en' | 'zh' {
  if (value !== 'en' && value !== 'zh') throw new Error(`--lang must be en or zh, got "${value}"`);
  return value;
}

function format(value: string): 'text' | 'json' {
  if (value !== 'text' && value !== 'json') throw new Error(`--format must be text or json, got "${value}"`);
  return value;
}

/** Opens an existing store for reading; a clear message when there is no corpus in it yet. */
async function openCorpus(db: string | undefined): Promise<Sql> {
  const target = db ?? defaultTarget();
  const postgres = isPostgresUrl(target);
  if (!postgres && !existsSync(target)) throw new Error(`no store at ${target}: run \`mouthpiece corpus ingest <path> --db ${target}\` first`);
  const store = await openSql(target, [], { readonly: true });
  if (!(await hasCorpus(store))) {
    const where = store.where;
    await store.close();
    throw new Error(`${where} holds no reference corpus: run \`mouthpiece corpus ingest <path> --db ${postgres ? '<url>' : where}\` first`);
  }
  return store;
}

export function registerCorpus(program: Command): void {
  const corpus = program.command('corpus').description('Reference corpus of official statements: ingest, stats, mine');

  corpus
    .command('ingest <path>')
    .description('Ingest Foreign Ministry pages (a folder with manifest.jsonl), JSONL/CSV rows, or a folder of text/HTML statements')
    .option('--db <file>', DB_HELP)
    .option('--format <format>', 'text or json', format, 'text')
    .action(async (path: string, opts: { db?: string; format: 'text' | 'json' }) => {
      if (!existsSync(path)) throw new Error(`no such file or folder: ${path}`);
      const store = await openCorpusStore(opts.db ?? defaultTarget());
      const bar = process.stderr.isTTY && opts.format === 'text' ? new cliProgress.SingleBar({ stream: process.stderr, clearOnComplete: true }, cliProgress.Presets.shades_classic) : null;
      let started = false;
      let report: Awaited<ReturnType<typeof ingest>>;
      let stats: Awaited<ReturnType<typeof corpusStats>>;
      try {
        report = await ingest(store, path, {
          onProgress(done, total) {
            if (!bar) return;
            if (!started) bar.start(total, 0);
            started = true;
            bar.update(done);
          },
        });
        stats = await corpusStats(store);
      } finally {
        bar?.stop();
        await store.close();
      }
      if (opts.format === 'json') {
        console.log(JSON.stringify({ ...report, stats }, null, 2));
        return;
      }
      for (const p of report.problems) console.error(pc.yellow(`skipped ${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`));
      console.log(
        `${report.ingested} files ingested, ${report.unchanged} unchanged, ${report.problems.length} problems; ` +
          `${report.statements} new statements (${report.duplicates} already stored) in ${report.seconds.toFixed(1)} s`,
      );
      console.log(`store now holds ${stats.statements} statements (${stats.languages.en ?? 0} en, ${stats.languages.zh ?? 0} zh), ${stats.sentences} sentences`);
    });

  corpus
    .command('stats')
    .description('Counts of statements, speakers, dates and languages in the store')
    .option('--db <file>', DB_HELP)
    .option('--format <format>', 'text or json', format, 'text')
    .action(async (opts: { db?: string; format: 'text' | 'json' }) => {
      const store = await openCorpus(opts.db);
      const stats = await corpusStats(store).finally(() => store.close());
      if (opts.format === 'json') {
        console.log(JSON.stringify(stats, null, 2));
        return;
      }
      console.log(`statements   ${stats.statements} (${Object.entries(stats.kinds).map(([k, n]) => `${n} ${k}`).join(', ')})`);
      console.log(`sentences    ${stats.sentences}`);
      console.log(`languages    ${Object.entries(stats.languages).map(([k, n]) => `${k} ${n}`).join(', ')}`);
      console.log(`with speaker ${stats.withSpeaker}`);
      console.log(`with date    ${stats.withDate} (${stats.firstDate ?? '?'} … ${stats.lastDate ?? '?'})`);
      console.log(`sources      ${stats.sources} files`);
      for (const s of stats.speakers.slice(0, 10)) console.log(`  ${String(s.statements).padStart(6)}  ${safeLine(s.speaker)}`);
    });

  corpus
    .command('mine')
    .description('Recurring formulaic phrases the catalogue does not cover yet: candidate talking points for review')
    .option('--db <file>', DB_HELP)
    .option('--lang <lang>', 'en or zh (default both)', language)
    .option('--top <n>', 'how many phrases', positiveInt('--top'), 30)
    .option('--min-statements <n>', 'a phrase must occur in at least this many statements', positiveInt('--min-statements'))
    .option('--catalog <dir...>', 'extra catalogue folders whose phrasings count as covered')
    .option('--format <format>', 'text or json', format, 'text')
    .action(async (opts: { db?: string; lang?: string; top: number; minStatements?: number; catalog?: string[]; format: 'text' | 'json' }) => {
      const store = await openCorpus(opts.db);
      const talkingPoints = loadKnowledge({ catalogs: opts.catalog }).talkingPoints;
      const phrases = await minePhrases(store, { lang: opts.lang, top: opts.top, minStatements: opts.minStatements, talkingPoints }).finally(() => store.close());
      if (opts.format === 'json') {
        console.log(JSON.stringify(phrases, null, 2));
        return;
      }
      for (const p of phrases) {
        const years = Object.entries(p.years).map(([y, n]) => `${y}:${n}`).join(' ');
        console.log(`${String(p.statements).padStart(5)}  ${pc.bold(safeLine(p.phrase))}  ${pc.dim(safeLine(`[${p.lang}] topic ${p.topic ?? '-'}; ${years}`))}`);
        console.log(`       ${pc.dim(safeLine(`${p.example.date ?? '?'} ${p.example.speaker ?? '?'}: ${p.example.sentence.slice(0, 160)}`))}`);
      }
    });

  program
    .command('trace <text>')
    .description('Find the official statements a sentence echoes (English and Chinese, across languages through the glossary)')
    .option('--db <file>', DB_HELP)
    .option('--lang <lang>', 'only statements in this language (en or zh)', language)
    .option('--limit <n>', 'how many matches', positiveInt('--limit'), 10)
    .option('--min-score <x>', 'drop matches scoring below this (0..1; default: the calibrated minimum, 0.2)', score01)
    .option('--format <format>', 'text or json', format, 'text')
    .action(async (text: string, opts: { db?: string; lang?: string; limit: number; minScore?: number; format: 'text' | 'json' }) => {
      const store = await openCorpus(opts.db);
      const matches = await trace(store, text, { lang: opts.lang, limit: opts.limit, minScore: opts.minScore }).finally(() => store.close());
      if (opts.format === 'json') {
        console.log(safeJson(JSON.stringify(matches, null, 2)));
        return;
      }
      if (!matches.length) {
        console.log('no matching statements');
        return;
      }
      for (const m of matches) printMatch(m);
    });
}

function printMatch(m: TraceMatch): void {
  let marked = '';
  let at = 0;
  for (const h of m.highlights) {
    marked += safeLine(m.text.slice(at, h.start)) + pc.bold(pc.yellow(safeLine(m.text.slice(h.start, h.end))));
    at = h.end;
  }
  marked += safeLine(m.text.slice(at));
  console.log(`${pc.cyan(m.score.toFixed(2))}  ${safeLine(`${m.date ?? '????-??-??'}  ${m.speaker ?? 'unknown speaker'}  [${m.lang}${m.via === 'words' ? '' : `, via ${m.via}`}]`)}`);
  console.log(`      ${marked}`);
  if (m.question) console.log(pc.dim(`      Q: ${safeLine(m.question.length > 160 ? `${m.question.slice(0, 157)}…` : m.question)}`));
  if (m.url) console.log(pc.dim(`      ${safeLine(m.url)}`));
}
