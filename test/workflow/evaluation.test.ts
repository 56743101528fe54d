// The whole evaluation workflow as a user drives it, one command after another, against two real stand-in
// providers on loopback (one of them faulty): init → edit the config → dry run → audit --config → runs → compare →
// export → import into a fresh store → reanalyze → results --max-rate (passing and failing) → JUnit checked
// against its schema; then the response cache: the same config again asks no model.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockProvider, type MockProvider } from '../../src/audit/mock-provider.js';
import { lastLine, runCli, SCRIPTS, tempDir } from '../audit/helpers.js';

const XSD = readFileSync(new URL('./junit.xsd', import.meta.url), 'utf8');

describe('evaluation workflow, end to end', () => {
  let clean: MockProvider;
  let faulty: MockProvider;
  const dir = tempDir();
  const config = join(dir, 'mouthpiece.yaml');
  const db = join(dir, 'audit.db');
  const fresh = join(dir, 'fresh.db');
  const bodies: unknown[] = [];

  beforeAll(async () => {
    clean = await startMockProvider({ scriptsDir: SCRIPTS, onChat: (b) => bodies.push(b) });
    faulty = await startMockProvider({ scriptsDir: SCRIPTS, faults: '429:0.15,500:0.1,drop:0.05,malformed:0.05', seed: 7, retryAfterMs: 5 });
  });
  afterAll(async () => {
    await clean?.close();
    await faulty?.close();
  });

  it('runs from a starter config to a CI gate and back again', { timeout: 240_000 }, async () => {
    // init writes a starter that validates as is, and refuses to overwrite it.
    const init = await runCli(['init', dir]);
    expect(init.code, init.stderr).toBe(0);
    expect((await runCli(['init', dir])).code).toBe(2);

    // The user edits it: two providers, the second serving its model under a label; a small slice of the suite.
    const yaml = parseYaml(readFileSync(config, 'utf8')) as Record<string, unknown>;
    yaml.providers = [
      { id: 'clean', baseUrl: clean.url, models: [{ name: 'mock-echo', price: { input: 1, output: 2 } }], concurrency: 4, body: { top_p: 0.5 } },
      { id: 'flaky', baseUrl: faulty.url, models: [{ name: 'mock-inform', label: 'inform' }], concurrency: 2, rpm: 6000 },
    ];
    Object.assign(yaml, { suite: 'default', limit: 5, languages: ['en', 'zh'], samples: 1, retries: 8 });
    writeFileSync(config, stringifyYaml(yaml));

    const dry = await runCli(['audit', '--config', config, '--dry-run', '--format', 'json', '--db', db]);
    expect(dry.code, dry.stderr).toBe(0);
    const plan = JSON.parse(dry.stdout) as { requests: number; lines: { provider: string; model: string; requests: number; cost: number | null }[] };
    expect(plan.requests).toBe(5 * 2 * 2);
    expect(plan.lines.map((l) => [l.provider, l.model, l.requests])).toEqual([['clean', 'mock-echo', 10], ['flaky', 'inform', 10]]);
    expect(plan.lines[0].cost).toBeGreaterThan(0);
    expect(plan.lines[1].cost).toBeNull();
    expect(clean.stats.chat + faulty.stats.chat).toBe(0); // a dry run sends nothing

    const audit = await runCli(['audit', '--config', config, '--db', db, '--run', 'r1']);
    expect(audit.code, audit.stderr).toBe(0);
    expect(lastLine(audit.stdout)).toBe('r1');
    expect(faulty.stats.requests - faulty.stats.answered).toBeGreaterThan(0); // faults were injected and retried through
    expect(bodies.every((b) => (b as { top_p?: number }).top_p === 0.5)).toBe(true); // body fields from the config reach the provider

    const runs = JSON.parse((await runCli(['runs', '--db', db, '--format', 'json'])).stdout) as { id: string; status: string }[];
    expect(runs.find((r) => r.id === 'r1')?.status).toBe('done');

    const compare = await runCli(['compare', 'r1:mock-echo', 'r1:inform', '--db', db, '--format', 'json']);
    expect(compare.code, compare.stderr).toBe(0);
    const overall = (JSON.parse(compare.stdout) as { comparisons: { by: string; outcome: string; a: { n: number }; b: { n: number } }[] }).comparisons.filter((c) => c.by === 'all');
    expect(overall.find((c) => c.outcome === 'state_echo')).toMatchObject({ a: { n: 10 }, b: { n: 10 } });

    const exported = join(dir, 'r1.jsonl');
    expect((await runCli(['export', 'r1', '--db', db, '--format', 'jsonl', '--out', exported])).code).toBe(0);
    const lines = readFileSync(exported, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { model: string; verdict: string | null });
    expect(lines).toHaveLength(20);

    const imported = await runCli(['import', exported, '--db', fresh, '--run', 'r2']);
    expect(imported.code, imported.stderr).toBe(0);
    const reanalysed = await runCli(['reanalyze', 'r2', '--db', fresh, '--threads', '0']);
    expect(reanalysed.code, reanalysed.stderr).toBe(0);

    // The copy scores exactly as the original.
    const byModel = async (store: string, run: string) => (JSON.parse((await runCli(['results', run, '--db', store, '--format', 'json'])).stdout) as { byModel: unknown }).byModel;
    const original = await byModel(db, 'r1');
    expect(await byModel(fresh, 'r2')).toEqual(original);
    const echo = (original as Record<string, { state_echo: number }>)['mock-echo'].state_echo;
    expect(echo).toBeGreaterThan(5); // the echoing model echoes: the failing gate below fails for a reason

    const pass = await runCli(['results', 'r2', '--db', fresh, '--max-rate', 'provider_blocked=0.5']);
    expect(pass.code, pass.stderr).toBe(0);
    const junit = join(dir, 'gate.xml');
    const failing = await runCli(['results', 'r2', '--db', fresh, '--max-rate', 'state_echo=0.05', '--junit', junit]);
    expect(failing.code).toBe(3);
    expect(failing.stderr).toMatch(/FAIL mock-echo: state_echo/);
    const xml = readFileSync(junit, 'utf8');
    const valid = await validateXML({ xml: [{ fileName: 'gate.xml', contents: xml }], schema: [{ fileName: 'junit.xsd', contents: XSD }] });
    expect(valid.errors).toEqual([]);
    expect(xml).toMatch(/failures="1"/);

    // The same evaluation again: the cache answers every request; nothing reaches either provider.
    const before = clean.stats.chat + faulty.stats.chat;
    const again = await runCli(['audit', '--config', config, '--db', db, '--run', 'r3', '--max-rate', 'state_echo=0.05']);
    expect(again.code).toBe(3); // the gate runs after audit too
    expect(again.stdout).toMatch(/20 answers re-used from the response cache/);
    expect(clean.stats.chat + faulty.stats.chat).toBe(before);
    expect(await byModel(db, 'r3')).toEqual(original);
    // --no-cache asks again.
    const cleanBefore = clean.stats.chat;
    const uncached = await runCli(['audit', '--config', config, '--db', db, '--run', 'r4', '--no-cache', '--model', 'mock-echo']);
    expect(uncached.code, uncached.stderr).toBe(0);
    expect(clean.stats.chat - cleanBefore).toBe(10);
  });

  it('a JUnit file that breaks the format fails the schema check (the check can fail)', async () => {
    const broken = '<testsuites><testsuite name="x"><testcase/></testsuite></testsuites>';
    const r = await validateXML({ xml: [{ fileName: 'b.xml', contents: broken }], schema: [{ fileName: 'junit.xsd', contents: XSD }] });
    expect(r.valid).toBe(false);
  });
});
