// The voice step's hand-written scans say what the regexes they replace say: each is checked against
// its regex on tables of edge cases and on random texts built from the characters that matter to it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { endsInColon, labelsAtLineStarts, positionInFirstWords } from '../../src/analysis/voice.js';

const ENDS_IN_COLON = /[:：]\s*(\*\*)?\s*$/;
const FIRST_WORDS = /^(\W*\w+){0,8}\W*(position|view|perspective|stance|narrative|account|line|response|explanation)/i;
const LABEL = /^[ \t>]*(?:\*\*|__)?([A-Z][\p{L}.'’-]*(?:[ \t][A-Z][\p{L}.'’-]*){0,3}|\p{Script=Han}{2,6})(?:[ \t]*[(（][^()（）\n]{1,40}[)）])?(?:\*\*|__)?[ \t]*[:：][ \t]*(?:\*\*|__)?[ \t]*(?:(?=\S)|(\r?\n))/gmu;

const labelsByRegex = (text: string) => [...text.matchAll(LABEL)].map((m) => [m.index, m[0], m[1], m[2]]);
const labelsByScan = (text: string) => labelsAtLineStarts(text).map((m) => [m.index, m[0], m[1], m[2]]);

/** Random texts over a few pieces: the characters and words each scan turns on. */
const textOf = (pieces: string[]) => fc.array(fc.constantFrom(...pieces), { maxLength: 30 }).map((a) => a.join(''));

describe('endsInColon', () => {
  it.each([
    ['The position is:', true],
    ['中方的立场是：', true],
    ['**Official view:**', true],
    ['**Official view:** ', true],
    ['Official view: ** \u3000', true],
    ['Official view:***', false],
    ['Official view:****', false],
    ['Official view', false],
    ['**', false],
    [':', true],
    ['', false],
    ['a: b', false],
  ])('%j → %s', (text, expected) => {
    expect(endsInColon(text, 0, text.length)).toBe(expected);
    expect(ENDS_IN_COLON.test(text)).toBe(expected);
  });

  it('agrees with the regex on random texts and ranges', () => {
    fc.assert(
      fc.property(textOf([':', '：', '*', '**', ' ', '\n', '\u00a0', '\u3000', 'a', '中']), fc.nat(), fc.nat(), (text, a, b) => {
        const start = a % (text.length + 1);
        const end = start + (b % (text.length - start + 1));
        expect(endsInColon(text, start, end)).toBe(ENDS_IN_COLON.test(text.slice(start, end)));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('positionInFirstWords', () => {
  it.each([
    ["Beijing's position is that", true],
    ['One two three four five six seven eight position', true],
    ['One two three four five six seven eight nine position', false],
    ['One two three four five six seven eight ninepositions', false],
    ['One two three four five six sevenpositions', true],
    ['The official line: …', true],
    ['Online, the official stance is', true],
    ['No such word here at all', false],
    ['___ a b c d e f g h view', false],
    ['POSITION', true],
    ['立场 is the position', true],
  ])('%j → %s', (text, expected) => {
    expect(positionInFirstWords(text)).toBe(expected);
    expect(FIRST_WORDS.test(text)).toBe(expected);
  });

  it('agrees with the regex on random texts', () => {
    fc.assert(
      fc.property(textOf(['a', 'Word ', ' ', '_', '-', "'s", 'é', '中', '1', 'view', 'LINE', 'position', 'stance ', ', ', '\n']), (text) => {
        expect(positionInFirstWords(text)).toBe(FIRST_WORDS.test(text));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('labelsAtLineStarts', () => {
  it.each([
    '**Gorbachev:** We must talk.\n**Reagan:** Tear down this wall.',
    'Robert Schuman (France):\nEurope will not be made all at once.',
    '**舒曼（法国）**：欧洲不会一下子建成。\n华春莹：这是谎言。',
    'Note: this is a list.\r\nHua:\r\nIt is a lie.',
    'A line\u2028Hua: after a line separator\u2029Wang: after a paragraph separator',
    // A bracket may hold \r or U+2028 (the regex only keeps \n out of it): the label then runs over a line start.
    'Hua (the\u2028Wang: spokesman): speaks\nWang: next',
    '> Hua: quoted\n\n> Wang: quoted',
    'no label here\n\n',
  ])('%j', (text) => {
    expect(labelsByScan(text)).toEqual(labelsByRegex(text));
  });

  it('agrees with the regex on random texts', () => {
    fc.assert(
      fc.property(textOf(['Hua', 'Wang Yi', '华春莹', ':', '：', '**', '__', ' ', '\t', '>', '\n', '\r', '\r\n', '\u2028', '\u2029', '(', ')', '（', '）', 'x', 'said']), (text) => {
        expect(labelsByScan(text)).toEqual(labelsByRegex(text));
      }),
      { numRuns: 3000 },
    );
  });
});
