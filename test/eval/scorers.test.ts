import { describe, expect, it } from 'vitest';
import {
  NONE,
  accuracy,
  classScore,
  cohenKappa,
  confusionMatrix,
  formatConfusion,
  macroF1,
  summarize,
  wilson,
} from '../../eval/scorers.js';

// Small example worked out by hand:
//   gold a a a b b c / pred a a b b c c
//   a: tp 2, predicted 2, support 3 → P 1, R 2/3, F1 0.8
//   b: tp 1, predicted 2, support 2 → P 1/2, R 1/2, F1 0.5
//   c: tp 1, predicted 2, support 1 → P 1/2, R 1, F1 2/3
//   accuracy 4/6; pe = (3·2 + 2·2 + 1·2)/36 = 1/3; kappa = (2/3 − 1/3)/(2/3) = 0.5
const gold = ['a', 'a', 'a', 'b', 'b', 'c'];
const pred = ['a', 'a', 'b', 'b', 'c', 'c'];
const labels = ['a', 'b', 'c'];

describe('confusionMatrix', () => {
  it('counts gold rows against predicted columns, with a NONE column', () => {
    const cm = confusionMatrix(gold, pred, labels);
    expect(cm.cols).toEqual(['a', 'b', 'c', NONE]);
    expect(cm.counts).toEqual([
      [2, 1, 0, 0],
      [0, 1, 1, 0],
      [0, 0, 1, 0],
    ]);
    expect(cm.total).toBe(6);
  });

  it('puts null predictions in NONE and counts them as errors', () => {
    const cm = confusionMatrix(['a', 'b'], ['a', null], ['a', 'b']);
    expect(cm.counts[1]).toEqual([0, 0, 1]);
    expect(accuracy(cm)).toBe(0.5);
    expect(classScore(cm, 'b').recall).toBe(0);
  });

  it('accepts extra prediction columns the gold data never uses', () => {
    const cm = confusionMatrix(['x', 'y'], ['z', 'y'], ['x', 'y'], ['z']);
    expect(cm.cols).toEqual(['x', 'y', 'z', NONE]);
    expect(cm.counts).toEqual([
      [0, 0, 1, 0],
      [0, 1, 0, 0],
    ]);
  });

  it('rejects unknown labels and length mismatches', () => {
    expect(() => confusionMatrix(['a'], ['q'], ['a'])).toThrow(/predicted label "q"/);
    expect(() => confusionMatrix(['q'], ['a'], ['a'])).toThrow(/gold label "q"/);
    expect(() => confusionMatrix(['a', 'a'], ['a'], ['a'])).toThrow(/2 gold labels but 1/);
  });
});

describe('per-class scores, macro-F1, accuracy', () => {
  const cm = confusionMatrix(gold, pred, labels);
  it('matches the hand-computed precision, recall and F1', () => {
    const a = classScore(cm, 'a');
    expect(a.precision).toBeCloseTo(1, 10);
    expect(a.recall).toBeCloseTo(2 / 3, 10);
    expect(a.f1).toBeCloseTo(0.8, 10);
    expect(a.support).toBe(3);
    expect(a.predicted).toBe(2);
    const b = classScore(cm, 'b');
    expect([b.precision, b.recall, b.f1]).toEqual([0.5, 0.5, 0.5]);
    const c = classScore(cm, 'c');
    expect(c.precision).toBeCloseTo(0.5, 10);
    expect(c.recall).toBeCloseTo(1, 10);
    expect(c.f1).toBeCloseTo(2 / 3, 10);
  });

  it('averages F1 over classes and counts the diagonal', () => {
    expect(macroF1(cm)).toBeCloseTo((0.8 + 0.5 + 2 / 3) / 3, 10);
    expect(accuracy(cm)).toBeCloseTo(4 / 6, 10);
  });

  it('gives 0 rather than NaN for a class never predicted', () => {
    const cm2 = confusionMatrix(['a', 'b'], ['a', 'a'], ['a', 'b']);
    const b = classScore(cm2, 'b');
    expect(b.precision).toBe(0);
    expect(b.f1).toBe(0);
  });
});

describe('cohenKappa', () => {
  it('matches the hand-computed example', () => {
    expect(cohenKappa(confusionMatrix(gold, pred, labels))).toBeCloseTo(0.5, 10);
  });

  it('matches the textbook 2×2 example (20, 5, 10, 15 → 0.4)', () => {
    // 50 items: yes/yes 20, yes/no 5, no/yes 10, no/no 15. po = 0.7, pe = 0.5·0.6 + 0.5·0.4 = 0.5.
    const g = [...Array(25).fill('yes'), ...Array(25).fill('no')];
    const p = [...Array(20).fill('yes'), ...Array(5).fill('no'), ...Array(10).fill('yes'), ...Array(15).fill('no')];
    expect(cohenKappa(confusionMatrix(g, p, ['yes', 'no']))).toBeCloseTo(0.4, 10);
  });

  it('is NaN when undefined: no items, or one single class on both sides', () => {
    expect(cohenKappa(confusionMatrix([], [], ['a', 'b']))).toBeNaN();
    expect(cohenKappa(confusionMatrix(['a', 'a'], ['a', 'a'], ['a', 'b']))).toBeNaN();
  });

  it('is 1 for perfect agreement and 0 when agreement is chance', () => {
    expect(cohenKappa(confusionMatrix(['a', 'b', 'a'], ['a', 'b', 'a'], ['a', 'b']))).toBe(1);
    // Predicting one class for everything: po = pe.
    expect(cohenKappa(confusionMatrix(['a', 'b', 'a', 'b'], ['a', 'a', 'a', 'a'], ['a', 'b']))).toBeCloseTo(0, 10);
  });

  it('lowers agreement for predictions in an extra column', () => {
    // gold x x y y, pred x z y y: po = 3/4; pe = 0.5·0.25 + 0.5·0.5 + 0·0.25 = 0.375; kappa = 0.6.
    const cm = confusionMatrix(['x', 'x', 'y', 'y'], ['x', 'z', 'y', 'y'], ['x', 'y'], ['z']);
    expect(cohenKappa(cm)).toBeCloseTo((0.75 - 0.375) / (1 - 0.375), 10);
  });
});

describe('wilson', () => {
  it('matches the known interval for 5/10', () => {
    const w = wilson(5, 10);
    expect(w.rate).toBe(0.5);
    expect(w.low).toBeCloseTo(0.2366, 4);
    expect(w.high).toBeCloseTo(0.7634, 4);
  });

  it('stays above zero at the top when nothing was counted', () => {
    const w = wilson(0, 100);
    expect(w.low).toBe(0);
    expect(w.high).toBeCloseTo(3.8416 / 103.8416, 4);
  });

  it('rejects impossible counts', () => {
    expect(() => wilson(3, 2)).toThrow(/count ≤ total/);
    expect(wilson(0, 0)).toMatchObject({ rate: 0, low: 0, high: 1 });
  });
});

describe('summarize and formatConfusion', () => {
  it('summarizes a slice and prints a readable table', () => {
    const s = summarize(gold, pred, labels);
    expect(s.n).toBe(6);
    expect(s.kappa).toBeCloseTo(0.5, 10);
    const table = formatConfusion(s.confusion);
    expect(table.split('\n')).toHaveLength(4);
    expect(table).toMatch(/^gold \\ predicted\s+a\s+b\s+c\s+\(none\)/);
    expect(table.split('\n')[1]).toMatch(/^a\s+2\s+1\s+0\s+0$/);
  });
});
