// Users' corpora are hostile too: ingest refuses what `analyze` refuses, with the same messages, reads CSV with a
// real parser that names the lines it could not read, keeps impossible dates out, never leaves the corpus folder,
// and rebuilds derived tables whenever an earlier ingest stopped before it could.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ingest, insertStatements } from '../../src/corpus/ingest.js';
import { buildLexicon, lexiconStale } from '../../src/corpus/lexicon.js';
import { normaliseDate, readCsv } from '../../src/corpus/readers.js';
import { openCorpusStore } from '../../src/corpus/schema.js';
import type { StatementInput } from '../../src/corpus/types.js';
import { decode } from '../../src/readers/input.js';
import type { Sql } from '../../src/storage/sql.js';

const ROOT = join(import.meta.dirname, '../..');
const MFA = join(ROOT, '../shared/corpora/mfa-press');
const tmp = mkdtempSync(join(tmpdir(), 'mouthpiece-ingest-hostile-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const fresh = (): Promise<Sql> => openCorpusStore(join(tmp, `s${n++}.db`));
const count = async (store: Sql, table: string) => ((await store.get(`SELECT count(*) AS n FROM ${table}`)) as { n: number }).n;
const refusal = (buf: Buffer, name: string) => {
  try {
    decode(buf, name);
    return '';
  } catch (e) {
    return (e as Error).message;
  }
};

describe('plain folders', () => {
  it('a binary .html and a latin-1 .txt are refused with the messages analyze gives; the rest is ingested', async () => {
    const dir = join(tmp, 'plain');
    mkdirSync(dir, { recursive: true });
    const binary = Buffer.concat([Buffer.from('<html>'), Buffer.from([0, 1, 2, 0, 0xff]), Buffer.from('</html>')]);
    const latin1 = Buffer.from('date: 2024-03-05\n\nLa politique de la Chine au Tibet est très réussie.', 'latin1');
    writeFileSync(join(dir, 'image.html'), binary);
    writeFileSync(join(dir, 'latin.txt'), latin1);
    writeFileSync(join(dir, 'good.txt'), 'date: 2024-03-05\nspeaker: 汪文斌\n\n新疆社会稳定，经济发展。');
    const store = await fresh();
    const report = await ingest(store, dir);
    expect(report.statements).toBe(1);
    const messages = report.problems.map((p) => p.message);
    expect(messages).toContain(refusal(binary, join(dir, 'image.html')));
    expect(messages).toContain(refusal(latin1, join(dir, 'latin.txt')));
    expect(messages.join('\n')).toMatch(/image\.html looks binary/);
    expect(messages.join('\n')).toContain(`latin.txt is not valid UTF-8 (first bad byte at offset ${latin1.indexOf(0xe8)})`);
    const texts = ((await store.all('SELECT text FROM corpus_statements')) as { text: string }[]).map((r) => r.text);
    expect(texts).toEqual(['新疆社会稳定，经济发展。']);
    expect(texts.join('')).not.toContain('\ufffd');
  });

  it('dangling links and link loops are reported, not fatal', async () => {
    const dir = join(tmp, 'links');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'good.txt'), 'The spokesperson spoke about Hong Kong.');
    symlinkSync(join(dir, 'nothing.txt'), join(dir, 'dangling.txt'));
    symlinkSync(join(dir, 'b.txt'), join(dir, 'a.txt'));
    symlinkSync(join(dir, 'a.txt'), join(dir, 'b.txt'));
    symlinkSync(dir, join(dir, 'again'));
    const report = await ingest(await fresh(), dir);
    expect(report.statements).toBe(1);
    expect(report.problems.map((p) => p.file).sort()).toEqual(['a.txt', 'b.txt', 'dangling.txt'].map((f) => join(dir, f)));
  });
});

describe('CSV', () => {
  it('an unclosed quote is reported with its lines instead of swallowing the next row', async () => {
    const csv = ['date,speaker,text', '2024-01-02,A,"an unclosed quote', '2024-01-03,B,a row that must not vanish silently', '2024-01-04,C,"a quoted, fine row"', '2024-01-05,D,the last row'].join('\n');
    const { statements, problems } = readCsv(csv, 'f.csv');
    expect(statements.map((s) => s.speaker)).toEqual(['D']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'f.csv', line: 2 });
    expect(problems[0]!.message).toMatch(/^lines 2–4 skipped: Invalid Closing Quote/);
  });

  it('quoted separators, doubled quotes and newlines inside fields are data; a short row is reported by line', async () => {
    const csv = ['text,speaker,date', '"第一段，带逗号","Hua ""Chunying""",2024-02-29', '"two\nlines",B,2024-03-01', 'only one field', 'last,E,2024-03-02'].join('\r\n');
    const { statements, problems } = readCsv(csv, 'g.csv');
    expect(statements.map((s) => [s.paragraphs.join('|'), s.speaker, s.date])).toEqual([
      ['第一段，带逗号', 'Hua "Chunying"', '2024-02-29'],
      ['two lines', 'B', '2024-03-01'],
      ['last', 'E', '2024-03-02'],
    ]);
    expect(problems).toEqual([{ file: 'g.csv', line: 5, message: 'expected 3 fields, found 1' }]);
  });

  it('an impossible date is kept out and reported; the statement stays', async () => {
    const { statements, problems } = readCsv('date,text\n2024-13-45,Taiwan is part of China.\n2023-02-29,香港由乱到治。\n2024年2月29日,ok\n', 'd.csv');
    expect(statements.map((s) => s.date)).toEqual([null, null, '2024-02-29']);
    expect(problems.map((p) => [p.line, p.message])).toEqual([
      [2, '"2024-13-45" is not a date: the statement is kept without one'],
      [3, '"2023-02-29" is not a date: the statement is kept without one'],
    ]);
  });

  it('dates: real calendar dates only', async () => {
    expect(['2024-02-29', '2024-2-9', '2024/12/31', '2024', '2024-07', '2024年3月5日'].map(normaliseDate)).toEqual(['2024-02-29', '2024-02-09', '2024-12-31', '2024', '2024-07', '2024-03-05']);
    expect(['2024-13-01', '2024-00-10', '2024-04-31', '2023-02-29', '2024年13月1日'].map(normaliseDate)).toEqual([null, null, null, null, null]);
  });
});

describe('manifests', () => {
  it('a manifest entry that leads out of the corpus folder is refused; the pages inside are read', async () => {
    const outside = join(tmp, 'secret.html');
    writeFileSync(outside, '<html><body><p>A file outside the corpus.</p></body></html>');
    const dir = join(tmp, 'manifested');
    mkdirSync(join(dir, 'en'), { recursive: true });
    symlinkSync(outside, join(dir, 'en', 'link.html'));
    const rows = [
      { file: '../secret.html', lang: 'en' },
      { file: '../../../../../../etc/passwd', lang: 'en' },
      { file: outside, lang: 'en' },
      { file: 'en/link.html', lang: 'en' },
    ];
    writeFileSync(join(dir, 'manifest.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n'));
    const report = await ingest(await fresh(), dir);
    expect(report.files).toBe(0);
    expect(report.problems.map((p) => [p.line, p.message])).toEqual(rows.map((r, i) => [i + 1, `"${r.file}" is outside the corpus folder: skipped`]));
  });
});

const EN = ['smears', 'sovereignty', 'terrorism', 'stability', 'prosperity', 'interference', 'harmony', 'development'];
const ZH = ['抹黑', '主权', '恐怖', '稳定', '繁荣', '干涉', '和谐', '发展'];

/** Same-day English and Chinese answers, each pair about one of eight words: enough for the word list to learn from. */
function answerPairs(days: number, from = 0): StatementInput[] {
  const out: StatementInput[] = [];
  for (let d = from; d < from + days; d++) {
    const date = new Date(Date.UTC(2024, 0, 1 + d)).toISOString().slice(0, 10);
    const base = { kind: 'answer' as const, date, speaker: 'S', role: null, url: null, title: null, question: null, origin: 't' };
    out.push({ ...base, lang: 'en', paragraphs: [`Remarks about ${EN[d % 8]}.`] });
    out.push({ ...base, lang: 'zh', paragraphs: [`关于${ZH[d % 8]}的谈话。`] });
  }
  return out;
}

describe('derived tables', () => {
  it('an ingest stopped after storing statements but before relearning the word list has it rebuilt by the next run', async () => {
    const store = await fresh();
    await store.tx((t) => insertStatements(t, answerPairs(64)));
    await buildLexicon(store);
    const full = await count(store, 'corpus_lexicon');
    expect(full).toBeGreaterThan(0);
    expect(await lexiconStale(store)).toBe(false);
    // As if killed late: new statements committed, the word list still the old one.
    await store.tx((t) => insertStatements(t, answerPairs(16, 64)));
    expect(await lexiconStale(store)).toBe(true);
    const empty = join(tmp, 'empty-folder');
    mkdirSync(empty, { recursive: true });
    await ingest(store, empty); // nothing new to read
    expect(await lexiconStale(store)).toBe(false);
    // …or emptied and never rebuilt (the stamp goes with the rows).
    store.exec("DELETE FROM corpus_lexicon; DELETE FROM corpus_derived WHERE name = 'lexicon'");
    await ingest(store, empty);
    expect(await count(store, 'corpus_lexicon')).toBeGreaterThanOrEqual(full);
  });

  it.skipIf(!existsSync(MFA))('SIGKILL at seeded moments during `corpus ingest`, then a full run: the same tables as one clean ingest', async () => {
    // A small Foreign Ministry folder (real pages), ingested cleanly once for reference.
    const dir = join(tmp, 'mfa');
    mkdirSync(join(dir, 'en'), { recursive: true });
    mkdirSync(join(dir, 'zh'), { recursive: true });
    // Pages of days published in both languages, so that the word list has answers to pair.
    const rows = readFileSync(join(MFA, 'manifest.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { file: string; lang: string; title: string });
    const dayOf = (r: { lang: string; title: string }) => {
      const zh = /(\d{4})年(\d{1,2})月(\d{1,2})日/.exec(r.title);
      const t = zh ? Date.UTC(+zh[1]!, +zh[2]! - 1, +zh[3]!) : Date.parse(`${/on (.+)$/.exec(r.title)?.[1] ?? ''} UTC`);
      return Number.isNaN(t) ? null : new Date(t).toISOString().slice(0, 10);
    };
    const enDays = new Set(rows.filter((r) => r.lang === 'en').map(dayOf));
    const both = new Set([...new Set(rows.filter((r) => r.lang === 'zh').map(dayOf))].filter((d) => d && enDays.has(d)).slice(0, 25));
    const picked = rows.filter((r) => both.has(dayOf(r)));
    for (const r of picked) copyFileSync(join(MFA, r.file), join(dir, r.file));
    writeFileSync(join(dir, 'manifest.jsonl'), picked.map((r) => JSON.stringify(r)).join('\n'));
    const clean = await fresh();
    await ingest(clean, dir);
    const tables = ['corpus_statements', 'corpus_sentences', 'corpus_sources', 'corpus_lexicon'];
    const expected = await Promise.all(tables.map((t) => count(clean, t)));
    expect(expected[3]).toBeGreaterThan(0);

    const db = join(tmp, 'killed.db');
    const cli = () => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'corpus', 'ingest', dir, '--db', db], { cwd: ROOT, stdio: 'ignore' });
      return { child, closed: new Promise<number | null>((r) => child.on('close', r)) };
    };
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let k = 0; k < 3; k++) {
      const { child, closed } = cli();
      // Start-up takes about a second; the whole ingest a few more. The kill lands anywhere in them.
      await new Promise((r) => setTimeout(r, 800 + next() * 2500));
      child.kill('SIGKILL');
      await closed;
    }
    expect(await cli().closed).toBe(0);
    const store = await openCorpusStore(db);
    expect(await Promise.all(tables.map((t) => count(store, t)))).toEqual(expected);
    expect(await lexiconStale(store)).toBe(false);
  }, 120_000);
});
