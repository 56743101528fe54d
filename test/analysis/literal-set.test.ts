// The literal set finds exactly the literals a plain search finds, in lower case, in one pass.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LiteralSet } from '../../src/analysis/literal-set.js';

const naive = (literals: string[], text: string) => Uint8Array.from(literals, (l) => (text.toLowerCase().includes(l) ? 1 : 0));

describe('LiteralSet', () => {
  it('finds overlapping, nested and repeated literals in English and Chinese', () => {
    const literals = ['he', 'she', 'his', 'hers', 'ushers', 'can\'t', ' can', '无法', '我无法回答', '回答', 'so-called'];
    const set = new LiteralSet(literals);
    for (const text of ['Ushers said his share was hers', "I CAN'T", 'we can go', '抱歉，我无法回答这个问题', 'The So-Called evidence', '']) {
      expect([...set.present(text)], text).toEqual([...naive(literals, text)]);
    }
  });

  it('agrees with a plain search on random texts (property)', () => {
    const alphabet = ['a', 'b', 'A', 'B', ' ', "'", '无', '法', '回', 'é', 'É'];
    const word = fc.array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 4 }).map((a) => a.join('').toLowerCase());
    fc.assert(
      fc.property(fc.uniqueArray(word, { maxLength: 12 }), fc.array(fc.constantFrom(...alphabet), { maxLength: 60 }), (literals, chars) => {
        const text = chars.join('');
        expect([...new LiteralSet(literals).present(text)]).toEqual([...naive(literals, text)]);
      }),
      { numRuns: 400 },
    );
  });

  it('looks only at text[from, to)', () => {
    const set = new LiteralSet(['abc']);
    expect([...set.present('xxabcxx', 3, 7)]).toEqual([0]);
    expect([...set.present('xxabcxx', 2, 5)]).toEqual([1]);
  });
});
