// `npm run eval trace`: how well tracing finds the official statement a sentence paraphrases or translates.
// eval/data/trace-set.jsonl holds paraphrases and EN↔ZH translations of real Foreign Ministry statements
// (the relevant answers are the pages that hold the original wording) and neutral sentences that must match nothing.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingest } from '../src/corpus/ingest.js';
import { openCorpusStore } from '../src/corpus/schema.js';
import { trace } from '../src/corpus/trace.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MFA = join(ROOT, '../shared/corpora/mfa-press');
const SET = join(ROOT, 'eval/data/trace-set.jsonl');
/** A sentence "matches" a statement at or above this score (the threshold neutral sentences must stay under). */
export const MATCH_THRESHOLD = 0.5;

interface Item {
  id: string;
  kind: 'paraphrase' | 'translation' | 'neutral';
  query: string;
  lang: 'en' | 'zh' | null;
  relevant: string[];
}

export async function run(): Promise<void> {
  if (!existsSync(MFA)) {
    console.log(`skipped: the Foreign Ministry corpus is not at ${MFA}`);
    return;
  }
  const cache = join(tmpdir(), 'mouthpiece-corpus-cache');
  mkdirSync(cache, { recursive: true });
  const store = openCorpusStore(join(cache, 'mfa-press.db'));
  const report = ingest(store, MFA); // idempotent: only the first run reads the pages
  console.log(`store ${store.name}: ${report.unchanged} pages already stored, ${report.ingested} ingested now`);

  const items = readFileSync(SET, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Item);
  const groups = new Map<string, { ap: number; s1: number; above: number; n: number }>();
  const neutral = { n: 0, falseMatches: 0, maxScore: 0 };
  const misses: string[] = [];

  for (const item of items) {
    const matches = trace(store, item.query, { lang: item.lang ?? undefined, limit: 20, minScore: 0 });
    if (item.kind === 'neutral') {
      neutral.n++;
      const top = matches[0]?.score ?? 0;
      neutral.maxScore = Math.max(neutral.maxScore, top);
      if (top >= MATCH_THRESHOLD) {
        neutral.falseMatches++;
        misses.push(`${item.id} neutral matched ${top}: ${matches[0]!.text.slice(0, 80)}`);
      }
      continue;
    }
    const urls: string[] = [];
    for (const m of matches) if (m.url && !urls.includes(m.url)) urls.push(m.url);
    const relevant = new Set(item.relevant);
    let hits = 0;
    let ap = 0;
    urls.slice(0, 5).forEach((url, i) => {
      if (relevant.has(url)) ap += ++hits / (i + 1);
    });
    ap /= Math.min(relevant.size, 5);
    const s1 = relevant.has(urls[0] ?? '') ? 1 : 0;
    const group = `${item.kind} ${detect(item.query)}→${item.lang}`;
    for (const key of [group, 'all']) {
      const g = groups.get(key) ?? { ap: 0, s1: 0, above: 0, n: 0 };
      g.ap += ap;
      g.s1 += s1;
      g.above += (matches[0]?.score ?? 0) >= MATCH_THRESHOLD && s1 ? 1 : 0;
      g.n++;
      groups.set(key, g);
    }
    if (!s1) misses.push(`${item.id} ${group} top=${matches[0]?.score ?? '-'} ${item.query.slice(0, 70)}`);
  }

  console.log(`\n${items.length} sentences (${items.length - neutral.n} with a relevant statement, ${neutral.n} neutral); threshold ${MATCH_THRESHOLD}`);
  console.log('group                        n   MAP@5  Success@1  top match ≥ threshold');
  for (const [name, g] of [...groups].sort((a, b) => (a[0] === 'all' ? 1 : b[0] === 'all' ? -1 : a[0].localeCompare(b[0])))) {
    console.log(`${name.padEnd(26)} ${String(g.n).padStart(3)}   ${(g.ap / g.n).toFixed(3)}  ${(g.s1 / g.n).toFixed(3)}      ${(g.above / g.n).toFixed(3)}`);
  }
  console.log(`neutral sentences: ${neutral.falseMatches}/${neutral.n} match above ${MATCH_THRESHOLD} (highest score ${neutral.maxScore.toFixed(3)})`);
  if (process.env.VERBOSE) for (const m of misses) console.log(`  miss ${m}`);
  store.close();
}

function detect(text: string): 'en' | 'zh' {
  return /\p{Script=Han}/u.test(text) ? 'zh' : 'en';
}
