// Trace's calibrated scores: one scale for same-language and cross-language matches, and a default
// minimum that ordinary sentences stay under. Runs against the shared Foreign Ministry corpus.
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { calibrate, channelOf, traceCalibration } from '../../src/corpus/calibration.js';
import { ingest } from '../../src/corpus/ingest.js';
import { openCorpusStore } from '../../src/corpus/schema.js';
import { trace } from '../../src/corpus/trace.js';
import type { Sql } from '../../src/storage/sql.js';
import { fitLogistic, loadJsonl, NEUTRAL_SET } from '../../eval/trace-fit.js';

const ROOT = join(import.meta.dirname, '../..');
const MFA = join(ROOT, '../shared/corpora/mfa-press');

describe('the shipped calibration', () => {
  it('maps every channel monotonically onto 0..1, so each channel keeps its own order', async () => {
    const cal = traceCalibration()!;
    expect(cal).not.toBeNull();
    for (const channel of ['en', 'zh', 'en>zh', 'zh>en'] as const) {
      const curve = cal.channels[channel];
      expect(curve.b).toBeGreaterThan(0);
      expect(calibrate(curve, 0)).toBeLessThan(cal.minScore);
      expect(calibrate(curve, 0.3)).toBeLessThan(calibrate(curve, 0.6));
    }
    expect(channelOf('en', 'zh')).toBe('en>zh');
    expect(channelOf('zh', 'zh')).toBe('zh');
  });

  it('a logistic fit recovers the curve that generated its labels', async () => {
    // Labels drawn deterministically from p = σ(−4 + 8x): the fitted slope and intercept come back close.
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const x = (i % 100) / 100;
      const p = 1 / (1 + Math.exp(-(-4 + 8 * x)));
      xs.push(x);
      ys.push(((i * 0.61803398875) % 1) < p ? 1 : 0);
    }
    const { a, b } = fitLogistic(xs, ys);
    expect(a).toBeCloseTo(-4, 0);
    expect(b).toBeCloseTo(8, 0);
  });
});

describe.skipIf(!existsSync(MFA))('calibrated tracing against the real Foreign Ministry corpus', () => {
  let store: Sql;
  beforeAll(async () => {
    const dir = join(tmpdir(), 'mouthpiece-corpus-cache');
    mkdirSync(dir, { recursive: true });
    store = await openCorpusStore(join(dir, 'mfa-press.db'));
    await ingest(store, MFA);
  }, 120_000);

  const neutral = loadJsonl<{ id: string; lang: string; query: string }>(NEUTRAL_SET);

  it('holds at least 40 neutral sentences per language', async () => {
    expect(neutral.filter((n) => n.lang === 'en').length).toBeGreaterThanOrEqual(40);
    expect(neutral.filter((n) => n.lang === 'zh').length).toBeGreaterThanOrEqual(40);
  });

  it.each(neutral.map((n) => [n.id, n.query]))('neutral %s "%s" returns no match at the default minimum', async (_id, query) => {
    expect(await trace(store, query)).toEqual([]);
  });

  it.each([
    ['en', 'the weather is nice today'],
    ['zh', '今天天气很好。'],
  ])('the %s sentence "%s" returns no match from the CLI defaults either', async (_lang, query) => {
    expect(await trace(store, query, { limit: 10 })).toEqual([]);
  });

  // Searching both languages, a sentence's own-language statement must come first. Before calibration a
  // cross-language score and a same-language score were read as one scale, and these Chinese sentences
  // ranked English statements (their translations through the glossary) above the Chinese original.
  it.each([
    ['en', 'Taiwan is an inalienable part of China\'s territory.', /inalienable part of China/],
    ['en', 'We firmly oppose the US arms sales to Taiwan.', /arms sales to Taiwan/],
    ['en', 'Falun Gong is a cult organization.', /Falun Gong/],
    ['zh', '世上只有一个中国，台湾是中国领土中不可分割的一部分。', /台湾是中国领土不可分割的一部分/],
    ['zh', '东京晴空塔特意亮起红蓝两色灯光，为武汉抗疫祈福加油。', /晴空塔/],
    ['zh', '从1990年到2016年底，新疆发生数千起暴力恐怖事件，大量无辜群众伤亡，财产损失惨重。', /1990年至2016年底/],
  ])('a %s sentence ranks a statement in its own language first: "%s"', async (lang, query, original) => {
    const [best] = await trace(store, query, { limit: 10, minScore: 0 });
    expect(best!.lang).toBe(lang);
    expect(best!.via).toBe('words');
    expect(best!.text).toMatch(original);
  });
});
