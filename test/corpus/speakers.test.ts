// Corpus statistics count one person once, whatever language their name was stored in.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assignSpeakerIds, corpusStats, insertStatements } from '../../src/corpus/ingest.js';
import { trace } from '../../src/corpus/trace.js';
import { openCorpusStore } from '../../src/corpus/schema.js';
import { openStore } from '../../src/storage/db.js';
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
  ] as const)('%j', (stored, expected) => {
    const store = openCorpusStore(join(mkdtempSync(join(tmpdir(), 'mp-speakers-')), 'c.db'));
    insertStatements(store, stored.map(([lang, speaker], i) => statement(lang, speaker, i)));
    expect(corpusStats(store).speakers).toEqual(expected);
    store.close();
  });
});

describe('speaker ids at ingest', () => {
  const open = () => openCorpusStore(join(mkdtempSync(join(tmpdir(), 'mp-speaker-ids-')), 'c.db'));
  const ids = (store: ReturnType<typeof open>) => store.prepare('SELECT speaker, speaker_id AS id FROM corpus_statements ORDER BY rowid').all();

  it('stores one gazetteer id for a person\'s names in every language, and none for a name it does not know', () => {
    const store = open();
    insertStatements(store, [statement('en', 'Geng Shuang', 1), statement('zh', '耿爽', 2), statement('zh', '赵立坚', 3), statement('en', 'Someone Unknown', 4)]);
    expect(ids(store)).toEqual([
      { speaker: 'Geng Shuang', id: 'geng-shuang' },
      { speaker: '耿爽', id: 'geng-shuang' },
      { speaker: '赵立坚', id: 'zhao-lijian' },
      { speaker: 'Someone Unknown', id: null },
    ]);
    // Tracing reports the person, whichever language version of the statement matched.
    const matches = trace(store, '新疆事务纯属中国内政', { minScore: 0 });
    expect(new Set(matches.filter((m) => m.speaker === '耿爽' || m.speaker === 'Geng Shuang').map((m) => m.speakerId))).toEqual(new Set(['geng-shuang']));
    store.close();
  });

  it('fills the ids of statements stored before the column existed', () => {
    const store = open();
    insertStatements(store, [statement('en', 'Geng Shuang', 1), statement('zh', '耿爽', 2)]);
    store.exec('UPDATE corpus_statements SET speaker_id = NULL'); // as a store migrated from before ids
    assignSpeakerIds(store);
    expect(ids(store).map((r) => (r as { id: string }).id)).toEqual(['geng-shuang', 'geng-shuang']);
    store.close();
  });

  /** A store as ingested before speaker ids: the column, its index and its migration record removed. */
  const olderStore = () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mp-speaker-ids-')), 'c.db');
    const store = openCorpusStore(file);
    insertStatements(store, [statement('en', 'Geng Shuang', 1), statement('zh', '耿爽', 2), statement('en', 'Someone Unknown', 3)]);
    store.exec("DROP INDEX corpus_statements_speaker_id; ALTER TABLE corpus_statements DROP COLUMN speaker_id; DELETE FROM migrations WHERE id = 'corpus-004-speaker-id'");
    store.close();
    return file;
  };

  it('migrates an older store on its next open, ids filled without a new ingest', () => {
    const store = openCorpusStore(olderStore());
    expect(ids(store)).toEqual([
      { speaker: 'Geng Shuang', id: 'geng-shuang' },
      { speaker: '耿爽', id: 'geng-shuang' },
      { speaker: 'Someone Unknown', id: null },
    ]);
    store.close();
  });

  it('reads an older store opened read-only (as the dashboard does): stats merge, trace gives the person\'s id', () => {
    const store = openStore(olderStore(), [], { readonly: true });
    expect(corpusStats(store).speakers).toEqual([{ speaker: 'Geng Shuang', statements: 2, names: ['耿爽'] }, { speaker: 'Someone Unknown', statements: 1, names: [] }]);
    const matches = trace(store, '新疆事务纯属中国内政', { minScore: 0 });
    expect(matches.length).toBeGreaterThan(0);
    expect(new Set(matches.map((m) => [m.speaker, m.speakerId].join('=')))).toEqual(new Set(['耿爽=geng-shuang', 'Geng Shuang=geng-shuang', 'Someone Unknown=']));
    store.close();
  });
});
