// Corpus statistics count one person once, whatever language their name was stored in.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusStats, insertStatements } from '../../src/corpus/ingest.js';
import { openCorpusStore } from '../../src/corpus/schema.js';
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
