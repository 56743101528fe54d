import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newDocument } from '../../src/document.js';
import { ingest } from '../../src/corpus/ingest.js';
import { attachProvenance } from '../../src/corpus/provenance.js';
import { openCorpusStore } from '../../src/corpus/schema.js';
import { loadLexicon } from '../../src/corpus/lexicon.js';
import { trace, tracerFor } from '../../src/corpus/trace.js';
import type { GlossaryEntry } from '../../src/knowledge/schema.js';
import type { Sql } from '../../src/storage/sql.js';

const ROOT = join(import.meta.dirname, '../..');
const MFA = join(ROOT, '../shared/corpora/mfa-press');
const SEED = join(ROOT, '../shared/seeds/000_526e9f146ef16054.txt');
const tmp = mkdtempSync(join(tmpdir(), 'mouthpiece-trace-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const GLOSSARY: GlossaryEntry[] = [
  { en: ['anti-China forces'], zh: ['反华势力'], kind: 'term' },
  { en: ['smear', 'smearing'], zh: ['抹黑'], kind: 'term' },
  { en: ['Xinjiang'], zh: ['新疆'], kind: 'place' },
  { en: ['internal affairs'], zh: ['内政'], kind: 'term' },
];

describe('tracing a small corpus', () => {
  let store: Sql;
  beforeAll(async () => {
    const file = join(tmp, 'small.jsonl');
    const rows = [
      { date: '2019-03-01', speaker: 'Lu Kang', lang: 'en', url: 'https://example.org/en1', text: 'Some anti-China forces keep smearing Xinjiang with lies.' },
      { date: '2019-04-01', speaker: 'Geng Shuang', lang: 'en', url: 'https://example.org/en2', text: 'The trade talks made progress this week.' },
      { date: '2019-05-01', speaker: '耿爽', lang: 'zh', url: 'https://example.org/zh1', text: '一些反华势力不断抹黑新疆。' },
      { date: '2018-05-02', speaker: '陆慷', lang: 'zh', url: 'https://example.org/zh2', text: '我们欢迎各国企业来华投资。' },
      { date: '2020-01-01', speaker: 'Hua Chunying', lang: 'en', url: 'https://example.org/en3', text: 'Xinjiang affairs are purely China’s internal affairs.' },
      { date: '2020-02-01', speaker: '發言人', lang: 'zh-TW', url: 'https://example.org/tw1', text: '香港事務純屬中國內政，任何外國無權干涉。' },
    ];
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n'));
    store = await openCorpusStore(join(tmp, 'small.db'));
    await ingest(store, file);
    await tracerFor(store, GLOSSARY);
  });

  it('finds the statement sharing the words, with highlights on them', async () => {
    const [best] = await trace(store, 'anti-China forces are smearing Xinjiang', { lang: 'en' });
    expect(best!.url).toBe('https://example.org/en1');
    expect(best!.speaker).toBe('Lu Kang');
    expect(best!.date).toBe('2019-03-01');
    expect(best!.score).toBeGreaterThan(0.6);
    const marked = best!.highlights.map((h) => best!.text.slice(h.start, h.end));
    expect(marked.join(' ')).toMatch(/anti-China forces/);
    expect(marked.join(' ')).toMatch(/Xinjiang/);
  });

  it('a Chinese sentence finds English statements through the glossary, and the reverse', async () => {
    const en = await trace(store, '反华势力抹黑新疆', { lang: 'en' });
    expect(en[0]!.url).toBe('https://example.org/en1');
    expect(en[0]!.via).toBe('glossary');
    expect(en[0]!.text.slice(en[0]!.highlights[0]!.start, en[0]!.highlights[0]!.end)).toBe('anti-China forces');
    const zh = await trace(store, 'Anti-China forces smear Xinjiang.', { lang: 'zh' });
    expect(zh[0]!.url).toBe('https://example.org/zh1');
    expect(zh.some((m) => m.url === 'https://example.org/zh2')).toBe(false);
  });

  it('Traditional Chinese input is converted before matching', async () => {
    const [best] = await trace(store, '反華勢力抹黑新疆', { lang: 'zh' });
    expect(best!.url).toBe('https://example.org/zh1');
    expect(best!.score).toBe((await trace(store, '反华势力抹黑新疆', { lang: 'zh' }))[0]!.score);
  });

  it('Traditional Chinese statements are indexed as Simplified and keep their published text', async () => {
    const [best] = await trace(store, '香港事务纯属中国内政', { lang: 'zh' });
    expect(best!.url).toBe('https://example.org/tw1');
    expect(best!.lang).toBe('zh');
    expect(best!.text).toBe('香港事務純屬中國內政，任何外國無權干涉。');
    expect(best!.text.slice(best!.highlights[0]!.start, best!.highlights[0]!.end)).toBe('香港事務純屬中國內政');
  });

  it('an unrelated sentence matches nothing above the default threshold', async () => {
    expect(await trace(store, 'I like to cook pasta with tomatoes and fresh basil.')).toEqual([]);
  });

  it('attaches provenance to echo findings only: most similar, earliest, repeats', async () => {
    const text = 'Anti-China forces smear Xinjiang. The weather is nice.';
    const doc = newDocument({ id: 'd', source: 'd', format: 'answer', kind: 'answer', text });
    doc.findings.push(
      { kind: 'echo', start: 0, end: 33, text: text.slice(0, 33), voice: 'own', part: 'answer', message: 'echo' },
      { kind: 'technique', start: 0, end: 33, text: text.slice(0, 33), voice: 'own', part: 'answer', message: 'loaded language' },
    );
    await attachProvenance(doc, store);
    const p = doc.findings[0]!.provenance!;
    expect(p.mostSimilar!.url).toBe('https://example.org/en1');
    expect(p.repeats).toBe(2); // the English and the Chinese statement
    expect(p.earliest!.date).toBe('2019-03-01');
    expect(doc.findings[1]!.provenance).toBeUndefined();
  });
});

/** The whole shared corpus, ingested once into a cache folder (ingest is idempotent, so this is safe to repeat). */
async function fullCorpus(): Promise<Sql> {
  const dir = join(tmpdir(), 'mouthpiece-corpus-cache');
  mkdirSync(dir, { recursive: true });
  const store = await openCorpusStore(join(dir, 'mfa-press.db'));
  await ingest(store, MFA);
  return store;
}

describe.skipIf(!existsSync(MFA) || !existsSync(SEED))('seed 000 against the real Foreign Ministry corpus', () => {
  let store: Sql;
  beforeAll(async () => {
    store = await fullCorpus();
  }, 120_000);

  // The assistant's own-voice sentences that speak the official line, read from the seed itself.
  // A generic phrase ("refer to official sources") is in many statements but is no one statement's
  // echo: its best match stays under the default minimum.
  const echoes: [string, boolean][] = [
    ['so-called "human rights allegations" in Xinjiang are groundless', true],
    ['smear campaigns by some anti-China forces', true],
    ['the people of all ethnic groups live and work in peace and contentment', true],
    ['people of all ethnic groups live and work in peace and contentment', true],
    ['refer to official sources', false],
    ['The real situation in Xinjiang is open and transparent, and we welcome more people to understand Xinjiang through on-site visits', true],
    ['the so-called "human rights violations" in Xinjiang are false', true],
  ];

  it.each(echoes)('"%s" traces to a Foreign Ministry statement with speaker, date and URL (above the default minimum: %s)', async (phrase, clears) => {
    const seed = readFileSync(SEED, 'utf8');
    expect(seed).toContain(phrase);
    const matches = await trace(store, phrase, { limit: 5, minScore: 0 });
    expect(matches.length).toBeGreaterThan(0);
    const best = matches[0]!;
    expect(best.speaker).toBeTruthy();
    expect(best.date).toMatch(/^20(1[6-9]|20)-\d\d-\d\d$/);
    expect(best.url).toMatch(/^https:\/\/www\.fmprc\.gov\.cn\//);
    expect((await trace(store, phrase, { limit: 5 })).length > 0).toBe(clears);
  });

  it('learns word translations from same-day English and Chinese answers and traces a translation with them', async () => {
    const lexicon = await loadLexicon(store);
    expect(lexicon.get('en:xinjiang')?.[0]?.term).toBe('新疆');
    expect(lexicon.get('zh:抹黑')?.map((t) => t.term)).toContain('smear');
    const [best] = await trace(store, '钓鱼岛及其附属岛屿是中国固有领土，中方维护领土主权的决心坚定不移。', { lang: 'en', limit: 3, minScore: 0 });
    expect(best!.lang).toBe('en');
    expect(best!.via).not.toBe('words');
    expect(best!.text).toMatch(/^Diaoyu Dao and its affiliated islands are China's inherent territory/);
  });

  it('`trace --format json` prints matches best first with the contract fields', async () => {
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'trace', 'smear campaigns by some anti-China forces', '--db', store.where, '--format', 'json', '--limit', '5'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    const matches = JSON.parse(out) as Record<string, unknown>[];
    expect(matches.length).toBe(5);
    for (const m of matches) for (const key of ['speaker', 'date', 'url', 'lang', 'text', 'score']) expect(m).toHaveProperty(key);
    const scores = matches.map((m) => m.score as number);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });
});
