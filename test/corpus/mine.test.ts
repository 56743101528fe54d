import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ingest } from '../../src/corpus/ingest.js';
import { minePhrases } from '../../src/corpus/mine.js';
import { openCorpusStore } from '../../src/corpus/schema.js';
import type { TalkingPoint } from '../../src/knowledge/schema.js';

const tmp = mkdtempSync(join(tmpdir(), 'mouthpiece-mine-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const fillers = ['trade', 'the weather', 'a football match', 'the harvest', 'new railways', 'tourism', 'a film festival', 'the economy'];

describe('mining recurring phrases', () => {
  it('surfaces phrases repeated across statements, by year, leaving out those the catalogue covers', async () => {
    const rows = [];
    for (let i = 0; i < 24; i++) {
      const year = 2017 + (i % 3);
      const topic = fillers[i % fillers.length];
      rows.push({
        date: `${year}-0${1 + (i % 9)}-10`,
        // One person under the gazetteer's name and its alias, and a name it does not know.
        speaker: ['Geng Shuang', 'Geng', 'Someone Unknown'][i % 3],
        text: `On ${topic} we have many things to say number ${i}. Xinjiang enjoys social stability and ethnic unity in every respect. ` +
          (i % 2 ? 'These lies are spread by anti-China forces with ulterior motives.' : `Item ${i} is unrelated.`),
      });
    }
    const file = join(tmp, 'rows.jsonl');
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n'));
    const store = await openCorpusStore(join(tmp, 'mine.db'));
    await ingest(store, file);

    const covered: TalkingPoint = {
      id: 'cn.test.anti-china-forces',
      state: 'CN',
      topic: 'xinjiang',
      claim: 'Critics are anti-China forces spreading lies.',
      framing: 'attack_critics',
      phrasings: { en: ['lies spread by anti-China forces with ulterior motives'] },
      weight: 1,
      provenance: [{ date: '2019-01-01', speaker: 'x', source: 'x', url: 'https://example.org' }],
      evidence: [],
    };
    const without = await minePhrases(store, { lang: 'en', minStatements: 5, top: 10 });
    const phrases = without.map((p) => p.phrase.toLowerCase());
    expect(phrases.some((p) => p.includes('social stability and ethnic unity'))).toBe(true);
    expect(phrases.some((p) => p.includes('anti-china forces with ulterior motives'))).toBe(true);
    const stability = without.find((p) => p.phrase.toLowerCase().includes('social stability and ethnic unity'))!;
    expect(stability.statements).toBe(24);
    expect(stability.years).toEqual({ '2017': 8, '2018': 8, '2019': 8 });
    expect(stability.example.date).toBe('2017-01-10');
    expect(stability.speakers).toEqual({ 'Geng Shuang': 16, 'Someone Unknown': 8 });

    const withCatalogue = await minePhrases(store, { lang: 'en', minStatements: 5, top: 10, talkingPoints: [covered] });
    expect(withCatalogue.some((p) => p.phrase.toLowerCase().includes('anti-china forces'))).toBe(false);
    expect(withCatalogue.some((p) => p.phrase.toLowerCase().includes('social stability and ethnic unity'))).toBe(true);
  });
});
