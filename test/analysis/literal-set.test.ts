// The literal set finds exactly the literals a plain search finds, in lower case, in one pass; patterns tried only
// where their leading literals begin find exactly what a search of the whole text finds.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LiteralSet } from '../../src/analysis/literal-set.js';
import { findPattern, hasPattern, presentOf, type Context } from '../../src/analysis/context.js';
import { knowledgeFor } from '../../src/analysis/pipeline.js';

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

describe('patterns tried only where their leading literals begin (findPattern, hasPattern)', () => {
  const compiled = knowledgeFor();
  const patterns = [...compiled.techniques, ...compiled.signals.values()].filter((p) => p.leads.size > 0);
  const contextOf = (norm: string) => ({ ...compiled, norm }) as unknown as Context;
  it('the shipped lexicons have such patterns', () => expect(patterns.length).toBeGreaterThan(10));

  const cases: [string, string][] = [
    ['labelling', 'Officials labelled them as "terrorists". They were called rioters.'],
    ['labelling', 'The Unlabelled data, relabelled as “clean”, was labelled as “verified”.'], // inside words: no match begins there
    ['substance', 'Re-education camps; reeducation, REEDUCATION and are-education.'],
    ['state_reference', 'The Chinese government and the CCP; theCCP.'],
  ];
  for (const [id, text] of cases) {
    it(`${id}: ${text}`, () => {
      const p = patterns.find((q) => q.entry.id === id)!;
      const ctx = contextOf(text);
      for (const [from, to] of [[0, text.length], [4, text.length - 3], [text.indexOf('.') + 1, text.length]]) {
        expect(findPattern(p, text, from, to, undefined, presentOf(ctx))).toEqual(findPattern(p, text, from, to));
        expect(hasPattern(p, text, from, to, presentOf(ctx))).toBe(hasPattern(p, text, from, to));
      }
    });
  }

  it("a search of another text than the document's ignores the document's offsets", () => {
    const p = patterns.find((q) => q.entry.id === 'labelling')!;
    const ctx = contextOf('Nothing to see here at all, nothing labelled.');
    const other = 'Officials labelled them as "terrorists".';
    expect(findPattern(p, other, 0, other.length, undefined, presentOf(ctx))).toEqual(findPattern(p, other, 0, other.length));
    expect(findPattern(p, other, 0, other.length)).not.toEqual([]);
  });

  it('finds what a search of the whole text finds (every such pattern, random texts built from its own pieces)', () => {
    for (const p of patterns) {
      const source = [...p.byLang.values()].map((re) => re.source).join(' ');
      const pieces = [...source.replace(/[\\()[\]?*+{}|^$<!]/g, ' ').split(/\s+/).filter(Boolean), ' ', '. ', 'a', 'xx', '-', '“', "'", 'ED', 'ing'];
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 16 }), fc.nat(), fc.nat(), (parts, a, b) => {
          const text = parts.join(parts.length % 2 ? ' ' : '');
          const from = text.length ? a % text.length : 0;
          const to = from + (text.length - from ? b % (text.length - from + 1) : 0);
          const ctx = contextOf(text);
          expect(findPattern(p, text, from, to, undefined, presentOf(ctx))).toEqual(findPattern(p, text, from, to));
          expect(hasPattern(p, text, from, to, presentOf(ctx))).toBe(hasPattern(p, text, from, to));
        }),
        { numRuns: 40 },
      );
    }
  });
});
