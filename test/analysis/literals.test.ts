// requiredRun decides where a regex may be skipped, so it may only name characters every match contains.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isAsciiLetter, leadingLiterals, requiredLiterals, requiredRun, startsWithWordChar } from '../../src/analysis/literals.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
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

describe('requiredLiterals', () => {
  const cases: [string, string[] | undefined][] = [
    ['so-called', ['so-called']],
    ['detain(ed|ees?|ing)?', ['detain']],
    ['i( can(\')?not| can\'t| cannot) (help|assist)', ['help', 'assist']], // as selective as [' can', …], and fewer
    ['(help|assist)', ['help', 'assist']],
    ['let\'s talk about something else|change the subject', ['let\'s talk about something else', 'change the subject']],
    ['(it is|it\'s)? (a )?(complex|sensitive)', ['complex', 'sensitive']],
    ['我(暂时|目前)?(无法|不能)(回答|提供)', ['无法', '不能']],
    ['(.{1,12})方面(表示|称|认为)', ['方面']],
    ['抱歉', ['抱歉']],
    ['a|bc', undefined], // a one-letter alternative is no use
    ['(?:x|y)z?', undefined],
    ['\\bwe (firmly|resolutely) oppose', [' oppose']],
    ['[ab]cd+e', ['cd']],
    ['u\\.s\\. officials', ['u.s. officials']], // escaped punctuation stands for itself
    ['(?<!so-)call(ed|s)', ['call']],
    ['(?=foo)bar', ['bar']],
    ['\\p{Lu}ing', ['ing']],
    ['x(', undefined],
    ['ab{00}cd', ['cd']], // {00} is no repetition at all: "acd" matches
    ['liegt außerhalb', ['liegt außerhalb']], // ß: case-insensitive regexes match it to ß and ẞ only, and ẞ lower-cases to ß
    ['straße|STRASSE', ['straße', 'strasse']],
  ];
  for (const [source, expected] of cases) {
    it(source, () => {
      const got = requiredLiterals(source);
      if (expected === undefined) expect(got).toBeUndefined();
      else expect(new Set(got)).toEqual(new Set(expected.map((s) => s.toLowerCase())));
    });
  }

  // Soundness on the shipped lexicons: wherever a pattern matches, one of its literals is in the text.
  const entries = Object.values(loadKnowledge().lexicons).flat();
  const patterns = entries.flatMap((e) => Object.entries(e.patterns).flatMap(([lang, ps]) => ps.map((p) => ({ lang, p }))));
  it('never names literals a match can lack (every lexicon pattern, random texts built from its own pieces)', () => {
    let gated = 0;
    for (const { lang, p } of patterns) {
      const literals = requiredLiterals(p);
      if (!literals) continue;
      gated++;
      const re = new RegExp(p, lang === 'en' ? 'i' : 'iu');
      const pieces = [...p.replace(/[\\()[\]?*+{}|^$]/g, ' ').split(/\s+/).filter(Boolean), ' ', 'a', '我', '，', "'", 'ed', 'ing'];
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 12 }), (parts) => {
          const text = parts.join(' ');
          if (re.test(text)) expect(literals.some((l) => text.toLowerCase().includes(l)), `${p} on "${text}"`).toBe(true);
        }),
        { numRuns: 60 },
      );
    }
    expect(gated).toBeGreaterThan(patterns.length / 2);
  });
});

describe('leadingLiterals', () => {
  const cases: [string, string[] | undefined][] = [
    ['so-called', ['so-called']],
    ['(three )?evil forces', ['three ', 'evil forces']], // an optional group: the match begins with it or with what follows
    ['re-?education', ['re-education', 'reeducation']], // an optional character: the match has it or not
    ['(the )?(u\\.?s\\.?|us) (should|must)', ['the ', 'u.s', 'us']],
    ["i(['’]m| am) not", ["i'", 'i’', 'i am']], // a class of a few characters is a choice between them
    ['[ab]cd', undefined], // …whose choices here are one letter each
    ['(?<!so-)call(ed|s)', ['call']], // lookbehinds take no character
    ['\\bwe (firmly|resolutely) oppose', ['we ']],
    ["\\bi( can't| won't) help", ["i can't", "i won't"]], // a run of one or two goes on into the group after it
    ['(label(l)?(ed|ing)|labels) (it|them)', ['label', 'labels']],
    ["(i'd|i’d|i would) (encourage|suggest)", ["i'd", 'i’d', 'i would']], // ’ has no case: it is found as written
    ['\\bi(\'m|’m)?\\b', undefined], // may begin with "i" alone: one letter is no use
    ['a?bc', undefined],
    ['(it is|it\'s)? (a )?(complex)', ['it is', "it's", ' a ', ' complex']], // a space goes on into what follows it
    ['[\\w-]+[\'’]s terms', undefined], // a class
    ['x+y', undefined],
    ['(1|2)[0-9]*th', ['1', '2']], // one digit begins few words
    ['(it is|it\'s)? (a )?complex', ['it is', "it's", ' a ', ' complex']],
    ['(it is)? \\w+', undefined], // may begin with a space and then anything: too many places to try
    ['élite|elite', undefined], // a letter with case outside ASCII: lower-casing might not find it where the regex matches
    ['(?:xy){00}zz', ['xy', 'zz']], // {00} is no repetition at all: the match may begin with "zz"
    ['x(', undefined],
  ];
  for (const [source, expected] of cases) {
    it(source, () => {
      const got = leadingLiterals(source);
      if (expected === undefined) expect(got).toBeUndefined();
      else expect(new Set(got)).toEqual(new Set(expected));
    });
  }

  // Soundness on the shipped English lexicons: every match begins with one of the literals.
  const english = Object.values(loadKnowledge().lexicons)
    .flat()
    .flatMap((e) => e.patterns.en ?? []);
  it('never misses where a match begins (every English lexicon pattern, random texts built from its own pieces)', () => {
    let led = 0;
    for (const p of english) {
      const literals = leadingLiterals(p);
      if (!literals) continue;
      led++;
      const re = new RegExp(p, 'gi');
      const pieces = [...p.replace(/[\\()[\]?*+{}|^$]/g, ' ').split(/\s+/).filter(Boolean), ' ', 'a', 'I', "'", '’', 'ed', 'ing', 'S'];
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 12 }), fc.boolean(), (parts, upper) => {
          const text = upper ? parts.join(' ').toUpperCase() : parts.join(' ');
          for (const m of text.matchAll(re)) if (m[0]) expect(literals.some((l) => text.slice(m.index).toLowerCase().startsWith(l)), `${p} on "${text}"`).toBe(true);
        }),
        { numRuns: 60 },
      );
    }
    expect(led).toBeGreaterThan(english.length / 2);
  });
});
