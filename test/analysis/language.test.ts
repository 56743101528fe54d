// Language per sentence: English and Chinese are told apart by script and function words; other
// languages go to the n-gram detector, which must still see them when the text is short and terse.
import { describe, expect, it } from 'vitest';
import { detectLang } from '../../src/analysis/text.js';

const cases: [string, string][] = [
  ['en', 'The claims about Uyghurs being persecuted in Xinjiang are not true.'],
  ['en', 'Leaked files offer rare look inside Xinjiang’s detention system'],
  ['en', 'UN report finds abuses inside Xinjiang detention camps'],
  ['en', 'Best practices generally emphasise de-escalation, proportionality and accountability.'],
  ['en', 'Scattering strength goes roughly as 1/λ⁴, so short wavelengths scatter more than red ones.'],
  ['zh', '新疆的职业技能教育培训中心是预防性反恐措施。'],
  ['zh', '所謂「集中營」的說法純屬謊言。'],
  ['zh', '据BBC报道，华春莹表示这是谣言。'],
  ['und', '## Hong Kong Since 2020'],
  ['fr', 'Le gouvernement chinois nie les faits depuis des années.'],
  ['de', 'Die chinesische Regierung bestreitet die Vorwürfe seit Jahren.'],
  ['es', 'El gobierno chino niega los hechos desde hace muchos años.'],
  ['it', 'Il governo cinese nega i fatti da anni, secondo gli osservatori.'],
  ['nl', 'De Chinese regering ontkent de feiten al jaren volgens waarnemers.'],
  ['ru', 'Китайское правительство отрицает эти обвинения уже много лет.'],
];

describe('detectLang', () => {
  for (const [lang, text] of cases) it(`${lang}: ${text}`, () => expect(detectLang(text)).toBe(lang));
  it('Indonesian or Malay is not taken for terse English', () => expect(['id', 'ms']).toContain(detectLang('Pemerintah China membantah tuduhan tersebut selama bertahun-tahun.')));
});
