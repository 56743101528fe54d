// The register builder on small texts written for this test: what it learns, what it refuses to
// learn (names), and how it sets the threshold. The real build reads ../shared (tools/build-register.ts).
import { describe, expect, it } from 'vitest';
import { countSource, learnRegister, type Source } from '../../tools/build-register.js';
import { compileRegister, sentenceRegister } from '../../src/knowledge/register.js';

/** Every combination of the parts: varied sentences from a few phrases. */
const combine = (...parts: string[][]): string[] => parts.reduce<string[]>((acc, p) => acc.flatMap((a) => p.map((x) => `${a} ${x}`.trim())), ['']);

const official: Source = {
  name: 'official-en',
  lang: 'en',
  official: true,
  sentences: combine(
    ['China has always', 'The government has always', 'Beijing has consistently', 'We have always', 'The Chinese side firmly', 'China resolutely'],
    ['adhered to', 'upheld', 'safeguarded', 'promoted', 'pursued'],
    ['the principle of peaceful development', 'win-win cooperation', 'the people-centred philosophy', 'national sovereignty and security', 'mutual respect and equality', 'the path of socialism'],
    ['and will continue to do so.', 'with firm resolve.', 'in accordance with the law.', 'unswervingly.'],
  ),
};
const chatbot: Source = {
  name: 'chatbot-en',
  lang: 'en',
  official: false,
  sentences: combine(
    ['Here is a short overview:', 'It is worth noting that', 'Critics argue that', 'Researchers found that', 'Some reports suggest that', 'In my view,'],
    ['the estimates vary widely', 'the sources disagree', 'the figures could not be verified', 'the policy drew criticism', 'the numbers are uncertain'],
    ['according to several studies.', 'in recent years.', 'though this is debated.', 'as of 2023.', 'for several reasons.'],
  ),
};
const zhOfficial: Source = {
  name: 'official-zh',
  lang: 'zh',
  official: true,
  sentences: combine(['中方始终', '中国政府一贯', '我们坚定', '中国始终'], ['坚持', '维护', '推动', '奉行'], ['和平发展道路', '合作共赢', '国家主权和安全', '以人民为中心的发展思想', '多边主义'], ['。', '，这一立场是明确的。', '，决不动摇。']),
};
const zhContrast: Source = {
  name: 'contrast-zh',
  lang: 'zh',
  official: false,
  sentences: combine(['据报道，', '研究人员指出，', '批评者认为，', '以下是', '有消息称，'], ['这些数字', '相关说法', '这项政策', '几个主要观点'], ['无法独立核实', '存在争议', '引发了讨论', '仍不清楚'], ['。', '！', '……']),
};

describe('register builder', () => {
  const data = learnRegister([official, chatbot, zhOfficial, zhContrast].map(countSource));
  const model = compileRegister(data);

  it('gives official phrasing positive weights and chatbot phrasing negative ones, negatives capped', () => {
    const en = model.langs.en.weights;
    expect(en.get('adher')).toBeGreaterThan(0.5);
    expect(en.get('upheld')).toBeGreaterThan(0.5);
    const worth = en.get('worth');
    expect(worth).toBeLessThan(0);
    expect(worth).toBeGreaterThanOrEqual(-0.5);
  });

  it('learns nothing from names: words written with a capital inside sentences', () => {
    const en = model.langs.en.weights;
    for (const f of ['china', 'beijing', 'N', 'N ha']) expect(en.get(f) ?? 0, f).toBe(0);
  });

  it('learns nothing from Chinese proper nouns', () => {
    const zh = model.langs.zh.weights;
    expect(zh.get('坚持') ?? 0).toBeGreaterThan(0);
    expect(zh.get('中国') ?? 0).toBe(0);
  });

  it('sets each threshold so that few held-out contrast sentences reach it, and reports what it gives', () => {
    for (const lang of ['en', 'zh'] as const) {
      const { threshold, calibration } = data.langs[lang];
      expect(Number.isFinite(threshold)).toBe(true);
      const share = (prefix: string) => Object.entries(calibration).find(([k]) => k.startsWith(prefix))![1];
      // Few held-out contrast sentences reach it (a handful are held out here), most official ones do.
      expect(share('official')).toBeGreaterThan(0.5);
      expect(share(lang === 'en' ? 'chatbot' : 'contrast')).toBeLessThan(share('official') / 2);
    }
    const s = 'The government has always adhered to the principle of peaceful development and win-win cooperation.';
    expect(sentenceRegister(model, s, 0, s.length, 'en').score).toBeGreaterThanOrEqual(model.langs.en.threshold);
    const c = 'It is worth noting that the sources disagree, though this is debated.';
    expect(sentenceRegister(model, c, 0, c.length, 'en').score).toBeLessThan(model.langs.en.threshold);
  });
});
