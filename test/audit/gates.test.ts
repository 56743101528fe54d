// Run management and CI gates: `runs`, `runs delete`, `results latest`, `--max-rate` (exit 3 only when a model's
// whole 95% interval lies above the limit), JUnit XML, and reading commands that never create a store.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'htmlparser2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRates, parseMaxRate } from '../../src/audit/gates.js';
import { startMockProvider, type MockProvider } from '../../src/audit/mock-provider.js';
import { emptyCounts, type RunSummary } from '../../src/audit/results.js';
import { FIXTURE_SCRIPTS, FIXTURE_SUITE, runCli, tempDir } from './helpers.js';

describe('--max-rate', () => {
  it.each([
    ['state_echo=0.05', [{ outcome: 'state_echo', max: 0.05 }]],
    ['state_echo=5%,refusal=0.2', [{ outcome: 'state_echo', max: 0.05 }, { outcome: 'refusal', max: 0.2 }]],
    [' not_judged = 0 ', [{ outcome: 'not_judged', max: 0 }]],
  ])('reads %j', (spec, limits) => expect(parseMaxRate(spec)).toEqual(limits));

  it.each([['echo=0.1'], ['state_echo'], ['state_echo=1.5'], ['state_echo=-1'], ['state_echo=abc']])('refuses %j and names the outcomes', (spec) => {
    expect(() => parseMaxRate(spec)).toThrow(/--max-rate/);
  });

  const summaryOf = (byModel: Record<string, Partial<ReturnType<typeof emptyCounts>>>) =>
    ({ run: 'r', byModel: Object.fromEntries(Object.entries(byModel).map(([m, c]) => [m, { ...emptyCounts(), ...c }])) }) as unknown as RunSummary;

  it('fails a model only when the whole interval lies above the limit', () => {
    const checks = checkRates(summaryOf({ clear: { state_echo: 30, informative: 70 }, borderline: { state_echo: 2, informative: 18 }, clean: { informative: 40 } }), [{ outcome: 'state_echo', max: 0.05 }]);
    expect(checks.map((c) => [c.model, c.failed])).toEqual([
      ['clear', true], // 30% [22–40%]
      ['borderline', false], // 10% of 20 answers: the interval reaches down to 2.8%
      ['clean', false],
    ]);
  });
});

describe('runs and gates from the command line', () => {
  let mock: MockProvider;
  const db = join(tempDir(), 'gates.db');
  beforeAll(async () => {
    mock = await startMockProvider({ scriptsDir: FIXTURE_SCRIPTS });
    for (const [run, model] of [['echo-run', 'mock-echo'], ['inform-run', 'mock-inform']]) {
      const r = await runCli(['audit', '--suite', FIXTURE_SUITE, '--base-url', mock.url, '--model', model!, '--samples', '2', '--run', run!, '--db', db]);
      expect(r.code, r.stderr).toBe(0);
    }
  }, 120_000);
  afterAll(() => mock.close());

  it('runs lists both runs, newest first, as text and JSON', async () => {
    const json = await runCli(['runs', '--db', db, '--format', 'json']);
    expect(json.code).toBe(0);
    const runs = JSON.parse(json.stdout) as { id: string; status: string; counts: Record<string, number> }[];
    expect(runs.map((r) => [r.id, r.status])).toEqual([['inform-run', 'done'], ['echo-run', 'done']]);
    expect(runs[1]!.counts.state_echo).toBeGreaterThan(0);
    const text = await runCli(['runs', '--db', db]);
    expect(text.stdout).toMatch(/^inform-run +done/m);
  }, 60_000);

  it('results latest --max-rate: exit 0 within the limits, 3 above, with a JUnit file a CI system reads', async () => {
    const within = await runCli(['results', 'latest', '--db', db, '--max-rate', 'state_echo=0.05']);
    expect(within.code, within.stderr).toBe(0);
    expect(within.stdout).toMatch(/^run inform-run/);
    expect(within.stderr).toMatch(/ok {3}mock-inform: state_echo 0\.0%/);
    const junit = join(tempDir(), 'gates.xml');
    const above = await runCli(['results', 'echo-run', '--db', db, '--max-rate', 'state_echo=0.05,refusal=0.5', '--junit', junit]);
    expect(above.code).toBe(3);
    expect(above.stderr).toMatch(/FAIL mock-echo: state_echo .* the whole interval lies above it/);
    const xml = parseDocument(readFileSync(junit, 'utf8'), { xmlMode: true });
    const suites = xml.children.find((n) => 'name' in n && n.name === 'testsuites') as unknown as { attribs: Record<string, string>; children: unknown[] };
    expect(suites.attribs).toMatchObject({ tests: '2', failures: '1' });
    expect(readFileSync(junit, 'utf8')).toMatch(/<testcase classname="mock-echo" name="state_echo rate at most 5\.0%">\s*<failure message="FAIL mock-echo/);
  }, 60_000);

  it('usage errors and unknown runs exit 2; reading commands never create a store', async () => {
    expect((await runCli(['results', 'echo-run', '--db', db, '--max-rate', 'echo=0.1'])).code).toBe(2);
    const unknown = await runCli(['results', 'nothing', '--db', db]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no audit run "nothing".*mouthpiece runs lists them/);
    const missing = join(tempDir(), 'missing.db');
    for (const args of [['results', 'latest'], ['runs'], ['runs', 'delete', 'x'], ['report', 'latest', '--out', join(tempDir(), 'r.html')]]) {
      const r = await runCli([...args, '--db', missing]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/no store at/);
      expect(existsSync(missing)).toBe(false);
    }
  }, 60_000);

  it('runs delete removes a run with everything in it', async () => {
    expect((await runCli(['runs', 'delete', 'inform-run', '--db', db])).code).toBe(0);
    const runs = JSON.parse((await runCli(['runs', '--db', db, '--format', 'json'])).stdout) as { id: string }[];
    expect(runs.map((r) => r.id)).toEqual(['echo-run']);
    expect((await runCli(['runs', 'delete', 'inform-run', '--db', db])).code).toBe(2);
  }, 60_000);
});
