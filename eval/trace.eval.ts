// `npm run eval trace`: how well tracing finds the official statement a sentence paraphrases or translates,
// and how often an ordinary sentence "matches" anything. eval/data/trace-set.jsonl holds paraphrases and
// EN↔ZH translations of real Foreign Ministry statements (the relevant answers are the pages that hold the
// original wording) and 22 neutral sentences; eval/data/trace-neutral.jsonl 40 more neutral sentences per
// language (weather, cooking, sport, software, daily life). Every figure is printed twice: with raw scores
// at the minimum trace used before calibration, and with the shipped calibration at its default minimum.
// With MOUTHPIECE_EVAL_PG=postgres://… the corpus is ingested into that PostgreSQL database instead (once; later runs
// find it there) and the figures are printed for each way PostgreSQL can rank the index's candidates (trace.ts);
// MOUTHPIECE_EVAL_PG_RANK=bm25,ts_rank limits them.
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { traceCalibration, UNCALIBRATED_MIN_SCORE, type TraceCalibration } from '../src/corpus/calibration.js';
import { ingest } from '../src/corpus/ingest.js';
import { openCorpusStore } from '../src/corpus/schema.js';
import { Tracer, type PostgresRanking } from '../src/corpus/trace.js';
import { loadKnowledge } from '../src/knowledge/load.js';
import { loadJsonl, NEUTRAL_SET, queryLang, rankScores, TRACE_SET, type TraceItem } from './trace-fit.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MFA = join(ROOT, '../shared/corpora/mfa-press');

interface Setting {
  name: string;
  calibration: TraceCalibration | null;
  minScore: number;
}

export async function run(): Promise<void> {
  if (!existsSync(MFA)) {
    console.log(`skipped: the Foreign Ministry corpus is not at ${MFA}`);
    return;
  }
  const shipped = traceCalibration();
  if (!shipped) {
    console.log('skipped: no calibration at knowledge/models/trace.json (run npx tsx tools/fit-trace.ts)');
    return;
  }
  const cache = join(tmpdir(), 'mouthpiece-corpus-cache');
  mkdirSync(cache, { recursive: true });
  const postgres = process.env.MOUTHPIECE_EVAL_PG;
  const store = await openCorpusStore(postgres || join(cache, 'mfa-press.db'));
  const report = await ingest(store, MFA); // idempotent: only the first run reads the pages
  console.log(`store ${store.where}: ${report.unchanged} pages already stored, ${report.ingested} ingested now (${report.seconds.toFixed(1)} s)`);
  const rankings: (PostgresRanking | null)[] = postgres ? ((process.env.MOUTHPIECE_EVAL_PG_RANK ?? 'bm25,ts_rank,trgm').split(',') as PostgresRanking[]) : [null];
  for (const ranking of rankings) {
    if (ranking) console.log(`\n--- PostgreSQL, candidates ranked by ${ranking} ---`);
    if (ranking === 'trgm') await store.exec('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    const tracer = await Tracer.open(store, loadKnowledge().glossary, { ranking: ranking ?? undefined });
    const started = performance.now();
    await figures(tracer, shipped);
    console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s of tracing)`);
  }
  console.log('\nBoth-language figures cross-validated (leave-one-out) are in knowledge/models/trace.json (npx tsx tools/fit-trace.ts).');
  await store.close();
}

async function figures(tracer: Tracer, shipped: TraceCalibration): Promise<void> {
  const items = loadJsonl<TraceItem>(TRACE_SET);
  const neutral = [
    ...items.filter((it) => it.kind === 'neutral').map((it) => ({ set: 'trace-set', query: it.query })),
    ...loadJsonl<{ query: string }>(NEUTRAL_SET).map((it) => ({ set: 'trace-neutral', query: it.query })),
  ];
  const settings: Setting[] = [
    { name: `raw scores, minimum ${UNCALIBRATED_MIN_SCORE} (before)`, calibration: null, minScore: UNCALIBRATED_MIN_SCORE },
    { name: `calibrated, minimum ${shipped.minScore} (now)`, calibration: shipped, minScore: shipped.minScore },
  ];
  for (const s of settings) await rankingFigures(tracer, items, s);
  for (const s of settings) await neutralFigures(tracer, neutral, s);
}

async function rankingFigures(tracer: Tracer, items: TraceItem[], s: Setting): Promise<void> {
  const labelled = items.filter((it) => it.kind !== 'neutral');
  console.log(`\n${s.name}: ${labelled.length} sentences with a relevant statement`);
  console.log('group                        n   MAP@5  Success@1  first relevant ≥ minimum   both languages: MAP@5  Success@1');
  const groups = new Map<string, { ap: number; s1: number; kept: number; bothAp: number; bothS1: number; n: number }>();
  const misses: string[] = [];
  for (const item of labelled) {
    // As searched in the eval's groups: only statements in the relevant statements' language.
    const matches = await tracer.trace(item.query, { lang: item.lang ?? undefined, limit: 20, minScore: 0, calibration: s.calibration });
    const one = rankScores(matches, item.relevant);
    // As a user searches by default: both languages on one list.
    const both = rankScores(await tracer.trace(item.query, { limit: 20, minScore: 0, calibration: s.calibration }), item.relevant);
    const group = `${item.kind} ${queryLang(item.query)}→${item.lang}`;
    for (const key of [group, 'all']) {
      const g = groups.get(key) ?? { ap: 0, s1: 0, kept: 0, bothAp: 0, bothS1: 0, n: 0 };
      g.ap += one.ap;
      g.s1 += one.s1;
      g.kept += one.s1 && matches[0]!.score >= s.minScore ? 1 : 0;
      g.bothAp += both.ap;
      g.bothS1 += both.s1;
      g.n++;
      groups.set(key, g);
    }
    if (!one.s1) misses.push(`${item.id} ${group} top=${matches[0]?.score ?? '-'} ${item.query.slice(0, 70)}`);
  }
  const f = (x: number) => x.toFixed(3);
  for (const [name, g] of [...groups].sort((a, b) => (a[0] === 'all' ? 1 : b[0] === 'all' ? -1 : a[0].localeCompare(b[0])))) {
    console.log(`${name.padEnd(26)} ${String(g.n).padStart(3)}   ${f(g.ap / g.n)}  ${f(g.s1 / g.n)}      ${f(g.kept / g.n)}                    ${f(g.bothAp / g.n)}  ${f(g.bothS1 / g.n)}`);
  }
  if (process.env.VERBOSE) for (const m of misses) console.log(`  miss ${m}`);
}

/** A neutral sentence "matches" when trace, searching both languages at the setting's minimum, returns anything. */
async function neutralFigures(tracer: Tracer, neutral: { set: string; query: string }[], s: Setting): Promise<void> {
  console.log(`\n${s.name}: neutral sentences returning a match`);
  for (const set of ['trace-set', 'trace-neutral']) {
    for (const lang of ['en', 'zh'] as const) {
      const mine = neutral.filter((n) => n.set === set && queryLang(n.query) === lang);
      let matched = 0;
      let highest = 0;
      const examples: string[] = [];
      for (const n of mine) {
        const top = (await tracer.trace(n.query, { limit: 1, minScore: 0, calibration: s.calibration }))[0]?.score ?? 0;
        highest = Math.max(highest, top);
        if (top >= s.minScore) {
          matched++;
          examples.push(`${top} ${n.query.slice(0, 60)}`);
        }
      }
      console.log(`  ${set.padEnd(14)} ${lang}: ${matched}/${mine.length} (${((100 * matched) / mine.length).toFixed(1)} %), highest score ${highest.toFixed(3)}`);
      if (process.env.VERBOSE) for (const e of examples) console.log(`    ${e}`);
    }
  }
}
