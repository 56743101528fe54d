// Corpus statistics count one person once, whatever language their name was stored in.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assignSpeakerIds, corpusStats, insertStatements } from '../../src/corpus/ingest.js';
import { trace } from '../../src/corpus/trace.js';
import { openCorpusStore } from '../../src/corpus/schema.js';
import { openSql, type Sql } from '../../src/storage/sql.js';
import type { StatementInput } from '../../src/corpus/types.js';

const statement = (lang: 'en' | 'zh', speaker: string, n: number): StatementInput => ({
  kind: 'answer', lang, date: '2019-11-26', speaker, role: 'state_official', url: `https://www.fmprc.gov.cn/test/${lang}/${n}.shtml`, title: `Press conference ${n}`, question: null,
  paragraphs: [lang === 'en' ? `Statement number ${n} about Xinjiang affairs being internal affairs.` : `第${n}条声明：新疆事务纯属中国内政。`], origin: 'test',
});

describe('corpus speakers', () => {
  it.each([
    // stored names → expected merged list
    [[['en', 'Geng Shuang'], ['zh', '耿爽'], ['zh', '耿爽']], [{ speaker: 'Geng Shuang', statements: 3, names: ['耿爽'] }]],
    [[['zh', '赵立坚'], ['en', 'Zhao Lijian'], ['en', 'Someone Unknown']], [{ speaker: 'Zhao Lijian', statements: 2, names: ['赵立坚'] }, { speaker: 'Someone Unknown', statements: 1, names: [] }]],
  ] as const)('%j', async (stored, expected) => {
    const store = await openCorpusStore(join(mkdtempSync(join(tmpdir(), 'mp-speakers-')), 'c.db'));
    await insertStatements(store, stored.map(([lang, speaker], i) => statement(lang, speaker, i)));
    expect((await corpusStats(store)).speakers).toEqual(expected);
    await store.close();
  });
});

describe('speaker ids at ingest', () => {
  const open = () => openCorpusStore(join(mkdtempSync(join(tmpdir(), 'mp-speaker-ids-')), 'c.db'));
  const ids = async (store: Sql) => (await store.all('SELECT speaker, speaker_id AS id FROM corpus_statements ORDER BY rowid'));

  it('stores one gazetteer id for a person\'s names in every language, and none for a name it does not know', async () => {
    const store = await open();
    await insertStatements(store, [statement('en', 'Geng Shuang', 1), statement('zh', '耿爽', 2), statement('zh', '赵立坚', 3), statement('en', 'Someone Unknown', 4)]);
    expect(await ids(store)).toEqual([
      { speaker: 'Geng Shuang', id: 'geng-shuang' },
      { speaker: '耿爽', id: 'geng-shuang' },
      { speaker: '赵立坚', id: 'zhao-lijian' },
      { speaker: 'Someone Unknown', id: null },
    ]);
    // Tracing reports the person, whichever language version of the statement matched.
    const matches = await trace(store, '新疆事务纯属中国内政', { minScore: 0 });
    expect(new Set(matches.filter((m) => m.speaker === '耿爽' || m.speaker === 'Geng Shuang').map((m) => m.speakerId))).toEqual(new Set(['geng-shuang']));
    await store.close();
  });

  it('fills the ids of statements stored before the column existed', async () => {
    const store = await open();
    await insertStatements(store, [statement('en', 'Geng Shuang', 1), statement('zh', '耿爽', 2)]);
    await store.exec('UPDATE corpus_statements SET speaker_id = NULL'); // as a store migrated from before ids
    await assignSpeakerIds(store);
    expect((await ids(store)).map((r) => (r as { id: string }).id)).toEqual(['geng-shuang', 'geng-shuang']);
    await store.close();
  });

  /** A store as ingested before speaker ids: the column, its index and its migration record removed. */
  const olderStore = async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mp-speaker-ids-')), 'c.db');
    const store = await openCorpusStore(file);
    await insertStatements(store, [statement('en', 'Geng Shuang', 1), statement('zh', '耿爽', 2), statement('en', 'Someone Unknown', 3)]);
    await store.exec("DROP INDEX corpus_statements_speaker_id; ALTER TABLE corpus_statements DROP COLUMN speaker_id; DELETE FROM migrations WHERE id = 'corpus-004-speaker-id'");
    await store.close();
    return file;
  };

  it('migrates an older store on its next open, ids filled without a new ingest', async () => {
    const store = await openCorpusStore(await olderStore());
    expect(await ids(store)).toEqual([
      { speaker: 'Geng Shuang', id: 'geng-shuang' },
      { speaker: '耿爽', id: 'geng-shuang' },
      { speaker: 'Someone Unknown', id: null },
    ]);
    await store.close();
  });

  it('reads an older store opened read-only (as the dashboard does): stats merge, trace gives the person\'s id', async () => {
    const store = await openSql(await olderStore(), [], { readonly: true });
    expect((await corpusStats(store)).speakers).toEqual([{ speaker: 'Geng Shuang', statements: 2, names: ['耿爽'] }, { speaker: 'Someone Unknown', statements: 1, names: [] }]);
    const matches = await trace(store, '新疆事务纯属中国内政', { minScore: 0 });
    expect(matches.length).toBeGreaterThan(0);
    expect(new Set(matches.map((m) => [m.speaker, m.speakerId].join('=')))).toEqual(new Set(['耿爽=geng-shuang', 'Geng Shuang=geng-shuang', 'Someone Unknown=']));
    await store.close();
  });
});
