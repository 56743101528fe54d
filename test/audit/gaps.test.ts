// Ranking English-versus-Chinese differences: by an effect size with its interval, models taking turns.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { diffInterval, effectStrength } from '../../src/audit/results.js';
import { openAuditStore } from '../../src/audit/store.js';
import { summarizeRun } from '../../src/audit/results.js';
import { makeMockRun, tempDir } from '../web/fixtures.js';

describe('diffInterval', () => {
  it.each([
    // k1, n1 (English), k2, n2 (Chinese): a single answer each way is a weaker effect than 18/20 against 2/20.
    [0, 1, 1, 1, 'weak'],
    [2, 20, 18, 20, 'strong'],
  ] as const)('%i/%i vs %i/%i', (k1, n1, k2, n2, kind) => {
    const d = diffInterval(k1, n1, k2, n2);
    expect(d.diff).toBeCloseTo(k2 / n2 - k1 / n1, 3);
    expect(d.low).toBeLessThan(d.diff);
    expect(d.high).toBeGreaterThanOrEqual(d.diff);
    if (kind === 'weak') expect(effectStrength(d)).toBeLessThan(0.5);
    else expect(effectStrength(d)).toBeGreaterThan(0.5);
  });

  it('always holds the observed difference inside [-1, 1]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 200 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (n1, n2, a, b) => {
        const d = diffInterval(Math.round(a * n1), n1, Math.round(b * n2), n2);
        return d.low <= d.diff + 1e-9 && d.diff <= d.high + 1e-9 && d.low >= -1 - 1e-9 && d.high <= 1 + 1e-9;
      }),
    );
  });
});

describe('language gaps of a run', () => {
  it('carry an effect with its interval, and no model takes a second place before every model took its first', async () => {
    const { dbPath, runId } = await makeMockRun(tempDir(), 'gaps-run');
    const store = await openAuditStore(dbPath);
    const gaps = (await summarizeRun(store, runId)).langGaps;
    await store.close();
    expect(gaps.length).toBeGreaterThan(0);
    for (const g of gaps) expect(g.effect.low).toBeLessThanOrEqual(g.effect.high);
    const models = new Set(gaps.map((g) => g.model));
    const firstRound = gaps.slice(0, models.size).map((g) => g.model);
    expect(new Set(firstRound).size).toBe(models.size);
    // mock-split informs in English and echoes in Chinese: its effect is state echo, higher in Chinese.
    const split = gaps.find((g) => g.model === 'mock-split')!;
    expect(split.effect.outcome === 'state_echo' || split.effect.outcome === 'informative').toBe(true);
    expect(Math.abs(split.effect.diff)).toBe(1);
  }, 120_000);
});
