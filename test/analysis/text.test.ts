// Tokens for matching. The hand-written word scanner must find exactly the words the regex
// [\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)* finds, in every script and at every edge.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addScriptMix, countHan, forEachWord, matchesOf, matchTokens, newScriptMix, SCRIPT_GROUPS, simplify, stemEn } from '../../src/analysis/text.js';

function regexWords(text: string, from: number, to: number): string[] {
  return [...text.slice(from, to).matchAll(/[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu)].map((m) => `${from + m.index}:${from + m.index + m[0].length}`);
}

function scannedWords(text: string, from: number, to: number): string[] {
  const out: string[] = [];
  forEachWord(text, from, to, (start, end) => out.push(`${start}:${end}`));
  return out;
}

describe('forEachWord', () => {
  const samples = [
    "Beijing's so-called 're-education' camps — rock'n'roll, 1989’s “June 4th”.",
    "Word-- -word -- a-b-c x’y x''y end-",
    'naïve café Ærø Øresund Ελλάδα Россия 𝐁𝐨𝐥𝐝 𠀀字 emoji 😀 mixed',
    '新疆BBC报道称Xi-Jinping的2019年',
    '',
  ];
  for (const text of samples) it(JSON.stringify(text), () => expect(scannedWords(text, 0, text.length)).toEqual(regexWords(text, 0, text.length)));

  it('agrees with the regex on random text, ranges that cut words and surrogate pairs included', () => {
    const pool = ['a', 'B', '9', '-', "'", '’', ' ', '.', 'é', 'Я', '字', '𝐁', '😀', '\n', '_', '\ud835'];
    let seed = 7;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    for (let round = 0; round < 2000; round++) {
      const text = Array.from({ length: 1 + rand(30) }, () => pool[rand(pool.length)]).join('');
      const from = rand(text.length + 1);
      const to = from + rand(text.length - from + 1);
      expect(scannedWords(text, from, to), `${JSON.stringify(text)} [${from}, ${to})`).toEqual(regexWords(text, from, to));
    }
  });
});

describe('matchTokens', () => {
  it('gives Chinese character pairs and stemmed English content words', () => {
    expect(matchTokens('新疆人 in the camps').map((t) => t.norm)).toEqual(['新疆', '疆人', 'camp']);
  });
  it('keeps offsets when Traditional characters are simplified', () => {
    const text = '所謂「集中營」';
    expect(simplify(text)).toBe('所谓「集中营」');
  });
});

describe('matchesOf', () => {
  it('moves past empty matches by whole code points (no endless loop at an emoji)', () => {
    const found = matchesOf(/(据报道)?/gu, '好 😀 据报道');
    expect(found.filter((m) => m[0]).map((m) => m.index)).toEqual([5]);
    expect(found.length).toBeLessThan(10);
  });
});

describe('countHan (the Han characters of a text, by code unit)', () => {
  // The regex it replaced: every match of \p{Script=Han}, counted up to the limit.
  const byRegex = (text: string, limit: number) => Math.min(limit, text.match(/\p{Script=Han}/gu)?.length ?? 0);
  it('counts as the regex does, surrogate pairs and lone surrogates included (property)', () => {
    const units = ['a', ' ', '中', '國', '〇', '々', '⺀', '豈', '\ud840\udc00', '\ud840', '\udc00', '😀', 'あ', '한', '。', '\u2e7f'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...units), { maxLength: 30 }), fc.integer({ min: 1, max: 20 }), (parts, limit) => {
        const text = parts.join('');
        expect(Math.min(limit, countHan(text, limit)), JSON.stringify(text)).toBe(byRegex(text, limit));
      }),
      { numRuns: 3000 },
    );
  });
  it('stops at the limit', () => {
    expect(countHan('中文中文中文', 2)).toBe(2);
    expect(countHan('no Han at all')).toBe(0);
  });
});

describe('stemEn', () => {
  it('stems words that name properties of plain objects like any other word', () => {
    expect(stemEn('constructor')).toBe('constructor');
    expect(stemEn('Constructors')).toBe('constructor');
    expect(stemEn('hasOwnProperty')).toBe('hasownproperty');
    expect(stemEn('labelled')).toBe('labell');
  });
});

describe('addScriptMix (letters by script group, and where a word runs from one group into another)', () => {
  // Groups: 0 Latin, 1 CJK (Han, kana, Hangul), 2 Cyrillic, 3 Arabic.
  const mixOf = (text: string, from?: number, to?: number) => {
    const mix = newScriptMix();
    addScriptMix(mix, text, from, to);
    const junctions: Record<string, number> = {};
    mix.junctions.forEach((n, k) => {
      if (n) junctions[`${Math.floor(k / SCRIPT_GROUPS)}>${k % SCRIPT_GROUPS}`] = n;
    });
    return { letters: [...mix.letters], junctions };
  };
  const cases: { name: string; text: string; letters: number[]; junctions: Record<string, number> }[] = [
    { name: 'en only Latin: nothing to count (one search)', text: 'Workers face long hours — and “low” pay.', letters: [0, 0, 0, 0], junctions: {} },
    { name: 'en a gloss in brackets is no junction', text: 'Xinjiang (新疆)', letters: [8, 2, 0, 0], junctions: {} },
    { name: 'en Latin into Han and back', text: 'report阻止ed', letters: [8, 2, 0, 0], junctions: { '0>1': 1, '1>0': 1 } },
    { name: 'en Latin into Cyrillic, and Arabic after a space', text: 'wagesбез وقت', letters: [5, 0, 3, 3], junctions: { '0>2': 1 } },
    { name: 'zh English terms in Chinese text', text: 'AI芯片和5G网络', letters: [3, 5, 0, 0], junctions: { '0>1': 2 } },
    { name: 'en Greek letters and digits break a word', text: '10μg ΔG αβ 中', letters: [2, 1, 0, 0], junctions: {} },
    { name: 'ja kana and Han are one group', text: 'ひらがなと漢字とカタカナ', letters: [0, 12, 0, 0], junctions: {} },
    { name: 'en only the span is counted', text: 'keep阻止ed ignore阻止ed', letters: [6, 2, 0, 0], junctions: { '0>1': 1, '1>0': 1 } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const [from, to] = c.name.includes('span') ? [0, 8] : [undefined, undefined];
      expect(mixOf(c.text, from, to)).toEqual({ letters: c.letters, junctions: c.junctions });
    });
  }

  it('counts no more junctions than letters, and none in text of one group', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'Z', ' ', '-', '中', 'я', 'ع', 'か', '한', '1', '’') }), (text) => {
        const mix = newScriptMix();
        addScriptMix(mix, text);
        const junctions = mix.junctions.reduce((x, y) => x + y, 0);
        const letters = mix.letters.reduce((x, y) => x + y, 0);
        expect(junctions).toBeLessThanOrEqual(Math.max(0, letters - 1));
        for (let g = 0; g < SCRIPT_GROUPS; g++) expect(mix.junctions[g * SCRIPT_GROUPS + g]).toBe(0);
        if (mix.letters.filter((n) => n > 0).length <= 1) expect(junctions).toBe(0);
      }),
    );
  });
});
