// Tokens for matching. The hand-written word scanner must find exactly the words the regex
// [\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)* finds, in every script and at every edge.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addJunctions, countHan, forEachWord, matchesOf, matchTokens, nextPastLatin, SCRIPT_GROUPS, SCRIPT_PAIRS, simplify, stemEn } from '../../src/analysis/text.js';

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

describe('addJunctions (where a word runs from one script into another)', () => {
  // Groups: 0 Latin, 1 CJK (Han, kana, Hangul), 2 Cyrillic, 3 Arabic; a pair is keyed lower-higher.
  const junctionsOf = (text: string, from = 0, to = text.length) => {
    const into = new Int32Array(SCRIPT_PAIRS);
    addJunctions(into, text, from, to);
    const out: Record<string, number> = {};
    into.forEach((n, k) => {
      if (n) out[`${Math.floor(k / SCRIPT_GROUPS)}-${k % SCRIPT_GROUPS}`] = n;
    });
    return out;
  };
  const cases: { name: string; text: string; span?: [number, number]; junctions: Record<string, number> }[] = [
    { name: 'en Latin into Han and back', text: 'Unions report阻止ed access.', junctions: { '0-1': 2 } },
    { name: 'en Latin into Cyrillic and Arabic, in English text', text: 'They withhold wagesбез contracts until the harvestوقت ends.', junctions: { '0-2': 1, '0-3': 1 } },
    { name: 'zh Han into Cyrillic and back in Chinese text', text: '这是一个Под汤匙的问题', junctions: { '1-2': 2 } },
    { name: 'en a gloss in brackets is no junction', text: 'Xinjiang (新疆) and Moscow (Москва)', junctions: {} },
    { name: 'zh English terms in Chinese text are the custom', text: '用useState保存user，AI芯片和5G网络', junctions: {} },
    { name: 'ja English terms in Japanese text are the custom', text: 'ReactのuseStateでstateを管理します', junctions: {} },
    { name: 'ru English terms in Russian text are the custom', text: 'Используйте Pythonа и JSONом', junctions: {} },
    { name: 'ar Arabic punctuation and digits are not letters', text: 'Python، Java؛ SQL؟ COVID١٩', junctions: {} },
    { name: 'en Greek letters and digits break a word', text: '10μg ΔG 中文', junctions: {} },
    { name: 'en only the span is read', text: 'we report阻止ed here; ignore阻止ed', span: [0, 19], junctions: { '0-1': 2 } },
    { name: 'zh a short span mostly of Han takes Latin in by custom', text: 'keep阻止ed', junctions: {} },
  ];
  for (const c of cases) it(c.name, () => expect(junctionsOf(c.text, ...(c.span ?? []))).toEqual(c.junctions));

  it('counts no junction inside one group, and no more junctions than letters', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'Z', 'é', ' ', '-', '中', 'か', '한', 'я', 'ع', '1', '’') }), (text) => {
        const into = new Int32Array(SCRIPT_PAIRS);
        addJunctions(into, text, 0, text.length);
        for (let g = 0; g < SCRIPT_GROUPS; g++) expect(into[g * SCRIPT_GROUPS + g]).toBe(0);
        const letters = [...text].filter((ch) => /\p{L}/u.test(ch)).length;
        expect(into.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(Math.max(0, letters - 1));
      }),
    );
  });

  it('nextPastLatin finds the first unit that may be another group\'s letter, never one of plain English text', () => {
    expect(nextPastLatin('An answer — “quoted”, naïve café.', 0)).toBe(-1);
    expect(nextPastLatin('abc 中 def я', 0)).toBe(4);
    expect(nextPastLatin('abc 中 def я', 5)).toBe(10);
  });
});
