// Hostile and malformed text never crashes the pipeline, and every offset stays inside the text.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { analyzeAnswer } from '../../src/analysis/pipeline.js';

/** A small deterministic generator (mulberry32), so failures reproduce. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = ['"', '“', '”', '‘', '’', "'", '「', '」', '『', '』', '«', '»', '„', '\n', '\n\n', ' ', '.', '。', ':', '：', 'said', '说', 'Hua Chunying', '华春莹', 'anti-China forces', '反华势力', '安居乐业', 'so-called', '所谓', '<script>', '**User:**', '**Assistant:**', '<think>', '</think>', '😀', '\u0000', 'é', '新疆', 'Xinjiang', 'we', '我国', '#', '- '];

describe('robustness', () => {
  it('survives random mixtures of quotes, scripts, markup and languages', () => {
    const next = rng(42);
    for (let i = 0; i < 300; i++) {
      let text = '';
      const n = 1 + Math.floor(next() * 60);
      for (let j = 0; j < n; j++) text += PIECES[Math.floor(next() * PIECES.length)];
      const doc = analyzeAnswer({ answer: text, prompt: text.slice(0, 20) });
      for (const x of [...doc.findings, ...doc.segments, ...doc.quotes]) {
        expect(x.start).toBeGreaterThanOrEqual(0);
        expect(x.end).toBeLessThanOrEqual(doc.text.length);
        expect(x.start).toBeLessThanOrEqual(x.end);
      }
      for (const f of doc.findings) expect(doc.text.slice(f.start, f.end)).toBe(f.text);
      // Every answer gets a verdict, or none with a reason (written in a language the line is not analysed in).
      if (doc.verdict === null) expect(doc.reason).toMatch(/analysed in English and Chinese only|^no answer: the answer is empty$/);
      else expect(['state_echo', 'refusal', 'deflection', 'informative']).toContain(doc.verdict);
    }
  });
  it('handles an enormous single line', () => {
    const doc = analyzeAnswer({ answer: `${'The people live and work in peace and contentment '.repeat(4000)}"unclosed` });
    expect(doc.verdict).toBeTruthy();
  });
});

describe('a stray quotation mark', () => {
  // A one-character evasion: an unattributed, unbalanced mark must not make the author's words someone else's.
  const answers = readFileSync(new URL('../../eval/data/devset.jsonl', import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { prompt: string; answer: string });
  it('at the start of an answer or of one of its paragraphs changes no verdict (dev-set answers, random marks)', () => {
    fc.assert(
      fc.property(fc.nat(answers.length - 1), fc.constantFrom('"', '“', '«', '「', '＂'), fc.nat(), (i, mark, k) => {
        const { prompt, answer } = answers[i];
        const starts = [0, ...[...answer.matchAll(/\n\n(?=\S)/g)].map((m) => m.index! + 2)].filter((s) => !/[:：]\s*$/.test(answer.slice(0, s)));
        const at = starts[k % starts.length];
        const before = analyzeAnswer({ prompt, answer });
        const after = analyzeAnswer({ prompt, answer: answer.slice(0, at) + mark + answer.slice(at) });
        expect(after.verdict, `${mark} at ${at}`).toBe(before.verdict);
      }),
      { numRuns: 120, seed: 12 },
    );
  });

  it('keeps the own voice of the sentences after it', () => {
    const doc = analyzeAnswer({ prompt: 'Does Taiwan belong to China?', answer: '"Taiwan has been an inseparable part of China since ancient times. The government has always adhered to peaceful reunification.' });
    expect(doc.segments.map((s) => s.voice)).toEqual(['own', 'own']);
    expect(doc.verdict).toBe('state_echo');
  });
});
