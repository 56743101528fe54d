// requiredRun decides where a regex may be skipped, so it may only name characters every match contains.
import { describe, expect, it } from 'vitest';
import { isAsciiLetter, requiredRun, startsWithWordChar } from '../../src/analysis/literals.js';
import { isHan } from '../../src/analysis/text.js';

describe('requiredRun', () => {
  const han: [string, string | undefined][] = [
    ['(.{1,12})方面(表示|称|认为)', '方面'],
    ['在(.{1,12})看来', '看来'],
    ['按照(.{1,12})的说法', '的说法'],
    ['援引', '援引'],
    ['据说?', '据'], // the optional 说 is not required
    ['甲乙|丙', undefined], // alternatives at the top level: neither side is required
    ['[据按]照', '照'], // a character class is not a literal
    ['(报道|消息)', undefined],
    ['\\u636e报道', '报道'],
  ];
  for (const [source, expected] of han) it(`Han: ${source}`, () => expect(requiredRun(source, isHan)).toBe(expected));

  const latin: [string, string | undefined][] = [
    ['so-called', 'called'],
    ['detain(ed|ees?|ing)?', 'detain'],
    ['(re-?education|concentration) camps?', 'camp'],
    ['\\bi(\'m|’m)?\\b', 'i'],
    ['(it is|it\'s) (a )?(complex|sensitive)', undefined],
    ['\\d+ people', 'people'],
    ['\\x2d\\x2d', undefined], // escapes are read whole: no letter "d" here
    ['\\u00e9t\\u00e9', 't'],
    ['\\p{Lu}ing', 'ing'],
  ];
  for (const [source, expected] of latin) it(`Latin: ${source}`, () => expect(requiredRun(source, isAsciiLetter)).toBe(expected));
});

describe('startsWithWordChar', () => {
  const cases: [string, boolean][] = [
    ['so-called', true],
    ['(it is|it\'s) (a )?(complex|sensitive)', true],
    ['\\bi(\'m|’m)?\\b', true],
    ['(do|does|did) not differ from', true],
    ['(the )?(united states|us)', false], // the optional group may be skipped: the match may start with "united", but the source is not read that far
    ['"so-called"', false],
    ['[a-z]+ing', false], // classes are not followed
    ['a?b', false],
    ['(?=x)x', false],
    ['x|(y|z)w', true],
    ['x|\\.y', false],
  ];
  for (const [source, expected] of cases) it(source, () => expect(startsWithWordChar(source)).toBe(expected));
});
