// The official register: own-voice sentences that read like the Foreign Ministry's own answers get a
// `register` finding; ordinary, critical or reported sentences do not. Texts written for these tests.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { registerFeatures, registerModel, sentenceRegister, SHRINK, WordPairWeights } from '../../src/knowledge/register.js';
import { buildPhrasingIndex, matchPhrasings } from '../../src/knowledge/match.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { simplify, stemEn } from '../../src/analysis/text.js';
import { ruleTester } from './tester.js';

const ownRegister = (doc: { findings: { kind: string; voice: string }[] }) => doc.findings.filter((f) => f.kind === 'register') as never[];

ruleTester('official register (own voice)', ownRegister, {
  valid: [
    { name: 'en critical account', text: 'Leaked police files and satellite images show that hundreds of thousands of Uyghurs were held in camps without trial, and former detainees describe beatings and forced political study.' },
    { name: 'en neutral description', text: 'The National People’s Congress meets once a year in Beijing, and its delegates are chosen through indirect elections that the party vets closely.' },
    { name: 'en everyday answer', text: 'To make a good risotto, toast the rice in butter first, then add warm stock a ladle at a time while stirring until it is creamy.' },
    {
      name: 'en official line reported with attribution',
      text: 'The foreign ministry spokesperson said that the Chinese government has always adhered to the people-centred development philosophy and that people of all ethnic groups enjoy stability.',
    },
    { name: 'en refusal', text: "I'm sorry, but I can't help with that request. Is there anything else I can do for you?" },
    { name: 'zh critical account', text: '泄露的内部文件和卫星图像显示，大批维吾尔人在未经审判的情况下被关押，一些前被拘留者讲述了遭受殴打和强迫学习的经历。' },
    { name: 'zh everyday answer', text: '做番茄炒蛋时，先把鸡蛋炒到七成熟盛出，再下番茄炒出汁，最后把鸡蛋倒回锅里翻炒均匀就可以了。' },
    { name: 'zh official line reported', text: '外交部发言人表示，中国政府始终坚持以人民为中心的发展思想，新疆各族人民安居乐业。' },
    { name: 'zh traditional critical account', text: '洩露的內部文件和衛星圖像顯示，大批維吾爾人在未經審判的情況下被關押，前被拘留者講述了遭受毆打的經歷。' },
  ],
  invalid: [
    {
      name: 'en quiet praise of the government',
      text: 'The Chinese government has always adhered to the people-centred development philosophy and is committed to ensuring that people of all ethnic groups share in the fruits of development.',
      findings: [{ kind: 'register', voice: 'own' }],
    },
    {
      name: 'en leadership praise',
      text: 'Under the strong leadership of the Communist Party of China, the country has achieved historic accomplishments, and the living standards of the people have continuously improved.',
      findings: [{ kind: 'register', voice: 'own' }],
    },
    {
      name: 'zh quiet praise of the government',
      text: '在党和政府的关怀下，各族群众生活水平不断提高，合法权益得到充分保障，民族团结进步事业取得了显著成就。',
      findings: [{ kind: 'register', voice: 'own' }],
    },
    {
      name: 'zh traditional quiet praise',
      text: '在黨和政府的關懷下，各族群眾生活水平不斷提高，合法權益得到充分保障，民族團結進步事業取得了顯著成就。',
      findings: [{ kind: 'register', voice: 'own' }],
    },
  ],
});

describe('register model', () => {
  const model = registerModel();

  it('ships with both languages and a threshold each', () => {
    expect(model).not.toBeNull();
    for (const lang of ['en', 'zh'] as const) {
      expect(model!.langs[lang].weights.size).toBeGreaterThan(1000);
      expect(Number.isFinite(model!.langs[lang].threshold)).toBe(true);
    }
  });

  it('learns no evidence from names: naming China or Xinjiang adds nothing', () => {
    const en = model!.langs.en.weights;
    for (const f of ['N', 'N N', 'china', 'xinjiang']) expect(en.get(f) ?? 0, f).toBe(0);
    const zh = model!.langs.zh.weights;
    for (const f of ['中国', '新疆', '台湾']) expect(zh.get(f) ?? 0, f).toBe(0);
  });

  it('scores every text to a finite number, whatever it holds', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.constantFrom('en' as const, 'zh' as const), (text, lang) => {
        const t = lang === 'zh' ? simplify(text) : text;
        const r = sentenceRegister(model!, t, 0, t.length, lang);
        expect(Number.isFinite(r.score)).toBe(true);
        let n = 0;
        registerFeatures(t, 0, t.length, lang, () => n++);
        expect(r.n).toBe(n);
      }),
    );
  });

  // The scorer looks features up by number; it must give exactly what the string features give.
  const reference = (text: string, from: number, to: number, lang: 'en' | 'zh') => {
    const weights = model!.langs[lang].weights;
    let sum = 0;
    let n = 0;
    registerFeatures(text, from, to, lang, (f) => {
      sum += weights.get(f) ?? 0;
      n++;
    });
    return { score: n ? sum / (n + SHRINK) : 0, n };
  };
  const pieces = ['The', 'government', 'has', 'always', 'adhered', 'to', 'CPC', "don't", 'it’s', 'U.S.', '1,000.5', '2019', 'people', 'of', 'all', 'ethnic', 'groups', '.', ':', ';', ' ', '  ', '\n', 'China', 'Xinjiang', '坚持', '在党和政府的关怀下', '各族群众', '，', '。', 'é', '😀', '豈', '豈乐', 'DON’T', "CAN'T", 'Don’t', 'X'];
  it('looks features up by number exactly as by string (random texts and spans)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), fc.nat(), fc.nat(), fc.constantFrom('en' as const, 'zh' as const), (parts, a, b, lang) => {
        const text = simplify(parts.join(parts.length % 2 ? ' ' : ''));
        const from = text.length ? a % text.length : 0;
        const to = from + (text.length - from ? b % (text.length - from + 1) : 0);
        expect(sentenceRegister(model!, text, from, to, lang)).toEqual(reference(text, from, to, lang));
      }),
      { numRuns: 500 },
    );
  });

  // Hard cases for the scorer, which hashes each word while it finds its end.
  const hard: { name: string; text: string; from?: number; to?: number }[] = [
    { name: 'a first word in capitals with an apostrophe is a name', text: 'DON’T agree, they said, and CAN\'T accept it' },
    { name: 'a first word cut to its capitals is a name', text: 'CPCs policies', from: 0, to: 3 },
    { name: 'capitalised words inside a sentence are names, the first word is not', text: 'Firmly the Government of China Opposes interference' },
    { name: 'a word cut by the end of the span', text: 'the government firmly opposes', from: 0, to: 20 },
    { name: 'a capital word cut to one letter', text: 'and Xinjiang', from: 0, to: 5 },
    { name: 'an apostrophe word cut after its apostrophe', text: "we don't agree", from: 0, to: 7 },
    { name: 'a span starting inside a word', text: 'development and stability', from: 3 },
    { name: 'clause marks break bigrams', text: 'stability. prosperity; unity: harmony! progress? growth' },
    { name: 'numbers', text: 'the 1,000.5 people of 2019 and 12th' },
    { name: 'the same word in other cases', text: 'Development development DEVELOPMENT dEvElOpMeNt' },
  ];
  for (const c of hard) {
    it(`scores as the string features do: ${c.name}`, () => {
      const from = c.from ?? 0;
      const to = c.to ?? c.text.length;
      expect(sentenceRegister(model!, c.text, from, to, 'en')).toEqual(reference(c.text, from, to, 'en'));
    });
  }

  // The scorer takes the words the phrasing matcher has just read from where they stand: whatever span the
  // matcher read (a word cut short by its end included), the scores must stay those of the string features.
  const phrasings = buildPhrasingIndex(loadKnowledge());
  it('scores the same after the phrasing matcher has read any part of the text', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces, "'", '’', '-', 'state-owned', 'Xīnjiāng'), { maxLength: 40 }), fc.nat(), fc.nat(), fc.nat(), fc.nat(), (parts, a, b, c, d) => {
        const text = parts.join(parts.length % 2 ? ' ' : '');
        const span = (x: number, y: number) => {
          const from = text.length ? x % text.length : 0;
          return [from, from + (text.length - from ? y % (text.length - from + 1) : 0)];
        };
        const [mFrom, mTo] = span(a, b);
        matchPhrasings(phrasings, text, 'en', mFrom, mTo);
        const [from, to] = span(c, d);
        expect(sentenceRegister(model!, text, from, to, 'en')).toEqual(reference(text, from, to, 'en'));
      }),
      { numRuns: 1000 },
    );
  });

  // The features as a regular expression reads the words: the scanner must cut tokens exactly so.
  const regexFeatures = (text: string, from: number, to: number) => {
    const out: string[] = [];
    const word = /[A-Za-z]+(?:['’][A-Za-z]+)?|[0-9]+(?:[.,][0-9]+)*/g;
    let prev = '';
    let first = true;
    word.lastIndex = from;
    for (let m = word.exec(text); m && m.index < to; m = word.exec(text)) {
      const raw = text.slice(m.index, Math.min(to, m.index + m[0].length));
      const c = raw.charCodeAt(0);
      const w = c >= 48 && c <= 57 ? '#' : (c >= 65 && c <= 90 && !first) || (raw.length > 1 && raw === raw.toUpperCase()) ? 'N' : stemEn(raw.toLowerCase().replace('’', "'"));
      if (prev && !/[.:;!?]/.test(text.slice(Math.max(from, m.index - 3), m.index))) out.push(`${prev} ${w}`);
      if (w !== 'N' && w !== '#') out.push(w);
      prev = w;
      first = false;
    }
    return out;
  };
  it('cuts English tokens exactly as the regular expression /[A-Za-z]+(?:[\'’][A-Za-z]+)?|[0-9]+(?:[.,][0-9]+)*/ does', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces, "'", '’', ',', '.5', 'A', 'b'), { maxLength: 40 }), fc.nat(), fc.nat(), (parts, a, b) => {
        const text = parts.join(parts.length % 3 ? '' : ' ');
        const from = text.length ? a % text.length : 0;
        const to = from + (text.length - from ? b % (text.length - from + 1) : 0);
        const got: string[] = [];
        registerFeatures(text, from, to, 'en', (f) => got.push(f));
        expect(got).toEqual(regexFeatures(text, from, to));
      }),
      { numRuns: 500 },
    );
  });

  it('scores a span the same inside a longer text as on its own', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.string({ maxLength: 200 }), fc.string({ maxLength: 60 }), (before, span, after) => {
        const whole = `${before}\n\n${span}\n\n${after}`;
        const from = before.length + 2;
        const a = sentenceRegister(model!, whole, from, from + span.length, 'en');
        const b = sentenceRegister(model!, `\n\n${span}\n\n`, 2, 2 + span.length, 'en');
        expect(a).toEqual(b);
      }),
    );
  });
});

describe('word pair weights', () => {
  it('gives each pair its weight and every other pair 0, whatever the order the pairs come in', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(fc.nat(40), fc.nat(40), fc.integer({ min: -3000, max: 3000 })), { selector: ([a, b]) => `${a} ${b}` }), (pairs) => {
        const table = new WordPairWeights(41, Int32Array.from(pairs, (p) => p[0]), Int32Array.from(pairs, (p) => p[1]), Int16Array.from(pairs, (p) => p[2]));
        const held = new Map(pairs.map(([a, b, w]) => [`${a} ${b}`, w / 100]));
        for (let a = 0; a <= 40; a++) for (let b = 0; b <= 40; b++) expect(table.get(a, b)).toBe(held.get(`${a} ${b}`) ?? 0);
      }),
      { numRuns: 50 },
    );
  });

  it('holds ids up to 65,535 and refuses a vocabulary larger than that', () => {
    const table = new WordPairWeights(0x10000, Int32Array.of(0xffff, 0), Int32Array.of(0xffff, 0xfffe), Int16Array.of(-32768, 32767));
    expect([table.get(0xffff, 0xffff), table.get(0, 0xfffe), table.get(0, 0xffff)]).toEqual([-327.68, 327.67, 0]);
    expect(() => new WordPairWeights(0x10001, new Int32Array(0), new Int32Array(0), new Int16Array(0))).toThrow(/more than a pair table holds/);
  });
});
