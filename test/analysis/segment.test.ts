// The segmenter's hand-written scans say what the regexes they replace say: sentence splitting (with its hard-wrapped
// lines) and the end of a paragraph that leads into speech are checked against the regex definitions on tables of
// edge cases and on random texts built from the characters that matter to them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { endsInColonOrQuote, splitSentences, type Span } from '../../src/analysis/segment.js';
import { matchesOf } from '../../src/analysis/text.js';

// The definitions the scans replace, as they were written with regexes.
function pushTrimmed(text: string, start: number, end: number, out: Span[]): void {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  if (end > start) out.push({ start, end });
}
const LINE_START = /^\s*(?:[-*+•·]\s|\d+[.)]\s|#{1,6}\s|>|\|)/;
function splitLinesByRegex(text: string, from: number, to: number): Span[] {
  const out: Span[] = [];
  let start = from;
  for (let i = from; i <= to; i++) {
    if (i < to && text.charCodeAt(i) !== 10) continue;
    const line = text.slice(start, i);
    const next = text.slice(i + 1, Math.min(to, i + 81));
    const wraps = i < to && /[\p{Ll},;]\s*$/u.test(line) && /^\s*\p{Ll}/u.test(next) && !LINE_START.test(next) && line.trim().length > 40;
    if (!wraps || i === to) {
      pushTrimmed(text, start, i, out);
      start = i + 1;
    }
  }
  return out;
}
const ABBREVIATION = /(?:^|[\s(])(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gen|Gov|Lt|Col|Sgt|St|Jr|Sr|No|Vol|Fig|Inc|Ltd|Co|Corp|vs|etc|e\.g|i\.e|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|U\.S|U\.K|U\.N|[A-Z])\.\s*$/;
const SENTENCE_END = /[。！？]+["”’」』）)]*|[.!?…]+["”’」』)\]]*(?=\s+["“‘「『(\[]?[\p{Lu}\p{N}\p{Script=Han}]|\s*$)/gu;
function splitSentencesByRegex(text: string, from: number, to: number): Span[] {
  const out: Span[] = [];
  for (const block of splitLinesByRegex(text, from, to)) {
    const slice = text.slice(block.start, block.end);
    let start = 0;
    for (const m of matchesOf(SENTENCE_END, slice)) {
      const end = m.index! + m[0].length;
      if (ABBREVIATION.test(slice.slice(Math.max(start, end - 12), end))) continue;
      if (start === 0 && LIST_NUMBER.test(slice.slice(0, end))) continue;
      pushTrimmed(text, block.start + start, block.start + end, out);
      start = end;
    }
    pushTrimmed(text, block.start + start, block.end, out);
  }
  return out;
}
const LIST_NUMBER = /^\s*(?:[-*+•]\s+)?(?:#{1,6}\s+)?(?:\*\*|__|\*|_)?(?:\d{1,3}|[IVX]{1,5})\.$/;
const ENDS_IN_COLON_OR_QUOTE = /[:：]\s*$|["”」』»]\s*$/;

/** Random texts over a few pieces: the characters and words each scan turns on. */
const textOf = (pieces: string[], maxLength = 30) => fc.array(fc.constantFrom(...pieces), { maxLength }).map((a) => a.join(''));

describe('splitSentences', () => {
  const wrapped = 'The committee said that the measures, which were announced in March,\nwere needed to keep order. Mr. Chen agreed.';
  it.each([
    wrapped,
    'A line that is long enough to wrap but ends in a full stop.\nnext line',
    'A line that is long enough to wrap, and ends in a comma,\n- but the next is a list item',
    'A line that is long enough to wrap, and ends in a comma,\n\u00a0  and the next begins after spaces',
    'Short line,\ncontinues',
    `${'x'.repeat(39)},\ncontinues`,
    `${'x'.repeat(40)},\ncontinues`,
    ` ${'x'.repeat(39)}; \ncontinues`,
    ` ${'x'.repeat(40)}; \ncontinues`,
    `${'x'.repeat(41)},\n${' '.repeat(79)}continues`,
    `${'x'.repeat(41)},\n${' '.repeat(80)}continues`,
    'A long line whose last letter is astral and lower-case: 𝑎\n𝑏 starts the next line with one too, ok',
    'A long line that ends in half a surrogate pair, as text can \ud835\nand continues in lower case',
    '第一句。第二句！“第三句？”\nU.S. officials met Dr. Li at 3 p.m. Then they left.',
  ])('%j', (text) => {
    expect(splitSentences(text)).toEqual(splitSentencesByRegex(text, 0, text.length));
  });

  it('agrees with the regex definition on random texts and ranges', () => {
    // Long runs of lower-case text, so that lines reach the 40 characters a wrap needs, on either side of it.
    const pieces = ['a', 'Word', 'abcdefghij', 'klmnopqrstuvwxyz', 'longer words here ', ' ', '  ', '\n', '\n\n', '\t', '\u00a0', '\u3000', ',', ';', '.', '. ', '?', 'é', 'É', 'ß', '中文', '。', '𝑎', '\ud835', '\udc4e', '- ', '1. ', '**2. ', '### ', 'IV. ', '# ', '>', '|', '"', 'Mr.', 'U.S.', '0123456789 ', 'The ', 'In 1989. '];
    fc.assert(
      fc.property(textOf(pieces, 60), fc.nat(), fc.nat(), (text, a, b) => {
        const from = a % (text.length + 1);
        const to = from + (b % (text.length - from + 1));
        expect(splitSentences(text, from, to)).toEqual(splitSentencesByRegex(text, from, to));
      }),
      { numRuns: 5000 },
    );
  });

  it.each([
    ['1. The camps were built in 2017.', ['1. The camps were built in 2017.']],
    ['**2. Historical Context**\n- **1033 Program**: Established in 1997.', ['**2. Historical Context**', '- **1033 Program**: Established in 1997.']],
    ['### 3. China’s official position', ['### 3. China’s official position']],
    ['- IV. Outcomes', ['- IV. Outcomes']],
    ['1. 新疆的情况', ['1. 新疆的情况']],
    // A number that ends a sentence still does.
    ['In 1989. The army moved in.', ['In 1989.', 'The army moved in.']],
    ['See item 4. Then go on.', ['See item 4.', 'Then go on.']],
  ])('a list or heading number is no sentence: %j', (text, expected) => {
    expect(splitSentences(text).map((s) => text.slice(s.start, s.end))).toEqual(expected);
  });

  it('trims what \\s matches, as String.prototype.trim does (the wrap test measures lines by trim)', () => {
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      expect(ch.trim() === '').toBe(/\s/.test(ch));
    }
  });
});

describe('endsInColonOrQuote', () => {
  it.each([
    ['He said:', true],
    ['他说：', true],
    ['“The end.”  ', true],
    ['«Fin»\n', true],
    ['「完」 \u3000', true],
    ['A plain ending.', false],
    ['   ', false],
    ['', false],
  ])('%j → %s', (text, expected) => {
    expect(endsInColonOrQuote(text, { start: 0, end: text.length })).toBe(expected);
    expect(ENDS_IN_COLON_OR_QUOTE.test(text)).toBe(expected);
  });

  it('agrees with the regexes on random texts and ranges', () => {
    fc.assert(
      fc.property(textOf([':', '：', '"', '”', '」', '』', '»', '“', ' ', '\n', '\u00a0', '\u3000', 'a', '中', '.']), fc.nat(), fc.nat(), (text, a, b) => {
        const start = a % (text.length + 1);
        const end = start + (b % (text.length - start + 1));
        expect(endsInColonOrQuote(text, { start, end })).toBe(ENDS_IN_COLON_OR_QUOTE.test(text.slice(start, end)));
      }),
      { numRuns: 3000 },
    );
  });
});
