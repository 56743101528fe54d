// The reference corpus on both store engines: the same ingest, stats, trace, provenance, mining and dashboard
// cases on SQLite and on PostgreSQL (the test run's throwaway server, MOUTHPIECE_TEST_PG; skipped with the
// reason when there is none), and the answers compared between the two.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusStats, ingest, insertStatements } from '../../src/corpus/ingest.js';
import { minePhrases } from '../../src/corpus/mine.js';
import { provenanceOf } from '../../src/corpus/provenance.js';
import { openCorpusStore } from '../../src/corpus/schema.js';
import { trace, tracerFor } from '../../src/corpus/trace.js';
import type { StatementInput } from '../../src/corpus/types.js';
import type { GlossaryEntry } from '../../src/knowledge/schema.js';
import type { Sql } from '../../src/storage/sql.js';
import { createDashboard } from '../../src/web/server.js';
import { freshDatabase, pgSkipReason } from '../helpers/postgres.js';

const ROOT = join(import.meta.dirname, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'mouthpiece-corpus-engines-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const GLOSSARY: GlossaryEntry[] = [
  { en: ['anti-China forces'], zh: ['反华势力'], kind: 'term' },
  { en: ['smear', 'smearing'], zh: ['抹黑'], kind: 'term' },
  { en: ['Xinjiang'], zh: ['新疆'], kind: 'place' },
  { en: ['internal affairs'], zh: ['内政'], kind: 'term' },
];

const ROWS = [
  { date: '2019-03-01', speaker: 'Lu Kang', lang: 'en', url: 'https://example.org/en1', text: 'Some anti-China forces keep smearing Xinjiang with lies.' },
  { date: '2019-04-01', speaker: 'Geng Shuang', lang: 'en', url: 'https://example.org/en2', text: 'The trade talks made progress this week.' },
  { date: '2019-05-01', speaker: '耿爽', lang: 'zh', url: 'https://example.org/zh1', text: '一些反华势力不断抹黑新疆。' },
  { date: '2018-05-02', speaker: '陆慷', lang: 'zh', url: 'https://example.org/zh2', text: '我们欢迎各国企业来华投资。' },
  { date: '2020-01-01', speaker: 'Hua Chunying', lang: 'en', url: 'https://example.org/en3', text: 'Xinjiang affairs are purely China’s internal affairs. We firmly oppose interference.' },
  { date: '2020-02-01', speaker: '發言人', lang: 'zh-TW', url: 'https://example.org/tw1', text: '香港事務純屬中國內政，任何外國無權干涉。' },
  { date: '2019-11-26', speaker: 'Geng Shuang', lang: 'en', url: 'https://example.org/en4', text: 'The so-called human rights issues in Xinjiang are groundless lies fabricated by anti-China forces.' },
  { date: '2019-01-04', speaker: 'Lu Kang', lang: 'en', url: 'https://example.org/en5', text: "Chang'e-4 landed on the far side of the moon; Côte d'Ivoire sent its congratulations." },
];

/** Text no query parameter, placeholder or escape may alter: quotes, `?`, `@name`, `$1`, backslashes, control characters. */
const HOSTILE = `He said "it's" ? and @name then $1 and $2::text; \\ back\\slash \\' '' "" -- not a comment /* nor this */ \u0001\u0007\u001b[31m\u007f tab\there %s %d :name ${'$$'} end.`;

const engines = [
  { name: 'SQLite', skip: null as string | null, open: () => openCorpusStore(join(tmp, `c-${Math.random().toString(36).slice(2)}.db`)) },
  { name: 'PostgreSQL', skip: pgSkipReason, open: async () => openCorpusStore(await freshDatabase('corpus')) },
];

/** One engine's answers to every case, compared across engines at the end. */
const answers = new Map<string, unknown>();

function statement(lang: string, text: string, extra: Partial<StatementInput> = {}): StatementInput {
  return { origin: 'test', kind: 'statement', lang, date: '2021-01-01', speaker: 'Hostile "Speaker" ?', role: 'state_official', url: null, title: null, question: null, paragraphs: [text], ...extra };
}

for (const engine of engines) {
  describe.skipIf(engine.skip)(`the reference corpus on ${engine.name}`, () => {
    let sql: Sql;
    beforeAll(async () => {
      const file = join(tmp, 'small.jsonl');
      writeFileSync(file, ROWS.map((r) => JSON.stringify(r)).join('\n'));
      sql = await engine.open();
      const report = await ingest(sql, file);
      expect(report.statements).toBe(ROWS.length);
      await tracerFor(sql, GLOSSARY);
    });
    afterAll(async () => {
      await sql?.close();
    });

    it('ingests once: a second run of the same file changes nothing', async () => {
      const file = join(tmp, 'small.jsonl');
      const again = await ingest(sql, file);
      expect(again).toMatchObject({ unchanged: 1, ingested: 0, statements: 0 });
      await tracerFor(sql, GLOSSARY);
    });

    it('counts statements, languages, sentences and speakers (one person under both names)', async () => {
      const stats = await corpusStats(sql);
      expect(stats).toMatchObject({ statements: 8, languages: { en: 5, zh: 3 }, sources: 1, firstDate: '2018-05-02', lastDate: '2020-02-01' });
      expect(stats.speakers.find((s) => s.speaker === 'Geng Shuang')).toEqual({ speaker: 'Geng Shuang', statements: 3, names: ['耿爽'] });
      answers.set(`${engine.name} stats`, stats);
    });

    it.each([
      ['English, same language', 'anti-China forces are smearing Xinjiang', { lang: 'en' }, 'https://example.org/en1', 'words'],
      ['Chinese, same language', '反华势力抹黑新疆', { lang: 'zh' }, 'https://example.org/zh1', 'words'],
      ['Traditional Chinese query', '反華勢力抹黑新疆', { lang: 'zh' }, 'https://example.org/zh1', 'words'],
      ['Chinese → English through the glossary', '反华势力抹黑新疆', { lang: 'en' }, 'https://example.org/en1', 'glossary'],
      ['English → Chinese through the glossary', 'Xinjiang affairs are internal affairs', { lang: 'zh' }, 'https://example.org/tw1', 'glossary'],
      ['a word FTS5 splits in two', "Chang'e-4 reached the far side of the moon", { lang: 'en' }, 'https://example.org/en5', 'words'],
    ['a passage of two sentences', 'Anti-China forces smear Xinjiang. We firmly oppose interference in internal affairs.', {}, null, null],
    ] as const)('traces %s', async (name, query, options, url, via) => {
      const matches = await trace(sql, query, { ...options, minScore: 0 });
      expect(matches.length).toBeGreaterThan(0);
      if (url) expect(matches[0]!.url).toBe(url);
      if (via) expect(matches[0]!.via).toBe(via);
      answers.set(`${engine.name} trace ${name}`, matches);
    });

    it('gives provenance: the most similar and the earliest statement repeating a claim', async () => {
      const ref = await provenanceOf(sql, ['Some anti-China forces keep smearing Xinjiang', '一些反华势力不断抹黑新疆']);
      expect(ref.mostSimilar?.lang).toBeDefined();
      expect(ref.repeats).toBeGreaterThanOrEqual(2);
      expect(ref.earliest?.date).toBe('2019-03-01');
      answers.set(`${engine.name} provenance`, ref);
    });

    it('stores hostile text unchanged, finds it again, and traces it without error', async () => {
      const added = await sql.tx((t) => insertStatements(t, [statement('en', HOSTILE), statement('zh', `中文${HOSTILE}`, { speaker: '@name $1 ?' })]));
      expect(added.added).toBe(2);
      const rows = await sql.all<{ text: string; speaker: string; paragraphs: string }>("SELECT text, speaker, paragraphs FROM corpus_statements WHERE origin = 'test' ORDER BY id");
      expect(rows.map((r) => r.text)).toEqual([HOSTILE, `中文${HOSTILE}`]);
      expect(rows.map((r) => r.speaker)).toEqual(['Hostile "Speaker" ?', '@name $1 ?']);
      expect(JSON.parse(rows[0]!.paragraphs)).toEqual([[0, HOSTILE.length]]);
      const sentences = await sql.all<{ text: string }>(
        "SELECT se.text FROM corpus_sentences se JOIN corpus_statements st ON st.id = se.statement_id WHERE st.origin = 'test' ORDER BY se.id",
      );
      expect(sentences.length).toBeGreaterThan(1);
      for (const s of sentences) expect(HOSTILE.includes(s.text) || `中文${HOSTILE}`.includes(s.text)).toBe(true);
      // The index holds the hostile words: a new tracer (an ingest would make one) finds the statement by them.
      const { forgetTracer } = await import('../../src/corpus/trace.js');
      forgetTracer(sql);
      await tracerFor(sql, GLOSSARY);
      const found = await trace(sql, `back\\slash comment "it's" $1 @name ?`, { lang: 'en', minScore: 0 });
      expect(found[0]?.text).toContain('back\\slash');
      answers.set(`${engine.name} hostile`, { rows, found });
    });

    it('the CLI reads the store: `trace`, `corpus stats`, and provenance in `analyze --db`', async () => {
      const target = sql.postgresUrl ?? sql.where;
      const cli = (...args: string[]) => execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });
      const traced = JSON.parse(cli('trace', 'anti-China forces are smearing Xinjiang', '--db', target, '--format', 'json')) as { url: string }[];
      expect(traced[0]!.url).toBe('https://example.org/en1');
      const stats = JSON.parse(cli('corpus', 'stats', '--db', target, '--format', 'json')) as { statements: number };
      expect(stats.statements).toBe(10);
      const input = join(tmp, `answer-${engine.name}.txt`);
      writeFileSync(input, 'The so-called human rights issues in Xinjiang are groundless lies fabricated by anti-China forces.');
      const doc = JSON.parse(cli('analyze', input, '--db', target, '--format', 'json')) as { findings: { kind: string; provenance?: { mostSimilar?: { url: string } } }[] };
      const echo = doc.findings.find((f) => f.kind === 'echo' && f.provenance);
      expect(echo?.provenance?.mostSimilar?.url).toBe('https://example.org/en4');
      answers.set(`${engine.name} cli`, { traced, stats, provenance: echo?.provenance });
    }, 60_000);

    it('indexes the same terms, each in as many sentences (FTS5\'s tokens: "chang\'e" is chang + e)', async () => {
      const vocabulary = {
        en: await sql.all<{ term: string; doc: number }>('SELECT term, doc FROM corpus_vocab_en ORDER BY term'),
        zh: await sql.all<{ term: string; doc: number }>('SELECT term, doc FROM corpus_vocab_zh ORDER BY term'),
      };
      expect(vocabulary.en.map((r) => r.term)).toEqual(expect.arrayContaining(['chang', 'e', 'ivoire']));
      expect(vocabulary.en.map((r) => r.term)).not.toContain("chang'e");
      expect(vocabulary.zh.find((r) => r.term === '新疆')?.doc).toBe(1);
      answers.set(`${engine.name} vocabulary`, vocabulary);
    });

    it('mines the same phrases', async () => {
      const phrases = await minePhrases(sql, { minStatements: 2, top: 10 });
      answers.set(`${engine.name} mine`, phrases);
    });

    it('the dashboard shows the store\'s corpus: overview statistics and /api/trace', async () => {
      let allowed = new Set<string>();
      const app = createDashboard(sql, { allowedHosts: () => allowed });
      const server = await new Promise<ServerType>((resolve) => {
        const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
      });
      try {
        const address = server.address();
        const host = `127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
        allowed = new Set([host]);
        const overview = (await (await fetch(`http://${host}/api/overview`)).json()) as { corpus: { statements: number } | null; features: { trace: boolean } };
        expect(overview.features.trace).toBe(true);
        expect(overview.corpus?.statements).toBe(10);
        const res = await fetch(`http://${host}/api/trace`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: '反华势力抹黑新疆' }) });
        expect(res.status).toBe(200);
        const { matches } = (await res.json()) as { matches: { url: string }[] };
        expect(matches.map((m) => m.url)).toContain('https://example.org/zh1');
        answers.set(`${engine.name} dashboard trace`, matches);
        // Another connection (as `corpus ingest` elsewhere) adds a statement with words the dashboard has looked up
        // before, when the corpus had none of them: the next trace finds it.
        const traceHere = async (text: string) =>
          ((await (await fetch(`http://${host}/api/trace`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) })).json()) as { matches: { url: string }[] }).matches;
        expect(await traceHere('zeppelin hangars of Friedrichshafen')).toEqual([]);
        const other = await openCorpusStore(sql.postgresUrl ?? sql.where);
        await other.tx((t) => insertStatements(t, [statement('en', 'The zeppelin hangars of Friedrichshafen are closed.', { url: 'https://example.org/zeppelin' })]));
        await other.close();
        expect((await traceHere('zeppelin hangars of Friedrichshafen')).map((m) => m.url)).toContain('https://example.org/zeppelin');
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    });
  });
}

describe.skipIf(pgSkipReason)('SQLite and PostgreSQL give the same answers', () => {
  const names = ['stats', 'provenance', 'hostile', 'cli', 'vocabulary', 'mine', 'dashboard trace', ...['English, same language', 'Chinese, same language', 'Traditional Chinese query', 'Chinese → English through the glossary', 'English → Chinese through the glossary', 'a word FTS5 splits in two', 'a passage of two sentences'].map((n) => `trace ${n}`)];
  it.each(names)('%s', (name) => {
    const lite = answers.get(`SQLite ${name}`);
    expect(lite).toBeDefined();
    // Statement and sentence ids are each engine's own; everything else must match.
    const strip = (v: unknown) => JSON.parse(JSON.stringify(v, (k, x) => (k === 'statementId' || k === 'sentenceId' || k === 'id' ? undefined : x)));
    expect(strip(answers.get(`PostgreSQL ${name}`))).toEqual(strip(lite));
  });
});
