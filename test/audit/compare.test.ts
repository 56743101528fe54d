// `compare`: Fisher's exact test and Holm's correction against textbook values, and two models of one run compared
// from the command line (mock-echo echoes, mock-inform informs: the difference is there and significant).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fisherExact, holm, parseSide } from '../../src/audit/compare.js';
import { startMockProvider, type MockProvider } from '../../src/audit/mock-provider.js';
import { FIXTURE_SCRIPTS, FIXTURE_SUITE, runCli, tempDir } from './helpers.js';

describe('statistics', () => {
  it.each([
    // Fisher's tea-tasting table and others, two-sided p (R: fisher.test)
    [[3, 1, 1, 3], 0.4857],
    [[1, 9, 11, 3], 0.002759],
    [[0, 10, 10, 0], 1.083e-5],
    [[5, 5, 5, 5], 1],
    [[0, 0, 3, 4], 1],
  ])('fisherExact(%j) = %f', (t, p) => {
    const [a, b, c, d] = t as [number, number, number, number];
    expect(fisherExact(a, b, c, d)).toBeCloseTo(p, p < 0.01 ? 6 : 3);
  });

  it('Holm multiplies the k-th smallest p by (m − k + 1) and keeps the order', () => {
    expect(holm([0.01, 0.04, 0.03, 0.005]).map((p) => +p.toFixed(4))).toEqual([0.03, 0.06, 0.06, 0.02]);
    expect(holm([0.5, 0.9])).toEqual([1, 1]);
  });

  it('reads RUN and RUN:MODEL', () => {
    expect(parseSide('run-1')).toEqual({ run: 'run-1', model: null, label: 'run-1' });
    expect(parseSide('run-1:qwen/qwen3:8b')).toEqual({ run: 'run-1', model: 'qwen/qwen3:8b', label: 'run-1:qwen/qwen3:8b' });
  });
});

describe('compare from the command line', () => {
  let mock: MockProvider;
  const db = join(tempDir(), 'compare.db');
  beforeAll(async () => {
    mock = await startMockProvider({ scriptsDir: FIXTURE_SCRIPTS });
    const r = await runCli(['audit', '--suite', FIXTURE_SUITE, '--base-url', mock.url, '--model', 'mock-echo', '--model', 'mock-inform', '--samples', '3', '--run', 'two', '--db', db]);
    expect(r.code, r.stderr).toBe(0);
  }, 120_000);
  afterAll(() => mock.close());

  it('finds the echo-rate difference between two models significant, overall and per language', async () => {
    const r = await runCli(['compare', 'two:mock-inform', 'two:mock-echo', '--db', db, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const { comparisons } = JSON.parse(r.stdout) as { comparisons: { by: string; group: string; outcome: string; difference: number; significant: boolean; a: { k: number } }[] };
    const overall = comparisons.find((c) => c.by === 'all' && c.outcome === 'state_echo')!;
    expect(overall.a.k).toBe(0);
    expect(overall.difference).toBeGreaterThan(0.5);
    expect(overall.significant).toBe(true);
    expect(comparisons.filter((c) => c.by === 'lang' && c.outcome === 'state_echo').map((c) => c.group)).toEqual(['en', 'zh']);
    const text = await runCli(['compare', 'two:mock-inform', 'two:mock-echo', '--db', db]);
    expect(text.stdout).toMatch(/^ {2}all +state_echo +A 0\.0% \(0\/\d+\) +B .* \*$/m);
    const csv = await runCli(['compare', 'two:mock-inform', 'two:mock-echo', '--db', db, '--format', 'csv']);
    expect(csv.stdout.split('\n')[0]).toBe('by,group,outcome,a_k,a_n,a_rate,b_k,b_n,b_rate,difference,p,p_holm,significant');
  }, 60_000);

  it('an unknown model: exit 2 with the models the run has', async () => {
    const r = await runCli(['compare', 'two:mock-echo', 'two:gpt-none', '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no answers of model "gpt-none" \(it has: mock-echo, mock-inform\)/);
  }, 60_000);
});
