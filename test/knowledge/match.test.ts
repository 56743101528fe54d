// The phrasing matcher's tokeniser reads each word once, hashing it as it goes: it must cut and look up
// exactly the tokens matchTokens gives (the plain, string-based tokeniser the catalogue is built with).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { matchTokens } from '../../src/analysis/text.js';
import { buildPhrasingIndex, matchPhrasings, spanTokens, type PhrasingIndex } from '../../src/knowledge/match.js';
import { ABSENT, docWords, HASH_START, hashUnit, UNKNOWN, words, WordTable, WordValues } from '../../src/knowledge/word-table.js';
import { loadKnowledge } from '../../src/knowledge/load.js';

const index = buildPhrasingIndex(loadKnowledge());

/** The tokens as matchTokens cuts them, each looked up by its string. */
function plainTokens(ix: PhrasingIndex, text: string, from: number, to: number) {
  const tokens = matchTokens(text, from, to);
  return { ids: tokens.map((t) => ix.vocabulary.get(t.norm) ?? -1), starts: tokens.map((t) => t.start), ends: tokens.map((t) => t.end) };
}

const cases: { name: string; text: string; from?: number; to?: number }[] = [
  { name: 'plain English with stop words', text: 'The so-called camps are vocational education and training centers.' },
  { name: 'capitals fold as the catalogue does', text: 'VOCATIONAL Education AND Training CENTRES' },
  { name: 'hyphens and apostrophes join words', text: "people-centred, China's, don't, state-owned‐x, it’s, a-'b, x--y, end-" },
  { name: 'a joiner right at the end of the span', text: 'anti-China forces', from: 0, to: 5 },
  { name: 'a span cut inside a word', text: 'separatists and terrorists', from: 3, to: 20 },
  { name: 'Latin word against Chinese', text: '据BBC报道，新疆的职业技能教育培训中心' },
  { name: 'single Han character between words', text: 'a 中 b 国x' },
  { name: 'Han characters the tokeniser does not pair (々, 〇) stay in words', text: '人々 x〇y 三〇〇' },
  { name: 'compatibility ideographs', text: '豈乐 更豈' },
  { name: 'extension A characters', text: '㐀㐁 东突' },
  { name: 'letters outside the BMP', text: '𝐀𝐁 x𝐂y 😀 a😀b 𠀀𠀁' },
  { name: 'lone surrogates', text: 'ab\ud800cd \udc00ef \ud800' },
  { name: 'accented and other scripts', text: 'Xīnjiāng Ürümqi Uyghurs Ուйгур ÉCOLES' },
  { name: 'digits', text: '1,000.5 people in 2019 and 12th' },
  { name: 'empty span', text: 'nothing here', from: 4, to: 4 },
];

describe('phrasing tokens', () => {
  for (const c of cases) {
    it(c.name, () => {
      const from = c.from ?? 0;
      const to = c.to ?? c.text.length;
      expect(spanTokens(index, c.text, from, to)).toEqual(plainTokens(index, c.text, from, to));
    });
  }

  const pieces = [
    'vocational', 'Education', 'training', 'centres', 'terrorism', 'extremism', 'China', "China's", 'the', 'of', 'and', '-', "'", '’', ' ', '  ', ',', '.',
    '新疆', '职业技能', '教育培训', '中心', '中', '，', '。', '々', '豈', '𝐀', '😀', '\ud800', 'É', 'ü', '1', '2,000', 'BBC', 'x',
  ];
  it('cuts and looks up tokens exactly as matchTokens does (random texts and spans)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), fc.nat(), fc.nat(), (parts, a, b) => {
        const text = parts.join(parts.length % 3 ? '' : ' ');
        const from = text.length ? a % text.length : 0;
        const to = from + (text.length - from ? b % (text.length - from + 1) : 0);
        expect(spanTokens(index, text, from, to)).toEqual(plainTokens(index, text, from, to));
      }),
      { numRuns: 1000 },
    );
  });

  it('cuts any string as matchTokens does', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80, unit: 'binary' }), (text) => {
        expect(spanTokens(index, text, 0, text.length)).toEqual(plainTokens(index, text, 0, text.length));
      }),
      { numRuns: 1000 },
    );
  });

  it('matches the same after a long span has grown the buffers', () => {
    const sentence = 'The vocational education and training centres were set up to fight terrorism and extremism.';
    const before = matchPhrasings(index, sentence, 'en');
    matchPhrasings(index, 'word '.repeat(5000), 'en');
    expect(matchPhrasings(index, sentence, 'en')).toEqual(before);
  });
});

describe('word table', () => {
  const hash = (w: string) => [...w].reduce((h, c) => hashUnit(h, c.charCodeAt(0)), HASH_START);
  const put = (t: WordTable, text: string, value: number) => t.set(text, 0, text.length, hash(text), value);
  const get = (t: WordTable, text: string, start = 0, end = text.length) => t.get(text, start, end, hash(text.slice(start, end)));

  it('finds a word wherever it stands, ASCII capitals folded', () => {
    const t = new WordTable();
    put(t, 'china', 7);
    expect(get(t, 'China')).toBe(7);
    expect(get(t, 'in CHINA today', 3, 8)).toBe(7);
    expect(get(t, 'chin')).toBe(ABSENT);
    expect(get(t, 'chinas')).toBe(ABSENT);
  });

  it('tells apart words that differ only beyond ASCII case', () => {
    const t = new WordTable();
    put(t, 'école', 1);
    expect(get(t, 'ÉCOLE')).toBe(ABSENT);
    expect(get(t, 'école')).toBe(1);
  });

  it('keeps every word as it grows, and starts afresh past its bound', () => {
    const grown = new WordTable();
    for (let k = 0; k < 20_000; k++) put(grown, `w${k}`, k);
    expect(grown.size).toBe(20_000);
    for (let k = 0; k < 20_000; k += 997) expect(get(grown, `W${k}`)).toBe(k);
    const bounded = new WordTable(1000);
    for (let k = 0; k < 2500; k++) put(bounded, `w${k}`, k);
    expect(bounded.size).toBeLessThanOrEqual(1000);
    expect(get(bounded, 'w2499')).toBe(2499);
    expect(get(bounded, 'w0')).toBe(ABSENT);
  });
});

describe('word numbers shared by the matcher and the register', () => {
  const hash = (text: string, start: number, end: number) => {
    let h = HASH_START;
    for (let i = start; i < end; i++) h = hashUnit(h, text.charCodeAt(i));
    return h;
  };

  it('gives a word the same number wherever it stands, in any ASCII case', () => {
    const text = 'Stability and STABILITY and stability';
    const a = words.numberOf(text, 0, 9, hash(text, 0, 9));
    expect(words.numberOf(text, 14, 23, hash(text, 14, 23))).toBe(a);
    expect(words.numberOf(text, 28, 37, hash(text, 28, 37))).toBe(a);
    expect(words.numberOf(text, 10, 13, hash(text, 10, 13))).not.toBe(a);
  });

  it('hands a noted word back only for the same text and the same span', () => {
    const text = "we don't agree";
    docWords.note(text, 3, 8, 42);
    expect(docWords.numberAt(text, 3, 8)).toBe(42);
    expect(docWords.numberAt(text, 3, 6)).toBe(-1); // "don" cut short is another word
    expect(docWords.numberAt(text, 0, 2)).toBe(-1);
    expect(docWords.numberAt("we won't agree", 3, 8)).toBe(-1);
    docWords.note('another text', 0, 7, 7);
    expect(docWords.numberAt(text, 3, 8)).toBe(-1);
  });

  it('forgets every value when the numbering starts afresh past its bound', () => {
    const values = new WordValues();
    const first = 'zzfirstword';
    const w = words.numberOf(first, 0, first.length, hash(first, 0, first.length));
    values.set(w, 5);
    expect(values.get(w)).toBe(5);
    for (let k = 0; k < 200_001; k++) {
      const word = `q${k.toString(36)}x`;
      words.numberOf(word, 0, word.length, hash(word, 0, word.length));
    }
    // The first word now has another number, perhaps one another word had: no value may survive.
    const again = words.numberOf(first, 0, first.length, hash(first, 0, first.length));
    expect(values.get(again)).toBe(UNKNOWN);
    expect(values.get(w)).toBe(UNKNOWN);
  });
});


describe('talking-point markers', () => {
  // A point with markers matches only in a span that holds one of them: the span itself, however much of the text
  // around it does.
  const knowledge = loadKnowledge();
  const cases = knowledge.talkingPoints.flatMap((tp) => {
    const markers = tp.markers?.en ?? [];
    const phrasings = tp.phrasings.en ?? [];
    // Points none of whose phrasings holds a marker: a phrasing that holds one needs none in the text.
    const unmarked = phrasings.every((p) => !markers.some((m) => p.toLowerCase().includes(m.toLowerCase())));
    return markers.length && phrasings.length && unmarked ? [{ tp, marker: markers[0], phrasing: phrasings[0] }] : [];
  });

  it('are looked for in the span matched, not elsewhere in the text', () => {
    expect(cases.length).toBeGreaterThan(3);
    let checked = 0;
    for (const { tp, marker, phrasing } of cases) {
      const around = `${marker} again. `.repeat(40);
      const marked = `${phrasing} ${marker}`;
      const withMarker = `${around}${marked}. ${around}`;
      const at = around.length;
      // Only points whose phrasing matches itself once marked are a test of the markers.
      if (!matchPhrasings(index, withMarker, 'en', at, at + marked.length).some((m) => m.talkingPointId === tp.id)) continue;
      checked++;
      const without = `${around}${phrasing}. ${around}`;
      expect(matchPhrasings(index, without, 'en', at, at + phrasing.length).map((m) => m.talkingPointId)).not.toContain(tp.id);
    }
    expect(checked).toBeGreaterThan(3);
  });
});
