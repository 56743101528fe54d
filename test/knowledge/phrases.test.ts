// The phrase finder behind the gazetteer, title words, evidence terms and places: longest match at word
// starts, whole words in Latin script, any position in Chinese, case folding when asked.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PhraseFinder, wordStarts } from '../../src/knowledge/phrases.js';

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

  // The finder looks a word's first two units up at once and walks on from there: one-unit phrases, phrases
  // that end where the range ends, and phrases that share their first units must all come out as a plain search finds them.
  const hard = new PhraseFinder<string>([
    ['中', 'zhong'],
    ['中国人', 'chinese-people'],
    ['中国', 'china'],
    ['X', 'x'],
    ['Xi', 'xi'],
    ['Xi Jinping', 'xi-jinping'],
    ['the spokesperson', 'spokesperson'],
    ['the', 'the'],
    ['École', 'ecole'],
  ]);
  const hardCases: [string, number | undefined, number | undefined, string[]][] = [
    ['中国人民', undefined, undefined, ['chinese-people@0']],
    ['中国人中', undefined, undefined, ['chinese-people@0', 'zhong@3']],
    ['中国人民', 0, 1, ['zhong@0']],
    ['中国人民', 0, 2, ['china@0']],
    ['Xi Jinping and X and Xi', undefined, undefined, ['xi-jinping@0', 'x@15', 'xi@21']],
    ['Xi Jinping', 0, 2, ['xi@0']],
    ['Xi Jinping', 0, 1, []],
    ['X Jinping', 0, 1, ['x@0']],
    ['Xian and Xi’an', undefined, undefined, ['xi@9']],
    ['then the spokesperson', undefined, undefined, ['spokesperson@5']],
    ['the spokespersons', undefined, undefined, ['the@0']],
    ['École and école', undefined, undefined, ['ecole@0']],
  ];
  for (const [text, from, to, expected] of hardCases) {
    it(`finds as a plain search does: ${JSON.stringify(text)} [${from ?? 0}, ${to ?? text.length})`, () => {
      expect(hard.find(text, from, to).map((h) => `${h.value}@${h.start}`)).toEqual(expected);
    });
  }

  /** The longest phrase at each word start by plain string comparison (phrases start with a letter). */
  const isWordUnit = (text: string, at: number) => {
    const ch = String.fromCodePoint(text.codePointAt(at)!);
    return /^[\p{L}\p{N}]$/u.test(ch) && !/\p{Script=Han}/u.test(ch);
  };
  const plainFind = (phrases: string[], ignoreCase: boolean, text: string, from: number, to: number) => {
    const keys = [...new Set(phrases.map((p) => (ignoreCase ? p.toLowerCase() : p)))];
    // The range is compared in lower case when lower-casing keeps its length (İ does not: the range is then compared as written).
    const lowered = text.slice(from, to).toLowerCase();
    const seen = ignoreCase && lowered.length === to - from ? lowered : text.slice(from, to);
    const out: string[] = [];
    let end = -1;
    for (const i of wordStarts(text, from, to).at) {
      if (i < end) continue;
      let best = '';
      for (const k of keys) {
        if (k.length <= best.length || i + k.length > to || !seen.startsWith(k, i - from)) continue;
        const e = i + k.length;
        if (/\p{Script=Han}/u.test(k[k.length - 1]) || e === text.length || !isWordUnit(text, e)) best = k;
      }
      if (best) {
        out.push(`${text.slice(i, i + best.length)}@${i}`);
        end = i + best.length;
      }
    }
    return out;
  };
  // Greek capital sigma lower-cases to ς at the end of a word and σ elsewhere; İ lower-cases to two units.
  const words = ['Xi', 'X', 'Xin', 'the', 'The', 'spokesperson', 'state', 'media', '中', '国', '中国', '人', 'é', 'É', 'ΟΣ', 'ος', 'οσ', 'İ'];
  const phraseArb = fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 3 }).map((w) => w.join(w.length % 2 ? ' ' : ''));
  it('finds what a plain search finds (random phrases, texts and ranges)', () => {
    fc.assert(
      fc.property(
        fc.array(phraseArb, { minLength: 1, maxLength: 12 }),
        fc.array(fc.constantFrom(...words, ' ', ' ', ',', '-', '𝐀', '😀', '1'), { maxLength: 30 }),
        fc.boolean(),
        fc.nat(),
        fc.nat(),
        (phrases, parts, ignoreCase, a, b) => {
          const text = parts.join('');
          const from = text.length ? a % text.length : 0;
          const to = from + (text.length - from ? b % (text.length - from + 1) : 0);
          const f = new PhraseFinder(phrases.map((p) => [p, p] as [string, string]), ignoreCase);
          expect(f.find(text, from, to).map((h) => `${h.phrase}@${h.start}`)).toEqual(plainFind(phrases, ignoreCase, text, from, to));
        },
      ),
      { numRuns: 3000 },
    );
  });
  it('finds the same with the word starts of the whole text as with those of the range', () => {
    fc.assert(
      fc.property(fc.array(phraseArb, { minLength: 1, maxLength: 8 }), fc.array(fc.constantFrom(...words, ' ', ',', '1'), { maxLength: 30 }), fc.boolean(), fc.nat(), fc.nat(), (phrases, parts, ignoreCase, a, b) => {
        const text = parts.join('');
        const from = text.length ? a % text.length : 0;
        const to = from + (text.length - from ? b % (text.length - from + 1) : 0);
        const f = new PhraseFinder(phrases.map((p) => [p, p] as [string, string]), ignoreCase);
        expect(f.find(text, from, to, wordStarts(text))).toEqual(f.find(text, from, to));
      }),
      { numRuns: 1000 },
    );
  });
});
