// The phrase finder behind the gazetteer, title words, evidence terms and places: longest match at word
// starts, whole words in Latin script, any position in Chinese, case folding when asked.
import { describe, expect, it } from 'vitest';
import { PhraseFinder } from '../../src/knowledge/phrases.js';

const finder = new PhraseFinder<string>([
  ['Wang', 'wang'],
  ['Wang Wenbin', 'wang-wenbin'],
  ['BBC', 'bbc'],
  ['外交部', 'mfa'],
  ['外交部发言人', 'mfa-spokesperson'],
  ['UN', 'un'],
]);
const found = (text: string, from?: number, to?: number) => finder.find(text, from, to).map((h) => `${h.value}@${h.start}`);

describe('PhraseFinder', () => {
  const cases: [string, string[]][] = [
    ['Wang Wenbin said', ['wang-wenbin@0']], // the longest phrase wins
    ['Wang said', ['wang@0']],
    ['Wangs and Wangling', []], // whole words only
    ['据BBC报道', ['bbc@1']], // a Latin name between Chinese characters
    ['外交部发言人表示', ['mfa-spokesperson@0']],
    ['中国外交部称', ['mfa@2']], // Chinese matches anywhere
    ['UNESCO and the UN', ['un@15']],
    ['Wang𝐀 said', []], // a letter outside the BMP continues the word
    ['😀Wang said', ['wang@2']],
    ['', []],
  ];
  for (const [text, expected] of cases) it(JSON.stringify(text), () => expect(found(text)).toEqual(expected));

  it('searches a range, and a range that starts inside a word skips that word', () => {
    expect(found('Wang Wenbin said', 5)).toEqual([]);
    expect(found('Mr Wang said', 3, 7)).toEqual(['wang@3']);
    expect(found('Wang Wenbin said', 0, 8)).toEqual(['wang@0']);
  });

  it('folds case when asked, keeping offsets into the original text', () => {
    const terms = new PhraseFinder([['satellite imagery', 'sat']], true);
    const hits = terms.find('New SATELLITE Imagery shows');
    expect(hits.map((h) => [h.start, h.phrase])).toEqual([[4, 'SATELLITE Imagery']]);
  });
});
