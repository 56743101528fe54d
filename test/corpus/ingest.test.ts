import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusStats, ingest } from '../../src/corpus/ingest.js';
import { openCorpusStore } from '../../src/corpus/schema.js';
import type { Sql } from '../../src/storage/sql.js';

const ROOT = join(import.meta.dirname, '../..');
const MFA = join(ROOT, '../shared/corpora/mfa-press');
const tmp = mkdtempSync(join(tmpdir(), 'mouthpiece-corpus-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
const freshStore = async (): Promise<{ store: Sql; path: string }> => {
  const path = join(tmp, `store-${n++}.db`);
  return { store: await openCorpusStore(path), path };
};
const count = async (store: Sql, table: string) => ((await store.get(`SELECT count(*) AS n FROM ${table}`)) as { n: number }).n;

/** A small Foreign Ministry folder: real pages from the shared corpus plus one broken page, with its manifest. */
function smallMfaFolder(): string {
  const dir = join(tmp, 'mfa');
  if (existsSync(dir)) return dir;
  mkdirSync(join(dir, 'en'), { recursive: true });
  mkdirSync(join(dir, 'zh'), { recursive: true });
  const rows = readFileSync(join(MFA, 'manifest.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { file: string; lang: string });
  const picked = [...rows.filter((r) => r.lang === 'en').slice(0, 6), ...rows.filter((r) => r.lang === 'zh').slice(0, 6)];
  for (const r of picked) copyFileSync(join(MFA, r.file), join(dir, r.file));
  writeFileSync(join(dir, 'en/broken.html'), '<html><head><title>Oops</title></head><body><p>Page not found</p></body></html>');
  const manifest = [...picked, { file: 'en/broken.html', url: 'https://example.org/broken', lang: 'en', title: 'Oops' }];
  writeFileSync(join(dir, 'manifest.jsonl'), manifest.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return dir;
}

describe.skipIf(!existsSync(MFA))('ingesting Foreign Ministry pages', () => {
  it('reports a malformed page by file, skips it, and stores the rest', async () => {
    const { store } = await freshStore();
    const report = await ingest(store, smallMfaFolder());
    expect(report.files).toBe(13);
    expect(report.ingested).toBe(12);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]!.file).toMatch(/broken\.html$/);
    expect(report.problems[0]!.message).toMatch(/no press-conference body/);
    expect(report.statements).toBeGreaterThan(60);
    const stats = await corpusStats(store);
    expect(stats.statements).toBe(report.statements);
    expect(stats.languages.en).toBeGreaterThan(0);
    expect(stats.languages.zh).toBeGreaterThan(0);
    expect(stats.withDate).toBe(stats.statements);
    expect(await count(store, 'corpus_sentences')).toBeGreaterThan(stats.statements);
  });

  it('re-ingesting the same pages changes nothing', async () => {
    const { store } = await freshStore();
    await ingest(store, smallMfaFolder());
    const before = await Promise.all(['corpus_statements', 'corpus_sentences', 'corpus_sources'].map((t) => count(store, t)));
    const again = await ingest(store, smallMfaFolder());
    expect(again.unchanged).toBe(12);
    expect(again.ingested).toBe(0);
    expect(again.statements).toBe(0);
    expect(await Promise.all(['corpus_statements', 'corpus_sentences', 'corpus_sources'].map((t) => count(store, t)))).toEqual(before);
  });

  it('an interrupted ingest resumes without duplicates', async () => {
    const whole = await (await freshStore()).store;
    await ingest(whole, smallMfaFolder());
    const { store } = await freshStore();
    const half = await ingest(store, smallMfaFolder(), { limit: 6 });
    expect(half.ingested).toBe(6);
    const rest = await ingest(store, smallMfaFolder());
    expect(rest.unchanged).toBe(6);
    expect(rest.ingested).toBe(6);
    expect(await count(store, 'corpus_statements')).toBe(await count(whole, 'corpus_statements'));
    expect(await count(store, 'corpus_sentences')).toBe(await count(whole, 'corpus_sentences'));
    const dupes = (await store.get('SELECT count(*) AS n FROM (SELECT text, url FROM corpus_statements GROUP BY text, url, question HAVING count(*) > 1)')) as { n: number };
    expect(dupes.n).toBe(0);
  });

  it('`corpus stats --format json` prints the documented contract', async () => {
    const { store, path } = await freshStore();
    await ingest(store, smallMfaFolder());
    await store.close();
    const out = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'corpus', 'stats', '--db', path, '--format', 'json'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    const stats = JSON.parse(out) as { statements: number; withSpeaker: number; withDate: number; languages: { en: number; zh: number } };
    expect(stats.statements).toBeGreaterThan(60);
    expect(stats.withSpeaker).toBeLessThanOrEqual(stats.statements);
    expect(stats.withSpeaker).toBeGreaterThan(stats.statements * 0.9);
    expect(stats.withDate).toBe(stats.statements);
    expect(stats.languages.en + stats.languages.zh).toBe(stats.statements);
  });
});

describe('users’ own corpora', () => {
  it('reads JSONL rows and reports bad lines by number', async () => {
    const file = join(tmp, 'statements.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({ date: '2021-03-22', speaker: 'Hua Chunying', text: 'The so-called genocide in Xinjiang is a lie of the century.', url: 'https://example.org/1' }),
        '{not json',
        JSON.stringify({ date: '2021-03-23', speaker: '华春莹', text: '所谓新疆“种族灭绝”是世纪谎言。' }),
        JSON.stringify({ date: '2021-03-24', speaker: 'nobody' }),
      ].join('\n'),
    );
    const { store } = await freshStore();
    const report = await ingest(store, file);
    expect(report.statements).toBe(2);
    expect(report.problems.map((p) => p.line)).toEqual([2, 4]);
    expect(report.problems[1]!.message).toMatch(/no text/);
    const rows = (await store.all('SELECT lang, date, speaker, url FROM corpus_statements ORDER BY date'));
    expect(rows).toEqual([
      { lang: 'en', date: '2021-03-22', speaker: 'Hua Chunying', url: 'https://example.org/1' },
      { lang: 'zh', date: '2021-03-23', speaker: '华春莹', url: null },
    ]);
  });

  it('reads CSV with quoted commas, quotes and newlines, and reports short rows', async () => {
    const file = join(tmp, 'statements.csv');
    writeFileSync(
      file,
      'date,speaker,text,url\n' +
        '2019-07-10,Geng Shuang,"Xinjiang affairs are purely China\'s internal affairs, and no foreign government has the right to interfere.",https://example.org/a\n' +
        '2019-07-11,Geng Shuang,"He said ""so-called"" twice.\n\nSecond paragraph.",\n' +
        '2019-07-12,broken row\n',
    );
    const { store } = await freshStore();
    const report = await ingest(store, file);
    expect(report.statements).toBe(2);
    expect(report.problems).toEqual([{ file, line: 6, message: 'expected 4 fields, found 2' }]);
    const second = (await store.get("SELECT text, paragraphs FROM corpus_statements WHERE date = '2019-07-11'")) as { text: string; paragraphs: string };
    expect(second.text).toBe('He said "so-called" twice.\n\nSecond paragraph.');
    expect(JSON.parse(second.paragraphs)).toHaveLength(2);
  });

  it('reads a folder of plain-text and HTML statements with header lines', async () => {
    const dir = join(tmp, 'folder');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'a.txt'), 'date: 2022-05-24\nspeaker: Wang Wenbin\nurl: https://example.org/w\n\nThe so-called Xinjiang Police Files are a typical example of anti-China forces smearing Xinjiang.\n');
    writeFileSync(join(dir, '2020-01-02 note.html'), '<html><head><title>White paper</title><meta name="author" content="State Council Information Office"></head><body><p>Vocational education and training centres are schools.</p></body></html>');
    writeFileSync(join(dir, 'empty.txt'), '\n\n');
    const { store } = await freshStore();
    const report = await ingest(store, dir);
    expect(report.statements).toBe(2);
    expect(report.problems.map((p) => p.file)).toEqual([join(dir, 'empty.txt')]);
    const rows = (await store.all('SELECT date, speaker, title FROM corpus_statements ORDER BY date'));
    expect(rows).toEqual([
      { date: '2020-01-02', speaker: 'State Council Information Office', title: 'White paper' },
      { date: '2022-05-24', speaker: 'Wang Wenbin', title: 'a' },
    ]);
  });
});
